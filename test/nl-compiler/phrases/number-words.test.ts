import { parseNumber, parseOrdinal } from '../../../src/nl-compiler/phrases';

describe('parseNumber', () => {
  it.each([
    ['two', 2],
    ['Two', 2],
    ['twenty-five', 25],
    ['twenty five', 25],
    ['ninety', 90],
    ['ninety-nine', 99],
    ['a', 1],
    ['an', 1],
    ['one', 1],
    ['zero', 0],
    ['eleven', 11],
    ['nineteen', 19],
    ['a dozen', 12],
    ['dozen', 12],
    ['half a dozen', 6],
    ['a hundred', 100],
    ['two hundred and fifty', 250],
    ['ten thousand', 10_000],
    ['a million', 1_000_000],
    ['1,000', 1000],
    ['10,000.50', 10_000.5],
    ['10', 10],
    ['1.5', 1.5],
    ['  7  ', 7],
  ])('reads %s as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', 'foo', 'twenty-', 'two three', '1,00', '1.', '-3', 'first', 'a few', 'several'])(
    'does not read %p',
    (text) => {
      expect(parseNumber(text)).toBeUndefined();
    },
  );
});

describe('parseOrdinal', () => {
  it.each([
    ['1st', 1],
    ['22nd', 22],
    ['3rd', 3],
    ['15th', 15],
    ['15', 15],
    ['first', 1],
    ['Fifteenth', 15],
    ['twelfth', 12],
    ['twenty-first', 21],
    ['twenty third', 23],
    ['thirtieth', 30],
    ['thirty-first', 31],
  ])('reads %s as %d', (text, value) => {
    expect(parseOrdinal(text)).toBe(value);
  });

  it.each(['', 'last', 'twenty-tenth', 'one'])('does not read %p', (text) => {
    expect(parseOrdinal(text)).toBeUndefined();
  });
});
