import { appendAuditEvent, auditedAlready } from '../activities/audit';
import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import type { Flow } from '../dsl';
import { WATCHER_ACTOR } from '../workflows';
import { atRisk, computePaces, type AtRiskItem, type Paces } from './at-risk';
import {
  rebalancePlan,
  sendMoves,
  type SendMove,
  type WatchMove,
  type WatchStay,
} from './rebalance';

/** A piece of open work the watcher acts on, and the key that makes it act once. */
export interface WatchedWork {
  key: string;
  taskId: string;
  workItemId: string;
  runId: string;
  flow: string;
  step: string;
}

/** One flag the watcher raises (keyed once per item and condition, ever), and who hears of it. */
export interface WatchFlag extends WatchedWork {
  reason: AtRiskItem['reason'];
  predictedAt: string;
  because: string;
  /** Who holds the work, and the flow's owner team. */
  recipients: string[];
}

/**
 * A nudge to whoever holds open work on a run where nothing has happened for a while, keyed
 * once per task and idle period: a task idle for two periods is prompted twice.
 */
export interface WatchPrompt extends WatchedWork {
  assignee: string;
  /** The run's last change by anyone but the watcher (or the task's opening, if later). */
  lastActivityAt: string;
}

/** What a watch round does, or would do in a dry run. */
export interface WatchPlan {
  at: string;
  flags: WatchFlag[];
  prompts: WatchPrompt[];
  /** Team work moved off people away or over capacity, on flows with `rebalance`. */
  moves: WatchMove[];
  /** Team work that should move, but no other member is available. */
  stays: WatchStay[];
}

/** How long open work may sit with nothing happening on its run before its holder is prompted. */
export const DEFAULT_IDLE_HOURS = 24;

interface IdleRow {
  task_id: string;
  work_item_id: string;
  workflow_id: string;
  flow_name: string;
  step: string;
  assignee: string;
  last_activity: Date;
}

/** The key of the flag for one item and condition. */
export function flagKey(item: Pick<AtRiskItem, 'taskId' | 'reason'>): string {
  return `watcher:flag:${item.taskId}:${item.reason}`;
}

/**
 * What a watch round would do at `at`: flag each piece of open work that is overdue or predicted
 * late (see {@link atRisk}) and was not flagged for that reason before, prompt whoever holds
 * open work on a run idle for `idleHours`, once per idle period, and move team work off people
 * away or over capacity where the flow allows it (see {@link rebalancePlan}). A flag on work the
 * round moves goes to its new holder.
 */
export async function watchPlan(
  prisma: PrismaClient,
  at: Date,
  paces: Paces,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
  idleHours: number = DEFAULT_IDLE_HOURS,
): Promise<WatchPlan> {
  const risk = await atRisk(prisma, at, { limit: Number.MAX_SAFE_INTEGER }, paces, flowOf);
  const keys = risk.items.map(flagKey);
  const [flagged, owners] = await Promise.all([
    prisma.auditEvent.findMany({
      where: { idempotencyKey: { in: keys } },
      select: { idempotencyKey: true },
    }),
    prisma.flowDefinition.findMany({
      where: { name: { in: [...new Set(risk.items.map((item) => item.flow))] } },
      select: { name: true, ownerTeam: true },
    }),
  ]);
  const done = new Set(flagged.map((event) => event.idempotencyKey));
  const ownerOf = new Map(owners.map((o) => [o.name, o.ownerTeam]));
  const flags = risk.items
    .filter((item) => !done.has(flagKey(item)))
    .map((item): WatchFlag => {
      const owner = ownerOf.get(item.flow);
      return {
        key: flagKey(item),
        taskId: item.taskId,
        workItemId: item.workItemId,
        runId: item.runId,
        flow: item.flow,
        step: item.step,
        reason: item.reason,
        predictedAt: item.predictedAt,
        because: item.because,
        recipients: [...new Set([item.assignee, ...(owner ? [`team:${owner}`] : [])])],
      };
    });
  const [idle, { moves, stays }] = await Promise.all([
    idlePrompts(prisma, at, idleHours),
    rebalancePlan(prisma, at, flowOf),
  ]);
  // Moved work is the new holder's, and its move is news enough: no prompt for it this round.
  const movedTo = new Map(moves.map((move) => [move.taskId, move]));
  const prompts = idle.filter((prompt) => !movedTo.has(prompt.taskId));
  const heard = flags.map((flag) => {
    const move = movedTo.get(flag.taskId);
    if (!move) return flag;
    const recipients = flag.recipients.map((r) => (r === move.from ? move.to : r));
    return { ...flag, recipients: [...new Set(recipients)] };
  });
  return { at: at.toISOString(), flags: heard, prompts, moves, stays };
}

/**
 * Open work whose run has had no change for `idleHours` (the watcher's flags and prompts are no
 * change; its moves are), not yet prompted for this period.
 */
