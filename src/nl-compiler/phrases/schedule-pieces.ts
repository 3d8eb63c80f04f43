// The pieces a schedule phrase is made of, each read by a sticky regex at a given position.
import { MONTH_SOURCE, WEEKDAY_LIST_SOURCE, monthNumber, weekdayField } from './calendar-words';
import { NUMBER_SOURCE, parseNumber } from './number-words';
import { ORDINAL_SOURCE, parseOrdinal } from './ordinals';
import { TIME_OF_DAY_SOURCE, readTimeOfDay, type TimeOfDay } from './times-of-day';
import { ZONE_SOURCE, readZone } from './time-zones';

/** A part of the day that makes a bare hour am or pm ("each morning at 8"). */
export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

/** How often a schedule recurs before times of day are added. */
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** What one piece says about the schedule; pieces of a phrase are merged in order. */
export interface PieceFacts {
  /** Whether this piece makes the phrase recurring ("every", "daily", "Mondays"). */
  recurring?: boolean;
  period?: Period;
  interval?: { amount: number; unit: 'minute' | 'hour' | 'day' | 'week' | 'business_day' };
  weekdays?: string;
  dayOfMonth?: number;
  month?: number;
  /** A time, or a bare hour ("at 8") that still needs am/pm from the context. */
  time?: TimeOfDay & { bare: boolean };
  partOfDay?: PartOfDay;
  timesPerPeriod?: number;
  zone?: string;
  /** A zone word that only counts right after a time ("5pm Eastern"). */
  zoneNeedsTime?: boolean;
}

type Groups = Record<string, string | undefined>;

interface Piece {
  regex: RegExp;
  read: (groups: Groups) => PieceFacts | undefined;
}

function sticky(source: string): RegExp {
  return new RegExp(source, 'iy');
}

const EVERY = '(?:every|each)\\s+';
const DAY_NUMBER = `(?:${ORDINAL_SOURCE}|\\d{1,2})(?![\\w])`;
const INTERVAL_UNITS = /^(?:min|hour|hr|day|week|wk|fortnight|business|working|work|weekday)/i;

function unitFacts(unit: string, amount: number | undefined): PieceFacts | undefined {
  const lower = unit.toLowerCase();
  if (amount !== undefined) {
    if (!INTERVAL_UNITS.test(lower) || !Number.isInteger(amount) || amount <= 0 || amount > 9999) {
      return undefined;
    }
    if (/^(?:business|working|work|weekday)/.test(lower)) {
      return { recurring: true, interval: { amount, unit: 'business_day' } };
    }
    if (lower.startsWith('fortnight'))
      return { recurring: true, interval: { amount: amount * 2, unit: 'week' } };
    const kind = lower.startsWith('min')
      ? 'minute'
      : lower.startsWith('h')
        ? 'hour'
        : lower.startsWith('d')
          ? 'day'
          : 'week';
    return { recurring: true, interval: { amount, unit: kind } };
  }
  if (/^min/.test(lower)) return { recurring: true, interval: { amount: 1, unit: 'minute' } };
  if (/^(?:hour|hr)/.test(lower)) return { recurring: true, interval: { amount: 1, unit: 'hour' } };
  if (/^fortnight/.test(lower)) return { recurring: true, interval: { amount: 2, unit: 'week' } };
  if (/^(?:business|working|work|week\s?day)/.test(lower))
    return { recurring: true, weekdays: '1-5' };
  if (/^weekend/.test(lower)) return { recurring: true, weekdays: 'SAT,SUN' };
  for (const part of ['morning', 'afternoon', 'evening', 'night'] as const) {
    if (lower.startsWith(part)) return { recurring: true, period: 'day', partOfDay: part };
  }
  for (const period of ['day', 'week', 'month', 'quarter', 'year'] as const) {
    if (lower.startsWith(period)) return { recurring: true, period };
  }
  return undefined;
}

