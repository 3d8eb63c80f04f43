import { Router } from 'express';
import { z } from 'zod';
import { isAvailable } from '../activities/directory';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import { GroupName } from './directory-request';
import type { PrismaClient } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import { ApiError } from './errors';
import { parseQuery } from './parse-input';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The query of `GET /insights/workload`. */
export const WorkloadQuery = z.strictObject({
  team: GroupName.optional().describe("only this team's members and queue"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('the most loaded people shown (1 to 1000, default 100)'),
});

/** Open work on a party: how much, how much is past due, how much falls due within a day. */
export interface Load {
  open: number;
  overdue: number;
  dueSoon: number;
}

/** One person's load against their capacity. */
export interface PersonLoad extends Load {
  email: string;
  /** The most open tasks they take at once; null: no limit. */
  capacity: number | null;
  away: { from: string; until: string } | null;
  /** Not away, and under capacity: team strategies may pick them. */
  available: boolean;
}

/** One team's load: its queue, and its members' work against their summed capacity. */
export interface TeamLoad {
  team: string;
  members: number;
  available: number;
  /** Work on the team's queue, waiting for a member to claim it. */
  queue: Load;
  /** Open work on the members by name. */
  membersOpen: number;
  /** The members' capacities summed; null when one of them has no limit. */
  capacity: number | null;
}

interface LoadRow {
  party: string;
  open: bigint;
  overdue: bigint;
  due_soon: bigint;
}

/** Open work per assignee token (`person:…`, `team:…`) among `parties`, or all when undefined. */
async function loads(prisma: PrismaClient, at: Date, parties?: string[]) {
  const soon = new Date(at.getTime() + DAY_MS);
  const only =
    parties === undefined ? Prisma.empty : Prisma.sql`AND assignee IN (${Prisma.join(parties)})`;
  const rows = await prisma.$queryRaw<LoadRow[]>`
    SELECT assignee AS party, count(*) AS open,
           count(*) FILTER (WHERE due_at < ${at}) AS overdue,
           count(*) FILTER (WHERE due_at >= ${at} AND due_at < ${soon}) AS due_soon
      FROM tasks
     WHERE status = 'open' AND (assignee LIKE 'person:%' OR assignee LIKE 'team:%') ${only}
     GROUP BY assignee`;
  return new Map(
    rows.map((r): [string, Load] => [
      r.party,
      { open: Number(r.open), overdue: Number(r.overdue), dueSoon: Number(r.due_soon) },
    ]),
  );
}

const NONE: Load = { open: 0, overdue: 0, dueSoon: 0 };

/**
 * Who holds how much open work, against their capacity: people (those with open work, a
 * capacity or an away period, and team members), most loaded first, and teams.
 */
export async function workload(
  prisma: PrismaClient,
  at: Date,
  options: { team?: string; limit: number },
) {
  const groups = await prisma.directoryGroup.findMany({
    where: { kind: 'team', ...(options.team ? { name: options.team } : {}) },
    include: { members: { select: { email: true } } },
    orderBy: { name: 'asc' },
  });
  if (options.team && groups.length === 0) {
    throw new ApiError('group_not_found', `No team named "${options.team}"`);
  }
  const memberEmails = [...new Set(groups.flatMap((g) => g.members.map((m) => m.email)))];
  const parties = options.team
    ? [...memberEmails.map((email) => `person:${email}`), `team:${options.team}`]
    : undefined;
  const load = await loads(prisma, at, parties);
  const people = await prisma.directoryPerson.findMany({
    where: options.team
      ? { email: { in: memberEmails } }
      : {
          OR: [
            { capacity: { not: null } },
            { awayUntil: { gt: at } },
            { email: { in: memberEmails } },
          ],
        },
  });
  const known = new Map(people.map((p) => [p.email, p]));
  const emails = new Set([
    ...memberEmails,
    ...people.map((p) => p.email),
    ...(options.team
      ? []
      : [...load.keys()]
          .filter((party) => party.startsWith('person:'))
          .map((party) => party.slice('person:'.length))),
  ]);
  const personLoad = (email: string): PersonLoad => {
    const person = known.get(email);
    const held = load.get(`person:${email}`) ?? NONE;
    const capacity = person?.capacity ?? null;
    const away =
      person?.awayFrom && person.awayUntil && person.awayUntil > at
        ? { from: person.awayFrom.toISOString(), until: person.awayUntil.toISOString() }
        : null;
    return {
      email,
      ...held,
      capacity,
      away,
      available: isAvailable(person, held.open, at),
    };
  };
  const everyone = [...emails].map(personLoad);
  const byEmail = new Map(everyone.map((p) => [p.email, p]));
  const teams: TeamLoad[] = groups.map((group) => {
    const members = group.members.map((m) => byEmail.get(m.email) ?? personLoad(m.email));
    const capacities = members.map((m) => m.capacity);
    return {
      team: `team:${group.name}`,
      members: members.length,
      available: members.filter((m) => m.available).length,
      queue: load.get(`team:${group.name}`) ?? NONE,
      membersOpen: members.reduce((sum, m) => sum + m.open, 0),
      capacity: capacities.some((c) => c === null)
        ? null
        : capacities.reduce<number>((sum, c) => sum + (c ?? 0), 0),
    };
  });
  everyone.sort((a, b) => b.open - a.open || a.email.localeCompare(b.email));
  return {
    at: at.toISOString(),
    totalPeople: everyone.length,
    people: everyone.slice(0, options.limit),
    teams,
  };
}

/** `GET /insights/workload`: open work per person and team against capacity, for authors and admins. */
export function workloadRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get('/insights/workload', requireRole(UserRole.author), async (req, res) => {
    const query = parseQuery(WorkloadQuery, req.query);
    res.json(await workload(prisma, new Date(), query));
  });
  return router;
}
