import { proxyActivities } from '@temporalio/workflow';
import type { Activities, WatchRoundInput, WatchRoundResult } from '../activities';

const { watchRound } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A database outage is transient: keep retrying with backoff until it returns.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One round of the watcher, started by its Temporal Schedule: flags the work that is late or
 * predicted late, once per item and condition, prompts the holders of idle work, and moves team
 * work off people away or over capacity on flows with `rebalance`.
 */
export async function watchWorkflow(input: WatchRoundInput = {}): Promise<WatchRoundResult> {
  return watchRound(input);
}
