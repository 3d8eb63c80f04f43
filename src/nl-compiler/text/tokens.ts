import nlp from 'compromise';

/** Part of speech, coarse (Universal-Dependencies-like). */
export type Pos =
  | 'VERB'
  | 'AUX'
  | 'NOUN'
  | 'PROPN'
  | 'ADJ'
  | 'ADV'
  | 'ADP'
  | 'DET'
  | 'PRON'
  | 'NUM'
  | 'PART'
  | 'CONJ'
  | 'PUNCT'
  | 'X';

/** A word or punctuation mark; `text` is source.slice(start, end), offsets in the whole source. */
export interface Token {
  readonly text: string;
  readonly lower: string;
  readonly lemma: string;
  readonly pos: Pos;
  readonly start: number;
  readonly end: number;
}

// The parts of compromise's term objects and transform helpers that this module reads.
interface Term {
  readonly text: string;
  readonly machine?: string;
  readonly tags?: ReadonlySet<string>;
}
interface Transforms {
  two: {
    transform: {
      verb: { toInfinitive(word: string, model: object, tense?: string): string };
      noun: { toSingular(word: string, model: object): string };
    };
  };
}

const transform = (nlp.methods() as Transforms).two.transform;
const model = nlp.model();

// compromise's correcting rules for names, places, organisations, dates and amounts cost a
// third of the tagging and decide nothing the compiler reads: its own finders read those.
const ENTITY_TAGS =
  /\b(?:Person|FirstName|LastName|Honorific|Place|City|Country|Region|Organization|SportsTeam|Date|Month|WeekDay|Holiday|Time|Timezone|PhoneNumber|Currency|Money|Fraction|Unit)\b/;
const rules = (model as { two: { matches: { tag?: unknown }[] } }).two.matches;
rules.splice(0, rules.length, ...rules.filter((rule) => !ENTITY_TAGS.test(String(rule.tag))));

