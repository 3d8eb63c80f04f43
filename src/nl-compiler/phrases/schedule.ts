import { durationText, parseCron } from '../../dsl';
import type { Match } from './match';
import { PIECES, type PartOfDay, type Period, type PieceFacts } from './schedule-pieces';
import { guessHour, type TimeOfDay } from './times-of-day';

/** A recurring schedule: a cron expression or a fixed interval, and the zone if one was named. */
export interface Schedule {
  cron?: string;
  every?: string;
  timeZone?: string;
  /** No time of day was given, so one was assumed (midnight, or the part of day named). */
  assumedTime?: boolean;
}

// Words that can start a recurring phrase; a cheap test before the piece-by-piece scan.
const RECURRING_HINT =
  /\b(?:every|each|daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly|once|twice|times|(?:mon|tues|wednes|thurs|fri|satur|sun)days|week\s?days|weekends|business\s+days|working\s+days|of\s+(?:every|each|the|a)\s+(?:month|quarter))\b/gi;
const GLUE = /\s*,?\s*(?:(?:and|&)\s+)?/y;
const WORD_START = /(?<![\w@])[\w@]/g;
const SENTENCE_END = /[.;!?]\s|\n/g;
const PART_HOURS: Record<PartOfDay, number> = { morning: 9, afternoon: 14, evening: 18, night: 21 };

interface Chain {
  start: number;
  end: number;
  facts: PieceFacts[];
}

function pieceAt(text: string, index: number): { facts: PieceFacts; end: number } | undefined {
  for (const piece of PIECES) {
    piece.regex.lastIndex = index;
    const match = piece.regex.exec(text);
    if (!match || match[0].length === 0) continue;
    const facts = piece.read(match.groups ?? {});
    if (facts) return { facts, end: index + match[0].length };
  }
  return undefined;
}

function chainFrom(text: string, start: number): Chain | undefined {
  const first = pieceAt(text, start);
  if (!first) return undefined;
  const chain: Chain = { start, end: first.end, facts: [first.facts] };
  for (;;) {
    GLUE.lastIndex = chain.end;
    const glue = GLUE.exec(text);
    const next = pieceAt(text, glue ? GLUE.lastIndex : chain.end);
    if (!next) break;
    const previous = chain.facts[chain.facts.length - 1];
    // A bare zone word ("Eastern") counts only right after a time.
    if (next.facts.zoneNeedsTime && previous?.time === undefined) break;
    chain.facts.push(next.facts);
    chain.end = next.end;
  }
  return chain.facts.some((facts) => facts.recurring) ? chain : undefined;
}

function resolveHour(time: TimeOfDay & { bare: boolean }, part: PartOfDay | undefined) {
  if (!time.bare || time.hour > 12) return time.hour;
  if (part === 'morning') return time.hour % 12;
  if (part !== undefined) return part === 'night' && time.hour === 12 ? 0 : (time.hour % 12) + 12;
  return guessHour(time.hour) ?? time.hour;
}

/**
 * The cron month field: the months of the dates said ("on 1 February, 1 May …"), every third
 * month from a quarterly date, or from the period alone. Undefined when one cron line cannot
 * say it: dates on different days, or "twice a year" without its two dates.
 */
function monthsOf(facts: readonly PieceFacts[], period: Period | undefined): string | undefined {
  const dates = facts.filter((piece) => piece.month !== undefined);
  const months = [...new Set(dates.map((date) => date.month ?? 1))];
  if (new Set(dates.map((date) => date.dayOfMonth)).size > 1) return undefined;
  const times = facts.find(
    (piece) => piece.period === 'year' && piece.timesPerPeriod,
  )?.timesPerPeriod;
  // "once a year" alone is "every year"; "twice a year" needs its two dates.
  if (times !== undefined && (months.length > 0 ? times !== months.length : times > 1))
    return undefined;
  const quarterly = facts.some((piece) => piece.period === 'quarter');
  const first = months[0];
  if (quarterly && months.length === 1 && first !== undefined) {
    months.push(...[3, 6, 9].map((step) => ((first - 1 + step) % 12) + 1));
  }
  if (months.length > 0) return months.sort((a, b) => a - b).join(',');
  return period === 'quarter' ? '1,4,7,10' : period === 'year' ? '1' : '*';
}

