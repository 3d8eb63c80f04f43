import type { IntakeField, Party } from '../../dsl';
import type { SourceSpan } from '../diagnostic';

// What one clause says, independent of the DSL's step shapes: who does what, with which time
// limits. The lowering (lower.ts) is the one place that turns frames into steps.

/** What happens when a time limit passes. */
export type LimitAction =
  | { readonly type: 'escalate'; readonly to: Party }
  | { readonly type: 'reassign'; readonly to: Party }
  | { readonly type: 'approve' }
  | { readonly type: 'reject' }
  | { readonly type: 'remind' }
  | { readonly type: 'cancel' };

/** Time limits and reminders a clause puts on an act (its own or the one before). */
export interface Limits {
  /** "within 2 days", "has a week to", "six weeks max". */
  within?: string;
  /** "with reminders every 2 days", "chased every day". */
  remindEvery?: string;
  /** "or it's escalated to …", "otherwise cancel", "automatically approved". */
  then?: LimitAction;
}

/** How many of several approvers must approve. */
export type Quantity =
  | { readonly mode: 'any' }
  | { readonly mode: 'all' }
  | { readonly mode: 'sequence' }
  | { readonly mode: 'quorum'; readonly count: number };

/** An act of the flow that one clause describes. */
export type Act =
  | { readonly kind: 'approve'; readonly parties: Party[]; readonly quantity: Quantity }
  | { readonly kind: 'work'; readonly party: Party; readonly title: string; form?: IntakeField[] }
  | {
      readonly kind: 'handoff';
      readonly party: Party;
      /** Read from "goes to": an approval, should its outcome be tested later. */
      readonly loose?: boolean;
    }
  | { readonly kind: 'subflow'; readonly flow: string; readonly wait: boolean }
  | { readonly kind: 'notify'; readonly parties: Party[] }
  | { readonly kind: 'set'; readonly field: string; readonly value: string }
  | { readonly kind: 'wait'; readonly duration: string }
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'end'; readonly status: 'completed' | 'rejected' | 'cancelled' };

/** One clause, read. */
export interface Frame {
  readonly span: SourceSpan;
  readonly acts: Act[];
  readonly limits: Limits;
}
