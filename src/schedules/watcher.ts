import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Logger } from '../logger';
import { watchWorkflow } from '../workflows';

/** How often the watcher runs, and how long work may sit idle before its holder is prompted. */
export interface WatcherSettings {
  minutes: number;
  idleHours: number;
}

/** The Temporal Schedule of the watcher's rounds. */
export const WATCHER_SCHEDULE_ID = 'plainflow-watcher';

/**
 * Creates the watcher's schedule, or sets its interval when it exists (keeping it paused if an
 * admin paused it): a `watchWorkflow` round every `minutes`, a round skipped while one runs.
 */
export async function ensureWatcherSchedule(
  temporal: Client,
  taskQueue: string,
  settings: WatcherSettings,
  scheduleId = WATCHER_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  const { minutes, idleHours } = settings;
  const spec = { intervals: [{ every: minutes * 60_000 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: watchWorkflow,
    workflowId: 'plainflow-watch-round',
    taskQueue,
    args: [{ idleHours }] as [{ idleHours: number }],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  try {
    await temporal.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await temporal.schedule.getHandle(scheduleId).update((previous) => ({
    spec,
    action,
    policies,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return 'updated';
}

/** Ensures the watcher's schedule as the API starts; a failure is logged, not thrown. */
export async function watcherAtStart(
  temporal: Client,
  taskQueue: string,
  settings: WatcherSettings,
  logger: Logger,
): Promise<void> {
  try {
    const outcome = await ensureWatcherSchedule(temporal, taskQueue, settings);
    logger.info({ schedule: WATCHER_SCHEDULE_ID, ...settings, outcome }, 'watcher scheduled');
  } catch (err) {
    logger.error({ err }, 'watcher not scheduled; it is tried again at the next start');
  }
}
