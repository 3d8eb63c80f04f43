import { parseCron, parseDuration } from '../../../src/dsl';
import { findSchedule, readSchedules, type Schedule } from '../../../src/nl-compiler/phrases';

function scheduleIn(text: string): { phrase: string; value: Schedule } | undefined {
  const match = findSchedule(text);
  return match && { phrase: text.slice(match.start, match.end), value: match.value };
}

describe('findSchedule', () => {
  it.each([
    ['Every Monday at 9am, create a task', 'Every Monday at 9am', '0 9 * * MON', undefined],
    [
      'Every weekday at 5pm Eastern',
      'Every weekday at 5pm Eastern',
      '0 17 * * 1-5',
      'America/New_York',
    ],
    [
      'On the 1st of every month at 10am, the finance team',
      'On the 1st of every month at 10am',
      '0 10 1 * *',
      undefined,
    ],
    [
      'At 9am on the first day of each quarter, London time, create a task',
      'At 9am on the first day of each quarter, London time',
      '0 9 1 1,4,7,10 *',
      'Europe/London',
    ],
    ['Every day at 8am, send', 'Every day at 8am', '0 8 * * *', undefined],
    ['daily at 8am', 'daily at 8am', '0 8 * * *', undefined],
    ['each morning at 8', 'each morning at 8', '0 8 * * *', undefined],
    ['every evening at 6, post', 'every evening at 6', '0 18 * * *', undefined],
    [
      'Every Friday at 4pm Eastern, the sales ops team',
      'Every Friday at 4pm Eastern',
      '0 16 * * FRI',
      'America/New_York',
    ],
    [
      'every Tuesday and Thursday at 10:30am',
      'every Tuesday and Thursday at 10:30am',
      '30 10 * * TUE,THU',
      undefined,
    ],
    [
      'every Mon, Wed & Fri at 9am',
      'every Mon, Wed & Fri at 9am',
      '0 9 * * MON,WED,FRI',
      undefined,
    ],
    [
      'every Monday through Friday at 9am',
      'every Monday through Friday at 9am',
      '0 9 * * 1-5',
      undefined,
    ],
    [
      'every Friday to Monday at 9am',
      'every Friday to Monday at 9am',
      '0 9 * * MON,FRI,SAT,SUN',
      undefined,
    ],
    ['twice a day at 9am and 5pm', 'twice a day at 9am and 5pm', '0 9,17 * * *', undefined],
    [
      'on the 15th of each month at noon',
      'on the 15th of each month at noon',
      '0 12 15 * *',
      undefined,
    ],
    [
      'on the fifteenth of every month at noon',
      'on the fifteenth of every month at noon',
      '0 12 15 * *',
      undefined,
    ],
    ['every January 1st at 9am', 'every January 1st at 9am', '0 9 1 1 *', undefined],
    ['every year on January 1 at 9am', 'every year on January 1 at 9am', '0 9 1 1 *', undefined],
    ['every 1st of March at 9am', 'every 1st of March at 9am', '0 9 1 3 *', undefined],
    ['annually on March 15 at 9am', 'annually on March 15 at 9am', '0 9 15 3 *', undefined],
    ['weekly on Fridays at 4pm', 'weekly on Fridays at 4pm', '0 16 * * FRI', undefined],
    ['weekly on Friday at 4pm', 'weekly on Friday at 4pm', '0 16 * * FRI', undefined],
    ['every week on Tuesday at 2pm', 'every week on Tuesday at 2pm', '0 14 * * TUE', undefined],
    ['every month on the 15th at 9am', 'every month on the 15th at 9am', '0 9 15 * *', undefined],
    ['monthly on the 3rd at 9:15am', 'monthly on the 3rd at 9:15am', '15 9 3 * *', undefined],
    ['on Mondays at 7:15am PST', 'on Mondays at 7:15am PST', '15 7 * * MON', 'America/Los_Angeles'],
    ['on weekdays at 9am', 'on weekdays at 9am', '0 9 * * 1-5', undefined],
    ['every business day at 6pm', 'every business day at 6pm', '0 18 * * 1-5', undefined],
    ['every weekend at 10am', 'every weekend at 10am', '0 10 * * SAT,SUN', undefined],
    ['once a week on Friday at 3pm', 'once a week on Friday at 3pm', '0 15 * * FRI', undefined],
    ['every day at 17:30 UTC', 'every day at 17:30 UTC', '30 17 * * *', 'UTC'],
    ['at 8am every day', 'at 8am every day', '0 8 * * *', undefined],
    [
      'At 6pm each Friday, Tokyo time',
      'At 6pm each Friday, Tokyo time',
      '0 18 * * FRI',
      'Asia/Tokyo',
    ],
    ['every 2 days at 9am', 'every 2 days at 9am', '0 9 */2 * *', undefined],
    ['EVERY MONDAY AT 9AM', 'EVERY MONDAY AT 9AM', '0 9 * * MON', undefined],
    ['every day at midnight', 'every day at midnight', '0 0 * * *', undefined],
    ['quarterly at 9am', 'quarterly at 9am', '0 9 1 1,4,7,10 *', undefined],
    ['every year on 3 April at 7am', 'every year on 3 April at 7am', '0 7 3 4 *', undefined],
    [
      'twice a year, on 10 March and 10 September at 6pm, Paris time',
      'twice a year, on 10 March and 10 September at 6pm, Paris time',
      '0 18 10 3,9 *',
      'Europe/Paris',
    ],
    [
      'quarterly at 7am on 2 March, 2 June, 2 September and 2 December',
      'quarterly at 7am on 2 March, 2 June, 2 September and 2 December',
      '0 7 2 3,6,9,12 *',
      undefined,
    ],
    [
      'every quarter on 20 February at 8am',
      'every quarter on 20 February at 8am',
      '0 8 20 2,5,8,11 *',
      undefined,
    ],
  ])('reads %p as a cron', (text, phrase, cron, timeZone) => {
    const found = scheduleIn(text);
    expect(found?.phrase).toBe(phrase);
    expect(found?.value.cron).toBe(cron);
    expect(found?.value.timeZone).toBe(timeZone);
    expect(found?.value.assumedTime).toBeUndefined();
    expect(parseCron(cron).ok).toBe(true);
  });

  it.each([
    ['every Monday', '0 0 * * MON'],
    ['daily', '0 0 * * *'],
    ['every week', '0 0 * * MON'],
    ['monthly', '0 0 1 * *'],
    ['every quarter', '0 0 1 1,4,7,10 *'],
    ['every year', '0 0 1 1 *'],
    ['every morning', '0 9 * * *'],
    ['Every weekday morning', '0 9 * * 1-5'],
    ['twice a day', '0 9,17 * * *'],
    ['on the 1st of every month', '0 0 1 * *'],
    ['once a year', '0 0 1 1 *'],
  ])('assumes a time for %p and says so', (text, cron) => {
    const found = scheduleIn(text);
    expect(found?.value).toEqual({ cron, assumedTime: true });
    expect(parseCron(cron).ok).toBe(true);
  });

  it.each([
    ['When a critical incident is opened, every hour notify the commander', 'every hour', 'PT1H'],
    ['hourly', 'hourly', 'PT1H'],
    ['every 15 minutes', 'every 15 minutes', 'PT15M'],
    ['every fifteen minutes', 'every fifteen minutes', 'PT15M'],
    ['every 30 mins', 'every 30 mins', 'PT30M'],
    ['every 2 hours', 'every 2 hours', 'PT2H'],
    ['every 2 days', 'every 2 days', 'P2D'],
    ['keep reminding them every 5 days until it comes back', 'every 5 days', 'P5D'],
    ['every other day', 'every other day', 'P2D'],
    ['every 2 weeks', 'every 2 weeks', 'P14D'],
    ['every fortnight', 'every fortnight', 'P14D'],
    ['every 3 business days', 'every 3 business days', '3bd'],
  ])('reads %p as an interval', (text, phrase, every) => {
    const found = scheduleIn(text);
    expect(found?.phrase).toBe(phrase);
    expect(found?.value).toEqual({ every });
    expect(parseDuration(every)).toBeDefined();
  });

  it.each([
    'When a purchase request is submitted, the manager approves within 2 days.',
    'The on-call engineer must write a postmortem within 2 business days.',
    'Every request over $500 needs approval.',
    'Each manager must approve.',
    'Every time a deal closes, notify sales.',
    'On Monday at 9am the team meets.',
    'Send it at 9am.',
    'The second reviewer checks each one.',
    'Teleport the invoice to the archive dimension every blue moon.',
    'Every other Monday at 9am',
    'every February 30th at 9am',
    'Each of them must approve.',
    '',
  ])('finds no schedule in %p', (text) => {
    expect(findSchedule(text)).toBeUndefined();
  });

  it.each([
    [
      'every year on 1 March and 15 September, count the stock',
      'every year on 1 March and 15 September',
    ],
    ['twice a year at 9am, count the stock', 'twice a year at 9am'],
    ['three times a year on 1 May and 1 June', 'three times a year on 1 May and 1 June'],
  ])('finds no schedule in %p and says which words one cron line cannot say', (text, words) => {
    expect(findSchedule(text)).toBeUndefined();
    expect(readSchedules(text).unsupported?.value).toBe(words);
  });

  it('takes the first schedule in the text', () => {
    const text = 'Approvals are due in 2 days. Every Monday at 9am, remind them; also every hour.';
    expect(scheduleIn(text)?.phrase).toBe('Every Monday at 9am');
  });
});
