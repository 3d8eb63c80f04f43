import { findTimesOfDay } from '../../../src/nl-compiler/phrases';

describe('findTimesOfDay', () => {
  it.each([
    ['at 9am', '9am', 9, 0],
    ['at 9 am', '9 am', 9, 0],
    ['at 9AM', '9AM', 9, 0],
    ['at 9 a.m. sharp', '9 a.m.', 9, 0],
    ['at 9:30am', '9:30am', 9, 30],
    ['at 9.30 am', '9.30 am', 9, 30],
    ['at 5pm', '5pm', 17, 0],
    ['at 5:45 PM', '5:45 PM', 17, 45],
    ['at 12pm', '12pm', 12, 0],
    ['at 12am', '12am', 0, 0],
    ['at 17:00', '17:00', 17, 0],
    ['at 08:15', '08:15', 8, 15],
    ['at 0:05', '0:05', 0, 5],
    ['at noon', 'noon', 12, 0],
    ['at 12 noon', '12 noon', 12, 0],
    ['at midday', 'midday', 12, 0],
    ['at midnight', 'midnight', 0, 0],
    ["at 9 o'clock in the morning", "9 o'clock in the morning", 9, 0],
    ['at 9 oclock', '9 oclock', 9, 0],
    ["at 3 o'clock", "3 o'clock", 15, 0],
    ['at 5 in the afternoon', '5 in the afternoon', 17, 0],
    ['at 7 in the evening', '7 in the evening', 19, 0],
    ['at 11 at night', '11 at night', 23, 0],
    ['at 12 at night', '12 at night', 0, 0],
    ['at six in the morning', 'six in the morning', 6, 0],
    ['at nine am', 'nine am', 9, 0],
    ['at five pm', 'five pm', 17, 0],
  ])('reads %p', (text, phrase, hour, minute) => {
    const found = findTimesOfDay(text);
    expect(found).toHaveLength(1);
    const [match] = found;
    expect(match && text.slice(match.start, match.end)).toBe(phrase);
    expect(match?.value).toEqual({ hour, minute });
  });

  it('finds every time left to right', () => {
    const text = 'twice a day at 9am and 5:30pm, never after midnight';
    expect(findTimesOfDay(text).map((match) => match.value)).toEqual([
      { hour: 9, minute: 0 },
      { hour: 17, minute: 30 },
      { hour: 0, minute: 0 },
    ]);
  });

  it.each([
    'within 2 hours',
    'at 13pm',
    'at 25:00',
    'at 9:75',
    'the amount is 9',
    'I am here',
    'Spam filter',
    'version 1.2.3',
    'the 10:30:00 build',
    'in the morning',
    '$5pm',
  ])('finds nothing in %p', (text) => {
    expect(findTimesOfDay(text)).toEqual([]);
  });
});