function scheduleOf(facts: PieceFacts[]): Schedule | undefined {
  const merged: PieceFacts = {};
  const times: (TimeOfDay & { bare: boolean })[] = [];
  for (const piece of facts) {
    if (piece.time) times.push(piece.time);
    Object.assign(merged, { ...piece, time: undefined });
    if (piece.recurring) merged.recurring = true;
  }
  const zone = merged.zone === undefined ? {} : { timeZone: merged.zone };
  const { interval } = merged;
  if (interval && !(interval.unit === 'day' && times.length > 0)) {
    if (times.length > 0 || merged.weekdays !== undefined || merged.dayOfMonth !== undefined) {
      // "every 2 weeks on Monday at 9am" is not one cron line; fall back to the interval alone.
      if (interval.unit === 'minute' || interval.unit === 'hour') return undefined;
    }
    const seconds = { minute: 60, hour: 3600, day: 86_400, week: 604_800 } as const;
    const every =
      interval.unit === 'business_day'
        ? durationText({ kind: 'business_days', days: interval.amount })
        : durationText({ kind: 'fixed', seconds: interval.amount * seconds[interval.unit] });
    return { every, ...zone };
  }
  let hours: number[];
  let minute: number;
  let assumedTime = false;
  if (times.length > 0) {
    hours = [...new Set(times.map((time) => resolveHour(time, merged.partOfDay)))].sort(
      (a, b) => a - b,
    );
    minute = times[0]?.minute ?? 0;
  } else {
    assumedTime = true;
    minute = 0;
    hours =
      merged.timesPerPeriod === 2 && merged.period === 'day'
        ? [9, 17]
        : [merged.partOfDay ? PART_HOURS[merged.partOfDay] : 0];
  }
  const { period } = merged;
  const yearly = period === 'year';
  const dayOfMonth =
    merged.dayOfMonth ?? (period === 'month' || period === 'quarter' || yearly ? 1 : undefined);
  const months = monthsOf(facts, period);
  if (months === undefined) return undefined;
  const weekdays = merged.weekdays ?? (period === 'week' && dayOfMonth === undefined ? 'MON' : '*');
  const dom =
    interval?.unit === 'day' && interval.amount > 1
      ? `*/${interval.amount}`
      : String(dayOfMonth ?? '*');
  const cron = `${minute} ${hours.join(',')} ${dom} ${months} ${weekdays}`;
  if (!parseCron(cron).ok) return undefined;
  return { cron, ...zone, ...(assumedTime ? { assumedTime } : {}) };
}

function sentenceStart(text: string, index: number): number {
  let start = 0;
  for (const end of text.matchAll(SENTENCE_END)) {
    if (end.index >= index) break;
    start = end.index + end[0].length;
  }
  return start;
}

/** A recurring schedule phrase ("Every Monday at 9am", "every 15 minutes") → cron or interval, plus zone. */
export function findSchedule(text: string): Match<Schedule> | undefined {
  return readSchedules(text).found;
}

/**
 * The first schedule phrase of `text`; when there is none, the first recurring phrase that one
 * cron line cannot say ("every year on 1 March and 15 September", "twice a year" without dates).
 */
export function readSchedules(text: string): {
  found?: Match<Schedule>;
  unsupported?: Match<string>;
} {
  let unsupported: Match<string> | undefined;
  for (const hint of text.matchAll(RECURRING_HINT)) {
    const from = sentenceStart(text, hint.index);
    WORD_START.lastIndex = from;
    for (
      let word = WORD_START.exec(text);
      word && word.index <= hint.index;
      word = WORD_START.exec(text)
    ) {
      const chain = chainFrom(text, word.index);
      if (!chain || chain.end <= hint.index) continue;
      const value = scheduleOf(chain.facts);
      if (value) return { found: { value, start: chain.start, end: chain.end } };
      const words = text.slice(chain.start, chain.end);
      unsupported ??= { value: words, start: chain.start, end: chain.end };
    }
  }
  return unsupported ? { unsupported } : {};
}
