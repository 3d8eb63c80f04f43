import { durationFromOutline, parseDuration } from '../../../src/dsl';
import { findDurations } from '../../../src/nl-compiler/phrases';

function only(text: string) {
  const found = findDurations(text);
  expect(found).toHaveLength(1);
  const [match] = found;
  if (!match) throw new Error('no match');
  return { value: match.value, phrase: text.slice(match.start, match.end) };
}

describe('findDurations', () => {
  it.each([
    ['approve it within 48 hours', '48 hours', '48h'],
    ['within 2 days, otherwise', '2 days', '2d'],
    ['accept it within 1 business day.', '1 business day', '1bd'],
    ['within two business days', 'two business days', '2bd'],
    ['in three weeks', 'three weeks', '3w'],
    ['within an hour', 'an hour', '1h'],
    ['within a day', 'a day', '1d'],
    ['after 90 minutes', '90 minutes', '90m'],
    ['wait 30 seconds', '30 seconds', undefined],
    ['in half an hour', 'half an hour', '30m'],
    ['a half hour later', 'a half hour', '30m'],
    ['give them half a day', 'half a day', '12h'],
    ['within a week', 'a week', '1w'],
    ['ten working days', 'ten working days', '10bd'],
    ['3 work days', '3 work days', '3bd'],
    ['due in 5 weekdays', '5 weekdays', '5bd'],
    ['SLA is 48h.', '48h', '48h'],
    ['SLA is 2d.', '2d', '2d'],
    ['within 2 hrs', '2 hrs', '2h'],
    ['within 3 mins', '3 mins', '3m'],
    ['within 45 min', '45 min', '45m'],
    ['within 15m', '15m', '15m'],
    ['within 1w', '1w', '1w'],
    ['within 2bd', '2bd', '2bd'],
    ['within 2 bd', '2 bd', '2bd'],
    ['within a fortnight', 'a fortnight', '2w'],
    ['within two fortnights', 'two fortnights', '4w'],
    ['a 48-hour window', '48-hour', '48h'],
    ['a two-day review', 'two-day', '2d'],
    ['a 3-business-day SLA', '3-business-day', '3bd'],
    ['within 1.5 hours', '1.5 hours', '90m'],
    ['an hour and a half', 'an hour and a half', '90m'],
    ['two and a half days', 'two and a half days', '60h'],
    ['within twenty-four hours', 'twenty-four hours', '1d'],
    ['Within 48 HOURS', '48 HOURS', '2d'],
    ['within 1 day and 12 hours', '1 day and 12 hours', '36h'],
    ['2 hours, 30 minutes', '2 hours, 30 minutes', '150m'],
    ['a dozen days', 'a dozen days', '12d'],
  ])('finds the duration in %p', (text, phrase, outline) => {
    const match = only(text);
    expect(match.phrase).toBe(phrase);
    if (outline !== undefined) expect(match.value).toBe(durationFromOutline(outline));
    expect(parseDuration(match.value)).toBeDefined();
  });

  it('gives seconds as an ISO duration', () => {
    expect(only('30 seconds').value).toBe('PT30S');
  });

  it('writes business days as Nbd and fixed lengths as ISO 8601', () => {
    expect(findDurations('2 business days or 48 hours').map((match) => match.value)).toEqual([
      '2bd',
      'P2D',
    ]);
  });

  it('finds every duration left to right with exact offsets', () => {
    const text = 'remind after 1 day; after 3 days escalate, and wait 2 business days';
    const found = findDurations(text);
    expect(found.map((match) => text.slice(match.start, match.end))).toEqual([
      '1 day',
      '3 days',
      '2 business days',
    ]);
    expect(found.map((match) => match.value)).toEqual(['P1D', 'P3D', '2bd']);
  });

  it('does not merge a smaller unit followed by a larger one', () => {
    expect(findDurations('30 minutes and 2 days')).toHaveLength(2);
  });

  it.each([
    'Any two members of the finance team must approve.',
    'A second approval is needed.',
    'The due date is tomorrow.',
    'Send it to the day shift.',
    'Every hour counts.',
    'It costs $5m.',
    'On the 1st of the month.',
    'Hand it to the 2nd line team and 3rd party.',
    'Set priority to high and notify legal.',
    'half of the team',
    '0 days',
    'version 2.5',
    'and',
    'an dog',
  ])('finds nothing in %p', (text) => {
    expect(findDurations(text)).toEqual([]);
  });
});
