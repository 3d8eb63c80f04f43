import type { IntakeField, Party } from '../../dsl';
import type { AnswerForm, SourceSpan } from '../diagnostic';
import { answerForm, type AskedAct } from './answer-form';
import { nounClassOf, verbClassesOf } from '../lexicon/verb-classes';
import {
  findParties,
  subjectParty,
  type PartyMention,
  type LearnedParties,
  type RequesterWords,
} from '../mentions/parties';
import { findDurations, parseNumber } from '../phrases';
import { lower } from '../sentences';
import { tokensOf, type Token } from '../text/tokens';
import type { Act, Frame, Quantity } from './frame';
import { findLimits, readLimitAction } from './limits';
import { findPredicate, unknownVerb, type Predicate } from './predicate';

// One clause into a frame: find its predicate, its parties and time limits wherever they
// stand, and build the act its verb class describes.

/** What the reader knows from the clauses before. */
export interface ClauseContext {
  readonly requester: RequesterWords;
  /** Parties read by their form earlier in the description, known by name from then on. */
  readonly learned?: LearnedParties;
  /** The parties named last, for "they", "them", "it". */
  readonly pronoun: readonly Party[];
  /** Whether the clause is inside a rejection branch ("close it" then ends as rejected). */
  readonly afterRejection: boolean;
  /** The kind of the act before, for words whose act depends on it ("also goes to the CFO"). */
  readonly previous?: Act['kind'];
  /** The whole sentence, for words that depend on it ("goes to A, then B, for approval"). */
  readonly sentence?: string;
}

/** A clause read: its frame, or why not. */
export type ClauseReading =
  | {
      readonly ok: true;
      readonly frame: Frame;
      readonly parties: readonly Party[];
      readonly predicate?: Predicate;
      /** Parties read from unknown nouns by their form, for a warning that says so. */
      readonly assumed: readonly { party: Party; span: SourceSpan }[];
      /** Words after the act that name another act this reading did not take ("… and call them"). */
      readonly unread?: SourceSpan;
      /** Short names given in brackets after a party: "the designated safeguarding lead (DSL)". */
      readonly aliases: readonly { name: string; party: Party }[];
      /** What the reading assumed, for warnings ("two engineers": the task goes to one role). */
      readonly warnings: readonly { code: string; message: string; span: SourceSpan }[];
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly span: SourceSpan;
      readonly predicate?: Predicate;
      /** Where the answer goes, for a question the author can answer in the text. */
      readonly answer?: AnswerForm;
      /** The clause has no verb at all: a heading ("Tender awards"). */
      readonly verbless?: boolean;
    };

