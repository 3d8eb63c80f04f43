import {
  nounClassOf,
  startsPhrasalVerb,
  verbClassesOf,
  type VerbClass,
} from '../lexicon/verb-classes';
import type { Token } from '../text/tokens';

// The predicate of a clause: the first word (or verb and particle) that a verb class knows,
// and how it is said: active, passive ("is approved by"), imperative, or as a noun ("needs
// approval from", "the manager's OK").

/** How the clause says its act. */
export type Voice = 'active' | 'passive' | 'imperative' | 'noun';

/** The predicate of a clause. */
export interface Predicate {
  readonly classes: readonly VerbClass[];
  /** Index of its first token, and one past its last (the particle of "sign off"). */
  readonly from: number;
  readonly to: number;
  readonly voice: Voice;
  /** The words that named it, as written. */
  readonly lemma: string;
}

const PARTICLES = new Set([
  'off',
  'over',
  'up',
  'on',
  'out',
  'in',
  'back',
  'down',
  'through',
  'know',
  'informed',
  'posted',
  'of',
  'with',
  'care',
  'at',
  'into',
  'to',
]);
const BE = new Set(['be', 'get']);
// Words that carry a noun-form act: "needs approval", "goes to X for sign-off", "gets a review".
const NOUN_CARRIERS = new Set([
  'need',
  'require',
  'get',
  'go',
  'want',
  'seek',
  'obtain',
  'ask',
  'give',
  'have',
]);

/**
 * The particle that completes `tokens[at]` a few words on ("hand it over", "let legal know");
 * words of a party's name between are not verbs ("let the support team know").
 */
function particleAfter(
  tokens: readonly Token[],
  at: number,
  lemma: string,
  named: (index: number) => boolean,
): number | undefined {
  for (let j = at + 1; j < Math.min(tokens.length, at + 8); j++) {
    const token = tokens[j];
    if (!token || token.pos === 'PUNCT') return undefined;
    if (PARTICLES.has(token.lower) && verbClassesOf(`${lemma} ${token.lower}`).length > 0) return j;
    if ((token.pos === 'VERB' || token.pos === 'AUX') && !named(j)) return undefined;
  }
  return undefined;
}

/**
 * "Bonus requests over $5,000 need …", "expense claims": a word of the request kind after a
 * noun, with no object after it, names the item rather than the act of submitting it.
 */
function itemNoun(tokens: readonly Token[], at: number, classes: readonly VerbClass[]): boolean {
  const token = tokens[at];
  const before = tokens[at - 1];
  const after = tokens[at + 1];
  const itemClass =
    classes.includes('submit') || classes.includes('start') || classes.includes('accept');
  if (!token || !before || !itemClass) return false;
  if (!/s$/.test(token.lower) || !['NOUN', 'ADJ', 'PROPN'].includes(before.pos)) return false;
  // "windscreen claims": after a noun, "claims" is the thing, whatever follows; "the team
  // acknowledges it" is the team's act.
  if (classes[0] === 'accept') return token.pos !== 'VERB' || token.lemma === 'claim';
  return !after || !['DET', 'PRON', 'NUM'].includes(after.pos);
}

/** Whether the token before `at`, skipping adverbs and "not", is a form of be or get. */
function afterBe(tokens: readonly Token[], at: number): boolean {
  for (let j = at - 1; j >= 0; j--) {
    const token = tokens[j];
    if (!token) return false;
    if (token.pos === 'ADV' || token.lemma === 'not') continue;
    return BE.has(token.lemma) && (token.pos === 'AUX' || token.pos === 'VERB');
  }
  return false;
}

/** Whether a participle at `at` is followed by "by" ("then approved by the director"). */
function byAgent(tokens: readonly Token[], at: number): boolean {
  const token = tokens[at];
  const next = tokens[at + 1];
  return !!token && /(?:ed|en|wn)$/.test(token.lower) && next?.lower === 'by';
}

/** Whether the clause starts at `at` (only adverbs and "please" between `from` and it). */
function startsClause(tokens: readonly Token[], at: number, from: number): boolean {
  for (let j = from; j < at; j++) {
    const token = tokens[j];
    if (!token) continue;
    if (token.pos === 'ADV' || token.lower === 'please' || token.pos === 'PUNCT') continue;
    return false;
  }
  return true;
}

const verbLike = (token: Token) => token.pos === 'VERB' || token.pos === 'AUX';

const SUBJECT_PRONOUNS = new Set(['we', 'they', 'you', 'i', 'he', 'she', 'who']);

