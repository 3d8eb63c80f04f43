import type { Action } from '../action';
import { compareDurations } from '../duration';
import type { PathSegment } from '../issue';
import { formatParty, sameParty, type Party } from '../party';
import { VerifyCode } from './codes';
import { checkTemplate } from './check-expressions';
import { checkParty } from './check-parties';
import type { VerifyContext } from './context';
import type { Scope } from './scope';

/** Checks what a time limit triggers: its parties, its message, and that it changes hands. */
export function checkAction(
  ctx: VerifyContext,
  action: Action,
  path: readonly PathSegment[],
  scope: Scope,
  current: readonly Party[],
): void {
  switch (action.type) {
    case 'escalate':
    case 'reassign':
      checkParty(ctx, action.to, [...path, 'to'], scope);
      if (current.some((party) => sameParty(party, action.to))) {
        ctx.warning(
          VerifyCode.escalateToSameParty,
          `${action.type} goes to ${formatParty(action.to)}, who already has the work`,
          [...path, 'to'],
        );
      }
      return;
    case 'notify':
      action.to.forEach((party, index) => checkParty(ctx, party, [...path, 'to', index], scope));
      if (action.message !== undefined) {
        checkTemplate(ctx, action.message, [...path, 'message'], scope);
      }
      return;
    case 'approve':
    case 'reject':
    case 'remind':
    case 'cancel':
      return;
  }
}

/** Warns when reminders are so far apart that none comes before the limit. */
export function checkReminder(
  ctx: VerifyContext,
  every: string | undefined,
  limit: string | undefined,
  path: readonly PathSegment[],
): void {
  if (every === undefined || limit === undefined) return;
  const order = compareDurations(every, limit);
  if (order !== undefined && order >= 0) {
    ctx.warning(
      VerifyCode.reminderAfterLimit,
      `a reminder every ${every} never comes before the limit of ${limit}`,
      path,
    );
  }
}

/** Checks the flow-level deadline's action, which may fire at any point of a run. */
export function checkDeadline(ctx: VerifyContext, scope: Scope): void {
  const action = ctx.flow.deadline?.then;
  if (action) checkAction(ctx, action, ['deadline', 'then'], scope, []);
}
