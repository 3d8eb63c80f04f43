import { condition } from '@temporalio/workflow';
import type { FlowRun } from './flow-run';

/** What a waiting task or approval does while nobody acts. */
export interface LimitedWait {
  /** True once the step needs no more waiting. */
  done(): boolean;
  /** Who the step waits on, for timer summaries in the Web UI ("approval by manager"). */
  describe(): string;
  /** The limit in words, for timer summaries ("timeout P2D"). */
  limitText?: string;
  /** When the time limit passes (ms), if there is one. */
  deadline: number | undefined;
  /** Remind the pending people every so often. */
  remindEvery?: string;
  remind?(round: number): Promise<void>;
  /** Applies the limit's action; returns the next deadline, if the limit starts again. */
  expire?(): Promise<number | undefined>;
}

/** Waits until `done()`, sending reminders and applying the time limit on the way. */
export async function waitWithLimits(run: FlowRun, wait: LimitedWait): Promise<void> {
  let deadline = wait.deadline;
  let nextReminder = wait.remindEvery ? run.after(wait.remindEvery) : undefined;
  let round = 0;
  while (!wait.done()) {
    const next = earliest(deadline, nextReminder);
    if (next === undefined) {
      await condition(() => wait.done());
      return;
    }
    const what =
      next === deadline ? (wait.limitText ?? 'time limit') : `remind every ${wait.remindEvery}`;
    const summary = `${wait.describe()} — ${what}`;
    if (await condition(() => wait.done(), Math.max(next - Date.now(), 1), { summary })) return;
    const now = Date.now();
    if (nextReminder !== undefined && wait.remindEvery && now >= nextReminder) {
      round += 1;
      await wait.remind?.(round);
      nextReminder = run.after(wait.remindEvery, nextReminder);
    }
    if (deadline !== undefined && now >= deadline && !wait.done()) {
      deadline = await wait.expire?.();
    }
  }
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
