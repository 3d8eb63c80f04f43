import { parseCron } from '../../src/dsl';

describe('parseCron', () => {
  it.each([
    '0 9 * * MON',
    '0 17 * * 1-5',
    '0 10 1 * *',
    '0 9 1 1,4,7,10 *',
    '*/15 * * * *',
    '0 0 29 2 *',
    '30 8 * JAN-MAR sun',
    '0 12 * * 7',
    '5-55/10 */2 1-15 * *',
  ])('accepts %s', (expression) => {
    expect(parseCron(expression).ok).toBe(true);
  });

  it('expands fields into the values they fire on, Sunday as 0', () => {
    const result = parseCron('0,30 9-11 * * MON-FRI,7');
    expect(result.ok && [...result.schedule.minutes]).toEqual([0, 30]);
    expect(result.ok && [...result.schedule.hours]).toEqual([9, 10, 11]);
    expect(result.ok && [...result.schedule.daysOfWeek].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.ok && result.schedule.dayOfWeekRestricted).toBe(true);
    expect(result.ok && result.schedule.dayOfMonthRestricted).toBe(false);
  });

  it.each([
    ['0 9 * *', /5 fields/],
    ['0 9 * * * *', /5 fields/],
    ['@daily', /5 fields/],
    ['60 9 * * *', /minute 60 is outside 0-59/],
    ['0 24 * * *', /hour 24 is outside 0-23/],
    ['0 9 0 * *', /day of month 0/],
    ['0 9 * 13 *', /month 13/],
    ['0 9 * * 8', /day of week 8/],
    ['0 9 * * FUN', /not a day of week/],
    ['0 9 * * 5-1', /goes backwards/],
    ['*/0 * * * *', /at least 1/],
    ['0 9 * * 1,', /not a valid day of week element/],
    ['0 9 31 2 *', /never fires/],
    ['0 9 30,31 2 *', /never fires/],
  ])('refuses %s', (expression, message) => {
    const result = parseCron(expression);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('accepts 31 February when a day of week is also given, since cron ORs them', () => {
    expect(parseCron('0 9 31 2 MON').ok).toBe(true);
  });
});
