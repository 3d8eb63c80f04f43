import fc from 'fast-check';
import { leastCpuMs } from '../helpers/cpu-time';
import { tokenize, type Token } from '../../src/nl-compiler/text/tokens';

/** Asserts the contract every result must keep: ordered, disjoint, exact slices, full coverage. */
function expectWellFormed(source: string, tokens: Token[], start = 0, end = source.length): void {
  const problems: string[] = [];
  const covered = new Array<number>(source.length).fill(0);
  // A token may hold half a surrogate pair only when the source or the range already split one.
  const pairsIntact = !LONE_SURROGATE.test(source.slice(start, end));
  let last = start;
  for (const t of tokens) {
    const where = `${JSON.stringify(t.text)} at ${t.start}-${t.end}`;
    if (t.start < last || t.end <= t.start || t.end > end) problems.push(`misplaced ${where}`);
    if (source.slice(t.start, t.end) !== t.text) problems.push(`not the source's slice: ${where}`);
    if (t.lower !== t.text.toLowerCase()) problems.push(`lower is ${t.lower}: ${where}`);
    if (/\s/.test(t.text)) problems.push(`space inside ${where}`);
    if (pairsIntact && LONE_SURROGATE.test(t.text)) problems.push(`half a pair in ${where}`);
    for (let i = t.start; i < t.end; i++) covered[i] = (covered[i] ?? 0) + 1;
    last = t.end;
  }
  for (let i = start; i < end; i++) {
    const ch = source[i] ?? '';
    if (!/\s/.test(ch) && covered[i] !== 1) problems.push(`${i} covered ${covered[i]} times`);
  }
  expect(problems).toEqual([]);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The token whose text is `text`, failing the test when there is none. */
function find(tokens: Token[], text: string): Token {
  const found = tokens.find((t) => t.text === text);
  if (!found) throw new Error(`no token "${text}" in ${tokens.map((t) => t.text).join(' ')}`);
  return found;
}

/** `text`'s lemma and part of speech, as tokenized within `sentence`. */
function tagged(sentence: string, text: string): [string, string] {
  const tokens = tokenize(sentence);
  expectWellFormed(sentence, tokens);
  const t = find(tokens, text);
  return [t.lemma, t.pos];
}

describe('tokenize: lemmas and parts of speech', () => {
  it.each([
    ['The controller must approve the invoice.', 'approve', 'approve', 'VERB'],
    ['The controller must approve the invoice.', 'must', 'must', 'AUX'],
    ['The controller must approve the invoice.', 'invoice', 'invoice', 'NOUN'],
    ['The invoice is approved by the controller.', 'approved', 'approve', 'VERB'],
    ['The invoice is approved by the controller.', 'is', 'be', 'AUX'],
    ['The invoice is approved by the controller.', 'by', 'by', 'ADP'],
    ['Payroll signs off on it.', 'signs', 'sign', 'VERB'],
    ['Payroll signs off on it.', 'off', 'off', 'PART'],
    ['Please hand the case over to support.', 'hand', 'hand', 'VERB'],
    ['A review by the auditor is needed.', 'review', 'review', 'NOUN'],
    ['A review by the auditor is needed.', 'needed', 'need', 'VERB'],
    ['Requests are logged with a date.', 'logged', 'log', 'VERB'],
    ['Requests are logged with a date.', 'Requests', 'request', 'NOUN'],
    ['Finance approves every refund.', 'approves', 'approve', 'VERB'],
    ['Finance approved the refund yesterday.', 'approved', 'approve', 'VERB'],
    ['Finance is approving the refund.', 'approving', 'approve', 'VERB'],
    ['Please set up the account first.', 'up', 'up', 'PART'],
    ['Someone should pick up the parcel.', 'up', 'up', 'PART'],
    ['The refund was quickly rejected.', 'rejected', 'reject', 'VERB'],
    ['The refund was not rejected.', 'rejected', 'reject', 'VERB'],
    ['The contract has been signed by legal.', 'signed', 'sign', 'VERB'],
    ['The expense gets reviewed twice.', 'reviewed', 'review', 'VERB'],
    ['The review is done.', 'done', 'do', 'VERB'],
    ['The deposit was paid in full.', 'paid', 'pay', 'VERB'],
    ['The offer got withdrawn.', 'withdrawn', 'withdraw', 'VERB'],
    ['The offer got withdrawn.', 'got', 'get', 'AUX'],
    ['The banner is red.', 'red', 'red', 'ADJ'],
    ['Meet at the café.', 'café', 'café', 'NOUN'],
  ])('%s: %s is %s/%s', (sentence, text, lemma, pos) => {
    expect(tagged(sentence, text)).toEqual([lemma, pos]);
  });

  it('splits a contraction without empty tokens and names its halves', () => {
    const source = "It's late, so don't wait.";
    const tokens = tokenize(source);
    expectWellFormed(source, tokens);
    expect(tokens.map((t) => [t.text, t.lemma, t.pos])).toEqual(
      expect.arrayContaining([
        ['It', 'it', 'PRON'],
        ["'s", 'be', 'AUX'],
        ['do', 'do', 'AUX'],
        ["n't", 'not', 'PART'],
      ]),
    );
  });

  it('keeps money and durations whole', () => {
    const source = 'Claims above $12,500 wait 48 hours for sign-off.';
    const tokens = tokenize(source);
    expectWellFormed(source, tokens);
    expect(find(tokens, '$12,500')).toMatchObject({ pos: 'NUM', start: 13, end: 20 });
    expect(find(tokens, '48')).toMatchObject({ pos: 'NUM', start: 26, end: 28 });
    expect(find(tokens, 'hours')).toMatchObject({ pos: 'NOUN', lemma: 'hour', start: 29 });
  });

  it('makes an opening bracket before a number a mark of its own', () => {
    const source = 'The desk checks it ($40, 3 days) and [2 hours] later.';
    const tokens = tokenize(source);
    expectWellFormed(source, tokens);
    expect(tokens.filter((t) => /[([]/.test(t.text)).map((t) => t.text)).toEqual(['(', '[']);
    expect(find(tokens, '$40')).toMatchObject({ pos: 'NUM' });
    expect(find(tokens, '2')).toMatchObject({ pos: 'NUM' });
  });

  it('still tags every word of a description far longer than people write', () => {
    const sentence = 'The clerk approves the request. ';
    const source = sentence.repeat(400);
    const tokens = tokenize(source);
    expectWellFormed(source, tokens);
    const verbs = tokens.filter((t) => t.lower === 'approves');
    expect(verbs).toHaveLength(400);
    expect(verbs.every((t) => t.pos === 'VERB' && t.lemma === 'approve')).toBe(true);
  });
});

describe('tokenize: offsets', () => {
  it('counts leading spaces and ends each sentence with a PUNCT token', () => {
    const source = '   Approve it.';
    expect(tokenize(source).map((t) => [t.text, t.start, t.end, t.pos])).toEqual([
      ['Approve', 3, 10, 'VERB'],
      ['it', 11, 13, 'PRON'],
      ['.', 13, 14, 'PUNCT'],
    ]);
  });

  it('starts at a non-zero offset and stays inside the given range', () => {
    const source = 'Skip this part. The clerk files the claim. And skip this.';
    const start = source.indexOf('The');
    const end = source.indexOf(' And');
    const tokens = tokenize(source, start, end);
    expectWellFormed(source, tokens, start, end);
    expect(tokens.map((t) => t.text)).toEqual(['The', 'clerk', 'files', 'the', 'claim', '.']);
    expect(tokens[0]?.start).toBe(start);
    expect(tokens.at(-1)?.end).toBe(end);
    expect(find(tokens, 'files')).toMatchObject({ lemma: 'file', pos: 'VERB' });
  });

  it('keeps exact slices through unicode, CRLF, tabs and runs of spaces', () => {
    const source = 'The form\r\n\tis approved — “the café” said 😀  ok.\u00a0Next…';
    const tokens = tokenize(source);
    expectWellFormed(source, tokens);
    for (const text of ['—', '“', 'café', '”', '😀', '…']) find(tokens, text);
    expect(find(tokens, '—').pos).toBe('PUNCT');
    expect(find(tokens, 'approved').pos).toBe('VERB');
  });

  it('cuts long text between words, and an over-long word outside surrogate pairs', () => {
    const phrase = 'the manager reviews each claim and the clerk files it ';
    const prose = phrase.repeat(40);
    const tokens = tokenize(prose);
    expectWellFormed(prose, tokens);
    expect(new Set(tokens.map((t) => t.lower))).toEqual(new Set(phrase.trim().split(' ')));
    const long = `x${'😀'.repeat(700)}y`;
    expectWellFormed(long, tokenize(long));
  });
});

describe('tokenize: properties', () => {
  // Words, marks and odd characters, glued to each other or spaced: space-free runs included.
  const word = fc.constantFrom(
    ...`The clerk it's won't can't she'd let's gonna approved is signs off Mr. U.S. e.g. $12,500 48
      10% café — “ ” ‘ ’ 😀 👨‍👩‍👧 ( ) , . ... ; : ! ? ' a-b x/y #tag @me İ e\u0301`.split(/[ \n]+/),
    ...['\r\n', '\t', ' ', '   ', '\u00a0', '\u200b', '\u2028', '\ufeff'],
  );
  const sentence = fc
    .array(fc.tuple(word, fc.constantFrom(' ', '')), { maxLength: 60 })
    .map((pairs) => pairs.flat().join(''));
  const text = fc.oneof(sentence, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

  it('covers every non-space character of any range exactly once, in order', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (source, a, b) => {
        const start = a % (source.length + 1);
        const end = start + (b % (source.length - start + 1));
        expectWellFormed(source, tokenize(source, start, end), start, end);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the contract across piece boundaries of long text', () => {
    const long = fc.array(sentence, { minLength: 5, maxLength: 20 }).map((s) => s.join(' '));
    fc.assert(
      fc.property(long, (source) => expectWellFormed(source, tokenize(source))),
      { numRuns: 30 },
    );
  });
});

describe('tokenize: bounded time', () => {
  const SIZE = 20_000;
  const repeat = (unit: string): string =>
    unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  let seed = 12345;
  // A fixed-seed generator, so that the "random" input is the same on every run.
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const printable = Array.from({ length: SIZE }, () =>
    String.fromCharCode(32 + Math.floor(random() * 95)),
  ).join('');
  const prose =
    'When a supplier sends an invoice above $5,000, the buyer checks it against the order. ' +
    'If the figures match, the finance lead approves it within two business days; otherwise ' +
    'it is returned to the supplier with the reason. Approved invoices are paid on Friday, and ' +
    "the supplier's contact is told by email. ";

  beforeAll(() => tokenize('Load compromise before the clock starts.'));

  it.each([
    ['spaces', ' '.repeat(SIZE)],
    ['"a, " repeated', repeat('a, ')],
    ['"." repeated', repeat('.')],
    ['"Mr. " repeated', repeat('Mr. ')],
    ['"(" repeated', repeat('(')],
    ['one long word', 'a'.repeat(SIZE)],
    ['a-a-a', repeat('a-')],
    ['a/a/a', repeat('a/')],
    ['random printable characters', printable],
    ['business prose', repeat(prose)],
  ])('%s: linear in the length, 20,000 characters well within a second', (_name, source) => {
    // Ten times the text takes about ten times as long, never a hundred: the ratio, not the
    // clock, is what holds on any machine (absolute figures: npm run bench:compile).
    // Taken in turns, so that a busy moment of the machine slows both alike.
    let tokens: Token[] = [];
    let whole = Infinity;
    let tenth = Infinity;
    for (let run = 0; run < 5; run++) {
      whole = Math.min(
        whole,
        leastCpuMs(() => (tokens = tokenize(source)), 1),
      );
      tenth = Math.min(
        tenth,
        leastCpuMs(() => tokenize(source.slice(0, SIZE / 10)), 1),
      );
    }
    // The floor covers texts whose tenth takes a millisecond or two, where a collection or a busy
    // CI moment is most of the figure; a quadratic tokenizer would still take seconds here.
    expect(whole).toBeLessThanOrEqual(Math.max(25 * tenth, 100));
    expect(whole).toBeLessThanOrEqual(1_000);
    expectWellFormed(source, tokens);
  });
});