/** A word in a verb's slot: after "to", a modal, or a subject pronoun ("we page the team"). */
function verbSlot(tokens: readonly Token[], at: number): boolean {
  let j = at - 1;
  while (
    j >= 0 &&
    (tokens[j]?.pos === 'ADV' || /^(?:both|all|also|then|just)$/.test(tokens[j]?.lower ?? ''))
  )
    j--;
  const before = tokens[j];
  if (!before) return false;
  return before.lower === 'to' || before.pos === 'AUX' || SUBJECT_PRONOUNS.has(before.lower);
}

// Verbs that take their act from a noun: "send them a reminder", "give it a review".
const LIGHT_VERBS = new Set([
  'send',
  'give',
  'get',
  'have',
  'receive',
  'make',
  'do',
  'take',
  'provide',
  'issue',
  'raise',
]);

/** The class a noun after a light verb names ("send the desk a reminder" → remind). */
function lightVerbClass(tokens: readonly Token[], at: number): VerbClass | undefined {
  for (let j = at + 1; j < Math.min(tokens.length, at + 7); j++) {
    const token = tokens[j];
    if (!token || token.pos === 'PUNCT') return undefined;
    const hyphen = tokens[j + 1]?.text === '-' ? tokens[j + 2] : undefined;
    // "a heads-up": a noun of the act after an article, however its first half was tagged.
    const noun =
      (hyphen ? nounClassOf(`${token.lower}-${hyphen.lower}`) : undefined) ??
      (token.pos === 'VERB' ? undefined : (nounClassOf(token.lower) ?? nounClassOf(token.lemma)));
    if (noun && noun !== 'work') return noun;
    if (token.pos === 'VERB') return undefined;
  }
  return undefined;
}

/**
 * The first predicate of `tokens[from, to)` that a verb class knows. Words inside `skip`
 * (party mentions: "hiring manager", "review board") are never a predicate.
 */
