// Ordinal days of the month: "1st", "15th", "first", "twenty-third".

const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];
const ORDINAL_VALUES = new Map<string, number>(
  ORDINAL_WORDS.map((word, index) => [word, index + 1] as const),
);
ORDINAL_VALUES.set('twentieth', 20).set('thirtieth', 30);

/** Regex source for an ordinal day: "1st", "22nd", "first", "twenty-first", "thirtieth". */
export const ORDINAL_SOURCE = `(?:\\d{1,2}(?:st|nd|rd|th)|(?:twenty|thirty)[\\s-]?(?:${ORDINAL_WORDS.slice(0, 9).join('|')})|${ORDINAL_WORDS.join('|')}|twentieth|thirtieth)`;

/** The number of an ordinal ("1st" → 1, "twenty-first" → 21) or a plain day number ("15"); undefined otherwise. */
export function parseOrdinal(text: string): number | undefined {
  const normal = text.trim().toLowerCase();
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(normal);
  if (digits) return Number(digits[1]);
  const compound = /^(twenty|thirty)[\s-]?(\w+)$/.exec(normal);
  if (compound) {
    const unit = ORDINAL_VALUES.get(compound[2] ?? '');
    if (unit === undefined || unit > 9) return undefined;
    return (compound[1] === 'twenty' ? 20 : 30) + unit;
  }
  return ORDINAL_VALUES.get(normal);
}
