import type { IntakeField } from '../../dsl';
import { maskParentheses, readFieldListSpan } from '../fields';
import { nounKey } from '../mentions/parties';
import { lower } from '../sentences';

// How a run starts, from the opening words: by hand ("started manually", "kicked off on
// demand"), or by a request that comes in with fields ("Requests come in with the vendor, the
// amount and a reason", "Staff enter the course name and the cost", "Licence requests:
// software name, number of seats").

/** What an intake sentence says. */
export interface Intake {
  readonly manual: boolean;
  readonly request: boolean;
  readonly fields: IntakeField[];
  /** Where the field list stood, relative to the text. */
  readonly list?: { start: number; end: number };
  /** Who submits, as later clauses name them ("the applicant"). */
  readonly submitters: string[];
}

const MANUAL =
  /\b(?:(?:started|kicked off|triggered|launched|run|opened|begun|initiated|raised)\s+(?:\w+\s+){0,4}?(?:manually|by hand|on demand|ad hoc|as needed|when needed)|manually (?:started|kicked off|triggered|launched|run|opened|raised)|(?:chased|run|handled|done) by hand|on demand|(?:is|are) (?:started|kicked off|initiated|launched|begun) by\b)/;
const REQUEST =
  /\b(?:submit(?:s|ted)?|come[s]? in|arrive[s]?|(?:is|are) (?:raised|logged|filed|submitted|reported|recorded|received|opened|entered|created|requested|lodged|registered|made)|raise[s]?|log[s]?|files?|enters?|opens? a|request(?:s|ed)?|sends?|records?|reports?|ask(?:s)? for|applies|apply|books?|when (?:a|an|the) [\w ]+? (?:is|are|goes|go)\b)/;
// The words a field list follows ("come in with", "the user submits", "give us", a colon), but
// not as nouns ("the file") nor as "has to"; "get" only when we get the data ("the lead gets a
// summary" is a message). Also an opening parenthesis whose items are joined without "or"
// ("(from, to, amount)"): a list only when no word gives one, since elsewhere a parenthesis
// holds a field's choices.
const LIST_LEAD =
  /(?<!\b(?:the|a|an|their|its|his|her|your|our|my|this|that)\s)\b(?:with|need(?:s)?|require(?:s)?|including|includes?|containing|contains?|consisting of|giving|providing|provides?|gives?(?:\s+(?:us|me|them|him|her))?|enters?|logs?|files?|submits?|records?|captures?|lists?|supplies|supply|by giving|stating|has|have|(?:we|you|i) get|asks? for|puts? in|fills? (?:in|out))\s+(?!to\s|been\s|got\s)(?=\S)|:\s+|\((?=[^)]*(?:,|\band\b))(?![^)]*\bor\b)/g;
const SUBMITTER =
  /\b([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+(?:submits?|enters?|logs?|raises?|files?|opens?|sends?|records?|fills?(?: in| out)?|can ask|asks?|applies|apply|books?|requests?|gives?|provides?|puts? in)\b|\bfrom (?:the |a |an |our )?([a-z][\w-]*(?:\s+[a-z][\w-]*)?)(?=\s+(?:come|arrive|are|is|with)\b|\s*[,:]|$)|\b(?:submitted|raised|filed|logged|requested|reported|entered|made|opened|sent in|put in)\s+by\s+(?:the |a |an |our |any )?([a-z][\w-]*(?:\s+[a-z][\w-]*)?)/;

// "over $10k": what comes before the lead picks out some requests.
const COMPARISON =
  /\b(?:over|above|under|below|more than|less than|fewer than|at least|at most|up to|exceeding)\s+[$£€]?\d/;

// Where a field list can run to: the end of the sentence or of a bullet, outside parentheses.
const LIST_END = /[.;!?](?=\s|$)|:\s|\n/;

function fieldsAfter(
  text: string,
  at: number,
  bracketed: boolean,
): { fields: IntakeField[]; start: number; end: number } | undefined {
  const rest = text.slice(at);
  const close = bracketed ? rest.indexOf(')') : maskParentheses(rest).search(LIST_END);
  const list = rest.slice(0, close < 0 ? rest.length : close);
  const read = readFieldListSpan(list);
  if (read.fields.length === 0) return undefined;
  return { fields: read.fields, start: at, end: at + read.end };
}

/** Reads the intake of a sentence, or undefined when it says nothing about how runs start. */
export function readIntake(sentence: string): Intake | undefined {
  const text = lower(sentence);
  const manual = MANUAL.test(text);
  const submitter = SUBMITTER.exec(text);
  // A pronoun is no submitter, even as the last word of a longer match ("… goes out we").
  const submitters = [submitter?.[1], submitter?.[2], submitter?.[3]]
    .filter((s): s is string => !!s)
    .flatMap((s) => [nounKey(s), nounKey(s.split(' ').at(-1) ?? s)])
    .filter((s) => !/(?:^|\s)(?:we|you|they|it|this|that|there|i)$/.test(s));
  // The first lead whose list holds a field: "Access requests: the user submits the name" has no
  // field after the colon (its first item is a clause), so "submits" gives the list.
  let best: { fields: IntakeField[]; start: number; end: number } | undefined;
  let bracketed: typeof best;
  for (const match of text.matchAll(LIST_LEAD)) {
    // "Deposits over $10k need the director" is a rule for some requests, not what all bring.
    if (COMPARISON.test(text.slice(0, match.index))) continue;
    const read = fieldsAfter(text, match.index + match[0].length, match[0].startsWith('('));
    if (!read) continue;
    if (match[0].startsWith('(')) bracketed ??= read;
    else {
      best = read;
      break;
    }
  }
  best ??= bracketed;
  const request = !manual && (REQUEST.test(text) || best !== undefined);
  if (!manual && !request) return undefined;
  return {
    manual,
    request,
    fields: best?.fields ?? [],
    ...(best ? { list: { start: best.start, end: best.end } } : {}),
    submitters,
  };
}
