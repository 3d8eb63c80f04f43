import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { durationText, type Flow, type OverlapPolicy } from '../dsl';
import { describeCron, describeDuration } from '../dsl/describe';
import {
  callDeadline,
  overlapPolicies,
  scheduleIdOf,
  scheduleOptionsFor,
  type ScheduleSettings,
} from './schedule-options';

/** How often a deploy makes or updates a schedule that others keep deleting meanwhile. */
const SYNC_ATTEMPTS = 3;

/** What {@link syncFlowSchedule} did to the flow's schedule. */
export type ScheduleChange = 'created' | 'updated' | 'deleted' | 'none';

/**
 * Makes the flow's Temporal Schedule match this stored version: created or updated (keeping
 * whether it is paused, and its note) when the version has a schedule trigger, deleted when
 * it has not. Throws when Temporal does not answer within `settings.callTimeoutMs`.
 */
export async function syncFlowSchedule(
  temporal: Client,
  flow: Flow,
  settings: ScheduleSettings,
): Promise<ScheduleChange> {
  const handle = temporal.schedule.getHandle(scheduleIdOf(flow.name));
  return temporal.withDeadline(callDeadline(settings), async () => {
    if (flow.trigger.type !== 'schedule') {
      try {
        await handle.delete();
        return 'deleted';
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) return 'none';
        throw err;
      }
    }
    const options = scheduleOptionsFor(flow, settings);
    // Made, or else updated; a schedule deleted between the two (DELETE /flows/:name/schedule at
    // the same moment) is made again, so a deployed version never lacks its schedule.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await temporal.schedule.create(options);
        return 'created';
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      }
      try {
        await handle.update((previous) => ({
          spec: options.spec,
          action: options.action,
          policies: options.policies,
          typedSearchAttributes: options.typedSearchAttributes,
          state: { paused: previous.state.paused, note: previous.state.note },
        }));
        return 'updated';
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError) || attempt >= SYNC_ATTEMPTS) throw err;
      }
    }
  });
}

const dslOverlap = Object.fromEntries(
  Object.entries(overlapPolicies).map(([dsl, temporalPolicy]) => [temporalPolicy, dsl]),
) as Record<string, OverlapPolicy>;

/** A flow's schedule as the API shows it. */
export interface FlowScheduleView {
  id: string;
  flow: string;
  /** The version scheduled runs start with. */
  version: number | null;
  paused: boolean;
  note: string | null;
  spec: { cron?: string; every?: string; summary: string };
  timeZone: string;
  overlap: OverlapPolicy;
  catchUpWindow: string;
  nextActionTimes: string[];
  recentActions: { scheduledAt: string; takenAt: string; workflowId: string }[];
  runningWorkflowIds: string[];
  actionsTaken: number;
}

function specSummary(flow: Flow | undefined): FlowScheduleView['spec'] {
  const trigger = flow?.trigger;
  if (trigger?.type !== 'schedule') return { summary: 'unknown' };
  if (trigger.cron !== undefined)
    return { cron: trigger.cron, summary: describeCron(trigger.cron) };
  return { every: trigger.every, summary: `every ${describeDuration(trigger.every ?? '')}` };
}

/** The view of a described schedule; the spec is read from the version its action starts. */
export function scheduleView(flowName: string, description: ScheduleDescription): FlowScheduleView {
  const input = description.action.args?.[0] as { flow?: Flow } | undefined;
  const flow = input?.flow;
  return {
    id: description.scheduleId,
    flow: flowName,
    version: flow?.version ?? null,
    paused: description.state.paused,
    note: description.state.note || null,
    spec: specSummary(flow),
    // Temporal reads a schedule without a zone in UTC.
    timeZone: description.spec.timezone || 'UTC',
    overlap: dslOverlap[description.policies.overlap ?? 'SKIP'] ?? 'skip',
    catchUpWindow: durationText({
      kind: 'fixed',
      seconds: Math.round(description.policies.catchupWindow / 1000),
    }),
    nextActionTimes: description.info.nextActionTimes.map((time) => time.toISOString()),
    recentActions: description.info.recentActions.map((action) => ({
      scheduledAt: action.scheduledAt.toISOString(),
      takenAt: action.takenAt.toISOString(),
      workflowId: action.action.workflow.workflowId,
    })),
    runningWorkflowIds: description.info.runningActions.map((action) => action.workflow.workflowId),
    actionsTaken: description.info.numActionsTaken,
  };
}
