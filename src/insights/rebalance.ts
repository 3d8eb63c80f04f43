import type { Client } from '@temporalio/client';
import { isAvailable, isAway, openTasksOf } from '../activities/directory';
import type { PrismaClient } from '../db/prisma';
import type { Flow, Party } from '../dsl';
import { forEachStep } from '../dsl/walk-steps';
import { reassignUpdate, WATCHER_ACTOR } from '../workflows';
import type { WatchedWork } from './watch';

/**
 * A piece of team work the watcher moves to another member, keyed by the task and how often it
 * changed hands before: the key is the reassign Update's id, so Temporal takes it once however
 * often a retried round sends it.
 */
export interface WatchMove extends WatchedWork {
  team: string;
  /** The holder: `person:<email>`, or the team's token for work it queued. */
  from: string;
  /** `person:<email>` of the least loaded available member. */
  to: string;
  because: string;
}

/** Team work the watcher could not move: no other member is available. */
export interface WatchStay extends WatchedWork {
  team: string;
  from: string;
  because: string;
}

/** Sends one move through the reassign Update people use; throws what the run refused. */
export type SendMove = (move: WatchMove) => Promise<void>;

interface OpenTeamWorkRow {
  task_id: string;
  work_item_id: string;
  workflow_id: string;
  flow_name: string;
  flow_version_id: string;
  step: string;
  assignee: string;
  moves: number;
}

interface Member {
  capacity: number | null;
  awayFrom: Date | null;
  awayUntil: Date | null;
}

const PERSON = 'person:';

/**
 * The moves a round makes at `at`, on runs of flow versions with `rebalance`: an open task or
 * handoff whose step goes to a team, held by a member who is away or holds more open work than
 * their capacity (the newest of it first, until they are back at capacity), or queued for a
 * `round_robin` / `least_loaded` team while no member was available, moves to the member with
 * the fewest open tasks who is neither away nor at capacity (ties by email). Each move counts
 * in the loads of the moves after it; work no member can take stays, with the reason.
 */
export async function rebalancePlan(
  prisma: PrismaClient,
  at: Date,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
): Promise<{ moves: WatchMove[]; stays: WatchStay[] }> {
  const rows = await prisma.$queryRaw<OpenTeamWorkRow[]>`
    SELECT t.id AS task_id, w.id AS work_item_id, w.workflow_id, w.flow_name, w.flow_version_id,
           t.step_path AS step, t.assignee,
           (SELECT count(*)::int FROM audit_events e
             WHERE e.work_item_id = w.id
               AND e.action IN ('task.reassigned', 'task.claimed', 'task.escalated')
               AND e.data->>'taskId' = t.id::text) AS moves
      FROM tasks t
      JOIN work_items w ON w.id = t.work_item_id
      JOIN flow_versions v ON v.id = w.flow_version_id
     WHERE t.status = 'open' AND t.kind IN ('task', 'handoff') AND w.closed_at IS NULL
       AND v.definition @> '{"rebalance": true}'::jsonb
     ORDER BY t.created_at DESC, t.id`;
  const work: { row: OpenTeamWorkRow; team: string; queue: boolean }[] = [];
  for (const row of rows) {
    const party = stepParty(await flowOf(row.flow_version_id), row.step);
    if (party?.type !== 'team') continue;
    const token = `team:${party.team}`;
    const picks = (party.assignment ?? 'direct') !== 'direct';
    if (row.assignee === token ? picks : row.assignee.startsWith(PERSON)) {
      work.push({ row, team: party.team, queue: row.assignee === token });
    }
  }
  if (work.length === 0) return { moves: [], stays: [] };
  const { members, people, load } = await teamDirectory(prisma, [
    ...new Set(work.map((w) => w.team)),
  ]);
  const moves: WatchMove[] = [];
  const stays: WatchStay[] = [];
  // Work over a holder's capacity that no one could take: it no longer counts as excess.
  const kept = new Map<string, number>();
  for (const { row, team, queue } of work) {
    const holder = queue ? undefined : row.assignee.slice(PERSON.length);
    const inTeam = members.get(team) ?? [];
    const excess = (email: string) => (load.get(email) ?? 0) - (kept.get(email) ?? 0);
    const why =
      holder === undefined
        ? `team:${team} queued it when no member was available`
        : inTeam.includes(holder)
          ? overloaded(holder, people.get(holder), excess(holder), at)
          : undefined;
    if (why === undefined) continue;
    const to = leastLoaded(
      inTeam.filter((email) => email !== holder),
      people,
      load,
      at,
    );
    const base = {
      key: `watcher:rebalance:${row.task_id}:${row.moves}`,
      taskId: row.task_id,
      workItemId: row.work_item_id,
      runId: row.workflow_id,
      flow: row.flow_name,
      step: row.step,
      team: `team:${team}`,
      from: row.assignee,
    };
    if (to === undefined) {
      stays.push({ ...base, because: `${why}; no other member of team:${team} is available` });
      if (holder !== undefined) kept.set(holder, (kept.get(holder) ?? 0) + 1);
      continue;
    }
    const open = load.get(to) ?? 0;
    moves.push({
      ...base,
      to: `${PERSON}${to}`,
      because: `${why}; ${to} has the fewest open tasks (${open}) of the available members of team:${team}`,
    });
    load.set(to, open + 1);
    if (holder !== undefined) load.set(holder, (load.get(holder) ?? 0) - 1);
  }
  return { moves, stays };
}

