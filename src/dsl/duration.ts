import { z } from 'zod';

// Weeks, days, hours, minutes and seconds: years and months have no fixed length. Seconds are
// rare in work management but let short-lived flows (tests, demos) run in real time.
const ISO_DURATION =
  /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/;
const BUSINESS_DAYS = /^(\d{1,4})bd$/;
const OUTLINE_DURATION = /^(\d{1,7})(m|h|d|w|bd)$/;

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** A parsed duration: a fixed length in seconds, or a number of business days (weekends skipped). */
export type DurationValue =
  | { readonly kind: 'fixed'; readonly seconds: number }
  | { readonly kind: 'business_days'; readonly days: number };

/** Reads a DSL duration (`PT4H`, `P2D`, `P1W`, `P1DT12H`, `2bd`); undefined if it is not one. */
export function parseDuration(text: string): DurationValue | undefined {
  const bd = BUSINESS_DAYS.exec(text);
  if (bd) return { kind: 'business_days', days: Number(bd[1]) };
  const iso = ISO_DURATION.exec(text);
  if (!iso) return undefined;
  const [, weeks, days, hours, minutes, seconds] = iso;
  // "P" alone and a "T" with nothing after it are not ISO 8601.
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return undefined;
  if (text.endsWith('T')) return undefined;
  const total =
    Number(weeks ?? 0) * SECONDS.w +
    Number(days ?? 0) * SECONDS.d +
    Number(hours ?? 0) * SECONDS.h +
    Number(minutes ?? 0) * SECONDS.m +
    Number(seconds ?? 0);
  return { kind: 'fixed', seconds: total };
}

const DURATION_HELP =
  'a duration is ISO 8601 in weeks, days, hours, minutes and seconds (PT4H, P2D, P1W, P1DT12H, PT30S) or business days (2bd)';

/** A positive duration: ISO 8601 (`PT4H`, `P2D`, `P1W`) or business days (`2bd`). */
export const Duration = z
  .string()
  .regex(/^(?:P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?|\d+bd)$/, {
    error: DURATION_HELP,
    abort: true,
  })
  .superRefine((text, ctx) => {
    const value = parseDuration(text);
    if (!value) {
      ctx.addIssue({ code: 'custom', message: DURATION_HELP, params: { code: 'bad-duration' } });
    } else if (durationAmount(value) === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'a duration must be longer than zero',
        params: { code: 'zero-duration' },
      });
    }
  })
  .meta({
    id: 'Duration',
    description:
      'ISO 8601 duration in W/D/H/M/S ("PT4H", "P2D", "P1W", "PT30S") or business days ("2bd")',
  });
export type Duration = z.infer<typeof Duration>;

function durationAmount(value: DurationValue): number {
  return value.kind === 'fixed' ? value.seconds : value.days;
}

/** Milliseconds of a fixed duration (a day is 24 hours); undefined for business days or bad text. */
export function durationToMs(duration: string): number | undefined {
  const value = parseDuration(duration);
  return value?.kind === 'fixed' ? value.seconds * 1000 : undefined;
}

/**
 * The outline form `<int><unit>` (m, h, d, w, bd), using the largest unit that is exact;
 * `s` for a length that is not whole minutes (the outline format has no seconds).
 */
export function formatDuration(duration: string | DurationValue): string {
  const value = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!value) return typeof duration === 'string' ? duration : '';
  if (value.kind === 'business_days') return `${value.days}bd`;
  const { seconds } = value;
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    if (seconds > 0 && seconds % SECONDS[unit] === 0) return `${seconds / SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

/** The canonical DSL text of a duration value (`P2DT4H`, `3bd`). */
export function durationText(value: DurationValue): Duration {
  if (value.kind === 'business_days') return `${value.days}bd`;
  const days = Math.floor(value.seconds / SECONDS.d);
  const hours = Math.floor((value.seconds % SECONDS.d) / SECONDS.h);
  const minutes = Math.floor((value.seconds % SECONDS.h) / SECONDS.m);
  const seconds = value.seconds % SECONDS.m;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (days === 0 && time === '') return 'PT0M';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Reads the outline form (`48h`, `2d`, `1bd`) into a DSL duration; undefined if it is not one. */
export function durationFromOutline(text: string): Duration | undefined {
  const match = OUTLINE_DURATION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2];
  if (amount === 0) return undefined;
  if (unit === 'bd') return `${amount}bd`;
  if (unit !== 'm' && unit !== 'h' && unit !== 'd' && unit !== 'w') return undefined;
  return durationText({ kind: 'fixed', seconds: amount * SECONDS[unit] });
}

/**
 * Orders two durations when they are comparable (both fixed, or both business days);
 * undefined otherwise, since a business day has no fixed length.
 */
export function compareDurations(a: string, b: string): number | undefined {
  const left = parseDuration(a);
  const right = parseDuration(b);
  if (!left || !right || left.kind !== right.kind) return undefined;
  return durationAmount(left) - durationAmount(right);
}
