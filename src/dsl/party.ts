import { z } from 'zod';
import { Slug } from './names';

/** How a team party hands out work: as a queue (first to claim), round-robin, or to the least loaded member. */
export const AssignmentStrategy = z.enum(['direct', 'round_robin', 'least_loaded']);
export type AssignmentStrategy = z.infer<typeof AssignmentStrategy>;

/** Whoever submitted the request (or started the run by hand). */
export const RequesterParty = z.strictObject({ type: z.literal('requester') });
export type RequesterParty = z.infer<typeof RequesterParty>;

/** The requester's manager. */
export const ManagerParty = z.strictObject({ type: z.literal('manager') });
export type ManagerParty = z.infer<typeof ManagerParty>;

/** Whoever holds the work item now (during an unaccepted handoff, still the previous holder). */
export const AssigneeParty = z.strictObject({ type: z.literal('assignee') });
export type AssigneeParty = z.infer<typeof AssigneeParty>;

/** Everyone holding a job title, e.g. `finance-director`; any one of them can act. */
export const RoleParty = z.strictObject({ type: z.literal('role'), role: Slug });
export type RoleParty = z.infer<typeof RoleParty>;

/** A department or group, e.g. `it-ops`; `assignment` picks who gets the work (default `direct`). */
export const TeamParty = z.strictObject({
  type: z.literal('team'),
  team: Slug,
  assignment: AssignmentStrategy.optional(),
});
export type TeamParty = z.infer<typeof TeamParty>;

/** One named person, by email. */
export const PersonParty = z.strictObject({ type: z.literal('person'), email: z.email() });
export type PersonParty = z.infer<typeof PersonParty>;

/** Someone a step involves: who does a task, approves, receives a handoff or a message. */
export const Party = z
  .discriminatedUnion('type', [
    RequesterParty,
    ManagerParty,
    AssigneeParty,
    RoleParty,
    TeamParty,
    PersonParty,
  ])
  .meta({
    id: 'Party',
    description:
      "requester, manager (the requester's manager), assignee (current holder), role, team or person",
  });
export type Party = z.infer<typeof Party>;

/** The outline token of a party: `requester`, `manager`, `assignee`, `role:x`, `team:x`, `person:x`. */
export function formatParty(party: Party): string {
  switch (party.type) {
    case 'requester':
    case 'manager':
    case 'assignee':
      return party.type;
    case 'role':
      return `role:${party.role}`;
    case 'team':
      return `team:${party.team}`;
    case 'person':
      return `person:${party.email}`;
  }
}

/** Reads an outline party token back into a party; undefined if it is not one. */
export function parseParty(token: string): Party | undefined {
  const colon = token.indexOf(':');
  const kind = colon < 0 ? token : token.slice(0, colon);
  const value = token.slice(colon + 1);
  const key = kind === 'person' ? 'email' : kind;
  const parsed = Party.safeParse(colon < 0 ? { type: kind } : { type: kind, [key]: value });
  return parsed.success ? parsed.data : undefined;
}

/** Whether two parties name the same people (a team's assignment strategy does not matter). */
export function sameParty(a: Party, b: Party): boolean {
  return formatParty(a) === formatParty(b);
}

/** Whether a party always resolves to exactly one person (roles and teams may hold several). */
export function isIndividual(party: Party): boolean {
  switch (party.type) {
    case 'requester':
    case 'manager':
    case 'assignee':
    case 'person':
      return true;
    case 'role':
    case 'team':
      return false;
  }
}
