import { formatParty, type Party } from '../../dsl';
import type { Acting } from './messages';

// Parties are tokens (`manager`, `role:cfo`, `team:it-ops`). A role or team the directory knows
// is looked up when a step opens, and then only its members act, by email; a group the
// directory does not know keeps the token behaviour: whoever acts names the token. The
// requester, and the holder of the work item, are known people and resolve to `person:<email>`.

/** What a party resolves to in this run. */
export interface PartyScope {
  requester: string;
  /** The current holder's token; before any handoff, the requester. */
  holder: string | undefined;
}

/** The token of a party for this run: `person:<email>` for the requester, otherwise its outline token. */
export function partyToken(party: Party, scope: PartyScope): string {
  switch (party.type) {
    case 'requester':
      return personToken(scope.requester);
    case 'assignee':
      return scope.holder ?? personToken(scope.requester);
    case 'manager':
    case 'role':
    case 'team':
    case 'person':
      return formatParty(party);
  }
}

/** `person:<email>`. */
export function personToken(email: string): string {
  return `person:${email}`;
}

/**
 * Whether `acting` may act for the party `token`: with the members of a group (a directory
 * snapshot), the actor's email is one of them; otherwise the actor is the email of a `person:`
 * token, holds the party now (`actorParties`), or names the token itself (a Temporal client).
 */
export function mayActFor(acting: Acting, token: string, members?: readonly string[]): boolean {
  const { actor, actorParties } = acting;
  if (members !== undefined) return members.includes(actor);
  return (
    actor === token ||
    token === personToken(actor) ||
    (Array.isArray(actorParties) && actorParties.includes(token))
  );
}
