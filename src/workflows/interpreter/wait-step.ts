import { condition, sleep } from '@temporalio/workflow';
import { fromZoned, type WaitStep } from '../../dsl';
import { isoOrUndefined, type FlowRun } from './flow-run';

/**
 * A pause: for a duration, until a date (a bare date is midnight in the flow's zone) or the date in
 * a field (a missing or unreadable field does not wait), or until a named event arrives through
 * the `event` signal; past its timeout the outcome is `timed_out`.
 */
export async function runWaitStep(run: FlowRun, step: WaitStep): Promise<void> {
  run.nextKey(step.id);
  const wait = step.for;
  switch (wait.type) {
    case 'duration':
      return sleepUntil(run, step.id, run.after(wait.duration), `wait ${wait.duration}`);
    case 'date':
      return sleepUntil(run, step.id, instantOf(wait.at, run.timeZone), `wait until ${wait.at}`);
    case 'field': {
      const value = run.state.fields[wait.field];
      return sleepUntil(
        run,
        step.id,
        typeof value === 'string' ? instantOf(value, run.timeZone) : undefined,
        `wait until ${wait.field}`,
      );
    }
    case 'event': {
      const deadline = wait.timeout ? run.after(wait.timeout) : undefined;
      run.setCurrent({
        stepId: step.id,
        type: 'wait',
        pending: [],
        dueAt: isoOrUndefined(deadline),
      });
      const arrived = () => run.events.includes(wait.event);
      const received =
        deadline === undefined
          ? (await condition(arrived), true)
          : await condition(arrived, Math.max(deadline - Date.now(), 1), {
              summary: `event ${wait.event} — timeout ${wait.timeout ?? ''}`,
            });
      // Each event satisfies one wait.
      if (received) run.events.splice(run.events.indexOf(wait.event), 1);
      run.clearCurrent(step.id);
      run.recordOutcome(step.id, { timedOut: !received }, deadline !== undefined, false);
      return;
    }
  }
}

async function sleepUntil(
  run: FlowRun,
  stepId: string,
  until: number | undefined,
  summary: string,
): Promise<void> {
  if (until === undefined || until <= Date.now()) return;
  run.setCurrent({ stepId, type: 'wait', pending: [], dueAt: isoOrUndefined(until) });
  await sleep(until - Date.now(), { summary });
  run.clearCurrent(stepId);
}

// A calendar date is midnight in the flow's zone; anything else must carry its offset.
function instantOf(text: string, timeZone: string): number | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [, year, month, day] = date.map(Number);
    return fromZoned(
      { year: year!, month: month!, day: day!, hour: 0, minute: 0, second: 0, millisecond: 0 },
      timeZone,
    ).getTime();
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
