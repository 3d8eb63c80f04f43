import {
  addBusinessDays,
  addDuration,
  compareDurations,
  durationFromOutline,
  durationText,
  durationToMs,
  formatDuration,
  fromZoned,
  isBusinessDay,
  isValidTimeZone,
  parseDuration,
  toZoned,
} from '../../src/dsl';

describe('parseDuration', () => {
  it('reads ISO 8601 weeks, days, hours, minutes and seconds into seconds', () => {
    expect(parseDuration('PT4H')).toEqual({ kind: 'fixed', seconds: 14400 });
    expect(parseDuration('P2D')).toEqual({ kind: 'fixed', seconds: 172800 });
    expect(parseDuration('P1W')).toEqual({ kind: 'fixed', seconds: 604800 });
    expect(parseDuration('P1DT12H30M')).toEqual({ kind: 'fixed', seconds: 131400 });
    expect(parseDuration('PT1M30S')).toEqual({ kind: 'fixed', seconds: 90 });
  });

  it('reads business days', () => {
    expect(parseDuration('3bd')).toEqual({ kind: 'business_days', days: 3 });
  });

  it.each(['', 'P', 'PT', 'P1DT', 'P1Y', 'P1M', 'PT1.5S', '1d', '2 bd', 'p1d'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('durationToMs', () => {
  it('counts a day as 24 hours', () => {
    expect(durationToMs('P1D')).toBe(86_400_000);
    expect(durationToMs('PT5S')).toBe(5_000);
    expect(durationToMs('PT90M')).toBe(5_400_000);
  });

  it('has no fixed length for business days or bad text', () => {
    expect(durationToMs('2bd')).toBeUndefined();
    expect(durationToMs('soon')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    ['PT4H', '4h'],
    ['PT48H', '2d'],
    ['P2D', '2d'],
    ['P14D', '2w'],
    ['P1W', '1w'],
    ['PT90M', '90m'],
    ['P1DT12H', '36h'],
    ['PT2M', '2m'],
    ['PT1M30S', '90s'],
    ['1bd', '1bd'],
  ])('prints %s as %s', (duration, outline) => {
    expect(formatDuration(duration)).toBe(outline);
  });
});

describe('durationFromOutline and durationText', () => {
  it('turns the outline form back into DSL durations', () => {
    expect(durationFromOutline('48h')).toBe('P2D');
    expect(durationFromOutline('2d')).toBe('P2D');
    expect(durationFromOutline('90m')).toBe('PT1H30M');
    expect(durationFromOutline('2w')).toBe('P14D');
    expect(durationFromOutline('1bd')).toBe('1bd');
  });

  it('refuses what is not an outline duration', () => {
    expect(durationFromOutline('0d')).toBeUndefined();
    expect(durationFromOutline('2 days')).toBeUndefined();
  });

  it('round-trips through parse and print', () => {
    for (const text of ['PT4H', 'P2D', 'P1DT12H30M', 'PT1M5S', '5bd']) {
      const value = parseDuration(text);
      expect(value && parseDuration(durationText(value))).toEqual(value);
    }
  });
});

describe('compareDurations', () => {
  it('orders fixed durations and business days among themselves only', () => {
    expect(compareDurations('PT24H', 'P1D')).toBe(0);
    expect(compareDurations('PT1H', 'P1D')).toBeLessThan(0);
    expect(compareDurations('3bd', '2bd')).toBeGreaterThan(0);
    expect(compareDurations('1bd', 'P1D')).toBeUndefined();
  });
});

describe('time zones', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('converts between instants and wall-clock time, across daylight saving', () => {
    const summer = new Date('2025-07-01T12:00:00Z');
    expect(toZoned(summer, 'America/New_York')).toMatchObject({
      year: 2025,
      month: 7,
      day: 1,
      hour: 8,
    });
    const local = { year: 2025, month: 1, day: 15, hour: 9, minute: 30, second: 0, millisecond: 0 };
    expect(fromZoned(local, 'Europe/Berlin').toISOString()).toBe('2025-01-15T08:30:00.000Z');
    expect(fromZoned({ ...local, month: 7 }, 'Europe/Berlin').toISOString()).toBe(
      '2025-07-15T07:30:00.000Z',
    );
  });
});

describe('addBusinessDays', () => {
  // 2025-01-03 is a Friday.
  const friday5pm = new Date('2025-01-03T17:00:00Z');

  it('skips the weekend: Friday plus one business day is Monday at the same time', () => {
    expect(addBusinessDays(friday5pm, 1, 'UTC').toISOString()).toBe('2025-01-06T17:00:00.000Z');
  });

  it('counts whole weeks as five business days', () => {
    expect(addBusinessDays(friday5pm, 5, 'UTC').toISOString()).toBe('2025-01-10T17:00:00.000Z');
  });

  it('starts counting on Monday when started on a weekend', () => {
    const saturday = new Date('2025-01-04T10:00:00Z');
    expect(addBusinessDays(saturday, 1, 'UTC').toISOString()).toBe('2025-01-06T10:00:00.000Z');
  });

  it('reads the weekday in the given time zone', () => {
    // Friday 23:00 in New York is already Saturday in UTC.
    const fridayNight = new Date('2025-01-04T04:00:00Z');
    expect(isBusinessDay(fridayNight, 'America/New_York')).toBe(true);
    expect(isBusinessDay(fridayNight, 'UTC')).toBe(false);
    expect(addBusinessDays(fridayNight, 1, 'America/New_York').toISOString()).toBe(
      '2025-01-07T04:00:00.000Z',
    );
  });

  it('keeps the local time across a daylight-saving change', () => {
    // Friday 2025-03-07 09:00 in New York (EST); clocks go forward on Sunday 03-09.
    const before = new Date('2025-03-07T14:00:00Z');
    expect(addBusinessDays(before, 1, 'America/New_York').toISOString()).toBe(
      '2025-03-10T13:00:00.000Z',
    );
  });

  it('returns the same instant for zero days and refuses negative or fractional days', () => {
    expect(addBusinessDays(friday5pm, 0, 'UTC')).toEqual(friday5pm);
    expect(() => addBusinessDays(friday5pm, -1, 'UTC')).toThrow(RangeError);
    expect(() => addBusinessDays(friday5pm, 1.5, 'UTC')).toThrow(RangeError);
  });
});

describe('addDuration', () => {
  it('adds fixed durations as elapsed time and business days on the calendar', () => {
    const friday = new Date('2025-01-03T17:00:00Z');
    expect(addDuration(friday, 'P1D', 'UTC').toISOString()).toBe('2025-01-04T17:00:00.000Z');
    expect(addDuration(friday, '1bd', 'UTC').toISOString()).toBe('2025-01-06T17:00:00.000Z');
  });
});