const PRONOUN = /^(?:they|them|he|she|him|her|it)$/;
// ", who must fix it", ", who approves or rejects it": what a party named just before does.
const RELATIVE_ACT =
  /\bwho(?:'ve| have| has| must| will| should| can| need to| needs to| has to| have to)?\s+(?:then\s+)?(?:got\s+\S+\s+\S+\s+to\s+)?([a-z]+)\b(?:\s+(?:it|them|this)?\s*(up|on|over|off))?/;
// Work handed to a party by another verb; group 1 is set when the party is the subject.
const DELEGATION =
  /\b(?:(?:assign|allocate)(?:s|ed)?\s+(?:it|this|them|the \w+)\s+to\s+(?=(?:the\s+)?[\w -]+$)|(gets?|receives?|has|is given)\s+(?:a|an|the)\s+(?:task|job|ticket|action)\s+to\s+|(?:assign|allocate|send|pass|give)(?:s|ed)?\s+(?:it|this|them|the \w+)\s+to\s+.+?\s+to\s+|(?:create|open|raise|assign|give)(?:s|d)?\s+(?:a|an|the)\s+(?:task|job|ticket|action)\s+(?:for|to)\s+.+?\s+to\s+|(?:ask|tell|get|have|request|instruct)(?:s|ed)?\s+.+?\s+to\s+(?!do\b))/;
// "gets the status approved", "raise the priority to high", "the status is set to closed".
const STATUS_PHRASE =
  /\b(status|priority)\s+(?:is|are|gets?|will be|should be)\s+(?:set|changed|updated|moved|raised|marked|bumped)\s+(?:up\s+)?(?:to|as)\s+["“']?([\w-]+)|\b(?:gets?|given|receives?)\s+(?:the\s+)?(status|priority)\s+(?:of\s+)?["“']?([\w-]+)|\b(?:raise|lower|bump|increase|decrease|drop|change|move|update|switch)\s+(?:the\s+|its\s+)?(priority|status)\s+(?:up\s+|down\s+)?(?:to|as)\s+["“']?([\w-]+)/;
// Words a clause of limits alone may have besides the limit: "they must accept within a day".
const LIMIT_WORDS = new Set([
  'reminder',
  'nudge',
  'chaser',
  'it',
  'accept',
  'accepted',
  'respond',
  'answer',
  'answered',
  'reply',
  'act',
  'do',
  'done',
  'finished',
  'complete',
  'completed',
  'have',
  'get',
  'need',
  'due',
  'late',
  'overdue',
  'max',
  'maximum',
  'most',
  'time',
  'deadline',
  'latest',
  'day',
  'hour',
  'week',
]);
const isPronoun = (token: Token) => PRONOUN.test(token.lower) && token.text !== 'IT';
const WHOEVER: readonly [RegExp, Party][] = [
  [
    /\bwhoever (?:accepts|accepted|picks|picked|takes|took|claims|claimed|gets|got|has|holds|owns) (?:it|them)?(?: up| on| over)?\b/g,
    { type: 'assignee' },
  ],
  [
    /\bwhoever (?:raised|submitted|sent|filed|logged|requested|asked|started|opened|reported) (?:it|them)?(?: in)?\b|\bthe person who (?:raised|submitted|asked|reported)(?: it)?\b/g,
    { type: 'requester' },
  ],
];

/** Mentions of "whoever accepts it" and other parties named by what they did. */
function whoeverMentions(text: string, base: number, tokens: readonly Token[]): PartyMention[] {
  const found: PartyMention[] = [];
  const lowered = lower(text);
  for (const [pattern, party] of WHOEVER) {
    for (const match of lowered.matchAll(pattern)) {
      const start = base + match.index;
      const end = start + match[0].trimEnd().length;
      const from = tokens.findIndex((t) => t.start >= start);
      let to = from;
      while (to < tokens.length && (tokens[to]?.end ?? end) <= end) to++;
      found.push({ start, end, party, from, to });
    }
  }
  return found;
}

const LIST_JOINER = /^(?:and|or|&)$/;
const NAME_POS = new Set(['NOUN', 'PROPN', 'ADJ']);

/**
 * Noun phrases no list knows that are joined to a known party by "and"/"or" in one list
 * ("notify the caterer and the finance team"): read by their form, never dropped from the list.
 * A phrase counts only where a list can stand: after the verb, or at the clause's start.
 */
function listMates(
  source: string,
  tokens: readonly Token[],
  mentions: readonly PartyMention[],
  verbAt: number,
): { party: Party; mention: PartyMention; span: SourceSpan }[] {
  const taken = (i: number) => mentions.some((m) => i >= m.from && i < m.to);
  const nameAt = (i: number) => {
    const token = tokens[i];
    return !!token && i !== verbAt && !taken(i) && NAME_POS.has(token.pos) && !isPronoun(token);
  };
  const found: { party: Party; mention: PartyMention; span: SourceSpan }[] = [];
  // The mention takes its determiner ("the caterer"), so that it groups with the list.
  const add = (head: number, from: number, to: number) => {
    const first = tokens[from];
    const last = tokens[to - 1];
    const start = tokens[head]?.start;
    if (!first || !last || start === undefined || to - from > 4) return;
    if (found.some((f) => f.mention.from === head)) return;
    const party = subjectParty(source.slice(first.start, last.end));
    if (!party) return;
    const mention = { start, end: last.end, party, from: head, to };
    found.push({ party, mention, span: { start: first.start, end: last.end } });
  };
  const determiner = (i: number) => /^(?:the|a|an|our|their|your)$/.test(tokens[i]?.lower ?? '');
  for (const m of mentions) {
    if (LIST_JOINER.test(tokens[m.to]?.lower ?? '')) {
      // "… the finance team and the caterer": to the end of the list, before any verb.
      const head = m.to + 1;
      const from = determiner(head) ? head + 1 : head;
      let to = from;
      while (nameAt(to)) to++;
      const next = tokens[to];
      const ends =
        !next ||
        next.pos === 'ADP' ||
        next.pos === 'PUNCT' ||
        /^(?:within|who|that)$/.test(next.lower);
      if (to > from && ends && m.from > verbAt) add(head, from, to);
    }
    if (LIST_JOINER.test(tokens[m.from - 1]?.lower ?? '')) {
      // "the caterer and the finance team": back to the verb, or to the clause's start.
      let from = m.from - 1;
      while (from > 0 && nameAt(from - 1)) from--;
      // "Brand and legal approve it": a capitalised first word before the verb names a party,
      // however the tagger took it.
      const first = tokens[0];
      if (from === 1 && first && !taken(0) && /^[A-Z][a-z]/.test(first.text) && m.to <= verbAt)
        from = 0;
      const to = m.from - 1;
      const head = determiner(from - 1) ? from - 1 : from;
      const object = head - 1 === verbAt && m.from > verbAt;
      const subject = head === 0 && m.to <= verbAt;
      if (to > from && (object || subject)) add(head, from, to);
    }
  }
  return found;
}

/** Groups of mentions joined by "and", "or", commas: "the CFO and the head of procurement". */
function groups(tokens: readonly Token[], mentions: readonly PartyMention[]): PartyMention[][] {
  const result: PartyMention[][] = [];
  for (const mention of mentions) {
    const group = result.at(-1);
    const last = group?.at(-1);
    const between = last ? tokens.slice(last.to, mention.from) : [];
    const sameWords = last !== undefined && last.from === mention.from;
    const joined =
      sameWords ||
      (between.length > 0 &&
        between.every(
          (t) =>
            t.pos === 'CONJ' ||
            t.text === ',' ||
            /^(?:and|or|then|plus|both|either)$/.test(t.lower),
        ));
    if (group && (joined || (last && last.to === mention.from))) group.push(mention);
    else result.push([mention]);
  }
  return result;
}

/** How many of a group must approve, from the words around it. */
function quantityOf(text: string, count: number, counted?: number): Quantity {
  const t = lower(text);
  // "two credit officers approve": a number right before one plural party counts its members.
  if (counted !== undefined && counted > 1 && count === 1)
    return { mode: 'quorum', count: counted };
  const quorum =
    /\b(?:at least|any|a minimum of|minimum of)\s+(\w+)\s+(?:of|members?|people|persons|approvers|out of)\b/.exec(
      t,
    ) ?? /\b(\w+)\s+(?:of the|members of|out of)\b/.exec(t);
  const n = quorum?.[1] ? parseNumber(quorum[1]) : undefined;
  if (n !== undefined && n > 1) return { mode: 'quorum', count: n };
  if (/\b(?:both|all|every|everyone|each|unanimous(?:ly)?|all of (?:them|you))\b/.test(t))
    return { mode: 'all' };
  if (/\b(?:either|any one|one of|anyone|any of)\b/.test(t)) return { mode: 'any' };
  if (/\bthen\b|\bfollowed by\b|\bafter (?:that|them)\b/.test(t) && count > 1)
    return { mode: 'sequence' };
  return count > 1 && !/\bor\b/.test(t) ? { mode: 'all' } : { mode: 'any' };
}

const inRanges = (at: number, ranges: readonly [number, number][]) =>
  ranges.some(([from, to]) => at >= from && at < to);

/** The clause's words from the predicate on, for a task's title. */
function titleOf(
  source: string,
  tokens: readonly Token[],
  predicate: Predicate,
  used: readonly [number, number][],
  base: number,
): string {
  const words = tokens
    .slice(predicate.from)
    .filter((t) => !inRanges(t.start - base, used))
    .map((t) => source.slice(t.start, t.end));
  const title = words
    .join(' ')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .trim();
  return title.length > 0 ? title.charAt(0).toUpperCase() + title.slice(1, 200) : 'Task';
}

/** The parties of the group nearest before `at` (the subject), or undefined. */
function subjectBefore(all: PartyMention[][], at: number): PartyMention[] | undefined {
  const before = all.filter((g) => (g.at(-1)?.to ?? 0) <= at);
  return before.at(-1);
}

/** The group that follows `at` (the object, or after "to"/"by"). */
function groupAfter(all: PartyMention[][], at: number): PartyMention[] | undefined {
  return all.find((g) => (g[0]?.from ?? 0) >= at);
}

const partiesOf = (group: readonly PartyMention[] | undefined) =>
  (group ?? []).flatMap((m) => (m.party ? [m.party] : []));

const SUBJECT_TRIM =
  /^(?:then|also|just|only|first|next|finally|now|must|can|could|should|will|would|may|might|shall|has|have|to|need|needs|and|so)$/;

/** The subject before the predicate as a party, when it is a plain noun phrase no list knows. */
function nounPhraseParty(
  source: string,
  before: readonly Token[],
): { party: Party; span: SourceSpan } | undefined {
  let from = 0;
  let to = before.length;
  while (
    to > from &&
    (SUBJECT_TRIM.test(before[to - 1]?.lower ?? '') ||
      before[to - 1]?.pos === 'ADV' ||
      before[to - 1]?.pos === 'AUX' ||
      before[to - 1]?.pos === 'PART')
  )
    to--;
  while (
    from < to &&
    (before[from]?.pos === 'ADV' || before[from]?.pos === 'CONJ' || before[from]?.pos === 'PUNCT')
  )
    from++;
  const words = before.slice(from, to);
  if (words.length === 0 || words.length > 6) return undefined;
  if (
    !words.every(
      (t) =>
        ['NOUN', 'PROPN', 'ADJ', 'DET', 'X'].includes(t.pos) ||
        t.lower === 'of' ||
        t.lower === '&' ||
        t.lower === 'and',
    )
  )
    return undefined;
  if (!words.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'X')) return undefined;
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last) return undefined;
  const party = subjectParty(source.slice(first.start, last.end));
  return party ? { party, span: { start: first.start, end: last.end } } : undefined;
}

