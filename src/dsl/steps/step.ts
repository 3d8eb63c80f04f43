import { z } from 'zod';
import { Duration } from '../duration';
import { ApprovalStep } from './approval-step';
import { CallStep } from './call-step';
import { EndStep } from './end-step';
import { HandoffStep } from './handoff-step';
import { NotifyStep } from './notify-step';
import { SetStep } from './set-step';
import { stepBase } from './step-base';
import { SubflowStep } from './subflow-step';
import { TaskStep } from './task-step';
import { WaitStep } from './wait-step';

// The steps that hold other steps live here with the union, so the recursion stays in one module.
// Their id and span are spelled out: a `...stepBase` spread next to recursive getters defeats
// TypeScript's inference of the recursive types.

const Expression = z
  .string()
  .min(1)
  .max(1000)
  .describe('condition, e.g. `amount > 10000 and not approved`; fields are snake_case');

/** Runs `then` when the condition holds, otherwise `else` (if any). */
export const IfStep = z
  .strictObject({
    type: z.literal('if'),
    id: stepBase.id,
    span: stepBase.span,
    condition: Expression,
    get then(): z.ZodArray<typeof Step> {
      return z.array(Step).min(1);
    },
    get else(): z.ZodOptional<z.ZodArray<typeof Step>> {
      return z.array(Step).min(1).optional();
    },
  })
  .meta({ id: 'IfStep' });
export type IfStep = z.infer<typeof IfStep>;

/** One lane of a parallel step. */
export const Branch = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    get steps(): z.ZodArray<typeof Step> {
      return z.array(Step).min(1);
    },
  })
  .meta({ id: 'Branch' });
export type Branch = z.infer<typeof Branch>;

/** Runs its branches at the same time; the flow goes on when all have finished. */
export const ParallelStep = z
  .strictObject({
    type: z.literal('parallel'),
    id: stepBase.id,
    span: stepBase.span,
    get branches(): z.ZodArray<typeof Branch> {
      return z.array(Branch).min(2).max(20);
    },
  })
  .meta({ id: 'ParallelStep' });
export type ParallelStep = z.infer<typeof ParallelStep>;

/** Runs its steps, then again every `every` until `until` holds, at most `maxIterations` times. */
export const RepeatStep = z
  .strictObject({
    type: z.literal('repeat'),
    id: stepBase.id,
    span: stepBase.span,
    every: Duration,
    until: Expression,
    maxIterations: z.int().min(1).max(10_000).describe('a safety cap on the number of rounds'),
    get steps(): z.ZodArray<typeof Step> {
      return z.array(Step).min(1);
    },
  })
  .meta({ id: 'RepeatStep' });
export type RepeatStep = z.infer<typeof RepeatStep>;

/** Any step of a flow, told apart by `type`. */
export const Step = z
  .discriminatedUnion('type', [
    TaskStep,
    ApprovalStep,
    HandoffStep,
    NotifyStep,
    SetStep,
    WaitStep,
    IfStep,
    ParallelStep,
    RepeatStep,
    CallStep,
    SubflowStep,
    EndStep,
  ])
  .meta({ id: 'Step' });
export type Step = z.infer<typeof Step>;

/** The `type` of a step. */
export type StepType = Step['type'];
