import { BENCH_ENV, LONG_MS, MEDIAN_MS, type Bench } from '../compile-time-setup';

describe('compile time', () => {
  // Measured by the unit tests' global setup, before the other tests share the cores.
  const measured = JSON.parse(process.env[BENCH_ENV] ?? 'null') as Bench | null;

  it('was measured before the tests started', () => {
    expect(measured).not.toBeNull();
  });

  it('is at most 200 ms (with the host allowance) for 20,000 characters of hostile or long text', () => {
    expect(Object.keys(measured?.long20kMs ?? {})).toEqual(
      expect.arrayContaining([
        'spaces',
        'commas',
        'parentheses',
        'one long word',
        'realistic prose',
      ]),
    );
    for (const [input, ms] of Object.entries(measured?.long20kMs ?? {})) {
      expect({ input, ms: Math.min(ms, LONG_MS) }).toEqual({ input, ms });
    }
  });

  it('is at most 5 ms (with the host allowance) per description of the development corpus, when it is beside the checkout', () => {
    if (!measured?.descriptions) return;
    expect(measured.medianMs).toBeLessThanOrEqual(MEDIAN_MS);
  });
});