async function idlePrompts(prisma: PrismaClient, at: Date, idleHours: number) {
  const idleMs = idleHours * 60 * 60 * 1000;
  const rows = await prisma.$queryRaw<IdleRow[]>`
    SELECT task_id, work_item_id, workflow_id, flow_name, step, assignee, last_activity
      FROM (
        SELECT t.id AS task_id, w.id AS work_item_id, w.workflow_id, w.flow_name,
               t.step_path AS step, t.assignee,
               greatest(t.created_at, (SELECT max(e.created_at) FROM audit_events e
                                        WHERE e.work_item_id = w.id
                                          AND e.action NOT IN ('watcher.flagged', 'watcher.prompted'))) AS last_activity
          FROM tasks t
          JOIN work_items w ON w.id = t.work_item_id
         WHERE t.status = 'open' AND w.closed_at IS NULL
      ) open_work
     WHERE last_activity <= ${new Date(at.getTime() - idleMs)}
     ORDER BY last_activity, task_id`;
  const prompts = rows.map((row): WatchPrompt => {
    const period = Math.floor((at.getTime() - row.last_activity.getTime()) / idleMs);
    return {
      key: `watcher:prompt:${row.task_id}:${row.last_activity.toISOString()}:${period}`,
      taskId: row.task_id,
      workItemId: row.work_item_id,
      runId: row.workflow_id,
      flow: row.flow_name,
      step: row.step,
      assignee: row.assignee,
      lastActivityAt: row.last_activity.toISOString(),
    };
  });
  const done = await prisma.auditEvent.findMany({
    where: { idempotencyKey: { in: prompts.map((p) => p.key) } },
    select: { idempotencyKey: true },
  });
  const prompted = new Set(done.map((event) => event.idempotencyKey));
  return prompts.filter((prompt) => !prompted.has(prompt.key));
}

/**
 * Whether the event keyed `key` is on the item already, asked under the item's row lock, so a
 * round running beside another (the schedule's and one an admin started) waits for it and then
 * skips what it wrote.
 */
async function writtenAlready(tx: Prisma.TransactionClient, workItemId: string, key: string) {
  await tx.$queryRaw`SELECT "id" FROM "work_items" WHERE "id" = ${workItemId}::uuid FOR NO KEY UPDATE`;
  return auditedAlready(tx, key);
}

/**
 * Sends the plan's prompts: per prompt, in one transaction, a `watcher.prompted` audit event and
 * an in-app reminder to whoever holds the work, under the prompt's key. Answers how many it sent.
 */
export async function sendPrompts(
  prisma: PrismaClient,
  plan: WatchPlan,
  at: Date,
): Promise<number> {
  let sent = 0;
  for (const prompt of plan.prompts) {
    const wrote = await prisma.$transaction(async (tx) => {
      if (await writtenAlready(tx, prompt.workItemId, prompt.key)) return false;
      const idle = Math.round((at.getTime() - Date.parse(prompt.lastActivityAt)) / 3_600_000);
      await appendAuditEvent(tx, {
        workItemId: prompt.workItemId,
        action: 'watcher.prompted',
        actor: WATCHER_ACTOR,
        data: {
          step: prompt.step,
          task: prompt.taskId,
          assignee: prompt.assignee,
          lastActivityAt: prompt.lastActivityAt,
        },
        idempotencyKey: prompt.key,
        at,
      });
      await tx.notification.create({
        data: {
          workItemId: prompt.workItemId,
          stepPath: prompt.step,
          kind: 'reminder',
          channel: 'in_app',
          recipient: prompt.assignee,
          message: `Nothing has happened on "${prompt.step}" of ${prompt.runId} for ${idle} h: it waits on you.`,
          idempotencyKey: prompt.key,
          createdAt: at,
        },
      });
      return true;
    });
    if (wrote) sent += 1;
  }
  return sent;
}

/**
 * Raises the plan's flags: per flag, in one transaction, a `watcher.flagged` audit event and an
 * in-app notification to each recipient, under the flag's key, so a flag raised before (by an
 * earlier round, or this round retried) is skipped. Answers how many it raised.
 */
export async function raiseFlags(prisma: PrismaClient, plan: WatchPlan, at: Date): Promise<number> {
  let raised = 0;
  for (const flag of plan.flags) {
    const wrote = await prisma.$transaction(async (tx) => {
      if (await writtenAlready(tx, flag.workItemId, flag.key)) return false;
      await appendAuditEvent(tx, {
        workItemId: flag.workItemId,
        action: 'watcher.flagged',
        actor: WATCHER_ACTOR,
        data: {
          step: flag.step,
          task: flag.taskId,
          reason: flag.reason,
          predictedAt: flag.predictedAt,
          because: flag.because,
          recipients: flag.recipients,
        },
        idempotencyKey: flag.key,
        at,
      });
      await tx.notification.createMany({
        data: flag.recipients.map((recipient) => ({
          workItemId: flag.workItemId,
          stepPath: flag.step,
          kind: 'watcher',
          channel: 'in_app',
          recipient,
          message: `${flag.reason.replaceAll('_', ' ')}: ${flag.because}`,
          idempotencyKey: `${flag.key}:${recipient}`,
          createdAt: at,
        })),
      });
      return true;
    });
    if (wrote) raised += 1;
  }
  return raised;
}

/** What a watch round did. */
export interface WatchRoundResult extends WatchPlan {
  /** Flags raised and prompts sent by this round (a retried round sends none twice). */
  raised: number;
  prompted: number;
  /** Moves the runs took, and the ones they refused (the step stopped waiting meanwhile). */
  moved: number;
  refused: { taskId: string; problem: string }[];
}

/**
 * One round of the watcher at `at`: plans it, moves its team work through `send` (the reassign
 * Update), then raises its flags and sends its prompts, each once by its key, so a round retried
 * after a crash, or run twice, does nothing twice.
 */
export async function watchRound(
  prisma: PrismaClient,
  at: Date,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
  send: SendMove,
  idleHours?: number,
): Promise<WatchRoundResult> {
  const plan = await watchPlan(prisma, at, await computePaces(prisma, at), flowOf, idleHours);
  const { moved, refused } = await sendMoves(plan.moves, send);
  const raised = await raiseFlags(prisma, plan, at);
  const prompted = await sendPrompts(prisma, plan, at);
  return { ...plan, raised, prompted, moved, refused };
}
