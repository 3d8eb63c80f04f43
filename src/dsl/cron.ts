/** The values a five-field cron expression fires on. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0-6, Sunday is 0 (a 7 in the text is folded into 0). */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Whether day-of-month and day-of-week were restricted (not `*`); cron ORs them when both are. */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

/** The result of {@link parseCron}. */
export type CronResult = { ok: true; schedule: CronSchedule } | { ok: false; message: string };

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { label: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

// The longest each month can be (February counts leap years, so "0 0 29 2 *" is valid).
const MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function readValue(text: string, spec: FieldSpec): number | string {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return spec.label === 'month' ? named + 1 : named;
  if (!/^\d{1,2}$/.test(text)) return `"${text}" is not a ${spec.label}`;
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    return `${spec.label} ${value} is outside ${spec.min}-${spec.max}`;
  }
  return value;
}

function readField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const element of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(element);
    if (!match?.[1]) return `"${element}" is not a valid ${spec.label} element`;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return `the step in "${element}" must be at least 1`;
    let low = spec.min;
    let high = spec.max;
    const range = match[1];
    if (range !== '*') {
      const [first, last, extra] = range.split('-');
      if (first === undefined || extra !== undefined) return `"${element}" is not a valid range`;
      const start = readValue(first, spec);
      if (typeof start === 'string') return start;
      const end =
        last === undefined ? (match[2] === undefined ? start : spec.max) : readValue(last, spec);
      if (typeof end === 'string') return end;
      if (end < start) return `the range "${range}" goes backwards`;
      low = start;
      high = end;
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

/** Parses a standard five-field cron expression (`min hour dom month dow`), names allowed. */
export function parseCron(expression: string): CronResult {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    };
  }
  const sets: Set<number>[] = [];
  for (const [index, spec] of FIELDS.entries()) {
    const parsed = readField(fields[index] ?? '', spec);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    sets.push(parsed);
  }
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = sets;
  if (!minutes || !hours || !daysOfMonth || !months || !rawDaysOfWeek) {
    return { ok: false, message: 'a cron expression has 5 fields' };
  }
  const daysOfWeek = new Set([...rawDaysOfWeek].map((day) => day % 7));
  const schedule: CronSchedule = {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    // Like cron itself, a field starting with * (even */2) does not restrict the day.
    dayOfMonthRestricted: !(fields[2] ?? '*').startsWith('*'),
    dayOfWeekRestricted: !(fields[4] ?? '*').startsWith('*'),
  };
  if (schedule.dayOfMonthRestricted && !schedule.dayOfWeekRestricted && !firesOnSomeDay(schedule)) {
    return { ok: false, message: 'the cron expression never fires: no chosen month has that day' };
  }
  return { ok: true, schedule };
}

function firesOnSomeDay(schedule: CronSchedule): boolean {
  for (const month of schedule.months) {
    for (const day of schedule.daysOfMonth) {
      if (day <= (MONTH_LENGTHS[month - 1] ?? 0)) return true;
    }
  }
  return false;
}
