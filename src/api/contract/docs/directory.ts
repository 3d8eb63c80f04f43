import { z } from 'zod';
import { GROUP_KINDS, GroupName, PutGroupRequest, PutPersonRequest } from '../../directory-request';
import { EmailParam } from '../../identity-request';
import { NextCursor, PageQuery } from '../../pages';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

type Plural = keyof typeof GROUP_KINDS;

/** One change of a group's members, as the change log shows it. */
const GroupChange = z.strictObject({
  changedBy: z.email(),
  added: z.array(z.email()),
  removed: z.array(z.email()),
  at: Instant,
});

/** A person as the directory knows them. */
const PersonView = z.strictObject({
  email: z.email(),
  manager: z.email().nullable(),
  reports: z.array(z.email()).describe('who has this person as their manager, by email'),
  groups: z.array(z.string()).describe('`role:` and `team:` tokens, sorted'),
  capacity: z.int().nullable().describe('the most open tasks they take at once; null: no limit'),
  away: z.strictObject({ from: Instant, until: Instant }).nullable(),
  openTasks: z.int().describe('tasks, approvals and handoffs open on them by name'),
  available: z
    .boolean()
    .describe('whether team strategies may pick them now: not away, and under capacity'),
});

const personExample = {
  email: 'ann@example.com',
  manager: 'maria@example.com',
  reports: ['bo@example.com'],
  groups: ['role:cfo', 'team:finance'],
  capacity: 5,
  away: { from: '2026-12-20T00:00:00.000Z', until: '2027-01-04T00:00:00.000Z' },
  openTasks: 3,
  available: true,
};

/** The group routes of one kind, as the router registers them in its loop over the kinds. */
function groupRoutes(plural: Plural, name: string, members: string[]): RouteDoc[] {
  const kind = GROUP_KINDS[plural];
  const group = z.strictObject({
    kind: z.literal(kind),
    name: z.string(),
    members: z.array(z.email()).describe('sorted'),
    updatedAt: Instant,
    changes: z.array(GroupChange).describe('the latest 100 changes, oldest first'),
  });
  const example = {
    kind,
    name,
    members,
    updatedAt: '2025-03-04T09:15:00.000Z',
    changes: [
      {
        changedBy: 'admin@example.com',
        added: members,
        removed: [],
        at: '2025-03-04T09:15:00.000Z',
      },
    ],
  };
  const params = z.strictObject({ name: GroupName });
  return [
    {
      method: 'put',
      path: `/directory/${plural}/:name`,
      tag: 'Directory',
      summary: `Create a ${kind} or replace its members, logging who was added and removed`,
      access: 'admin',
      params,
      body: PutGroupRequest,
      bodyExample: { members },
      responses: {
        200: { description: `The ${kind} as replaced`, schema: group, example },
        201: { description: `The new ${kind}`, schema: group, example },
      },
      errors: [...SIGNED_IN_ERRORS, 'forbidden', ...BODY_ERRORS],
    },
    {
      method: 'get',
      path: `/directory/${plural}/:name`,
      tag: 'Directory',
      summary: `Show a ${kind}: its members and the log of their changes`,
      access: 'member',
      params,
      responses: { 200: { description: `The ${kind}`, schema: group, example } },
      errors: [...SIGNED_IN_ERRORS, 'group_not_found'],
    },
    {
      method: 'get',
      path: `/directory/${plural}`,
      tag: 'Directory',
      summary: `List every ${kind} with its members, by name, a page at a time`,
      access: 'member',
      query: PageQuery,
      responses: {
        200: {
          description: `The ${plural}`,
          schema: z.strictObject({
            [plural]: z.array(
              z.strictObject({ name: z.string(), members: z.array(z.email()), updatedAt: Instant }),
            ),
            nextCursor: NextCursor,
          }),
          example: {
            [plural]: [{ name, members, updatedAt: '2025-03-04T09:15:00.000Z' }],
            nextCursor: null,
          },
        },
      },
      errors: ['invalid_query', ...SIGNED_IN_ERRORS],
    },
  ];
}

/** The directory: teams, roles and people's managers. */
export const directoryRoutes: readonly RouteDoc[] = [
  ...groupRoutes('teams', 'it-ops', ['al@example.com', 'cy@example.com']),
  ...groupRoutes('roles', 'cfo', ['fin@example.com']),
  {
    method: 'put',
    path: '/directory/people/:email',
    tag: 'Directory',
    summary: "Set a person's manager, capacity or away period",
    description:
      'Each of `manager`, `capacity` (most open tasks at once) and `away` (`from`, `until`) is set when given, cleared when null and kept when left out. `round_robin` and `least_loaded` teams pass by members who are away or at capacity; when every member is, the work stays a queue for the team, audited `team.queued` with `flag: team.unavailable`.',
    access: 'admin',
    params: z.strictObject({ email: EmailParam }),
    body: PutPersonRequest,
    bodyExample: {
      manager: 'maria@example.com',
      capacity: 5,
      away: { from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' },
    },
    responses: {
      200: { description: 'The person as changed', schema: PersonView, example: personExample },
      201: {
        description: 'The person, new to the directory',
        schema: PersonView,
        example: personExample,
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', ...BODY_ERRORS],
  },
  {
    method: 'get',
    path: '/directory/people/:email',
    tag: 'Directory',
    summary: "Show a person's manager, reports, groups, capacity, away period and open tasks",
    description:
      'A person the directory does not know is shown with no manager, reports or groups.',
    access: 'member',
    params: z.strictObject({ email: EmailParam }),
    responses: { 200: { description: 'The person', schema: PersonView, example: personExample } },
    errors: [...SIGNED_IN_ERRORS],
  },
];
