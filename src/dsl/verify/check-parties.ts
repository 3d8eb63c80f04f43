import type { PathSegment } from '../issue';
import type { Party } from '../party';
import { VerifyCode } from './codes';
import type { VerifyContext } from './context';
import type { Scope } from './scope';

/** Checks that a party can be resolved when the step runs. */
export function checkParty(
  ctx: VerifyContext,
  party: Party,
  path: readonly PathSegment[],
  scope: Scope,
): void {
  const directory = ctx.options.directory;
  switch (party.type) {
    case 'requester':
    case 'manager':
      if (ctx.flow.trigger.type === 'schedule') {
        ctx.error(
          VerifyCode.requesterUnavailable,
          `a scheduled run has no requester, so "${party.type}" cannot be resolved; name a role, team or person`,
          path,
        );
      }
      return;
    case 'assignee':
      if (!scope.holder) {
        ctx.warning(
          VerifyCode.assigneeUnset,
          'no task or handoff before this point gives the work item a holder, so "assignee" may be nobody',
          path,
        );
      }
      return;
    case 'role':
      if (directory?.roles && !directory.roles.includes(party.role)) {
        ctx.error(VerifyCode.unknownParty, `unknown role "${party.role}"`, path);
      }
      return;
    case 'team':
      if (directory?.teams && !directory.teams.includes(party.team)) {
        ctx.error(VerifyCode.unknownParty, `unknown team "${party.team}"`, path);
      }
      return;
    case 'person':
      if (directory?.people && !directory.people.includes(party.email)) {
        ctx.error(VerifyCode.unknownParty, `unknown person "${party.email}"`, path);
      }
      return;
  }
}
