import type { IntakeField } from '../dsl';
import { fieldName } from './fields';

// English conditions into the DSL's expression language: "the amount is over $10,000" →
// `amount > 10000`; "if rejected" → `rejected`; "claims of $200 or more" → `amount >= 200`.

const COMPARATORS: readonly [RegExp, string][] = [
  [/^(?:is |are )?(?:at least|no less than|not less than|a minimum of|minimum)\s+(.+)$/, '>='],
  [/^(?:is |are )?(?:at most|no more than|not more than|up to|a maximum of|maximum)\s+(.+)$/, '<='],
  [/^(.+?)\s+or (?:more|above|higher|greater|over)$/, '>='],
  [/^(.+?)\s+or (?:less|below|lower|under|fewer)$/, '<='],
  [
    /^(?:is |are )?(?:over|above|more than|greater than|higher than|larger than|exceeds?|exceeding|beyond|in excess of)\s+(.+)$/,
    '>',
  ],
  [/^(?:is |are )?(?:under|below|less than|lower than|smaller than|fewer than)\s+(.+)$/, '<'],
  [/^(?:is not|isn't|is no longer|are not|aren't|does not equal|doesn't equal|not)\s+(.+)$/, '!='],
  [/^(?:is|are|equals?|is equal to|becomes|is set to|reaches)\s+(.+)$/, '=='],
];

const OUTCOMES: readonly [RegExp, string][] = [
  [
    /^(?:it |they |the request |the item |this |either of them |either |either one |any of them |anyone |any approver |one of them |someone |one |any )?(?:is |was |are |were |gets |get |got |has been |have been )?(?:rejected|rejects(?: it)?|reject(?: it)?|declined|declines(?: it)?|denied|denies(?: it)?|turned down|says? no)$/,
    'rejected',
  ],
  [
    /^(?:it |they |the request |the item |this |both |all )?(?:is |was |are |were |gets |get |got |has been |have been )?(?:approved|approves?(?: it)?|accepted|signed off|say yes|says yes)$/,
    'approved',
  ],
  [
    /^(?:it |they |the event |the signature |the reply |the response )?(?:does not|doesn't|did not|didn't|do not|don't|has not|hasn't|have not|haven't) (?:arrive|come|come back|happen|respond|answer|reply|get there|show up)(?: in time| on time| by then)?$/,
    'timed_out',
  ],
  [
    /^(?:it |the request |the approval |the task |the wait )?(?:times out|timed out|expires|expired|runs out|ran out)$/,
    'timed_out',
  ],
];

/** Numbers and money as the caller's phrase parsers read them. */
export interface NumberReaders {
  money(text: string): number | undefined;
  number(text: string): number | undefined;
}

/** A literal for the expression language: numbers plain, money without $ and commas, words quoted. */
function literal(text: string, readers: NumberReaders): string | undefined {
  const value = text
    .trim()
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/[.,;]+$/, '');
  const amount = readers.money(value);
  if (amount !== undefined) return String(amount);
  const percent = /^(\d+(?:\.\d+)?)\s*(?:%|percent)$/.exec(value);
  if (percent) return percent[1];
  const n = readers.number(value);
  if (n !== undefined) return String(n);
  if (/^(?:true|yes)$/.test(value)) return 'true';
  if (/^(?:false|no)$/.test(value)) return 'false';
  if (/^[a-z][a-z0-9_-]*$/.test(value)) return JSON.stringify(value);
  return undefined;
}

/** The field a subject phrase names, matched against the flow's fields (and the built-ins). */
function subjectField(subject: string, fields: readonly IntakeField[]): string | undefined {
  const name = fieldName(subject);
  if (name === 'status' || name === 'priority') return name;
  if (fields.some((field) => field.name === name)) return name;
  // "the spend" for "annual_spend", "the percent" for "discount_percent".
  const byTail = fields.filter(
    (field) =>
      field.name.endsWith(`_${name}`) ||
      name.endsWith(`_${field.name}`) ||
      field.name.startsWith(`${name}_`),
  );
  return byTail.length === 1 ? byTail[0]?.name : undefined;
}

/** Reads an English condition into an expression, or undefined if it is not one we understand. */
export function readCondition(
  phrase: string,
  fields: readonly IntakeField[],
  readers: NumberReaders,
): string | undefined {
  const text = phrase
    .trim()
    .toLowerCase()
    .replace(/[.,;]+$/, '')
    .replace(/^(?:it is|it's)\s+/, '');
  const whole = phrase
    .trim()
    .toLowerCase()
    .replace(/[.,;]+$/, '');
  // "it is resolved", "the incident is closed": the work item's status.
  const status =
    /^(?:it|the (?:request|ticket|incident|item|case|order|issue|claim|work item|task|problem))\s+(?:is|becomes|gets|has been)\s+([a-z][a-z_-]*)$/.exec(
      whole,
    );
  if (
    status?.[1] &&
    !/^(?:not|no|over|under|above|below|more|less|at|approved|rejected|declined|denied|accepted|overdue|late)$/.test(
      status[1],
    )
  ) {
    return `status == ${JSON.stringify(status[1])}`;
  }
  for (const [pattern, outcome] of OUTCOMES) if (pattern.test(text)) return outcome;
  const parts =
    /^(.+?)\s+((?:is|are|equals?|exceeds?|reaches|becomes|isn't|aren't|does not|doesn't)\b.*)$/.exec(
      text,
    );
  if (!parts?.[1] || !parts[2]) return undefined;
  const field = subjectField(parts[1], fields);
  if (!field) return undefined;
  return comparison(field, parts[2], readers);
}

/** `<field> <op> <value>` from the words after the field: "is over $10,000", "of $200 or more". */
export function comparison(
  field: string,
  rest: string,
  readers: NumberReaders,
): string | undefined {
  const text = rest
    .trim()
    .toLowerCase()
    .replace(/^(?:of|with|at)\s+/, '');
  for (const [pattern, operator] of COMPARATORS) {
    const match = pattern.exec(text);
    if (!match?.[1]) continue;
    const value = literal(match[1], readers);
    if (value !== undefined) return `${field} ${operator} ${value}`;
  }
  return undefined;
}
