import type { PathSegment } from '../issue';
import { formatParty, isIndividual, sameParty } from '../party';
import type { Step } from '../steps/step';
import { VerifyCode } from './codes';
import { checkAction, checkReminder } from './check-actions';
import { checkTemplate } from './check-expressions';
import { checkSetField, checkWaitField } from './check-field-values';
import { checkParty } from './check-parties';
import type { VerifyContext } from './context';
import type { Scope } from './scope';

/** The checks of one step that do not depend on its children. */
export function checkStep(
  ctx: VerifyContext,
  step: Step,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const at = (...rest: PathSegment[]): PathSegment[] => [...path, ...rest];
  switch (step.type) {
    case 'task':
      checkParty(ctx, step.assignee, at('assignee'), scope);
      checkTemplate(ctx, step.title, at('title'), scope);
      if (step.instructions !== undefined) {
        checkTemplate(ctx, step.instructions, at('instructions'), scope);
      }
      if (step.due?.then) {
        checkAction(ctx, step.due.then, at('due', 'then'), scope, [step.assignee]);
      }
      checkReminder(ctx, step.remindEvery, step.due?.within, at('remindEvery'));
      return;
    case 'approval':
      checkApproval(ctx, step, path, scope);
      return;
    case 'handoff':
      checkParty(ctx, step.to, at('to'), scope);
      if (step.note !== undefined) checkTemplate(ctx, step.note, at('note'), scope);
      if (step.to.type === 'assignee') {
        ctx.warning(
          VerifyCode.handoffToHolder,
          'a handoff to "assignee" keeps the item where it is',
          at('to'),
        );
      }
      if (step.accept?.then) {
        checkAction(ctx, step.accept.then, at('accept', 'then'), scope, [step.to]);
      }
      return;
    case 'notify':
      step.to.forEach((party, index) => checkParty(ctx, party, at('to', index), scope));
      checkTemplate(ctx, step.message, at('message'), scope);
      return;
    case 'set':
      for (const [name, value] of Object.entries(step.fields ?? {})) {
        checkSetField(ctx, name, value, at('fields', name));
      }
      return;
    case 'wait':
      if (step.for.type === 'field') checkWaitField(ctx, step.for.field, at('for', 'field'), scope);
      return;
    case 'call':
      if (!ctx.destinations.has(step.destination)) {
        ctx.error(
          VerifyCode.unknownDestination,
          `destination "${step.destination}" is not on the allow-list (${[...ctx.destinations].join(', ') || 'empty'})`,
          at('destination'),
        );
      }
      if (step.path !== undefined) checkTemplate(ctx, step.path, at('path'), scope);
      if (step.payload !== undefined) checkTemplate(ctx, step.payload, at('payload'), scope);
      return;
    case 'subflow':
      if (ctx.options.knownFlows && !ctx.options.knownFlows.includes(step.flow)) {
        ctx.error(VerifyCode.unknownFlow, `unknown flow "${step.flow}"`, at('flow'));
      }
      if (step.flow === ctx.flow.name) {
        ctx.warning(
          VerifyCode.subflowRecursion,
          'the flow starts itself; every run will start another',
          at('flow'),
        );
      }
      for (const [name, template] of Object.entries(step.input ?? {})) {
        checkTemplate(ctx, template, at('input', name), scope);
      }
      return;
    case 'if':
    case 'parallel':
    case 'repeat':
    case 'end':
      return;
  }
}

function checkApproval(
  ctx: VerifyContext,
  step: Extract<Step, { type: 'approval' }>,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const at = (...rest: PathSegment[]): PathSegment[] => [...path, ...rest];
  if (step.title !== undefined) checkTemplate(ctx, step.title, at('title'), scope);
  if (step.instructions !== undefined) {
    checkTemplate(ctx, step.instructions, at('instructions'), scope);
  }
  step.approvers.forEach((party, index) => {
    checkParty(ctx, party, at('approvers', index), scope);
    if (step.approvers.findIndex((other) => sameParty(other, party)) < index) {
      ctx.warning(
        VerifyCode.duplicateApprover,
        `${formatParty(party)} is listed twice`,
        at('approvers', index),
      );
    }
  });
  if (step.mode === 'quorum' && step.quorum === undefined) {
    ctx.error(
      VerifyCode.quorumMissing,
      'mode quorum needs `quorum`: how many approvals',
      at('mode'),
    );
  }
  if (step.mode !== 'quorum' && step.quorum !== undefined) {
    ctx.error(
      VerifyCode.quorumUnexpected,
      `\`quorum\` only applies to mode quorum, not ${step.mode}`,
      at('quorum'),
    );
  }
  // Roles and teams can hold any number of people, so only all-individual lists have a known size.
  if (
    step.quorum !== undefined &&
    step.approvers.every(isIndividual) &&
    step.quorum > step.approvers.length
  ) {
    ctx.error(
      VerifyCode.quorumTooLarge,
      `a quorum of ${step.quorum} cannot be reached by ${step.approvers.length} approver(s)`,
      at('quorum'),
    );
  }
  if (step.timeout?.then) {
    const sole = step.approvers.length === 1 ? step.approvers : [];
    checkAction(ctx, step.timeout.then, at('timeout', 'then'), scope, sole);
  }
  checkReminder(ctx, step.remindEvery, step.timeout?.after, at('remindEvery'));
}
