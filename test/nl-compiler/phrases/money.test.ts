import { findMoney } from '../../../src/nl-compiler/phrases';

describe('findMoney', () => {
  it.each([
    ['over $10,000 the CFO', '$10,000', 10_000],
    ['at least $50k', '$50k', 50_000],
    ['above $50K.', '$50K', 50_000],
    ['over $1.5 million', '$1.5 million', 1_500_000],
    ['over $2M', '$2M', 2_000_000],
    ['over $3bn', '$3bn', 3_000_000_000],
    ['more than 10,000 dollars', '10,000 dollars', 10_000],
    ['more than USD 5,000', 'USD 5,000', 5000],
    ['more than €200', '€200', 200],
    ['more than £1,000', '£1,000', 1000],
    ['more than 5000 euros', '5000 euros', 5000],
    ['more than 300 pounds', '300 pounds', 300],
    ['claims of $200 or more', '$200', 200],
    ['a budget of $ 750', '$ 750', 750],
    ['under $99.99', '$99.99', 99.99],
    ['ten thousand dollars', 'ten thousand dollars', 10_000],
    ['a million dollars', 'a million dollars', 1_000_000],
    ['50k USD', '50k USD', 50_000],
    ['5,000 usd', '5,000 usd', 5000],
    ['US$400', 'US$400', 400],
    ['$1.1k', '$1.1k', 1100],
  ])('finds the amount in %p', (text, phrase, value) => {
    const found = findMoney(text);
    expect(found).toHaveLength(1);
    const [match] = found;
    expect(match && text.slice(match.start, match.end)).toBe(phrase);
    expect(match?.value).toBe(value);
  });

  it('finds every amount left to right', () => {
    const text = 'Between $1,000 and $5,000 the manager approves; above 5000 euros the CFO does.';
    expect(findMoney(text).map((match) => match.value)).toEqual([1000, 5000, 5000]);
  });

  it.each([
    'Requests with a discount percent above 30 need sign-off.',
    'within 48 hours',
    'the 1st of the month',
    'paid in dollars and cents',
    'version 10,000',
    'the amount field',
  ])('finds nothing in %p', (text) => {
    expect(findMoney(text)).toEqual([]);
  });
});
