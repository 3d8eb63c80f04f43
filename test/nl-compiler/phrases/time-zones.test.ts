import { isValidTimeZone } from '../../../src/dsl';
import { findTimeZone, findTimeZones } from '../../../src/nl-compiler/phrases';

describe('findTimeZone', () => {
  it.each([
    ['Every Friday at 4pm Eastern, the team', 'Eastern', 'America/New_York'],
    ['at 9am Eastern time', 'Eastern time', 'America/New_York'],
    ['at 9am ET', 'ET', 'America/New_York'],
    ['at 9am (ET)', 'ET', 'America/New_York'],
    ['at 9am EST', 'EST', 'America/New_York'],
    ['runs at EDT offsets', 'EDT', 'America/New_York'],
    ['at 9am New York time', 'New York time', 'America/New_York'],
    ['at 5pm Pacific', 'Pacific', 'America/Los_Angeles'],
    ['at 5pm PT', 'PT', 'America/Los_Angeles'],
    ['on PST', 'PST', 'America/Los_Angeles'],
    ['in the Pacific time zone', 'Pacific time zone', 'America/Los_Angeles'],
    ['at 10am Central', 'Central', 'America/Chicago'],
    ['Central Standard Time', 'Central Standard Time', 'America/Chicago'],
    ['Mountain time', 'Mountain time', 'America/Denver'],
    ['at 9am on the first day of each quarter, London time', 'London time', 'Europe/London'],
    ['UK time', 'UK time', 'Europe/London'],
    ['at 9am, London', 'London', 'Europe/London'],
    ['at 9am Paris time', 'Paris time', 'Europe/Paris'],
    ['at 9am CET', 'CET', 'Europe/Paris'],
    ['Central European Time', 'Central European Time', 'Europe/Paris'],
    ['at 9am Berlin time', 'Berlin time', 'Europe/Berlin'],
    ['at 9am Tokyo time', 'Tokyo time', 'Asia/Tokyo'],
    ['at 9am Sydney time', 'Sydney time', 'Australia/Sydney'],
    ['at 9am Singapore time', 'Singapore time', 'Asia/Singapore'],
    ['India time', 'India time', 'Asia/Kolkata'],
    ['at 9am IST', 'IST', 'Asia/Kolkata'],
    ['at 9am UTC', 'UTC', 'UTC'],
    ['at 9am utc', 'utc', 'UTC'],
    ['at 9am GMT', 'GMT', 'UTC'],
    ['at 9am in Europe/Madrid', 'Europe/Madrid', 'Europe/Madrid'],
    [
      'zone America/Argentina/Buenos_Aires',
      'America/Argentina/Buenos_Aires',
      'America/Argentina/Buenos_Aires',
    ],
    ['at 9am Eastern timezone', 'Eastern timezone', 'America/New_York'],
    ['at 9am Pacific tz', 'Pacific tz', 'America/Los_Angeles'],
  ])('finds the zone in %p', (text, phrase, zone) => {
    const match = findTimeZone(text);
    expect(match && text.slice(match.start, match.end)).toBe(phrase);
    expect(match?.value).toBe(zone);
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each([
    'Send it to the central procurement team.',
    'The Eastern region lead approves.',
    'The UK team reviews it at the end.',
    'Ask the Pacific sales director.',
    'Our London office handles it.',
    'The PT team and the CT scan',
    'est. 1999',
    'the best estimate',
    'The pst file',
    'the Mountain bike order',
    'and/or',
    'Legal/Compliance',
    'the 9am meeting in the central office',
  ])('finds no zone in %p', (text) => {
    expect(findTimeZone(text)).toBeUndefined();
  });

  it('returns the first zone and lists all of them', () => {
    const text = 'at 9am Eastern, then at 5pm London time';
    expect(findTimeZone(text)?.value).toBe('America/New_York');
    expect(findTimeZones(text).map((match) => match.value)).toEqual([
      'America/New_York',
      'Europe/London',
    ]);
  });
});