// compromise is superlinear on some inputs, so it only ever sees pieces this long.
const PIECE = 400;
// The rules that correct the first tagging cost half of it; past three times the longest
// description of the corpora (a pasted document, hostile input) the first tagging has to do.
const CAREFUL = 3_000;
// More clause ends or contractions than this in a piece is not prose: see steps().
const DENSE = 24;
const CLAUSE = /[,;:.!?](?=\s|$)/g;
const CONTRACTION = /\p{L}['’][dst]\b/giu;
const SPACE = /\s/;
const WORDY = /[\p{L}\p{N}]/u;
const PUNCT = /^(?:(?!\p{Extended_Pictographic})[\p{P}\p{S}])+$/u;
const BRACKETS = /^[([{]+/;
const SENTENCE_END = /[.!?]["'”’)\]]?$/;
const TENSES = ['Participle', 'PastTense', 'Gerund', 'PresentTense'];
const BE_GET = new Set(['be', 'get']);
const PAST: ReadonlySet<string> = new Set(['PastTense']);
// Irregular participles the -ed rule cannot see, and got/gotten, whose tense compromise leaves
// unguessed: "form:infinitive", or just "form" when both are the same.
const IRREGULAR = new Map(
  `done:do set told:tell seen:see sent:send paid:pay held:hold given:give taken:take written:write
  made:make chosen:choose withdrawn:withdraw known:know shown:show put kept:keep brought:bring
  bought:buy found:find met:meet run begun:begin got:get gotten:get`
    .split(/\s+/)
    .map((pair) => {
      const [form = '', base = form] = pair.split(':');
      return [form, base] as const;
    }),
);

/** The tokens of source.slice(start, end) (one sentence or clause), offsets into `source`. */
export function tokenize(source: string, start = 0, end = source.length): Token[] {
  const tokens: Token[] = [];
  const stop = Math.min(end, source.length);
  for (let from = Math.max(0, start); from < stop;) {
    const to = cut(source, from, stop);
    const piece = source.slice(from, to);
    if (WORDY.test(piece)) words(piece, from, tokens, from - start < CAREFUL);
    else gap(piece, 0, piece.length, from, tokens);
    from = to;
  }
  passives(tokens);
  return tokens;
}

// The compiler reads the clauses of one description many times; it is tagged once. Short
// probes ("<clause> approves") are kept too, but are dropped first, so the description stays.
const tagged: { source: string; tokens: Token[] }[] = [];
const TAGGED_KEPT = 8;

/** Forgets every tagging kept: each description is tagged once, and no more is kept after it. */
export function forgetTagging(): void {
  tagged.length = 0;
}

/**
 * The tokens of `source` that lie within [start, end), from one tagging of the whole source
 * kept for the description being compiled: each later range costs a binary search and a slice.
 */
export function tokensOf(source: string, start = 0, end = source.length): Token[] {
  let entry = tagged.find((t) => t.source === source);
  if (!entry) {
    entry = { source, tokens: tokenize(source) };
    if (tagged.length >= TAGGED_KEPT) {
      const shortest = tagged.reduce((a, b) => (b.source.length < a.source.length ? b : a));
      tagged.splice(tagged.indexOf(shortest), 1);
    }
    tagged.push(entry);
  }
  const all = entry.tokens;
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((all[middle]?.start ?? 0) < start) low = middle + 1;
    else high = middle;
  }
  const found: Token[] = [];
  for (let i = low; i < all.length; i++) {
    const token = all[i];
    if (!token || token.end > end) break;
    found.push(token);
  }
  return found;
}

/** Where the piece starting at `from` ends: a sentence end, else a comma or space, else PIECE. */
function cut(source: string, from: number, end: number): number {
  const max = from + PIECE;
  if (end <= max) return end;
  // A sentence end in the last three quarters of the window keeps pieces long, so work linear.
  for (let i = max; i > from + PIECE / 4; i--) {
    if (SPACE.test(source[i] ?? '') && SENTENCE_END.test(source.slice(i - 2, i))) return i;
  }
  for (let i = max; i > from; i--) {
    if (SPACE.test(source[i] ?? '')) return i;
    if (/[,;]/.test(source[i - 1] ?? '') && !/\d/.test(source[i] ?? '')) return i;
  }
  // One word longer than the window: cut it, but not between the halves of a surrogate pair.
  return /[\uD800-\uDBFF]/.test(source[max - 1] ?? '') ? max - 1 : max;
}

/** Runs compromise on one piece and aligns its terms with the piece's text. */
function words(piece: string, offset: number, out: Token[], careful: boolean): void {
  const sentences: readonly (readonly Term[])[] = nlp
    .tokenize(piece)
    .compute(steps(piece, careful)).docs;
  let at = 0;
  for (const terms of sentences) {
    terms.forEach((term, i) => {
      if (!term.text || SPACE.test(term.text)) return;
      let found = piece.indexOf(term.text, at);
      if (found < 0) return;
      gap(piece, at, found, offset, out);
      at = found + term.text.length;
      // "(3 days)": a bracket compromise kept on a number is a mark of its own.
      const bracket = BRACKETS.exec(term.text)?.[0].length ?? 0;
      if (bracket > 0 && bracket < term.text.length && terms[i + 1]?.text !== '') {
        gap(piece, found, found + bracket, offset, out);
        found += bracket;
      }
      // A contraction is one term with the text, then a zero-length term for the second word.
      const next = terms[i + 1];
      const split = next?.text === '' ? splitAt(term, next) : 0;
      if (next && split > 0) {
        out.push(token(piece, found, found + split, offset, term, true));
        out.push(token(piece, found + split, at, offset, next, true));
      } else out.push(token(piece, found, at, offset, term, false));
    });
  }
  gap(piece, at, piece.length, offset, out);
}

/**
 * nlp()'s steps after tokenizing, minus the chunker, and minus costly ones on dense text or
 * past the first CAREFUL characters.
 */
function steps(piece: string, careful: boolean): string[] {
  // These cost ~30 µs per clause or contraction, which text like "a, a, a" has every few chars.
  const skip = new Set(['contractions', 'alias', 'machine', 'chunks']);
  if (!careful || (piece.match(CLAUSE)?.length ?? 0) > DENSE) skip.add('postTagger');
  if ((piece.match(CONTRACTION)?.length ?? 0) > DENSE) skip.add('contractionTwo');
  return nlp.hooks().filter((hook) => !skip.has(hook));
}

/** Where a contraction's text divides: "do|n't", "it|'s", "can|not"; 0 when it does not. */
function splitAt(carrier: Term, second: Term): number {
  const text = carrier.text;
  if (second.machine === 'not' && /n['’]t$/i.test(text)) return text.length - 3;
  const head = carrier.machine ?? '';
  if (head && head.length < text.length && text.toLowerCase().startsWith(head)) return head.length;
  return Math.max(0, text.search(/['’]/));
}

/** Tokens for text compromise did not make a word of: one per punctuation mark, else runs. */
function gap(piece: string, from: number, to: number, offset: number, out: Token[]): void {
  let run = -1;
  const flush = (at: number): void => {
    if (run >= 0) out.push(token(piece, run, at, offset));
    run = -1;
  };
  for (let i = from; i < to;) {
    const ch = String.fromCodePoint(piece.codePointAt(i) ?? 0);
    if (SPACE.test(ch) || PUNCT.test(ch)) {
      flush(i);
      if (!SPACE.test(ch)) out.push(token(piece, i, i + ch.length, offset));
    } else if (run < 0) run = i;
    i += ch.length;
  }
  flush(to);
}

/** A token for piece.slice(from, to), tagged from compromise's `term` when there is one. */
function token(
  piece: string,
  from: number,
  to: number,
  offset: number,
  term?: Term,
  contracted = false,
): Token {
  const text = piece.slice(from, to);
  const lower = text.toLowerCase();
  const tags = term?.tags ?? new Set<string>();
  const pos = term ? posOf(tags, lower) : PUNCT.test(text) ? 'PUNCT' : 'X';
  // Half a contraction ("'s", "n't") is named by the word compromise expanded it to.
  const word = (term?.machine ?? lower).toLowerCase();
  let lemma = contracted ? word : lower;
  if (pos === 'VERB' || pos === 'AUX') {
    const fixed = tags.has('Modal') || tags.has('Infinitive') ? word : IRREGULAR.get(word);
    lemma = fixed ?? infinitive(word, tags);
  } else if (pos === 'NOUN' && tags.has('Plural')) lemma = transform.noun.toSingular(lower, model);
  return { text, lower, lemma, pos, start: offset + from, end: offset + to };
}

/** The infinitive of a verb form, from the tense compromise gave it. */
function infinitive(word: string, tags: ReadonlySet<string>): string {
  return transform.verb.toInfinitive(
    word,
    model,
    TENSES.find((tense) => tags.has(tense)),
  );
}

/** Coarse part of speech from compromise's tags; its Conjunction "to" marks an infinitive: PART. */
function posOf(tags: ReadonlySet<string>, lower: string): Pos {
  if (tags.has('Particle') || tags.has('Negative')) return 'PART';
  if (tags.has('Modal') || tags.has('Auxiliary') || tags.has('Copula')) return 'AUX';
  if (tags.has('Verb')) return 'VERB';
  if (tags.has('Value')) return 'NUM';
  if (tags.has('Pronoun')) return 'PRON';
  if (tags.has('ProperNoun')) return 'PROPN';
  if (tags.has('Noun')) return 'NOUN';
  if (tags.has('Adjective')) return 'ADJ';
  if (tags.has('Adverb')) return 'ADV';
  // compromise tags a relative "who" as a preposition; UD calls every wh-pronoun a pronoun.
  if (/^wh(?:o|om|ose|at|ich)$/.test(lower)) return 'PRON';
  if (tags.has('Preposition')) return 'ADP';
  if (tags.has('Determiner')) return 'DET';
  if (tags.has('Conjunction')) return lower === 'to' ? 'PART' : 'CONJ';
  if (tags.has('QuestionWord')) return 'ADV';
  return PUNCT.test(lower) ? 'PUNCT' : 'X';
}

/** compromise reads "is approved" as an adjective; a participle after be or get is a verb. */
function passives(tokens: Token[]): void {
  let afterBeGet = false;
  tokens.forEach((t, i) => {
    if (afterBeGet) {
      const regular = /^[a-z]{2,}ed$/.test(t.lower) ? infinitive(t.lower, PAST) : t.lower;
      // An unchanged infinitive means compromise knows the word as no verb ("red", "tired").
      const lemma = IRREGULAR.get(t.lower) ?? (regular !== t.lower ? regular : undefined);
      if (lemma) tokens[i] = { ...t, pos: 'VERB', lemma };
    }
    const beGet = BE_GET.has(t.lemma) && (t.pos === 'AUX' || t.pos === 'VERB');
    afterBeGet = beGet || (afterBeGet && (t.pos === 'ADV' || t.lemma === 'not'));
  });
}