/** Sends each move as a `reassign` Update by the watcher; answers how many moved, and why the rest did not. */
export async function sendMoves(
  moves: readonly WatchMove[],
  send: SendMove,
): Promise<{ moved: number; refused: { taskId: string; problem: string }[] }> {
  let moved = 0;
  const refused: { taskId: string; problem: string }[] = [];
  for (const move of moves) {
    try {
      await send(move);
      moved += 1;
    } catch (err) {
      refused.push({ taskId: move.taskId, problem: problemOf(err) });
    }
  }
  return { moved, refused };
}

/** Moves through `client`: the `reassign` Update, by the watcher, with the move's key as its id. */
export function movesThrough(client: Client): SendMove {
  return async (move) => {
    await client.workflow.getHandle(move.runId).executeUpdate(reassignUpdate, {
      args: [{ stepId: move.step, to: move.to, actor: WATCHER_ACTOR, comment: move.because }],
      updateId: move.key,
    });
  };
}

function problemOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/** Why `email` should not hold team work at `at`, if so: away, or holding more than their capacity. */
function overloaded(
  email: string,
  person: Member | undefined,
  open: number,
  at: Date,
): string | undefined {
  if (!person) return undefined;
  if (isAway(person, at)) {
    return `${email} is away until ${person.awayUntil?.toISOString() ?? '?'}`;
  }
  if (person.capacity !== null && open > person.capacity) {
    return `${email} holds ${open} open tasks, over a capacity of ${person.capacity}`;
  }
  return undefined;
}

/** The available member with the fewest open tasks, ties by email; undefined if none is. */
function leastLoaded(
  emails: readonly string[],
  people: Map<string, Member>,
  load: Map<string, number>,
  at: Date,
): string | undefined {
  let best: string | undefined;
  for (const email of [...emails].sort()) {
    const open = load.get(email) ?? 0;
    if (!isAvailable(people.get(email), open, at)) continue;
    if (best === undefined || open < (load.get(best) ?? 0)) best = email;
  }
  return best;
}

/** The party a task or handoff step of `flow` goes to. */
function stepParty(flow: Flow | null, stepId: string): Party | undefined {
  let party: Party | undefined;
  if (flow) {
    forEachStep(flow.steps, (step) => {
      if (step.id !== stepId) return;
      if (step.type === 'task') party = step.assignee;
      if (step.type === 'handoff') party = step.to;
    });
  }
  return party;
}

/** The teams' members, the directory's entries for them, and everyone's open tasks. */
async function teamDirectory(prisma: PrismaClient, teams: string[]) {
  const groups = await prisma.directoryGroup.findMany({
    where: { kind: 'team', name: { in: teams } },
    include: { members: { select: { email: true } } },
  });
  const members = new Map(groups.map((g) => [g.name, g.members.map((m) => m.email)]));
  const emails = [...new Set(groups.flatMap((g) => g.members.map((m) => m.email)))];
  const [entries, load] = await Promise.all([
    prisma.directoryPerson.findMany({
      where: { email: { in: emails } },
      select: { email: true, capacity: true, awayFrom: true, awayUntil: true },
    }),
    openTasksOf(prisma, emails),
  ]);
  const people = new Map<string, Member>(entries.map((p) => [p.email, p]));
  return { members, people, load };
}