export function findPredicate(
  tokens: readonly Token[],
  skip: (index: number) => boolean,
  from = 0,
  to = tokens.length,
): Predicate | undefined {
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (!token || skip(i)) continue;
    // "Requests costing more than …": a gerund after a noun qualifies it.
    const prior = tokens[i - 1];
    if (
      /ing$/.test(token.lower) &&
      prior &&
      (prior.pos === 'NOUN' || prior.pos === 'PROPN') &&
      i > from
    )
      continue;
    // "the facilities manager's OK": an act's noun after a possessive, not "the manager is OK".
    const owned = nounClassOf(token.lower);
    if (owned && /^['’]s$/.test(prior?.lower ?? '') && i > from + 1)
      return { classes: [owned], from: i, to: i + 1, voice: 'noun', lemma: token.lower };
    // "the estimated loss": a participle between an article and its noun qualifies the noun.
    if (
      /(?:ed|en)$/.test(token.lower) &&
      /^(?:the|a|an)$/.test(prior?.lower ?? '') &&
      tokens[i + 1]?.pos === 'NOUN'
    )
      continue;
    // "Billing processes the closure": a gerund before a finite verb is the subject.
    const following = tokens[i + 1];
    if (
      /ing$/.test(token.lower) &&
      following &&
      /s$/.test(following.lower) &&
      (following.pos === 'VERB' || following.pos === 'NOUN')
    )
      continue;
    // A first word the tagger took for a noun is an imperative only before its object
    // ("Review the contract"), not inside a noun phrase ("Budget transfer requests").
    const objectNext = ['DET', 'PRON', 'NUM', 'ADP', 'PART'].includes(tokens[i + 1]?.pos ?? 'DET');
    const initial = startsClause(tokens, i, from) && (verbLike(token) || objectNext);
    // "sign-off", "green-light": the tokenizer splits at the hyphen; the compound names the act.
    const hyphen = tokens[i + 1];
    const second = tokens[i + 2];
    if (
      hyphen?.text === '-' &&
      second &&
      hyphen.start === token.end &&
      second.start === hyphen.end
    ) {
      const compound = `${token.lower}-${second.lower}`;
      const verbClasses = verbClassesOf(compound);
      const nounClass = nounClassOf(compound);
      const before = tokens[i - 1];
      const carrier = (t: Token | undefined) =>
        t?.pos === 'DET' || /['’]s$/.test(t?.lower ?? '') || (!!t && NOUN_CARRIERS.has(t.lemma));
      // "needs legal sign-off": a name between the carrier and the noun is whose act it is.
      const named = ['ADJ', 'NOUN', 'PROPN'].includes(before?.pos ?? '') && carrier(tokens[i - 2]);
      const nounUse = carrier(before) || named;
      if (nounClass && nounUse)
        return { classes: [nounClass], from: i, to: i + 3, voice: 'noun', lemma: compound };
      if (verbClasses.length > 0) {
        return {
          classes: verbClasses,
          from: i,
          to: i + 3,
          voice: initial ? 'imperative' : 'active',
          lemma: compound,
        };
      }
    }
    const lemma = verbLike(token) ? token.lemma : token.lower;
    if (verbLike(token) || initial || token.pos === 'ADJ' || verbSlot(tokens, i)) {
      const particle = startsPhrasalVerb(lemma) ? particleAfter(tokens, i, lemma, skip) : undefined;
      if (particle !== undefined) {
        const word = tokens[particle]?.lower ?? '';
        const phrase = `${lemma} ${word}`;
        // "handed back to", "passed along to": a particle of direction keeps the verb's class.
        const classes = verbClassesOf(phrase);
        const directed = /^(?:back|along|on|across|through)$/.test(word);
        return {
          classes: classes.length === 0 && directed ? verbClassesOf(lemma) : classes,
          from: i,
          to: particle + 1,
          voice: afterBe(tokens, i) ? 'passive' : initial ? 'imperative' : 'active',
          lemma: phrase,
        };
      }
      // "it gets approved": the participle is the act, not "get".
      const next = tokens[i + 1];
      if (
        BE.has(lemma) &&
        next &&
        /(?:ed|en)$/.test(next.lower) &&
        verbClassesOf(next.lemma).length > 0
      )
        continue;
      const light = LIGHT_VERBS.has(lemma) ? lightVerbClass(tokens, i) : undefined;
      const classes = light ? [light] : verbClassesOf(lemma);
      if (itemNoun(tokens, i, classes)) continue;
      if (
        classes.length > 0 &&
        (verbLike(token) || initial || afterBe(tokens, i) || verbSlot(tokens, i))
      ) {
        return {
          classes,
          from: i,
          to: i + 1,
          voice:
            afterBe(tokens, i) || byAgent(tokens, i)
              ? 'passive'
              : initial
                ? 'imperative'
                : 'active',
          lemma,
        };
      }
    }
    // "finance pays it", "engineering commissions the kit": a verb the tagger took for a plural noun.
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    if (
      token.pos === 'NOUN' &&
      /[a-z]s$/.test(token.lower) &&
      previous &&
      (previous.pos === 'NOUN' || previous.pos === 'PROPN' || i - 1 === from) &&
      (!next || ['DET', 'PRON', 'ADP', 'NUM', 'PUNCT', 'ADV'].includes(next.pos))
    ) {
      const singular = token.lower.replace(/(?:es|s)$/, '');
      const classes =
        verbClassesOf(singular).length > 0
          ? verbClassesOf(singular)
          : verbClassesOf(token.lower.slice(0, -1));
      // "Bonus requests over …", "Expense reports": a noun that names the item, not an act.
      const itemNoun =
        classes.includes('submit') || classes.includes('start') || classes.includes('accept');
      if (classes.length > 0 && !itemNoun) {
        return { classes, from: i, to: i + 1, voice: 'active', lemma: token.lower.slice(0, -1) };
      }
    }
    const nounClass = nounClassOf(token.lower) ?? nounClassOf(token.lemma);
    if (
      nounClass &&
      (token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'ADJ' || token.pos === 'X')
    ) {
      const previous = tokens[i - 1];
      const carried = tokens.slice(from, i).some((t) => NOUN_CARRIERS.has(t.lemma));
      if (
        carried ||
        previous?.lower === "'s" ||
        previous?.lower === '’s' ||
        previous?.pos === 'PART'
      ) {
        return { classes: [nounClass], from: i, to: i + 1, voice: 'noun', lemma: token.lower };
      }
    }
  }
  return undefined;
}

/** A verb of the clause that no class knows, for the diagnostic that says so. */
export function unknownVerb(
  tokens: readonly Token[],
  skip: (index: number) => boolean,
): Token | undefined {
  // "Teleport the invoice …": a first word followed by its object is a verb, however tagged.
  const first = tokens[0];
  const imperative =
    first &&
    !skip(0) &&
    ['NOUN', 'PROPN', 'ADJ', 'X'].includes(first.pos) &&
    ['DET', 'PRON'].includes(tokens[1]?.pos ?? '');
  return tokens.find(
    (token, i) =>
      !skip(i) &&
      (token.pos === 'VERB' || (i === 0 && imperative)) &&
      !BE.has(token.lemma) &&
      !NOUN_CARRIERS.has(token.lemma) &&
      verbClassesOf(token.lemma).length === 0 &&
      !startsPhrasalVerb(token.lemma),
  );
}
