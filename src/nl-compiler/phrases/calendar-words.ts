// Day and month names as they appear in schedules: "Mon", "Tuesdays", "Sept.", "January".

const DAY_CODES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** Regex source for one weekday name, full or abbreviated, singular or plural ("Mon", "Tuesdays"). */
export const WEEKDAY_SOURCE =
  '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)days?|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\\.?)(?![\\w])';

/** Regex source for a list or range of weekdays: "Tuesday and Thursday", "Mon, Wed & Fri", "Monday to Friday". */
export const WEEKDAY_LIST_SOURCE = `${WEEKDAY_SOURCE}(?:\\s*(?:,\\s*and|,|&|and|or|through|thru|to|-|–)\\s*${WEEKDAY_SOURCE})*`;

/** Regex source for a month name, full or abbreviated. */
export const MONTH_SOURCE =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?)(?![\\w])';

const MONTH_PREFIXES = ['ja', 'f', 'mar', 'ap', 'may', 'jun', 'jul', 'au', 's', 'o', 'n', 'd'];

/** The month number (1-12) of a month name. */
export function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_PREFIXES.findIndex((prefix) => lower.startsWith(prefix)) + 1;
}

/** The weekday number (0 = Sunday) of a weekday name. */
export function weekdayNumber(name: string): number {
  const lower = name.toLowerCase();
  return DAY_CODES.findIndex((code) => lower.startsWith(code.toLowerCase().slice(0, 2)));
}

const WEEKDAY_ITEM = new RegExp(WEEKDAY_SOURCE, 'gi');
const RANGE_JOINER = /^\s*(?:through|thru|to|-|–)\s*$/i;
// Cron order with Sunday last, the way people list a week.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** The cron day-of-week field for a weekday list ("Tuesday and Thursday" → "TUE,THU", "Mon-Fri" → "1-5"). */
export function weekdayField(list: string): string {
  const days = new Set<number>();
  let previous: { day: number; end: number } | undefined;
  for (const item of list.matchAll(WEEKDAY_ITEM)) {
    const day = weekdayNumber(item[0]);
    if (previous && RANGE_JOINER.test(list.slice(previous.end, item.index))) {
      for (let next = previous.day; next !== day; next = (next + 1) % 7) days.add(next);
    }
    days.add(day);
    previous = { day, end: item.index + item[0].length };
  }
  return formatWeekdays(days);
}

/** The cron day-of-week field for a set of weekdays, "1-5" for Monday to Friday. */
export function formatWeekdays(days: ReadonlySet<number>): string {
  if (days.size === 5 && [1, 2, 3, 4, 5].every((day) => days.has(day))) return '1-5';
  return WEEK_ORDER.filter((day) => days.has(day))
    .map((day) => DAY_CODES[day])
    .join(',');
}
