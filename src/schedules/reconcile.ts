import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { parseFlow, type Flow } from '../dsl';
import type { PrismaClient } from '../db/prisma';
import { syncFlowSchedule } from './flow-schedules';
import type { Logger } from '../logger';
import {
  callDeadline,
  scheduleIdOf,
  UnschedulableFlowError,
  type ScheduleSettings,
} from './schedule-options';

const SCHEDULE_PREFIX = scheduleIdOf('');

/** What {@link reconcileFlowSchedules} did, by schedule id. */
export interface ReconcileSummary {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  /** Flows whose latest stored version could not be read or scheduled, and why. */
  failed: { flow: string; error: string }[];
}

interface ScheduledAction {
  version: number | undefined;
  taskQueue: string | undefined;
}

/** The version and task queue a schedule's action starts runs with; undefined when it has none. */
async function scheduledAction(
  temporal: Client,
  id: string,
  settings: ScheduleSettings,
): Promise<ScheduledAction | undefined> {
  try {
    const { action } = await temporal.withDeadline(callDeadline(settings), () =>
      temporal.schedule.getHandle(id).describe(),
    );
    const input = action.args?.[0] as { flow?: Partial<Flow> } | undefined;
    return { version: input?.flow?.version, taskQueue: action.taskQueue };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/** The ids of every schedule in the namespace. */
async function listedScheduleIds(temporal: Client, settings: ScheduleSettings): Promise<string[]> {
  return temporal.withDeadline(callDeadline(settings), async () => {
    const ids: string[] = [];
    for await (const listed of temporal.schedule.list()) ids.push(listed.scheduleId);
    return ids;
  });
}

/** The latest stored version of every flow, by name; why not when it does not parse. */
async function latestFlows(prisma: PrismaClient): Promise<Map<string, Flow | string>> {
  const definitions = await prisma.flowDefinition.findMany({
    select: {
      name: true,
      versions: { orderBy: { version: 'desc' }, take: 1, select: { definition: true } },
    },
  });
  const flows = new Map<string, Flow | string>();
  for (const { name, versions } of definitions) {
    const parsed = versions[0] ? parseFlow(versions[0].definition) : undefined;
    flows.set(
      name,
      parsed?.ok ? parsed.flow : `the latest stored version of flow "${name}" does not parse`,
    );
  }
  return flows;
}

/**
 * Makes every flow's Temporal Schedule match its latest stored version (created, updated or
 * deleted as a deploy would), and deletes `flow-schedule:` schedules of this installation
 * (their action uses `settings.taskQueue`) whose flow no longer exists. A schedule already
 * starting the latest version on this task queue is left unchanged. Schedules on other task
 * queues belong to other installations sharing the namespace and are left alone unless their
 * flow is stored here. Throws when a call to Temporal does not answer within
 * `settings.callTimeoutMs`.
 */
export async function reconcileFlowSchedules(
  temporal: Client,
  prisma: PrismaClient,
  settings: ScheduleSettings,
): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = {
    created: [],
    updated: [],
    deleted: [],
    unchanged: [],
    failed: [],
  };
  const flows = await latestFlows(prisma);
  for (const [name, flow] of flows) {
    const id = scheduleIdOf(name);
    if (typeof flow === 'string') {
      summary.failed.push({ flow: name, error: flow });
      continue;
    }
    if (flow.trigger.type === 'schedule') {
      const current = await scheduledAction(temporal, id, settings);
      if (current?.version === flow.version && current.taskQueue === settings.taskQueue) {
        summary.unchanged.push(id);
        continue;
      }
    }
    try {
      const change = await syncFlowSchedule(temporal, flow, settings);
      summary[change === 'none' ? 'unchanged' : change].push(id);
    } catch (err) {
      if (!(err instanceof UnschedulableFlowError)) throw err;
      summary.failed.push({ flow: name, error: err.message });
    }
  }
  for (const id of await listedScheduleIds(temporal, settings)) {
    if (!id.startsWith(SCHEDULE_PREFIX) || flows.has(id.slice(SCHEDULE_PREFIX.length))) continue;
    const current = await scheduledAction(temporal, id, settings);
    if (current?.taskQueue !== settings.taskQueue) continue;
    try {
      await temporal.withDeadline(callDeadline(settings), () =>
        temporal.schedule.getHandle(id).delete(),
      );
      summary.deleted.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return summary;
}

/** The counts of a summary, for a log line or an API answer. */
export function reconcileCounts(summary: ReconcileSummary) {
  return {
    created: summary.created.length,
    updated: summary.updated.length,
    deleted: summary.deleted.length,
    unchanged: summary.unchanged.length,
    failed: summary.failed.length,
  };
}

/**
 * Reconciles once as the API starts, logging the summary. A failure (Temporal not up yet) is
 * logged and swallowed: the API serves anyway, and `POST /schedules/reconcile` can run it later.
 */
export async function reconcileAtStart(
  temporal: Client,
  prisma: PrismaClient,
  settings: ScheduleSettings,
  logger: Logger,
): Promise<void> {
  try {
    const summary = await reconcileFlowSchedules(temporal, prisma, settings);
    logger.info(
      { ...reconcileCounts(summary), failed: summary.failed },
      'flow schedules reconciled',
    );
  } catch (err) {
    logger.error({ err }, 'flow schedules not reconciled; POST /schedules/reconcile retries');
  }
}
