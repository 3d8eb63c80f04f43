import { appendAuditEvent, auditedAlready } from '../activities/audit';
import type { PrismaClient } from '../db/prisma';
import type { Flow } from '../dsl';
import { atRisk, type AtRiskItem, type Paces } from './at-risk';

/** The actor of what the watcher does, in audit events. */
export const WATCHER_ACTOR = 'watcher';

/** One flag the watcher raises: an item late or predicted late, and who hears of it. */
export interface WatchFlag {
  /** The flag's idempotency key: one per item and condition, ever. */
  key: string;
  taskId: string;
  workItemId: string;
  runId: string;
  flow: string;
  step: string;
  reason: AtRiskItem['reason'];
  predictedAt: string;
  because: string;
  /** Who holds the work, and the flow's owner team. */
  recipients: string[];
}

/** What a watch round does, or would do in a dry run. */
export interface WatchPlan {
  at: string;
  flags: WatchFlag[];
}

/** The key of the flag for one item and condition. */
export function flagKey(item: Pick<AtRiskItem, 'taskId' | 'reason'>): string {
  return `watcher:flag:${item.taskId}:${item.reason}`;
}

/**
 * What a watch round would do at `at`: flag each piece of open work that is overdue or predicted
 * late (see {@link atRisk}) and was not flagged for that reason before.
 */
export async function watchPlan(
  prisma: PrismaClient,
  at: Date,
  paces: Paces,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
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
  return { at: at.toISOString(), flags };
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
      if (await auditedAlready(tx, flag.key)) return false;
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