/** The noun phrase right after `at` ("to the staffing bureau") as a party, when no list knows it. */
function nounPhraseAfter(
  source: string,
  tokens: readonly Token[],
  at: number,
): { party: Party; span: SourceSpan } | undefined {
  let from = at;
  while (
    from < tokens.length &&
    /^(?:to|the|a|an|any|over|on|off|it|them|this)$/.test(tokens[from]?.lower ?? '')
  )
    from++;
  let to = from;
  // "security on-call": a hyphenated word is part of the name, whatever its halves' tags.
  const hyphenAt = (i: number) =>
    tokens[i + 1]?.text === '-' && tokens[i + 1]?.start === tokens[i]?.end && !!tokens[i + 2];
  while (to < tokens.length) {
    if (hyphenAt(to)) {
      to += 3;
      continue;
    }
    const token = tokens[to];
    const name =
      ['NOUN', 'PROPN', 'ADJ', 'X'].includes(token?.pos ?? '') &&
      !/^(?:who|which|that|to|and|or|with|within|by)$/.test(token?.lower ?? '');
    if (!name) break;
    to++;
  }
  const first = tokens[from];
  const last = tokens[to - 1];
  if (to === from || !first || !last || to - from > 5) return undefined;
  const party = subjectParty(source.slice(first.start, last.end));
  return party ? { party, span: { start: first.start, end: last.end } } : undefined;
}

/**
 * Coverage: a second act joined on after the first ("…, and call the customer") that no reading
 * took. Its words are reported rather than dropped.
 */
function unreadAfter(
  tokens: readonly Token[],
  mentions: readonly PartyMention[],
  predicate: Predicate | undefined,
  taken: (index: number) => boolean,
  span: SourceSpan,
): { unread: SourceSpan } | Record<string, never> {
  if (!predicate) return {};
  // A task's title holds the rest of its clause ("checks the boiler and records …"), but not
  // another doer's act: "checks the books, the clerk files the fees".
  if (predicate.classes[0] === 'work') {
    for (const mention of mentions) {
      const joint = tokens[mention.from - 1];
      const verb = tokens[mention.to];
      if (
        mention.from > predicate.to &&
        mention.party &&
        (joint?.text === ',' || /^(?:and|then)$/.test(joint?.lower ?? '')) &&
        verb &&
        (verb.pos === 'VERB' || (verb.pos === 'NOUN' && /[a-z]s$/.test(verb.lower)))
      )
        return { unread: { start: tokens[mention.from]?.start ?? span.start, end: span.end } };
    }
    return {};
  }
  for (let i = predicate.to; i < tokens.length; i++) {
    const token = tokens[i];
    const classes = token ? verbClassesOf(token.lemma) : [];
    if (!token || taken(i) || token.pos !== 'VERB' || classes.includes('accept')) continue;
    if (/^(?:be|get|have|do|need|want|make|let|keep|seem|come|go)$/.test(token.lemma)) continue;
    // "… and wait for it to finish": waiting on the act itself.
    if (token.lemma === 'wait' && /^(?:for|until)$/.test(tokens[i + 1]?.lower ?? '')) continue;
    const before = tokens.slice(Math.max(predicate.to, i - 3), i);
    // "…, who must fix it": a relative clause says more about a party, not another act.
    if (before.some((t) => /^(?:who|which|that|to|whoever)$/.test(t.lower))) continue;
    const joined = before.some((t) => /^(?:and|then|or)$/.test(t.lower) || t.text === ',');
    if (joined) return { unread: { start: token.start, end: span.end } };
  }
  return {};
}

