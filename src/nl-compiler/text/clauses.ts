import type { SourceSpan } from '../diagnostic';
import { lower, segment } from '../sentences';

/** Discourse words that open a clause and say how it joins the text before it. */
export const Lead = {
  otherwise: 'otherwise',
  then: 'then',
  also: 'also',
  parallel: 'parallel',
  first: 'first',
  finally: 'finally',
} as const;
export type Lead = (typeof Lead)[keyof typeof Lead];

/** A clause of a sentence: its words without the leading discourse words, which are in `leads`. */
export interface Clause extends SourceSpan {
  readonly text: string;
  readonly leads: readonly Lead[];
  /** Where the sentence the clause belongs to starts. */
  readonly sentence: number;
}

// Where one clause ends and the next begins inside a sentence (the separator is dropped).
const SEPARATORS =
  /\s*;\s*|:\s+|,\s*(?=(?:and\s+)?(?:then|next|after that|afterwards|finally|otherwise|or else|else|or|but|unless|followed by|once|when|if|in parallel|at the same time|meanwhile)\b)|\s+(?=(?:and then|and after that|after which|followed by)\b)|\s+-\s+|\s+—\s+|\s*\(\s*(?=(?:kicked|started|triggered|launched|run|raised|submitted)\b)|\)\s*(?=[:,])|\s+(?=or\s+(?:else\s+)?(?:it|they|this|that|the \w+)\s+(?:goes|go|escalates|escalate|is|are|gets|get|will)\b)|,?\s+(?=(?:and\s+)?(?:(?:that'?s|that is|this is)\s+(?:the end|it|all)|(?:we|it|they) (?:stops?|ends?) (?:there|here))\b)|,\s*(?=(?:and\s+)?(?:anything|everything|everyone|all other|any other|the rest)\b)|,\s*(?=and\s+until\b)/g;

// A clause still inside its condition: "if …", "unless …" with no comma yet.
const CONDITION_OPEN =
  /^[\s,]*(?:(?:and|but|or|otherwise)[\s,]+)?(?:if|unless|when|whenever|where)\b/;

// Leading words, tried again and again: "and then, if …".
const LEADS: readonly [RegExp, Lead | null][] = [
  [/^(?:and|but|so|plus)\b[\s,]*/, null],
  [
    /^(?:then|next|after that|afterwards|afterward|after which|subsequently|thereafter|either way|in any case|in either case|regardless|whatever the outcome|whatever happens)\b[\s,]*/,
    Lead.then,
  ],
  [/^(?:finally|lastly|last of all|in the end|to finish)\b[\s,]*/, Lead.finally],
  [/^(?:finish|end)(?: off| up)? by(?=\s+\w+ing\b)\s*/, Lead.finally],
  [/^(?:first|firstly|first of all|to begin with|to start)\b[\s,]*/, Lead.first],
  [/^(?:start|begin)(?: off)? by(?=\s+\w+ing\b)\s*/, Lead.first],
  [/^(?:otherwise|or else|else|if not(?=\s*(?:,|$))|failing that|or)\b[\s,]*/, Lead.otherwise],
  [
    /^(?:in parallel|at the same time|meanwhile|simultaneously|concurrently)\b[\s,]*/,
    Lead.parallel,
  ],
  [/^(?:also|additionally|in addition|as well)\b[\s,]*/, Lead.also],
  [/^followed by\b\s*/, Lead.then],
];

/** A clause of `source` between `start` and `end`, its leading discourse words taken off. */
function clauseOf(source: string, start: number, end: number, sentence: number): Clause | null {
  let piece = segment(source, start, end);
  // A list marker ("1.", "-", "*") alone, or before a step, is layout, not words.
  const marker = /^(?:[-*•]|\d{1,2}[.)])(?:\s+|$)/.exec(piece.text);
  if (marker) piece = segment(source, piece.start + marker[0].length, piece.end);
  const leads: Lead[] = [];
  for (let changed = true; changed && piece.text;) {
    changed = false;
    const text = lower(piece.text);
    for (const [pattern, lead] of LEADS) {
      const match = pattern.exec(text);
      if (!match || match[0].length === 0) continue;
      if (lead) leads.push(lead);
      piece = segment(source, piece.start + match[0].length, piece.end);
      changed = true;
      break;
    }
  }
  if (/^\d{1,2}[.)]?$/.test(piece.text.trim())) return null;
  const trimmed = /[\s.!?;:,]+$/.exec(piece.text);
  const text = trimmed ? piece.text.slice(0, trimmed.index) : piece.text;
  if (!/[\p{L}\p{N}]/u.test(text)) return leads.length ? { ...piece, text, leads, sentence } : null;
  return { text, start: piece.start, end: piece.start + text.length, leads, sentence };
}

/** For each character of `text`, whether it is inside parentheses or quotes, where no clause ends. */
function nesting(text: string): boolean[] {
  const nested: boolean[] = [];
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    nested.push(depth > 0 || quoted);
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (ch === '"' || ch === '“' || ch === '”') quoted = !quoted;
  }
  return nested;
}

/** Splits one sentence (a span of `source`) into clauses at semicolons, colons and linking words. */
export function splitClauses(source: string, sentence: SourceSpan): Clause[] {
  const text = lower(source.slice(sentence.start, sentence.end));
  const nested = nesting(text);
  const clauses: Clause[] = [];
  let last = 0;
  for (const match of text.matchAll(SEPARATORS)) {
    // The opening of "(kicked off …)" starts a clause; the parenthesis itself is kept out.
    if (!match[0].trimStart().startsWith('(') && nested[match.index]) continue;
    // "if the amount is over $5,000 or the score is under 85, …": "or" inside a condition.
    const open = text.slice(last, match.index);
    // "need the director and then the CFO to sign off": the order of one act's parties.
    if (
      /\b(?:needs?|requires?)\s+(?:the\s+)?[\w -]+$/.test(open) &&
      /^\s*and then\s+(?:the\s+)?[\w -]+?\s+to\s+\w+/.test(text.slice(match.index))
    )
      continue;
    if (
      /^\s*or\b/.test(text.slice(match.index + match[0].length)) &&
      CONDITION_OPEN.test(open) &&
      !/,(?!\d)/.test(open)
    )
      continue;
    const clause = clauseOf(
      source,
      sentence.start + last,
      sentence.start + match.index,
      sentence.start,
    );
    if (clause) clauses.push(clause);
    last = match.index + match[0].length;
  }
  const rest = clauseOf(source, sentence.start + last, sentence.end, sentence.start);
  if (rest) clauses.push(rest);
  return clauses;
}
