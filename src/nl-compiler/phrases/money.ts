import type { Match } from './match';
import { DIGIT_NUMBER_SOURCE, WORD_NUMBER_SOURCE, parseNumber } from './number-words';

const SYMBOL = '(?:US|CA|AU|NZ|C|A)?\\$|[€£¥]|\\b(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|INR)\\b';
const SUFFIX_SCALE = '(?<suffix>k|mm|mn|m|bn|b)(?![\\w])';
const WORD_SCALE = '(?<scaleWord>thousand|million|billion|mil)(?![\\w])';
const CURRENCY_WORD =
  '(?:dollars?|bucks|euros?|pounds?(?:\\s+sterling)?|usd|eur|gbp|cad|aud|chf|yen|rupees?)(?![\\w])';

const MONEY = new RegExp(
  `(?:(?<symbol>${SYMBOL})\\s?(?<amount>${DIGIT_NUMBER_SOURCE})(?:${SUFFIX_SCALE}|\\s+${WORD_SCALE})?` +
    `|(?<![\\w$€£.,])(?:(?<amount2>${DIGIT_NUMBER_SOURCE})(?:(?<suffix2>k)|\\s+(?<scaleWord2>thousand|million|billion|mil))?\\s*` +
    `|(?<amount3>${WORD_NUMBER_SOURCE})(?:\\s+(?<scaleWord3>thousand|million|billion|mil))?\\s+)${CURRENCY_WORD})`,
  'gi',
);

const SCALE_VALUES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  mil: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

/** Every amount of money ("$10,000", "$50k", "$1.5 million", "5000 euros"), as a plain number. */
export function findMoney(text: string): Match<number>[] {
  const found: Match<number>[] = [];
  for (const match of text.matchAll(MONEY)) {
    const groups = match.groups ?? {};
    const amount = parseNumber(groups.amount ?? groups.amount2 ?? groups.amount3 ?? '');
    if (amount === undefined) continue;
    const scaleWord =
      groups.suffix ?? groups.scaleWord ?? groups.suffix2 ?? groups.scaleWord2 ?? groups.scaleWord3;
    const scale = scaleWord === undefined ? 1 : (SCALE_VALUES[scaleWord.toLowerCase()] ?? 1);
    const value = Math.round(amount * scale * 100) / 100;
    found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  return found;
}
