import { z } from 'zod';
import { Slug } from '../dsl/names';

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

/** The body of `PUT /directory/people/:email`: the person's manager (null: none). */
export const PutPersonRequest = z.strictObject({ manager: z.email().max(320).nullable() });
