import { parseCron } from '../cron';
import { parseDuration } from '../duration';
import { forEachStep } from '../walk-steps';
import { isValidTimeZone } from '../time-zone';
import { VerifyCode } from './codes';
import type { VerifyContext } from './context';

// Temporal refuses a shorter catch-up window.
const MIN_CATCH_UP_SECONDS = 10;

/** Checks the schedule (cron, zone, start/end window, catch-up window) and the flow's time zone. */
export function checkHeader(ctx: VerifyContext): void {
  const { flow } = ctx;
  if (flow.timeZone !== undefined && !isValidTimeZone(flow.timeZone)) {
    ctx.error(VerifyCode.unknownTimeZone, `unknown IANA time zone "${flow.timeZone}"`, [
      'timeZone',
    ]);
  }
  if (flow.rebalance === true && !hasTeamWork(ctx)) {
    ctx.warning(
      VerifyCode.rebalanceWithoutTeam,
      'rebalance is on, but no task or handoff goes to a team: the watcher has no team work to move',
      ['rebalance'],
    );
  }
  const trigger = flow.trigger;
  if (trigger.type !== 'schedule') return;
  if (trigger.cron !== undefined) {
    const cron = parseCron(trigger.cron);
    if (!cron.ok) ctx.error(VerifyCode.invalidCron, cron.message, ['trigger', 'cron']);
  }
  if (trigger.every !== undefined && parseDuration(trigger.every)?.kind === 'business_days') {
    ctx.error(
      VerifyCode.intervalBusinessDays,
      'a schedule interval must have a fixed length; for business days use cron, e.g. "0 9 * * 1-5"',
      ['trigger', 'every'],
    );
  }
  if (trigger.catchUpWindow !== undefined) {
    const window = parseDuration(trigger.catchUpWindow);
    if (window?.kind !== 'fixed' || window.seconds < MIN_CATCH_UP_SECONDS) {
      ctx.error(
        VerifyCode.catchUpWindow,
        `a catch-up window must be a fixed length of at least ${MIN_CATCH_UP_SECONDS} seconds (PT10S), not "${trigger.catchUpWindow}"`,
        ['trigger', 'catchUpWindow'],
      );
    }
  }
  if (trigger.timeZone !== undefined && !isValidTimeZone(trigger.timeZone)) {
    ctx.error(VerifyCode.unknownTimeZone, `unknown IANA time zone "${trigger.timeZone}"`, [
      'trigger',
      'timeZone',
    ]);
  }
  if (trigger.start !== undefined && trigger.end !== undefined) {
    if (Date.parse(trigger.start) >= Date.parse(trigger.end)) {
      ctx.error(
        VerifyCode.scheduleWindow,
        `the schedule starts (${trigger.start}) at or after it ends (${trigger.end})`,
        ['trigger', 'start'],
      );
    }
  }
}

/** Whether a task or handoff of the flow goes to a team, the work `rebalance` lets the watcher move. */
function hasTeamWork(ctx: VerifyContext): boolean {
  let found = false;
  forEachStep(ctx.flow.steps, (step) => {
    if (step.type === 'task' && step.assignee.type === 'team') found = true;
    if (step.type === 'handoff' && step.to.type === 'team') found = true;
  });
  return found;
}
