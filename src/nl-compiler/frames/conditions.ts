import type { IntakeField } from '../../dsl';
import { comparison, readCondition, type NumberReaders } from '../conditions';
import { fieldName } from '../fields';
import { findMoney, parseNumber } from '../phrases';
import { lower } from '../sentences';

// Conditions as people write them: "if the cost is over $2,000 or travel is required", "for
// admin access", "if it's a deletion", "claims of $200 or more", "if yes".

/** "20k", "1.5m": an amount in shorthand, when a money field is compared with it. */
function shorthand(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(k|m|bn)$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const scale = { k: 1e3, m: 1e6, bn: 1e9 }[match[2].toLowerCase() as 'k' | 'm' | 'bn'];
  return Math.round(Number(match[1]) * scale);
}

const readers: NumberReaders = {
  money: (t) => findMoney(t)[0]?.value ?? shorthand(t),
  number: parseNumber,
};

const NEGATED =
  /^(?:it |they |the \w+ )?(?:did not|didn't|does not|doesn't|has not|hasn't|was not|wasn't|is not|isn't|failed to|fails to) (\w+)$/;
const AFFIRMED = /^(?:it |they |the \w+ )?(?:did |does )?(\w+?)(?:ed|es|s)?$/;

// Verbs that answer the same yes/no question the other way round.
const OPPOSITES: Readonly<Record<string, string>> = {
  fail: 'pass',
  pass: 'fail',
  reject: 'approve',
  approve: 'reject',
  decline: 'accept',
  refuse: 'accept',
  accept: 'decline',
  lose: 'win',
  win: 'lose',
};

/** The field a verb's stem names ("pass" → passed), if a yes/no field has that name. */
function fieldOfVerb(verb: string, fields: readonly IntakeField[]): IntakeField | undefined {
  const stem = verb.replace(/(?:ed|es|s)$/, '');
  return fields.find(
    (f) => f.type === 'boolean' && f.name !== '' && (f.name === verb || f.name.startsWith(stem)),
  );
}

/** A yes/no field named by a verb: "if it didn't pass" → passed == false; "if it failed" too. */
function booleanField(text: string, fields: readonly IntakeField[]): string | undefined {
  const negated = NEGATED.exec(text);
  const verb = negated?.[1] ?? AFFIRMED.exec(text)?.[1];
  if (!verb) return undefined;
  const own = fieldOfVerb(verb, fields);
  if (own) return `${own.name} == ${negated ? 'false' : 'true'}`;
  const opposite =
    OPPOSITES[verb.replace(/(?:ed|es|s)$/, '')] ?? OPPOSITES[verb.replace(/(?:d|s)$/, '')];
  const field = opposite ? fieldOfVerb(opposite, fields) : undefined;
  return field ? `${field.name} == ${negated ? 'true' : 'false'}` : undefined;
}

/** "travel is required" → travel_required == true, when such a yes/no field exists. */
function booleanPhrase(text: string, fields: readonly IntakeField[]): string | undefined {
  const match = /^(?:the )?(.+?) (?:is|are|was|were) (not )?(.+)$/.exec(text);
  if (!match?.[1] || !match[3]) return undefined;
  const name = fieldName(`${match[1]} ${match[3]}`);
  const field = fields.find((f) => f.type === 'boolean' && f.name === name);
  if (field) return `${field.name} == ${match[2] ? 'false' : 'true'}`;
  // "recovery complete is ticked", "'paid' is unchecked": the box itself named.
  const box = /^(un)?(?:ticked|checked|selected|set|marked|true|yes)$/.exec(match[3]);
  const named = fieldName(match[1]);
  const boxField = box && fields.find((f) => f.type === 'boolean' && f.name === named);
  return boxField ? `${boxField.name} == ${!match[2] === !box[1] ? 'true' : 'false'}` : undefined;
}

/** "the child is in immediate danger": every word of a yes/no field's name, so that field. */
function booleanWords(text: string, fields: readonly IntakeField[]): string | undefined {
  const words = new Set(text.split(/[^a-z0-9]+/));
  for (const field of fields) {
    if (field.type !== 'boolean') continue;
    if (!field.name.split('_').every((w) => words.has(w))) continue;
    return `${field.name} == ${/\b(?:not|no|isn't|aren't|wasn't|doesn't|didn't|hasn't|never)\b/.test(text) ? 'false' : 'true'}`;
  }
  return undefined;
}

/** "admin access", "a deletion", "it's an emergency": a choice field's option. */
function choiceValue(text: string, fields: readonly IntakeField[]): string | undefined {
  const words = text
    .replace(/^(?:it is|it's|this is|they are|the request is)\s+/, '')
    .replace(/^(?:an?|the)\s+/, '')
    .split(/\s+/);
  // Just the option, maybe with its noun ("admin access"); a longer phrase says more than that.
  if (words.length > 3) return undefined;
  for (const field of fields) {
    if (field.type !== 'choice') continue;
    for (const option of field.options) {
      const o = option.toLowerCase();
      if (words.includes(o) || words.includes(o.replace(/s$/, '')) || words.join(' ') === o) {
        return `${field.name} == ${JSON.stringify(o)}`;
      }
    }
  }
  return undefined;
}

const COMPARATOR_START =
  /\b(?:at least|at most|no more than|no less than|not more than|not less than|over|above|under|below|more than|less than|fewer than|greater than|higher than|lower than|exceeds?|exceeding|in excess of|of|up to)\b|[$£€]\s*\d/;

/** A comparison with an amount, against the money field (or `amount`): "claims of $200 or more". */
function amountComparison(text: string, fields: readonly IntakeField[]): string | undefined {
  const money = findMoney(text)[0];
  // "more than 100 people", "1,000 or more employees": a count of something, the number field.
  const count =
    /\b(?:more|fewer|less) than (\d[\d,]*)(?=\s+(?:[a-z]+s|people|children|men|women|staff)\b)|\b(\d[\d,]*) or (?:more|fewer|less)(?=\s+(?:[a-z]+s|people|children|men|women|staff)\b)|\b(?:at least|at most) (\d[\d,]*)(?=\s+(?:[a-z]+s|people|children|men|women|staff)\b)/.exec(
      text,
    );
  if (money) {
    const moneyFields = fields.filter((f) => f.type === 'money');
    const named = moneyFields.find((f) => text.includes(f.name.replace(/_/g, ' ')));
    const field = named ?? (moneyFields.length === 1 ? moneyFields[0] : undefined);
    const name = field?.name ?? (moneyFields.length === 0 ? 'amount' : undefined);
    if (!name) return undefined;
    const at = text.search(COMPARATOR_START);
    return at < 0 ? undefined : comparison(name, text.slice(at), readers);
  }
  if (count) {
    const numbers = fields.filter((f) => f.type === 'number');
    if (numbers.length !== 1 || !numbers[0]) return undefined;
    return comparison(numbers[0].name, count[0], readers);
  }
  return undefined;
}

/** "a discount percent above 30": a number or money field named in the phrase, then a comparison. */
function fieldComparison(text: string, fields: readonly IntakeField[]): string | undefined {
  for (const field of fields) {
    if (field.type !== 'number' && field.type !== 'money') continue;
    const at = text.indexOf(field.name.replace(/_/g, ' '));
    if (at < 0) continue;
    const expression = comparison(
      field.name,
      text.slice(at + field.name.length).replace(/^\s*(?:is|are|of)?\s*/, ''),
      readers,
    );
    if (expression) return expression;
  }
  return undefined;
}

/** One condition without "and"/"or" between its parts. */
function simple(text: string, fields: readonly IntakeField[]): string | undefined {
  return (
    booleanPhrase(text, fields) ??
    readCondition(text, fields, readers) ??
    booleanField(text, fields) ??
    amountComparison(text, fields) ??
    fieldComparison(text, fields) ??
    choiceValue(text, fields) ??
    booleanWords(text, fields)
  );
}

/** Refuses "amount == \"over\"": a comparison word read as a value means the phrase was cut short. */
function sensible(expression: string): string | undefined {
  return /"(?:over|under|above|below|more|less|at|greater|fewer|higher|lower|not|no|than|exceeds?)"/.test(
    expression,
  )
    ? undefined
    : expression;
}

/** Reads a condition ("the harm level is moderate or severe"), or undefined when it is not one. */
export function readConditionPhrase(
  phrase: string,
  fields: readonly IntakeField[],
): string | undefined {
  const text = lower(phrase)
    .trim()
    .replace(/[.,;:]+$/, '')
    .replace(/^(?:if|when|where|for|unless|in case|should|whenever)\s+/, '')
    // "there have been 2 or more prior complaints": the count of the things named.
    .replace(
      /^there (?:have been|has been|are|were|is|was) ((?:at least|at most|more than|fewer than|less than|over|under) [\d,]+|[\d,]+ or (?:more|fewer|less)) (.+)$/,
      '$2 is $1',
    );
  // "the amount is over $250,000 or the score is under 85": the parts first, each its own.
  for (const joiner of [' or ', ' and '] as const) {
    // "$10,000 or more" is one comparison.
    const parts = text.split(
      joiner === ' or '
        ? / or (?!more|less|above|below|higher|lower|greater|fewer|over|under|later|earlier)/
        : joiner,
    );
    if (parts.length < 2) continue;
    const read: string[] = [];
    let previous: string | undefined;
    for (const part of parts) {
      const own = simple(part, fields);
      const shared = previous
        ? simple(`${previous} ${part.replace(/^(?:is|are)\s+/, '')}`, fields)
        : undefined;
      const expression = own ?? shared;
      if (!expression) {
        read.length = 0;
        break;
      }
      read.push(expression);
      previous ??= /^(.+?\b(?:is|are))\b/.exec(part)?.[1];
    }
    const joined = read.length === parts.length ? sensible(read.join(joiner)) : undefined;
    if (joined) return joined;
  }
  const whole = simple(text, fields);
  return whole ? sensible(whole) : undefined;
}

/** The outcome a phrase names: rejected ("if anyone declines", "a rejection"), or undefined. */
export function outcomeOf(phrase: string): 'rejected' | 'approved' | 'timed_out' | undefined {
  const text = lower(phrase).trim();
  if (
    /\b(?:reject(?:s|ed|ion)?|declines?d?|denie[sd]|deny|turn(?:s|ed)? (?:it )?down|says? no|said no|vetoe?[sd]?|refuse[sd]?)\b/.test(
      text,
    )
  )
    return 'rejected';
  if (
    /\b(?:never (?:comes|arrives|happens)|does(?:n't| not) (?:come|arrive|happen)|without it|times? out|timed out|(?:weeks|days|hours) pass)\b/.test(
      text,
    )
  )
    return 'timed_out';
  if (
    /\b(?:approved|approval|sign-?off|signed off|signed|accepted|granted|authori[sz]ed|endorsed|okayed|everything's signed|all signed)\b/.test(
      text,
    )
  )
    return 'approved';
  return undefined;
}
