import {
  proxyActivities,
  type ActivityFunction,
  type ActivityFunctionWithOptions,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';

/** The work store activities, as the interpreter calls them. */
export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A database outage is transient: keep retrying with backoff until it returns.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * An activity call carrying a one-line summary ("approval by manager — timeout P2D"), so an
 * admin can read a run in the Web UI without opening payloads.
 */
export function summarized<T extends ActivityFunction>(
  activity: ActivityFunctionWithOptions<T>,
  summary: string,
): (...args: Parameters<T>) => Promise<Awaited<ReturnType<T>>> {
  return (...args) => activity.executeWithOptions({ summary }, args);
}
