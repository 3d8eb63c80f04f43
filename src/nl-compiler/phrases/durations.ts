import { durationText } from '../../dsl';
import type { Match } from './match';
import { NUMBER_SOURCE, parseNumber } from './number-words';

const UNIT_WORD =
  '(?:business|working|work|school|office|banking|trading)[\\s-]+days?|workdays?|week[\\s-]?days?|fortnights?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|bds?';
// Single-letter units only count when glued to digits ("48h"), never after a word ("an d").
const LETTER_UNIT = '[hdwms]';

const DURATION = new RegExp(
  '(?<![\\w$€£.,])(?:' +
    `(?<half>half(?:\\s+an?)?|an?\\s+half)[\\s-]+(?<halfUnit>${UNIT_WORD})` +
    `|(?<num>${NUMBER_SOURCE})(?<halfBefore>\\s+and\\s+a\\s+half)?(?:\\s*-\\s*|\\s+)(?<unit>${UNIT_WORD})(?<halfAfter>\\s+and\\s+a\\s+half)?` +
    `|(?<digits>\\d+(?:\\.\\d+)?)\\s?(?<shortUnit>${UNIT_WORD}|${LETTER_UNIT})` +
    ')(?![\\w])',
  'gi',
);
const JOINER = /^\s*,?\s*(?:and\s+)?$/i;

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 } as const;
// ISO durations in the DSL allow six digits of days.
const MAX_SECONDS = 1_000_000 * UNIT_SECONDS.day;
type FixedUnit = keyof typeof UNIT_SECONDS;
type Unit = FixedUnit | 'fortnight' | 'business_day';

function unitOf(word: string): Unit {
  const lower = word.toLowerCase();
  if (/^(?:business|working|work|school|office|banking|trading|week[\s-]?day|bd)/.test(lower))
    return 'business_day';
  if (lower.startsWith('f')) return 'fortnight';
  if (lower.startsWith('w')) return 'week';
  if (lower.startsWith('d')) return 'day';
  if (lower.startsWith('h')) return 'hour';
  if (lower.startsWith('m')) return 'minute';
  return 'second';
}

interface Found extends Match<string> {
  /** Seconds of the largest unit, to merge "2 hours and 30 minutes" only from big to small. */
  unitSize: number;
  seconds?: number;
}

function build(amount: number, unit: Unit, start: number, end: number): Found | undefined {
  if (!(amount > 0) || !Number.isFinite(amount)) return undefined;
  if (unit === 'business_day') {
    // The DSL writes business days with at most four digits.
    if (!Number.isInteger(amount) || amount > 9999) return undefined;
    return {
      value: durationText({ kind: 'business_days', days: amount }),
      start,
      end,
      unitSize: 0,
    };
  }
  const unitSize = unit === 'fortnight' ? 2 * UNIT_SECONDS.week : UNIT_SECONDS[unit];
  const seconds = amount * unitSize;
  if (!Number.isInteger(seconds) || seconds >= MAX_SECONDS) return undefined;
  return { value: durationText({ kind: 'fixed', seconds }), start, end, unitSize, seconds };
}

function fromGroups(groups: Record<string, string | undefined>, start: number, end: number) {
  if (groups.halfUnit !== undefined) return build(0.5, unitOf(groups.halfUnit), start, end);
  if (groups.unit !== undefined && groups.num !== undefined) {
    const amount = parseNumber(groups.num);
    if (amount === undefined) return undefined;
    const unit = unitOf(groups.unit);
    // "a second approval" is an ordinal, not one second.
    if (unit === 'second' && /^an?$/i.test(groups.num.trim())) return undefined;
    const half = groups.halfBefore !== undefined || groups.halfAfter !== undefined ? 0.5 : 0;
    return build(amount + half, unit, start, end);
  }
  if (groups.digits !== undefined && groups.shortUnit !== undefined) {
    return build(Number(groups.digits), unitOf(groups.shortUnit), start, end);
  }
  return undefined;
}

/** Every duration phrase in `text`, left to right, not overlapping, as DSL durations ("PT48H", "2bd"). */
export function findDurations(text: string): Match<string>[] {
  const found: Found[] = [];
  for (const match of text.matchAll(DURATION)) {
    const start = match.index;
    const next = fromGroups(match.groups ?? {}, start, start + match[0].length);
    if (!next) continue;
    const previous = found[found.length - 1];
    if (
      previous?.seconds !== undefined &&
      next.seconds !== undefined &&
      previous.unitSize > next.unitSize &&
      JOINER.test(text.slice(previous.end, next.start))
    ) {
      const seconds = previous.seconds + next.seconds;
      found[found.length - 1] = {
        value: durationText({ kind: 'fixed', seconds }),
        start: previous.start,
        end: next.end,
        unitSize: next.unitSize,
        seconds,
      };
    } else found.push(next);
  }
  return found.map(({ value, start, end }) => ({ value, start, end }));
}
