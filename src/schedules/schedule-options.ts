import { ScheduleOverlapPolicy, type ScheduleOptions, type ScheduleSpec } from '@temporalio/client';
import {
  DEFAULT_CATCH_UP_WINDOW,
  durationToMs,
  flowTimeZone,
  FlowStatus,
  type Flow,
  type OverlapPolicy,
  type ScheduleTrigger,
} from '../dsl';
import type { FlowRunInput } from '../workflows';
import { FlowNameKey, FlowStatusKey, FlowVersionKey } from '../workflows/search-attributes';

/** The requester of scheduled runs when none is configured (`PLAINFLOW_SCHEDULE_REQUESTER`). */
export const DEFAULT_SCHEDULE_REQUESTER = 'scheduler@plainflow.local';

/** How long one schedule call waits for Temporal by default before it counts as unreachable. */
export const DEFAULT_TEMPORAL_CALL_MS = 10_000;

/** What every schedule's action needs beyond the flow: where runs go and who asks for them. */
export interface ScheduleSettings {
  taskQueue: string;
  /** The email scheduled runs carry as their requester. */
  requester: string;
  /** How long one call may wait for Temporal; default {@link DEFAULT_TEMPORAL_CALL_MS}. */
  callTimeoutMs?: number;
}

/** The deadline of a schedule call that starts now. */
export function callDeadline(settings: ScheduleSettings): number {
  return Date.now() + (settings.callTimeoutMs ?? DEFAULT_TEMPORAL_CALL_MS);
}

/** The Temporal Schedule id of a flow's schedule. */
export function scheduleIdOf(flowName: string): string {
  return `flow-schedule:${flowName}`;
}

/** The DSL's overlap policies, by name, as Temporal's. */
export const overlapPolicies: Record<OverlapPolicy, ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  buffer_all: ScheduleOverlapPolicy.BUFFER_ALL,
  cancel_other: ScheduleOverlapPolicy.CANCEL_OTHER,
  terminate_other: ScheduleOverlapPolicy.TERMINATE_OTHER,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};

/** A schedule trigger a version cannot be scheduled with (normally caught by verify first). */
export class UnschedulableFlowError extends Error {
  override name = 'UnschedulableFlowError';
}

/** The zone a schedule's times are read in: the trigger's, else the flow's, else UTC. */
export function scheduleTimeZone(flow: Flow, trigger: ScheduleTrigger): string {
  return trigger.timeZone ?? flowTimeZone(flow);
}

function fixedMs(duration: string, what: string): number {
  const ms = durationToMs(duration);
  if (ms === undefined) {
    throw new UnschedulableFlowError(
      `the ${what} "${duration}" has no fixed length; business days cannot be a schedule interval (use cron, e.g. "0 9 * * 1-5")`,
    );
  }
  return ms;
}

function specOf(flow: Flow, trigger: ScheduleTrigger): ScheduleSpec {
  return {
    ...(trigger.cron !== undefined
      ? { cronExpressions: [trigger.cron.trim()] }
      : { intervals: [{ every: fixedMs(trigger.every ?? '', 'interval') }] }),
    timezone: scheduleTimeZone(flow, trigger),
    ...(trigger.start ? { startAt: new Date(trigger.start) } : {}),
    ...(trigger.end ? { endAt: new Date(trigger.end) } : {}),
  };
}

/**
 * The Temporal Schedule of a stored flow version with a schedule trigger: its action starts
 * `flowRunWorkflow` with this very document (runs are pinned to the version), no intake fields
 * and the configured requester; workflow ids are `scheduled-run:<name>-<start time>`.
 */
export function scheduleOptionsFor(
  flow: Flow,
  settings: ScheduleSettings,
): ScheduleOptions & { policies: { catchupWindow: number } } {
  const trigger = flow.trigger;
  if (trigger.type !== 'schedule') {
    throw new UnschedulableFlowError(`flow "${flow.name}" has no schedule trigger`);
  }
  const title = `${flow.name} (scheduled)`;
  const input: FlowRunInput = { flow, requester: settings.requester, fields: {}, title };
  return {
    scheduleId: scheduleIdOf(flow.name),
    spec: specOf(flow, trigger),
    action: {
      type: 'startWorkflow',
      workflowType: 'flowRunWorkflow',
      workflowId: `scheduled-run:${flow.name}`,
      taskQueue: settings.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: FlowNameKey, value: flow.name },
        { key: FlowVersionKey, value: String(flow.version) },
        { key: FlowStatusKey, value: FlowStatus.running },
      ],
      staticSummary: `${flow.name} v${flow.version}: ${title}`,
      staticDetails: `Started by the schedule ${scheduleIdOf(flow.name)} as ${settings.requester}`,
    },
    policies: {
      overlap: overlapPolicies[trigger.overlap ?? 'skip'],
      catchupWindow: fixedMs(trigger.catchUpWindow ?? DEFAULT_CATCH_UP_WINDOW, 'catch-up window'),
    },
    typedSearchAttributes: [{ key: FlowNameKey, value: flow.name }],
  };
}
