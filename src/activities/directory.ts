import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** How a team hands out work: a queue members claim from, round-robin, or the least loaded member. */
export type AssignmentStrategy = 'direct' | 'round_robin' | 'least_loaded';

/** A group party of a step that opens: look its members up, and for a team, pick one if asked. */
export interface ResolveGroupInput {
  workItemId: string;
  /** The step's key: a retry returns the member picked the first time. */
  idempotencyKey: string;
  stepPath: string;
  kind: 'team' | 'role';
  name: string;
  /** For a team; a role is always `direct` (any member acts). */
  strategy: AssignmentStrategy;
}

/** The directory's answer for a group at the moment a step opens. */
export interface GroupResolution {
  /** The members' emails, sorted; null when the directory has no such group. */
  members: string[] | null;
  /** The member a `round_robin` / `least_loaded` strategy picked; null for a queue. */
  assignee: string | null;
}

/**
 * Looks a group's members up. For a team with `round_robin` (the member after the last one
 * assigned) or `least_loaded` (fewest open tasks, ties by email), picks a member under a lock on
 * the team's row, records the pick by key and audits `team.assigned`. A team that cannot be
 * assigned (not in the directory, or no members) stays a queue, audited as `team.queued`.
 */
export function resolveGroupActivity(deps: Deps) {
  return async function resolveGroup(input: ResolveGroupInput): Promise<GroupResolution> {
    return deps.prisma.$transaction(async (tx) => {
      const group = await tx.directoryGroup.findUnique({
        where: { kind_name: { kind: input.kind, name: input.name } },
        include: { members: { select: { email: true }, orderBy: { email: 'asc' } } },
      });
      const members = group ? group.members.map((m) => m.email) : null;
      const token = `${input.kind}:${input.name}`;
      const picking = input.kind === 'team' && input.strategy !== 'direct';
      if (!group || !members || members.length === 0) {
        if (input.kind === 'team' && (picking || group)) {
          const why = group ? 'has no members' : 'is not';
          await queued(tx, input, `${token} ${why} in the directory`);
        }
        return { members, assignee: null };
      }
      if (!picking) return { members, assignee: null };
      const recorded = await tx.teamAssignment.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
      });
      if (recorded) return { members, assignee: recorded.email };
      // A retry of a step queued the first time stays queued, whoever is free now.
      if (await auditedAlready(tx, input.idempotencyKey)) return { members, assignee: null };
      await tx.$queryRaw`SELECT "id" FROM "directory_groups" WHERE "id" = ${group.id}::uuid FOR UPDATE`;
      const locked = await tx.directoryGroup.findUniqueOrThrow({ where: { id: group.id } });
      const at = deps.clock.now();
      const { available, load, passedBy } = await availability(tx, members, at);
      if (available.length === 0) {
        await queued(
          tx,
          input,
          `every member of ${token} is at capacity or away (${passedBy.join('; ')})`,
          'team.unavailable',
        );
        return { members, assignee: null };
      }
      const assignee =
        input.strategy === 'round_robin'
          ? nextAfter(available, locked.lastAssigned)
          : leastLoaded(available, load);
      await tx.teamAssignment.create({
        data: {
          idempotencyKey: input.idempotencyKey,
          groupId: group.id,
          strategy: input.strategy,
          email: assignee,
          createdAt: at,
        },
      });
      await tx.directoryGroup.update({
        where: { id: group.id },
        data: { lastAssigned: assignee },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'team.assigned',
        actor: SYSTEM_ACTOR,
        data: {
          step: input.stepPath,
          team: token,
          strategy: input.strategy,
          assignee: `person:${assignee}`,
          members,
          ...(passedBy.length > 0 ? { passedBy } : {}),
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
      return { members, assignee };
    });
  };

  async function queued(
    tx: Prisma.TransactionClient,
    input: ResolveGroupInput,
    reason: string,
    flag?: 'team.unavailable',
  ) {
    if (await auditedAlready(tx, input.idempotencyKey)) return;
    await appendAuditEvent(tx, {
      workItemId: input.workItemId,
      action: 'team.queued',
      actor: SYSTEM_ACTOR,
      data: {
        step: input.stepPath,
        team: `team:${input.name}`,
        strategy: input.strategy,
        reason: `${reason}: the work stays a queue for the team`,
        ...(flag ? { flag } : {}),
      },
      idempotencyKey: input.idempotencyKey,
      at: deps.clock.now(),
    });
  }
}

/** The member after `last` in sorted order, wrapping around (also when `last` has left). */
function nextAfter(members: string[], last: string | null): string {
  const next = last === null ? undefined : members.find((email) => email > last);
  return next ?? members[0] ?? '';
}

/** Who of `members` a strategy may pick at `at`, their open tasks, and why the others were passed by. */
async function availability(tx: Prisma.TransactionClient, members: string[], at: Date) {
  const [people, load] = await Promise.all([
    tx.directoryPerson.findMany({ where: { email: { in: members } } }),
    openTasksOf(tx, members),
  ]);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const available: string[] = [];
  const passedBy: string[] = [];
  for (const email of members) {
    const person = byEmail.get(email);
    const open = load.get(email) ?? 0;
    if (person && isAway(person, at)) {
      passedBy.push(`${email} is away until ${person.awayUntil?.toISOString() ?? '?'}`);
    } else if (person?.capacity != null && open >= person.capacity) {
      passedBy.push(`${email} is at capacity (${open} of ${person.capacity} open)`);
    } else {
      available.push(email);
    }
  }
  return { available, load, passedBy };
}

/** How many open tasks, approvals and handoffs each of `emails` holds in person; absent: none. */
export async function openTasksOf(
  db: Pick<Prisma.TransactionClient, 'task'>,
  emails: readonly string[],
): Promise<Map<string, number>> {
  const counts = await db.task.groupBy({
    by: ['assignee'],
    where: { status: 'open', assignee: { in: emails.map((email) => `person:${email}`) } },
    _count: { _all: true },
  });
  return new Map(counts.map((c) => [c.assignee.slice('person:'.length), c._count._all]));
}

/** Whether team strategies may pick a person holding `open` tasks at `at`: not away, under capacity. */
export function isAvailable(
  person:
    { capacity: number | null; awayFrom: Date | null; awayUntil: Date | null } | null | undefined,
  open: number,
  at: Date,
): boolean {
  if (!person) return true;
  return !isAway(person, at) && (person.capacity === null || open < person.capacity);
}

/** Whether a person's away period holds `at`. */
export function isAway(
  person: { awayFrom: Date | null; awayUntil: Date | null },
  at: Date,
): boolean {
  return (
    person.awayFrom !== null &&
    person.awayUntil !== null &&
    person.awayFrom <= at &&
    at < person.awayUntil
  );
}

/** The member with the fewest open tasks; ties go to the first email. */
function leastLoaded(members: string[], load: Map<string, number>): string {
  let best = members[0] ?? '';
  for (const email of members) {
    if ((load.get(email) ?? 0) < (load.get(best) ?? 0)) best = email;
  }
  return best;
}