function dateFacts(monthName: string | undefined, day: string | undefined): PieceFacts | undefined {
  const month = monthNumber(monthName ?? '');
  const dayOfMonth = parseOrdinal(day ?? '');
  if (month < 1 || dayOfMonth === undefined || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  return { period: 'year', month, dayOfMonth };
}

const ADVERB_PERIODS: Record<string, Period> = {
  daily: 'day',
  nightly: 'day',
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  annually: 'year',
  yearly: 'year',
};

/** The pieces, tried in order at each position. */
export const PIECES: readonly Piece[] = [
  {
    // "every year on January 1", "every 1st of March", "each Jan 15th"
    regex: sticky(
      `${EVERY}(?:year\\s+on\\s+)?(?:(?<m>${MONTH_SOURCE})\\s+(?:the\\s+)?(?<d>${DAY_NUMBER})|(?:the\\s+)?(?<d2>${ORDINAL_SOURCE})(?:\\s+day)?\\s+of\\s+(?<m2>${MONTH_SOURCE})|(?<d3>${DAY_NUMBER})\\s+(?<m3>${MONTH_SOURCE})(?![\\w]))`,
    ),
    read: (g) => {
      const facts = dateFacts(g.m ?? g.m2 ?? g.m3, g.d ?? g.d2 ?? g.d3);
      return facts && { ...facts, recurring: true };
    },
  },
  {
    // "on the 1st of every month", "the first day of each quarter", "every 15th of the month"
    regex: sticky(
      `(?:on\\s+)?(?:(?<every>every|each)\\s+|the\\s+)(?:(?:very\\s+)?(?<d>${ORDINAL_SOURCE}))(?:\\s+day)?\\s+of\\s+(?:(?<each>every|each)\\s+|the\\s+|a\\s+)?(?<period>month|quarter)(?![\\w])`,
    ),
    read: (g) => {
      const dayOfMonth = parseOrdinal(g.d ?? '');
      if (dayOfMonth === undefined || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
      const period = g.period?.toLowerCase() === 'quarter' ? 'quarter' : 'month';
      return { recurring: true, period, dayOfMonth };
    },
  },
  {
    // "every Tuesday and Thursday", "each Mon-Fri"
    regex: sticky(`${EVERY}(?<list>${WEEKDAY_LIST_SOURCE})`),
    read: (g) => ({ recurring: true, weekdays: weekdayField(g.list ?? '') }),
  },
  {
    // "every hour", "every 15 minutes", "every other day", "each morning", "every weekday"
    regex: sticky(
      `${EVERY}(?:(?<other>other|second)\\s+|(?<n>${NUMBER_SOURCE})\\s+)?(?<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|fortnights?|(?:business|working|work)\\s+days?|week\\s?days?|workdays?|weekends?|mornings?|afternoons?|evenings?|nights?)(?![\\w])`,
    ),
    read: (g) => {
      const amount = g.other !== undefined ? 2 : g.n === undefined ? undefined : parseNumber(g.n);
      if (g.n !== undefined && amount === undefined) return undefined;
      return unitFacts(g.unit ?? '', amount);
    },
  },
  {
    regex: sticky(
      // "hourly rate", "the monthly fee": an adjective of a noun, not how often runs start,
      // unless it opens the text ("Monthly pipeline review: …").
      '(?:on\\s+an?\\s+)?(?<adverb>daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly)(?:\\s+basis)?(?![\\w])' +
        '(?:(?<=^(?:on\\s+an?\\s+)?[a-z]+(?:\\s+basis)?)|(?=\\s*(?:$|[,.;:!?)\\-–—]|(?:at|on|from|between|by|in|until|and|or|for|to|before|after|around|except|starting|beginning|during|through|via|with|we|they|he|she|someone|the|a|an|our|their|its|it|every|each|all|any)\\b)))',
    ),
    read: (g) => {
      const adverb = (g.adverb ?? '').toLowerCase();
      if (adverb === 'hourly') return { recurring: true, interval: { amount: 1, unit: 'hour' } };
      const period = ADVERB_PERIODS[adverb];
      return period && { recurring: true, period };
    },
  },
  {
    // "twice a day", "three times per week", "twice a year" (on the dates that follow)
    regex: sticky(
      `(?<count>once|twice|${NUMBER_SOURCE}\\s+times)\\s+(?:a|per|each|every)\\s+(?<period>day|week|month|year)(?![\\w])`,
    ),
    read: (g) => {
      const count = (g.count ?? '').toLowerCase();
      const times =
        count === 'once' ? 1 : count === 'twice' ? 2 : parseNumber(count.replace(/\s+times$/, ''));
      const period = (g.period ?? '').toLowerCase();
      if (
        times === undefined ||
        (period !== 'day' && period !== 'week' && period !== 'month' && period !== 'year')
      )
        return undefined;
      return { recurring: true, period, timesPerPeriod: times };
    },
  },
  {
    // "on weekdays", "on Mondays", "on Friday"; plural days make the phrase recurring
    regex: sticky(
      `(?:on\\s+(?<bd>week\\s?days|weekends|(?:business|working)\\s+days)(?![\\w])|(?:on\\s+)?(?<list>${WEEKDAY_LIST_SOURCE}))`,
    ),
    read: (g) => {
      if (g.bd !== undefined) return unitFacts(g.bd, undefined);
      const list = g.list ?? '';
      return { recurring: /days$/i.test(list), weekdays: weekdayField(list) };
    },
  },
  {
    // "on January 1st", "on the 15th of March", "on 1 February"
    regex: sticky(
      `(?:on\\s+)?(?:(?<m>${MONTH_SOURCE})\\s+(?:the\\s+)?(?<d>${DAY_NUMBER})|the\\s+(?<d2>${ORDINAL_SOURCE})(?:\\s+day)?\\s+of\\s+(?<m2>${MONTH_SOURCE})|(?<d3>${DAY_NUMBER})\\s+(?<m3>${MONTH_SOURCE})(?![\\w]))`,
    ),
    read: (g) => dateFacts(g.m ?? g.m2 ?? g.m3, g.d ?? g.d2 ?? g.d3),
  },
  {
    // "on the 15th" after "every month" or "monthly"
    regex: sticky(`(?:on\\s+)?the\\s+(?<d>${ORDINAL_SOURCE})(?![\\w])(?:\\s+day)?(?!\\s+of)`),
    read: (g) => {
      const dayOfMonth = parseOrdinal(g.d ?? '');
      return dayOfMonth === undefined || dayOfMonth > 31 ? undefined : { dayOfMonth };
    },
  },
  {
    regex: sticky(`(?:(?:at|@|around|by)\\s+)?${TIME_OF_DAY_SOURCE}`),
    read: (g) => {
      const time = readTimeOfDay(g);
      return time && { time: { ...time, bare: false } };
    },
  },
  {
    // A bare hour is only a time after "at": "each morning at 8".
    regex: sticky(
      '(?:at|@)\\s+(?<bare>\\d{1,2})(?:[:.](?<bareMinute>[0-5]\\d))?(?![\\w:%]|[.,]\\d)(?!\\s*(?:%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|business|working))',
    ),
    read: (g) => {
      const hour = Number(g.bare);
      if (!(hour >= 0 && hour <= 23)) return undefined;
      return { time: { hour, minute: Number(g.bareMinute ?? 0), bare: true } };
    },
  },
  {
    regex: sticky('(?:in\\s+the\\s+|at\\s+)?(?<part>morning|afternoon|evening|night)s?(?![\\w])'),
    read: (g) => {
      const part = (g.part ?? '').toLowerCase();
      return part === 'morning' || part === 'afternoon' || part === 'evening' || part === 'night'
        ? { partOfDay: part }
        : undefined;
    },
  },
  {
    regex: sticky(`(?:in\\s+)?(?:the\\s+)?${ZONE_SOURCE}`),
    read: (g) => {
      const zone = readZone(g);
      return zone && { zone: zone.zone, zoneNeedsTime: !zone.standsAlone };
    },
  },
];
