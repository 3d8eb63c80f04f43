import fc from 'fast-check';
import { parseCron, parseDuration } from '../../../src/dsl';
import {
  findDurations,
  findMoney,
  findSchedule,
  findTimeZone,
  findTimesOfDay,
  parseNumber,
  type Match,
} from '../../../src/nl-compiler/phrases';

const WORDS = [
  'every',
  'each',
  'Monday',
  'and',
  'at',
  '9am',
  '5',
  'pm',
  'on',
  'the',
  '1st',
  'of',
  'month',
  'quarter',
  'Eastern',
  'time',
  'a',
  'an',
  'hour',
  'half',
  'days',
  'business',
  '$',
  '10,000',
  'k',
  'twenty-five',
  'minutes',
  ',',
  '.',
  'UTC',
  'noon',
  'in',
  'morning',
  'twice',
  'weekday',
  'London',
  'Europe/Madrid',
  'dollars',
  ':30',
  '12',
];

// Phrase-like text finds more matches than random characters alone.
const phraseText = fc
  .array(fc.constantFrom(...WORDS), { maxLength: 20 })
  .map((words) => words.join(' '));
const anyText = fc.oneof(fc.string({ maxLength: 80 }), phraseText);

function wellFormed<T>(text: string, matches: readonly Match<T>[]): boolean {
  let previousEnd = 0;
  for (const match of matches) {
    if (match.start < previousEnd || match.end <= match.start || match.end > text.length) {
      return false;
    }
    previousEnd = match.end;
  }
  return true;
}

describe('phrase finder properties', () => {
  it('never throws, and matches lie inside the text without overlapping', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(wellFormed(text, findDurations(text))).toBe(true);
        expect(wellFormed(text, findMoney(text))).toBe(true);
        expect(wellFormed(text, findTimesOfDay(text))).toBe(true);
        const zone = findTimeZone(text);
        expect(wellFormed(text, zone ? [zone] : [])).toBe(true);
        const schedule = findSchedule(text);
        expect(wellFormed(text, schedule ? [schedule] : [])).toBe(true);
        parseNumber(text);
      }),
      { numRuns: 500 },
    );
  });

  it('only produces valid DSL durations, crons and times', () => {
    fc.assert(
      fc.property(phraseText, (text) => {
        for (const match of findDurations(text)) expect(parseDuration(match.value)).toBeDefined();
        for (const match of findTimesOfDay(text)) {
          expect(match.value.hour).toBeGreaterThanOrEqual(0);
          expect(match.value.hour).toBeLessThan(24);
          expect(match.value.minute).toBeGreaterThanOrEqual(0);
          expect(match.value.minute).toBeLessThan(60);
        }
        const schedule = findSchedule(text)?.value;
        if (schedule?.cron !== undefined) expect(parseCron(schedule.cron).ok).toBe(true);
        if (schedule?.every !== undefined) expect(parseDuration(schedule.every)).toBeDefined();
        expect(
          schedule === undefined ||
            (schedule.cron === undefined) !== (schedule.every === undefined),
        ).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('stays fast on long adversarial input', () => {
    const text = `${'every Monday and '.repeat(200)}${'1,'.repeat(500)} ${'twenty '.repeat(300)}`;
    const started = Date.now();
    findSchedule(text);
    findDurations(text);
    findMoney(text);
    findTimesOfDay(text);
    findTimeZone(text);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
