import { parseDuration } from './duration';
import { fromZoned, toZoned } from './time-zone';

/** Whether the local date of `instant` in `timeZone` is Monday to Friday (no holiday calendar yet). */
export function isBusinessDay(instant: Date, timeZone: string): boolean {
  const local = toZoned(instant, timeZone);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The same local wall-clock time `days` business days later in `timeZone`, skipping
 * Saturdays and Sundays: Friday 17:00 plus 1 is Monday 17:00, Saturday plus 1 is Monday.
 */
export function addBusinessDays(instant: Date, days: number, timeZone: string): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`business days must be a whole number >= 0, got ${days}`);
  }
  if (days === 0) return new Date(instant.getTime());
  const local = toZoned(instant, timeZone);
  let offset = 0;
  let counted = 0;
  while (counted < days) {
    offset += 1;
    const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day + offset)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted += 1;
  }
  const target = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
  return fromZoned(
    {
      ...local,
      year: target.getUTCFullYear(),
      month: target.getUTCMonth() + 1,
      day: target.getUTCDate(),
    },
    timeZone,
  );
}

/**
 * When a DSL duration started at `instant` runs out: fixed durations add their length
 * (a day is 24 hours), business days follow {@link addBusinessDays} in `timeZone`.
 */
export function addDuration(instant: Date, duration: string, timeZone: string): Date {
  const value = parseDuration(duration);
  if (!value) throw new RangeError(`not a duration: ${JSON.stringify(duration)}`);
  if (value.kind === 'business_days') return addBusinessDays(instant, value.days, timeZone);
  return new Date(instant.getTime() + value.seconds * 1000);
}