/** Reads one clause of `source`. */
export function readClause(
  source: string,
  span: SourceSpan,
  context: ClauseContext,
): ClauseReading {
  const text = source.slice(span.start, span.end);
  const tokens = tokensOf(source, span.start, span.end);
  const whoever = whoeverMentions(text, span.start, tokens);
  const inWhoever = (i: number) => whoever.some((m) => i >= m.from && i < m.to);
  const mentions = [
    ...whoever,
    ...findParties(source, tokens, context.requester, context.learned).filter(
      (m) => !whoever.some((w) => m.from < w.to && m.to > w.from),
    ),
  ].sort((a, b) => a.from - b.from);
  // The words of a party's name are never the act ("the sales lead looks over …").
  const inMention = (i: number) =>
    inWhoever(i) || mentions.some((m) => i >= m.from && i < m.to && m.to - m.from > 1);
  const vague = mentions.find((m) => m.party === undefined);
  const found = findLimits(text);
  const usedTokens = (i: number) => inRanges((tokens[i]?.start ?? 0) - span.start, found.used);
  let predicate = findPredicate(tokens, (i) => inMention(i) || usedTokens(i));
  const assumed: { party: Party; span: SourceSpan }[] = [];
  const warnings: { code: string; message: string; span: SourceSpan }[] = [];
  // "or it's escalated to the COO": the action of a limit, unless it is the clause's own verb.
  const action = readLimitAction(text, mentions, span.start) ?? unnamedTarget();
  /** "escalate to the headteacher", a party no list knows: read by its form, and said so. */
  function unnamedTarget(): ReturnType<typeof readLimitAction> {
    const verb = predicate;
    const kind = verb?.classes[0];
    if (!verb || (kind !== 'escalate' && kind !== 'reassign')) return undefined;
    const toAt = tokens.findIndex((t, i) => i >= verb.to && t.lower === 'to');
    const guessed = toAt >= 0 ? nounPhraseAfter(source, tokens, toAt + 1) : undefined;
    if (!guessed) return undefined;
    assumed.push(guessed);
    const from = (tokens[verb.from]?.start ?? span.start) - span.start;
    return {
      action: { type: kind, to: guessed.party },
      used: [from, guessed.span.end - span.start],
    };
  }
  const predicateAt = predicate ? (tokens[predicate.from]?.start ?? 0) - span.start : -1;
  const ownVerb =
    action && predicate && predicateAt >= action.used[0] && predicateAt < action.used[1];
  const limitVerb =
    ['escalate', 'reassign', 'approve', 'reject'].includes(predicate?.classes[0] ?? '') ||
    action?.action.type === 'escalate' ||
    action?.action.type === 'reassign';
  // "the claim is handed back to the claims team, who must accept it within 2 days": a hand-off
  // with its own time to accept, not what happens when another act runs out of time.
  const handedBack =
    ownVerb &&
    predicate?.classes[0] === 'handoff' &&
    action.action.type === 'reassign' &&
    found.limits.within !== undefined;
  if (action && (!ownVerb || limitVerb) && !handedBack) {
    found.limits.then = action.action;
    found.used.push(action.used);
    if (ownVerb) predicate = undefined;
  }
  const known = mentions.filter((m) => !inRanges(m.start - span.start, found.used));
  const mates = listMates(source, tokens, known, predicate?.from ?? -1);
  for (const mate of mates) assumed.push({ party: mate.party, span: mate.span });
  const free = [...known, ...mates.map((m) => m.mention)].sort((a, b) => a.from - b.from);
  const all = groups(tokens, free);
  const pronouns = tokens.filter(isPronoun);
  const aliases = mentions.flatMap(({ party, start, end, to }) => {
    const short = tokens[to + 1]?.text ?? '';
    const bracketed = tokens[to]?.text === '(' && tokens[to + 2]?.text === ')';
    if (party && bracketed && /^[A-Z][A-Z0-9&]{1,7}$/.test(short)) return [{ name: short, party }];
    // "the concierge team", later just "concierge": the same team.
    const team = /^(?:the\s+)?([\w -]+?)\s+(?:team|department|dept)$/i.exec(
      source.slice(start, end),
    );
    return party?.type === 'team' && team?.[1] ? [{ name: team[1], party }] : [];
  });
  // A wait takes no limits: the durations of its clause are the wait's own.
  const waited = (acts: Act[]): ClauseReading => ({
    ok: true,
    frame: { span, acts, limits: {} },
    parties: [],
    assumed,
    warnings,
    aliases,
  });
  /** Whether the act is read as work whatever its verb's class ("chases the insurer"). */
  let asWork = false;
  const frame = (acts: Act[]): ClauseReading => ({
    assumed,
    warnings,
    aliases,
    ...unreadAfter(
      tokens,
      mentions,
      predicate && asWork ? { ...predicate, classes: ['work'] } : predicate,
      (i) => inMention(i) || usedTokens(i) || mentions.some((m) => i >= m.from && i < m.to),
      span,
    ),
    ok: true,
    frame: { span, acts, limits: found.limits },
    parties: acts.flatMap((a) => ('parties' in a ? a.parties : 'party' in a ? [a.party] : [])),
    ...(predicate ? { predicate } : {}),
  });
  // "claims over $250,000 also need the commercial director": needing a person is their approval.
  const needAt = tokens.findIndex((t) => /^(?:need|require)$/.test(t.lemma));
  const needed =
    needAt >= 0 ? mentions.find((m) => m.from > needAt && m.from <= needAt + 4) : undefined;
  const laterNoun = predicate?.voice === 'noun' && predicate.from > (needed?.to ?? Infinity);
  if ((!predicate || laterNoun) && needed?.party) {
    predicate = {
      classes: ['approve'],
      from: needAt,
      to: needAt + 1,
      voice: 'noun',
      lemma: 'need',
    };
  }
  if (!predicate) {
    // Only a limit ("they must accept within a day", "or it's escalated"): it goes on the act before.
    const rest = tokens.filter(
      (t, i) => !usedTokens(i) && !inMention(i) && !mentions.some((m) => i >= m.from && i < m.to),
    );
    const limitOnly = rest.every(
      (t) =>
        LIMIT_WORDS.has(t.lemma) ||
        ['PRON', 'AUX', 'DET', 'PUNCT', 'PART', 'ADP', 'ADV', 'CONJ'].includes(t.pos),
    );
    if ((found.limits.within || found.limits.remindEvery || found.limits.then) && limitOnly)
      return frame([]);
    const verb = unknownVerb(tokens, (i) => inMention(i));
    const verbless = !tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX');
    return verb
      ? {
          ok: false,
          code: 'unknown-verb',
          message: `No step kind is known for "${verb.text}"`,
          span: { start: verb.start, end: verb.end },
        }
      : {
          ok: false,
          code: 'unrecognized-clause',
          message: 'This clause was not understood',
          span,
          verbless,
        };
  }
  if (vague) {
    return {
      ok: false,
      code: 'vague-party',
      message: `"${source.slice(vague.start, vague.end)}" does not say who exactly`,
      span: { start: vague.start, end: vague.end },
    };
  }
  const subject = subjectBefore(all, predicate.from);
  const verb = predicate;
  /** A question on the clause, with where its answer goes. */
  const asked = (code: string, message: string, at: SourceSpan, act: AskedAct): ClauseReading => {
    const answer = answerForm(source, tokens, verb, act, span);
    return { ok: false, code, message, span: at, ...(answer ? { answer } : {}) };
  };
  const object = groupAfter(all, predicate.from + 1);
  const pronounParties = pronouns.length > 0 ? [...context.pronoun] : [];
  const agent = (): Party[] => {
    if (predicate.voice === 'passive') {
      // "is approved by the CFO": only a by-phrase names who acts; the subject is what is acted on.
      const by = all.find(
        (g) => (g[0]?.from ?? 0) >= predicate.to && tokens[(g[0]?.from ?? 0) - 1]?.lower === 'by',
      );
      if (by) return partiesOf(by);
      // "can be approved by any underwriter": a name no list knows, read by its form.
      const byAt = tokens.findIndex((t, i) => i >= predicate.to && t.lower === 'by');
      const guessed = byAt < 0 ? undefined : nounPhraseAfter(source, tokens, byAt + 1);
      if (guessed) assumed.push(guessed);
      return guessed ? [guessed.party] : [];
    }
    if (predicate.voice === 'noun') {
      // "needs approval from the CFO", "the CFO's sign-off".
      const from = all.find(
        (g) =>
          (g[0]?.from ?? 0) >= predicate.to &&
          /^(?:from|by|of)$/.test(tokens[(g[0]?.from ?? 0) - 1]?.lower ?? ''),
      );
      const own = all.find(
        (g) =>
          (g.at(-1)?.to ?? 0) <= predicate.from &&
          /['’]s$/.test(source.slice(g.at(-1)?.start ?? 0, g.at(-1)?.end ?? 0)),
      );
      // "needs legal approval": the name right before the noun.
      const modifier = all.find((g) => g.at(-1)?.to === predicate.from);
      return partiesOf(from ?? own ?? modifier ?? object);
    }
    const parties = partiesOf(subject);
    if (parties.length > 0) return parties;
    const before = tokens.slice(0, predicate.from);
    if (before.some((t) => isPronoun(t) || t.lower === 'who')) return [...context.pronoun];
    const guessed = nounPhraseParty(source, before);
    if (guessed) {
      assumed.push(guessed);
      return [guessed.party];
    }
    return [];
  };
  const recipients = (): Party[] => {
    const named = recipientsNamed();
    if (named.length > 0 || predicate.voice === 'passive') return named;
    // "notify the landlord": a noun phrase no list knows, as the one told; but not the noun that
    // names the act ("send a summary": the summary is what is sent, and who gets it is asked).
    const guessed = nounPhraseAfter(source, tokens, predicate.to);
    if (!guessed) return [];
    const head = tokens.find((t) => t.end === guessed.span.end);
    if (head && (nounClassOf(head.lower) ?? nounClassOf(head.lemma))) return [];
    assumed.push(guessed);
    return [guessed.party];
  };
  const recipientsNamed = (): Party[] => {
    if (predicate.voice === 'passive') {
      // "the details are sent to the landlord": a to-phrase names who is told, not the subject.
      const toGroup = all.find(
        (g) => (g[0]?.from ?? 0) >= predicate.to && tokens[(g[0]?.from ?? 0) - 1]?.lower === 'to',
      );
      if (toGroup) return partiesOf(toGroup);
      if (tokens[predicate.to]?.lower === 'to') {
        const guessedTo = nounPhraseAfter(source, tokens, predicate.to);
        if (guessedTo) {
          assumed.push(guessedTo);
          return [guessedTo.party];
        }
      }
      const told = partiesOf(subject ?? object);
      if (told.length > 0) return told;
      // "Vendor relations are notified": a group no list knows, in subject position.
      const guessed = nounPhraseParty(source, tokens.slice(0, predicate.from));
      if (guessed) assumed.push(guessed);
      return guessed ? [guessed.party] : [];
    }
    const parties = partiesOf(object);
    return parties.length > 0 ? parties : pronounParties;
  };
  // "It has to be done within 4 hours": the act before, given a limit.
  const itDone =
    /^(?:it|this|that|they)\b/.test(lower(text)) &&
    /^(?:do|finish|complete|close|wrap up)$/.test(predicate.lemma) &&
    (found.limits.within || found.limits.remindEvery);
  if (itDone) return frame([]);
  const status = STATUS_PHRASE.exec(lower(text));
  if (status) {
    const field = status[1] ?? status[3] ?? status[5] ?? 'status';
    return frame([
      { kind: 'set', field, value: (status[2] ?? status[4] ?? status[6] ?? '').toLowerCase() },
    ]);
  }
  // "reminders go out every 2 days": a reminder on the act before.
  if (
    /^(?:(?:a|daily|weekly|regular|automatic)\s+)?reminders?\b/.test(lower(text)) &&
    found.limits.remindEvery
  ) {
    return frame([]);
  }
  // "assign it to the lead to triage", "ask the success team to follow up", "create a task for IT
  // to review …", "IT gets a task to grant …": work for that party.
  const delegated = DELEGATION.exec(lower(text));
  if (delegated && /^(?:assign|allocate)\w*\s+\S+(?:\s+\S+)?\s+to\s+$/.test(delegated[0])) {
    // "assign it to the QA team": the work of the clause, for that party.
    const at = span.start + delegated.index + delegated[0].length;
    const to = mentions.find((m) => m.start >= at);
    const guessed = to?.party
      ? undefined
      : nounPhraseAfter(
          source,
          tokens,
          tokens.findIndex((t) => t.start >= at),
        );
    if (guessed) assumed.push(guessed);
    const party = to?.party ?? guessed?.party;
    if (party)
      return frame([
        { kind: 'work', party, title: titleOf(source, tokens, predicate, found.used, span.start) },
      ]);
  } else if (delegated) {
    const at = span.start + delegated.index + delegated[0].length;
    const verbAt = tokens.findIndex((t) => t.start >= at && t.pos !== 'ADV');
    const doer =
      delegated[1] === undefined
        ? mentions.find((m) => m.from < verbAt && m.start >= span.start + delegated.index)
        : subject?.[0];
    const guessed =
      doer?.party || delegated[1] !== undefined
        ? undefined
        : nounPhraseAfter(
            source,
            tokens,
            tokens.findIndex((t) => t.start >= span.start + delegated.index) + 1,
          );
    if (guessed) assumed.push(guessed);
    const party = doer?.party ?? guessed?.party;
    if (party && verbAt >= 0) {
      const form = formFields(text);
      return frame([
        {
          kind: 'work',
          party,
          title: titleOf(source, tokens, { ...predicate, from: verbAt }, found.used, span.start),
          ...(form.length > 0 ? { form } : {}),
        },
      ]);
    }
  }
  if (predicate.lemma === 'give') {
    // "give the candidate 3 days": a wait; "give legal a task to check …": work for them.
    const to = object?.[0];
    const after = to ? tokens.slice(to.to) : [];
    const purpose = after.findIndex((t) => t.lower === 'to');
    const verb = purpose >= 0 ? after[purpose + 1] : undefined;
    if (to?.party && verb) {
      const verbAt = tokens.indexOf(verb);
      const form = formFields(text);
      return frame([
        {
          kind: 'work',
          party: to.party,
          title: titleOf(source, tokens, { ...predicate, from: verbAt }, found.used, span.start),
          ...(form.length > 0 ? { form } : {}),
        },
      ]);
    }
    const duration = findDurations(lower(text))[0];
    if (duration && purpose < 0) return waited([{ kind: 'wait', duration: duration.value }]);
  }
  const subflow =
    /\b(?:start|kick off|launch|run|trigger|begin)\s+(?:the|a|an)\s+([\w -]+?)\s+(?:flow|process|workflow)\b(.*)$/.exec(
      lower(text),
    );
  if (subflow?.[1]) {
    const wait =
      /\bwait (?:for it|until it|for that|for the \w+) (?:to )?(?:finish|complete|end|be done|is done)|\band wait\b/.test(
        subflow[2] ?? '',
      );
    return frame([{ kind: 'subflow', flow: subflow[1].trim().replace(/[^a-z0-9]+/g, '-'), wait }]);
  }
  const sentToParty =
    predicate.voice === 'imperative' &&
    /^(?:send|forward|email|e-mail|mail)$/.test(predicate.lemma) &&
    mentions.some((m) => m.from > predicate.from && tokens[m.from - 1]?.lower === 'to' && m.party);
  const sentTo =
    sentToParty ||
    (predicate.voice === 'passive' &&
      /^(?:send|email|e-mail|forward|copy|cc|message|give|show)$/.test(predicate.lemma));
  // "reviewed by their manager, who approves or rejects it": the party's own act decides.
  const relative = RELATIVE_ACT.exec(lower(text));
  const relativeLemma = relative?.[1]?.replace(/s$/, '');
  const relativeClass = relativeLemma
    ? (verbClassesOf(`${relativeLemma} ${relative?.[2] ?? ''}`.trim())[0] ??
      verbClassesOf(relativeLemma)[0])
    : undefined;
  // "Finance closes the vendor record": a party finishing a thing does work; the flow ends
  // when it is told to ("close it", "the request is closed").
  const doneByParty =
    predicate.classes[0] === 'end' && predicate.voice === 'active' && partiesOf(subject).length > 0;
  // "the recovery specialist chases the insurer": chasing someone outside the flow is work.
  const chasesOutsider =
    predicate.classes[0] === 'remind' &&
    predicate.voice === 'active' &&
    partiesOf(subject).length > 0 &&
    recipientsNamed().length === 0;
  // "The admissions team acknowledges the appeal": with no hand-off before, a doer's work.
  const acknowledges =
    predicate.classes[0] === 'accept' &&
    predicate.voice === 'active' &&
    partiesOf(subject).length > 0 &&
    context.previous !== 'handoff';
  asWork = chasesOutsider || acknowledges;
  const klass =
    doneByParty || asWork
      ? 'work'
      : sentTo
        ? 'notify'
        : relativeClass === 'approve' && predicate.classes[0] === 'work'
          ? 'approve'
          : predicate.classes[0];
  const relativeVerb = relative?.[1];
  if (klass === 'handoff' && relative && relativeVerb && relativeClass === 'work') {
    // "routed to the facilities team, who must fix it within a day": their work, due then.
    const doer = mentions.find((m) => m.from >= predicate.to && m.party);
    if (doer?.party) {
      const at = tokens.findIndex(
        (t) => t.start - span.start >= relative.index + relative[0].length - relativeVerb.length,
      );
      return frame([
        {
          kind: 'work',
          party: doer.party,
          title: titleOf(
            source,
            tokens,
            { ...predicate, from: Math.max(at, 0) },
            found.used,
            span.start,
          ),
        },
      ]);
    }
  }
  switch (klass) {
    case 'approve': {
      const parties = agent();
      if (parties.length === 0)
        return asked('missing-approver', 'Who approves this?', span, 'approve');
      const group =
        predicate.voice === 'passive' || predicate.voice === 'noun' ? (object ?? subject) : subject;
      // The words that count the approvers stand just before them ("any two of", "both") or
      // after the verb ("unanimously"); with a noun ("needs approval from"), after the noun.
      const first = Math.max(0, (group?.[0]?.from ?? 0) - 4);
      const from = predicate.voice === 'active' ? first : Math.max(first, predicate.from);
      const around = group ? source.slice(tokens[from]?.start ?? span.start, span.end) : text;
      const countWord = tokens[(group?.[0]?.from ?? 0) - 1];
      const counted = group && countWord ? parseNumber(countWord.lower) : undefined;
      return frame([
        { kind: 'approve', parties, quantity: quantityOf(around, parties.length, counted) },
      ]);
    }
    case 'reject':
      return frame([{ kind: 'end', status: 'rejected' }]);
    case 'notify': {
      // "the partner gets a summary": who gets the message is the subject.
      const receiving =
        /^(?:get|receive|hear back|find out)$/.test(predicate.lemma) &&
        predicate.voice === 'active';
      const parties = sentToParty
        ? partiesOf(all.find((g) => tokens[(g[0]?.from ?? 0) - 1]?.lower === 'to'))
        : receiving && subject
          ? partiesOf(subject)
          : recipients();
      if (parties.length === 0) {
        return asked('missing-recipient', 'Who is told?', span, 'notify');
      }
      return frame([{ kind: 'notify', parties }]);
    }
    case 'remind': {
      // "gets a reminder every 2 days", "remind them every 2 days": a reminder on the act before,
      // not a message of its own (a message repeated until something holds has "until").
      const repeated = /\buntil\b/.test(lower(text));
      const commanded =
        predicate.voice === 'imperative' || (repeated && partiesOf(subject).length === 0);
      const onAct = !commanded || (pronouns.length > 0 && !repeated);
      if (found.limits.remindEvery && onAct) return frame([]);
      const parties = predicate.voice === 'passive' ? partiesOf(subject) : recipientsNamed();
      if (parties.length === 0) return frame([]);
      return frame([{ kind: 'notify', parties }]);
    }
    case 'handoff': {
      const to = mentions.find(
        (m) => m.from >= predicate.to && !inRanges(m.start - span.start, found.used),
      );
      const toAt = tokens.findIndex((t, i) => i >= predicate.to && t.lower === 'to');
      const guessed = to?.party || toAt < 0 ? undefined : nounPhraseAfter(source, tokens, toAt + 1);
      if (guessed) assumed.push(guessed);
      const party = to?.party ?? guessed?.party;
      if (!party) return asked('missing-recipient', 'Hand it to whom?', span, 'handoff');
      // "Rejected requests go back to the employee": whoever asked is told.
      if (party.type === 'requester' && /^go(?: back)?$/.test(predicate.lemma))
        return frame([{ kind: 'notify', parties: [party] }]);
      if (predicate.lemma === 'go') {
        // "goes to the learning team to book it": work; "also goes to the CFO": one more approval.
        const purpose = tokens.findIndex((t, i) => {
          const next = tokens[i + 1];
          // "to book it": after the party, "to" and a bare word is a purpose, however tagged.
          const verbal =
            next &&
            !['DET', 'PRON', 'PROPN', 'NUM', 'PUNCT'].includes(next.pos) &&
            !mentions.some((m) => i + 1 >= m.from && i + 1 < m.to);
          return i >= (to?.to ?? predicate.to) && t.lower === 'to' && verbal;
        });
        // "goes to the duty manager, who has 2 hours to accept": accepting is the hand-off's.
        const verb = purpose >= 0 ? tokens[purpose + 1] : undefined;
        if (verb && !verbClassesOf(verb.lemma).includes('accept'))
          return frame([
            {
              kind: 'work',
              party,
              title: titleOf(
                source,
                tokens,
                { ...predicate, from: purpose + 1 },
                found.used,
                span.start,
              ),
            },
          ]);
        // "goes to network operations for implementation": a purpose other than deciding is
        // theirs to do, whatever else the sentence approves.
        const after = tokens[to?.to ?? predicate.to]?.start ?? span.end;
        const forWhat = /\bfor\s+(?:an?\s+|the\s+|their\s+|its\s+)?([a-z-]+)/.exec(
          lower(source.slice(after, span.end)),
        )?.[1];
        const deciding = /^(?:approv|sign|ok|decision|authori[sz]|endorse|review|vote)/;
        // "goes straight to payroll, who must accept within a day": a hand-off to accept.
        const accepted = /\bwho\b[^,;]*\baccept/.test(lower(text));
        if (
          !accepted &&
          (!forWhat || deciding.test(forWhat)) &&
          (context.previous === 'approve' ||
            /\b(?:approv|sign-?off|sign off|ok\b|decision)/.test(lower(context.sentence ?? text)))
        ) {
          return frame([{ kind: 'approve', parties: [party], quantity: { mode: 'any' } }]);
        }
      }
      return frame([
        { kind: 'handoff', party, ...(predicate.lemma === 'go' ? { loose: true } : {}) },
      ]);
    }
    case 'accept':
      return frame([]);
    case 'wait': {
      const event =
        /\b(?:the\s+)?["“']?([a-z0-9][\w.-]*[a-z0-9])["”']?\s+(?:event|signal|webhook|message)\b|\bevent\s+["“']?([a-z0-9][\w.-]*)/i.exec(
          text,
        );
      if (event)
        return frame([{ kind: 'event', event: (event[1] ?? event[2] ?? '').toLowerCase() }]);
      const duration = found.limits.within ?? findDurations(lower(text))[0]?.value;
      if (duration) {
        // "wait 7 days before asking them to schedule a call": the wait, then their task.
        const asked = /\bbefore\s+(?:asking|getting|having|telling)\s+(.+?)\s+to\s+(.+)$/.exec(
          lower(text),
        );
        const doer = asked ? mentions.find((m) => m.start - span.start >= asked.index) : undefined;
        const askedParty =
          doer?.party ?? (asked && pronouns.length > 0 ? context.pronoun[0] : undefined);
        const acts: Act[] = [{ kind: 'wait', duration }];
        if (asked?.[2] && askedParty) {
          acts.push({
            kind: 'work',
            party: askedParty,
            title: asked[2].charAt(0).toUpperCase() + asked[2].slice(1),
          });
        }
        return waited(acts);
      }
      return {
        ok: false,
        code: 'unrecognized-wait',
        message: 'Wait for how long, or for what?',
        span,
      };
    }
    case 'set': {
      const set =
        /\b(?:set|change|update)\s+(?:the\s+)?([a-z_ ]+?)\s+(?:to|as)\s+["“']?([\w-]+)|\b(?:mark(?:ed|s)?|flag(?:ged|s)?|label(?:led|s)?|tag(?:ged|s)?)\s+(?:it|them|this|the [\w ]+?)?\s*(?:as\s+)?["“']?([\w-]+)["”']?$/i.exec(
          lower(text),
        );
      if (!set)
        return { ok: false, code: 'unrecognized-set', message: 'Set what to which value?', span };
      const field = (set[1] ?? 'status').trim().replace(/\s+/g, '_');
      const value = (set[2] ?? set[3] ?? '').toLowerCase();
      return frame([{ kind: 'set', field: field === 'record' ? 'status' : field, value }]);
    }
    case 'end': {
      // "Cancel it" ends as cancelled wherever it stands; "close it" after a rejection as rejected.
      const status =
        predicate.lemma === 'cancel' || /\b(?:as|to)\s+cancell?ed\b/i.test(text)
          ? 'cancelled'
          : /\b(?:as|to)\s+rejected\b|\breject/i.test(text) || context.afterRejection
            ? 'rejected'
            : 'completed';
      return frame([{ kind: 'end', status }]);
    }
    case 'escalate':
    case 'reassign':
      return frame([]);
    case 'submit':
    case 'start':
    case 'work':
    case undefined:
    default: {
      const parties = agent();
      // "Send the claimant a questionnaire to fill in": the one it is sent to does the work.
      const given =
        parties.length === 0 && predicate.voice === 'imperative' && SENT_FOR.test(predicate.lemma)
          ? mentions.find((m) => m.from === predicate.to && m.party)
          : undefined;
      const purpose = tokens.findIndex(
        (t, i) =>
          i >= (given?.to ?? tokens.length) && t.lower === 'to' && tokens[i + 1]?.pos === 'VERB',
      );
      if (given?.party && purpose > 0) parties.push(given.party);
      const party = parties[0];
      if (!party)
        return asked(
          'missing-assignee',
          `Who does "${predicate.lemma}"?`,
          // The whole act the question is about, so that none of its words go unreported.
          { start: tokens[predicate.from]?.start ?? span.start, end: span.end },
          'work',
        );
      const form = formFields(text);
      const title = titleOf(source, tokens, predicate, found.used, span.start);
      const head = subject?.[0]?.from ?? -1;
      const count = [tokens[head - 1], tokens[head]].find(
        (t) => t && (t.pos === 'NUM' || /^(?:two|three|four|five|several|multiple)$/.test(t.lower)),
      );
      if (count && parties.length === 1) {
        warnings.push({
          code: 'count-ignored',
          message: `"${count.text}" of them were asked for; a task goes to one assignee`,
          span: { start: count.start, end: count.end },
        });
      }
      // "security and IT both review it": the same work for each of them.
      return frame(
        parties.map((doer) => ({
          kind: 'work',
          party: doer,
          title,
          ...(form.length > 0 ? { form } : {}),
        })),
      );
    }
  }
}

// Verbs that give someone something to act on: "send the tenant the form to sign".
const SENT_FOR = /^(?:send|give|hand|email|e-mail|post|mail)$/;

const RECORDS =
  /\b(?:ticks?|tick off|records?|notes?|marks?|confirms?|indicates?|says?|reports?|states?|answers?|checks?|flags?|enters?|logs?)\b/;

/** Yes/no answers the worker records ("ticks whether new calls were found", "ticks 'passed' yes or no"). */
function formFields(text: string): IntakeField[] {
  const lowered = lower(text);
  const fields: IntakeField[] = [];
  const quoted =
    /['"‘“]([\w -]{1,40})['"’”]\s*(?:\(?\s*(?:yes or no|yes\/no|y\/n|true or false)\b)/.exec(
      lowered,
    );
  // "ticks 'recovery complete'": a box ticked is a yes/no answer, with or without "yes or no".
  const ticked =
    quoted?.[1] && RECORDS.test(lowered.slice(0, quoted.index))
      ? quoted[1]
      : /\b(?:ticks?|checks?|tick off)\s+(?:the\s+)?['"‘“]([\w -]{1,40})['"’”]/.exec(lowered)?.[1];
  if (ticked) fields.push({ name: snake(ticked), type: 'boolean' });
  // "records the 'open findings' count": a number answer.
  const counted =
    /\b(?:records?|enters?|notes?|logs?|reports?)\s+(?:the\s+|a\s+)?['"‘“]([\w -]{1,40})['"’”]\s+(?:count|number|total|score|figure)\b/.exec(
      lowered,
    );
  if (counted?.[1]) fields.push({ name: snake(counted[1]), type: 'number' });
  const whether = /\b(?:whether|if)\s+(?:or not\s+)?(.+?)(?:\s+or not)?$/.exec(lowered);
  if (!ticked && !counted && whether?.[1] && RECORDS.test(lowered.slice(0, whether.index))) {
    const words = whether[1]
      .replace(/\b(?:the|a|an|any|is|are|was|were|has|have|been|be|it|they|still)\b/g, ' ')
      .trim();
    if (words) fields.push({ name: snake(words), type: 'boolean' });
  }
  return fields;
}

const snake = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
