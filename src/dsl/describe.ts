import type { Action } from './action';
import { parseCron } from './cron';
import { parseDuration } from './duration';
import type { Expression } from './expression/ast';
import { parseExpression } from './expression/parser';
import type { Party } from './party';

// Plain-English phrases for the parts of a flow, shared by `explain` and `diagram`.

// Slugs are lowercase; these words read as acronyms ("the CFO", "the IT ops team").
const ACRONYMS = new Set(
  'ap ar ceo cfo cio ciso coo cto crm hr it qa sre ux ui vp pr pm'.split(' '),
);

/** A slug or snake_case name as words, acronyms in capitals: `it-ops` → "IT ops". */
export function words(name: string): string {
  return name
    .split(/[-_]/)
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word))
    .join(' ');
}

/** "the requester's manager", "the finance director", "the IT ops team (round-robin)". */
export function describeParty(party: Party): string {
  switch (party.type) {
    case 'requester':
      return 'the requester';
    case 'manager':
      return "the requester's manager";
    case 'assignee':
      return 'whoever holds the item';
    case 'role':
      return `the ${words(party.role)}`;
    case 'team': {
      const how = {
        direct: ' (a queue: first to claim)',
        round_robin: ' (round-robin)',
        least_loaded: ' (to the member with the fewest open tasks)',
        unset: '',
      }[party.assignment ?? 'unset'];
      return `the ${words(party.team)} team${how}`;
    }
    case 'person':
      return party.email;
  }
}

/** "a", "a and b", "a, b and c" (or with `or`). */
export function listWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** The parties of a list, in words. */
export function describeParties(parties: readonly Party[], conjunction: 'and' | 'or' = 'and') {
  return listWords(parties.map(describeParty), conjunction);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2 days", "1 day 12 hours", "3 business days". */
export function describeDuration(duration: string): string {
  const value = parseDuration(duration);
  if (!value) return duration;
  if (value.kind === 'business_days') return plural(value.days, 'business day');
  const parts: string[] = [];
  let rest = value.seconds;
  for (const [unit, size] of [
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(plural(count, unit));
    rest %= size;
  }
  return parts.join(' ') || '0 seconds';
}

/** What an action does, as an imperative: "escalate to the CFO", "approve automatically". */
export function describeAction(action: Action): string {
  switch (action.type) {
    case 'escalate':
      return `escalate to ${describeParty(action.to)}`;
    case 'reassign':
      return `reassign to ${describeParty(action.to)}`;
    case 'approve':
      return 'approve automatically';
    case 'reject':
      return 'reject automatically';
    case 'remind':
      return 'send a reminder and keep waiting';
    case 'cancel':
      return 'cancel the run';
    case 'notify':
      return `notify ${describeParties(action.to)}${action.message ? ` ("${action.message}")` : ''}`;
  }
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);
const twoDigits = (n: number) => String(n).padStart(2, '0');

/** A cron expression in words where it is simple ("every weekday at 17:00"), else the expression. */
export function describeCron(cron: string): string {
  const parsed = parseCron(cron);
  if (!parsed.ok) return `on the cron schedule "${cron}"`;
  const s = parsed.schedule;
  const minutes = sorted(s.minutes);
  const hours = sorted(s.hours);
  if (minutes.length !== 1 || hours.length > 4) return `on the cron schedule "${cron.trim()}"`;
  const times = listWords(hours.map((h) => `${twoDigits(h)}:${twoDigits(minutes[0] ?? 0)}`));
  const days = sorted(s.daysOfWeek);
  let when: string;
  if (s.dayOfWeekRestricted && !s.dayOfMonthRestricted) {
    when =
      days.join(',') === '1,2,3,4,5'
        ? 'every weekday (Monday to Friday)'
        : `every ${listWords(days.map((d) => DAY_NAMES[d] ?? String(d)))}`;
  } else if (s.dayOfMonthRestricted && !s.dayOfWeekRestricted) {
    when = `on day ${listWords(sorted(s.daysOfMonth).map(String))} of`;
    when += s.months.size === 12 ? ' every month' : '';
  } else if (!s.dayOfMonthRestricted && !s.dayOfWeekRestricted) {
    when = 'every day';
  } else {
    return `on the cron schedule "${cron.trim()}"`;
  }
  const months =
    s.months.size === 12
      ? ''
      : ` ${listWords(sorted(s.months).map((m) => MONTH_NAMES[m - 1] ?? ''))}`;
  const inMonths = months && !when.endsWith(' of') ? ` in${months}` : months;
  return `${when}${inMonths} at ${times}`;
}

const COMPARE_WORDS = {
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  '==': 'is',
  '!=': 'is not',
} as const;

const OUTCOME_WORDS = {
  approved: 'was approved',
  rejected: 'was rejected',
  timed_out: 'timed out',
} as const;

function expressionWords(node: Expression): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? `"${node.value}"` : String(node.value);
    case 'field':
      return words(node.name);
    case 'outcome':
      return `${node.step ? `step ${node.step}` : 'it'} ${OUTCOME_WORDS[node.outcome]}`;
    case 'not':
      return `not (${expressionWords(node.operand)})`;
    case 'logical':
      return `${expressionWords(node.left)} ${node.operator} ${expressionWords(node.right)}`;
    case 'compare':
      return `${expressionWords(node.left)} ${COMPARE_WORDS[node.operator]} ${expressionWords(node.right)}`;
    case 'in': {
      const options = listWords(node.list.map(expressionWords), 'or');
      return `${expressionWords(node.value)} is ${node.negated ? 'not ' : ''}${options}`;
    }
  }
}

/** A condition in words ("amount is more than 10000"); the source text if it does not parse. */
export function describeCondition(condition: string): string {
  const parsed = parseExpression(condition);
  return parsed.ok ? expressionWords(parsed.expression) : condition;
}
