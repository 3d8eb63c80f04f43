import { z } from 'zod';
import { Slug } from '../dsl/names';
import { Instant } from './contract/route-doc';

/** The kinds of group in the URL (`/directory/teams/...`) and as stored (`team`). */
export const GROUP_KINDS = { teams: 'team', roles: 'role' } as const;

/** A group's name in the URL: a slug, like `team:it-ops` and `role:cfo` in flows. */
export const GroupName = Slug;

/** The body of `PUT /directory/{teams|roles}/:name`: the whole member list, replacing the old one. */
export const PutGroupRequest = z
  .object({
    members: z.array(z.email().max(320)).max(1000),
  })
  .strict();
export type PutGroupRequest = z.infer<typeof PutGroupRequest>;

/** A period someone is away: from one moment until another. */
export const AwayPeriod = z
  .strictObject({ from: Instant, until: Instant })
  .refine(({ from, until }) => Date.parse(from) < Date.parse(until), {
    message: 'from must be before until',
    path: ['until'],
  });

/**
 * The body of `PUT /directory/people/:email`: the person's manager, capacity (most open tasks at
 * once) and away period; null clears one, and one left out keeps its value.
 */
export const PutPersonRequest = z
  .strictObject({
    manager: z.email().max(320).nullable().optional(),
    capacity: z.int().min(1).max(10_000).nullable().optional(),
    away: AwayPeriod.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'set at least one of manager, capacity, away',
  });
