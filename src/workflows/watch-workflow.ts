import { proxyActivities } from '@temporalio/workflow';
import type { Activities, WatchRoundInput, WatchRoundResult } from '../activities';

const { watchRound } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A database outage is transient: keep retrying with backoff until it returns.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One round of the watcher, started by its Temporal Schedule (or `POST /watcher/run`): flags
 * the work that is late or predicted late, once per item and condition, and prompts the holders
 * of idle work.
 */
export async function watchWorkflow(input: WatchRoundInput = {}): Promise<WatchRoundResult> {
  return watchRound(input);
}
