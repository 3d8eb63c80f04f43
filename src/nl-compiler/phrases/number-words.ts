// Number words up to the millions, as regex sources shared by the duration and money finders.

/** zero … nineteen, each at the index of its value. */
export const UNIT_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const WORD_VALUES = new Map<string, number>([
  ...UNIT_WORDS.map((word, index) => [word, index] as const),
  ...TENS_WORDS.map((word, index) => [word, (index + 2) * 10] as const),
]);
const SCALES = new Map([
  ['hundred', 100],
  ['thousand', 1_000],
  ['million', 1_000_000],
  ['billion', 1_000_000_000],
]);

const DIGIT = UNIT_WORDS.slice(1, 10).join('|');
const TEEN = UNIT_WORDS.slice(10).join('|');
const BELOW_100 = `(?:(?:${TENS_WORDS.join('|')})(?:[\\s-]+(?:${DIGIT}))?|${TEEN}|${DIGIT}|zero)`;
const BELOW_1000 = `(?:(?:${DIGIT}|an?)\\s+hundred(?:\\s+(?:and\\s+)?${BELOW_100})?|${BELOW_100})`;
const SCALED = `(?:(?:${BELOW_1000}|an?)\\s+(?:thousand|million|billion)(?:\\s+(?:and\\s+)?${BELOW_1000})?|${BELOW_1000})`;

/** Regex source for a number written with digits: "10", "1,000", "1.5". */
export const DIGIT_NUMBER_SOURCE = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';

/** Regex source for a number written in words: "twenty-five", "a dozen", "two hundred", "a"/"an". */
export const WORD_NUMBER_SOURCE = `(?:half\\s+a\\s+dozen|(?:a\\s+)?dozen|${SCALED}|an?)`;

/** Regex source for any number, digits or words. */
export const NUMBER_SOURCE = `(?:${DIGIT_NUMBER_SOURCE}|${WORD_NUMBER_SOURCE})`;

const DIGITS_ONLY = new RegExp(`^(?:${DIGIT_NUMBER_SOURCE})$`);
const WORDS_ONLY = new RegExp(`^${WORD_NUMBER_SOURCE}$`, 'i');

function wordsValue(words: string): number {
  const tokens = words.split(/[\s-]+/).filter((token) => token !== 'and');
  if (tokens[0] === 'half') return 6;
  let total = 0;
  let current = 0;
  for (const token of tokens) {
    const scale = SCALES.get(token);
    if (token === 'a' || token === 'an') current += 1;
    else if (token === 'dozen') current = (current || 1) * 12;
    else if (scale === 100) current = (current || 1) * 100;
    else if (scale !== undefined) {
      total += (current || 1) * scale;
      current = 0;
    } else current += WORD_VALUES.get(token) ?? 0;
  }
  return total + current;
}

/** "two" → 2, "twenty-five" → 25, "a"/"an"/"one" → 1, "a dozen" → 12, "1,000" → 1000, "1.5" → 1.5; undefined otherwise. */
export function parseNumber(text: string): number | undefined {
  const normal = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (DIGITS_ONLY.test(normal)) return Number(normal.replace(/,/g, ''));
  if (WORDS_ONLY.test(normal)) return wordsValue(normal);
  return undefined;
}
