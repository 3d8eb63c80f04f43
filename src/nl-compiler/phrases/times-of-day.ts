import type { Match } from './match';
import { UNIT_WORDS } from './number-words';

/** A wall-clock time, 24-hour. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

// one … twelve: an hour word's index + 1 is its value.
const HOUR_WORDS: readonly string[] = UNIT_WORDS.slice(1, 13);
const HOUR = `(?:\\d{1,2}|${HOUR_WORDS.join('|')})`;
const MINUTE = '(?:[:.](?<MIN>[0-5]\\d))?';
const PART_OF_DAY = 'in\\s+the\\s+(?:morning|afternoon|evening)|at\\s+night|tonight';

/** Regex source for one time of day; named groups are read by {@link readTimeOfDay}. */
export const TIME_OF_DAY_SOURCE =
  '(?<![\\w:.,$€£])(?:' +
  `(?<h1>${HOUR})${MINUTE.replace('MIN', 'm1')}\\s*(?<ampm>[ap])\\.?m\\.?(?![\\w])` +
  `|(?<h2>${HOUR})${MINUTE.replace('MIN', 'm2')}(?:\\s+o['’]?clock)?\\s+(?<part>${PART_OF_DAY})(?![\\w])` +
  `|(?<h3>${HOUR})${MINUTE.replace('MIN', 'm3')}\\s+o['’]?clock(?![\\w])` +
  '|(?<h4>[01]?\\d|2[0-3]):(?<m4>[0-5]\\d)(?![\\w:])' +
  '|(?:12(?::00)?\\s+)?(?<named>noon|midday|midnight)(?![\\w])' +
  ')';

const TIME_OF_DAY = new RegExp(TIME_OF_DAY_SOURCE, 'gi');

function hourNumber(text: string): number {
  const index = HOUR_WORDS.indexOf(text.toLowerCase());
  return index >= 0 ? index + 1 : Number(text);
}

/** The 24-hour form of a 12-hour clock hour; "afternoon" when `pm`. */
function twelveHour(hour: number, pm: boolean): number | undefined {
  if (hour < 1 || hour > 12) return undefined;
  return (hour % 12) + (pm ? 12 : 0);
}

/** A bare clock hour with no am/pm ("at 5"): business hours, so 1-6 are afternoon. */
export function guessHour(hour: number): number | undefined {
  if (hour < 0 || hour > 23) return undefined;
  return hour >= 1 && hour <= 6 ? hour + 12 : hour;
}

/** Reads the named groups of a {@link TIME_OF_DAY_SOURCE} match; undefined when the time is impossible. */
export function readTimeOfDay(groups: Record<string, string | undefined>): TimeOfDay | undefined {
  if (groups.named !== undefined) {
    return { hour: groups.named.toLowerCase() === 'midnight' ? 0 : 12, minute: 0 };
  }
  let hour: number | undefined;
  let minute: string | undefined;
  if (groups.h1 !== undefined) {
    hour = twelveHour(hourNumber(groups.h1), groups.ampm?.toLowerCase() === 'p');
    minute = groups.m1;
  } else if (groups.h2 !== undefined) {
    const part = (groups.part ?? '').toLowerCase();
    const raw = hourNumber(groups.h2);
    // "12 at night" is midnight; "12 in the afternoon" is noon.
    hour = part.endsWith('morning')
      ? twelveHour(raw, false)
      : part.includes('night') && raw === 12
        ? 0
        : twelveHour(raw, true);
    minute = groups.m2;
  } else if (groups.h3 !== undefined) {
    hour = guessHour(hourNumber(groups.h3));
    if (hourNumber(groups.h3) > 12) hour = undefined;
    minute = groups.m3;
  } else if (groups.h4 !== undefined) {
    hour = Number(groups.h4);
    minute = groups.m4;
  }
  if (hour === undefined || Number.isNaN(hour)) return undefined;
  return { hour, minute: minute === undefined ? 0 : Number(minute) };
}

/** Every time of day ("9am", "9:30am", "17:00", "noon", "5 in the afternoon"), left to right, 24-hour. */
export function findTimesOfDay(text: string): Match<TimeOfDay>[] {
  const found: Match<TimeOfDay>[] = [];
  for (const match of text.matchAll(TIME_OF_DAY)) {
    const value = readTimeOfDay(match.groups ?? {});
    if (value) found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  return found;
}
