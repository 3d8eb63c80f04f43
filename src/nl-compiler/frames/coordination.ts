import { maskParentheses } from '../fields';
import { readParty } from '../parties';
import type { Clause } from '../text/clauses';
import { tokensOf, type Token } from '../text/tokens';
import { findPredicate } from './predicate';

// Where one clause holds several acts ("set the status, notify the team", "A checks …, B …
// and C …"), and where "if <condition>, <rest>" may divide.

/** Where "if <condition>, <rest>" divides; the comma may be missing. */
export function conditionalSplit(text: string): number[] {
  const points: number[] = [];
  for (const comma of maskParentheses(text).matchAll(/,(?!\d)/g)) points.push(comma.index);
  for (const match of text.matchAll(/\s+/g)) points.push(match.index);
  // "If rejected:" alone: the condition, with the sentence's next clauses as its branch.
  points.push(text.length);
  return points;
}

const CAUSATIVE = /^(?:have|let|make|get)$/;
const CONDITION_HEAD = /^(?:if|when|whenever|unless|once|for|after|should|where|in)$/;
const NOUNISH = new Set(['NOUN', 'PROPN', 'ADJ', 'DET', 'X', 'NUM', 'AUX', 'ADV']);

/**
 * "let the requester know and close it", "IT sets up a laptop and facilities gets a desk":
 * a clause of two acts joined by "and" is two clauses. "drafts and sends it" stays one.
 */
export function coordinated(source: string, clause: Clause): Clause[] {
  const tokens = tokensOf(source, clause.start, clause.end);
  const parts: Clause[] = [];
  let first = 0;
  let depth = 0;
  let conditionOpen = CONDITION_HEAD.test(tokens[0]?.lower ?? '');
  // "…, and whoever accepts confirms the ETA": "whoever accepts" names the doer.
  const afterWhoever = (j: number) => tokens[j - 1]?.lower === 'whoever';
  /** The act a joint at `i` opens: an imperative, or a doer (a few noun words) and its verb. */
  const actAfter = (i: number) => {
    const right = findPredicate(tokens, afterWhoever, i + 1, Math.min(tokens.length, i + 8));
    // "start the flow and wait for it to finish": the wait belongs to the act before.
    if (
      !right ||
      (right.lemma === 'wait' &&
        /^(?:for|until)$/.test(tokens[right.to]?.lower ?? '') &&
        /^(?:it|them|that)$/.test(tokens[right.to + 1]?.lower ?? ''))
    )
      return undefined;
    // ", and have the lead call …": a causative verb before the doer, after any "and".
    const joined = tokens[i + 1]?.lower === 'and' && tokens[i]?.text === ',' ? 1 : 0;
    const between = tokens.slice(i + 1 + joined, right.from);
    const causative = CAUSATIVE.test(between[0]?.lemma ?? '') && between.length > 1;
    const rest = causative ? between.slice(1) : between;
    // "…, and the CISO and HR are sent it": the doers may be a list of their own.
    const joiner = (t: Token, j: number) =>
      /^(?:and|&)$/.test(t.lower) && j > 0 && j < between.length - 1;
    // "finance checks the fees": a department's name the tagger took for a verb.
    const doer = (t: Token, j: number) =>
      NOUNISH.has(t.pos) ||
      readParty(t.lower).kind === 'party' ||
      t.lower === 'of' ||
      t.lower === 'whoever' ||
      afterWhoever(i + 1 + joined + j) ||
      joiner(t, j);
    if (rest.length > 6 || !rest.every((t, j) => doer(t, j + (causative ? 1 : 0))))
      return undefined;
    return right;
  };
  for (let i = 1; i < tokens.length - 1; i++) {
    if (tokens[i]?.text === '(') depth++;
    else if (tokens[i]?.text === ')') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const comma = tokens[i]?.text === ',';
    if (tokens[i]?.lower !== 'and' && !comma) continue;
    // "If it failed, set …": the first comma after a condition ends it, not an act.
    if (comma && conditionOpen) {
      conditionOpen = false;
      continue;
    }
    // "set the status, notify the team", "A checks the books, B the fees and C …": after a
    // comma or "and", an imperative or a doer and its verb starts a new act.
    const right = actAfter(i);
    if (!right) continue;
    const between = tokens.slice(i + 1, right.from);
    // The left part needs a verb of its own ("notify legal and close it"); "schedules and does
    // the visit" is one act of two verbs. A verb after "whoever" names a party, not an act.
    const skip = (j: number) => tokens[j - 1]?.lower === 'whoever';
    // The act just before the joint: from the last comma, or where this part began.
    let near = i - 1;
    while (near > first && tokens[near]?.text !== ',') near--;
    const left =
      findPredicate(tokens, skip, near > first ? near + 1 : first, i) ??
      findPredicate(tokens, skip, first, i);
    const verbs = tokens
      .slice(first, i)
      .some((t, j) => (t.pos === 'VERB' || t.pos === 'AUX') && !skip(first + j));
    if (
      !left ||
      (!verbs && left.voice !== 'imperative') ||
      (between.length === 0 && left.to === i && left.to - left.from === 1)
    )
      continue;
    // "checks the boiler and records whether it is safe": one doer's work, one task.
    const work = (classes: readonly string[]) =>
      classes.includes('work') || classes.includes('submit');
    if (between.length === 0 && work(left.classes) && work(right.classes)) continue;
    const start = tokens[first]?.start ?? clause.start;
    const end = tokens[i - 1]?.end ?? clause.end;
    parts.push({ ...clause, text: source.slice(start, end), start, end });
    first = i + 1;
  }
  if (parts.length === 0) return [clause];
  const start = tokens[first]?.start ?? clause.start;
  parts.push({
    ...clause,
    text: source.slice(start, clause.end),
    start,
    end: clause.end,
    leads: [],
  });
  return parts;
}
