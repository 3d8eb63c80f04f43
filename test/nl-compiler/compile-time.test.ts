import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

interface Bench {
  descriptions: number;
  medianMs: number;
  long20kMs: Record<string, number>;
}

const root = path.resolve(__dirname, '../..');

// The benchmark runs as the product does (tsx, no test sandbox) and reports CPU time.
async function bench(): Promise<Bench> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench-compile.ts', '--json'],
    { cwd: root, timeout: 120_000 },
  );
  return JSON.parse(stdout) as Bench;
}

describe('compile time', () => {
  let measured: Bench;
  beforeAll(async () => {
    measured = await bench();
  }, 120_000);

  it('is at most 200 ms for 20,000 characters of hostile or long text', () => {
    expect(Object.keys(measured.long20kMs)).toEqual(
      expect.arrayContaining([
        'spaces',
        'commas',
        'parentheses',
        'one long word',
        'realistic prose',
      ]),
    );
    for (const [input, ms] of Object.entries(measured.long20kMs)) {
      expect({ input, ms: Math.min(ms, 200) }).toEqual({ input, ms });
    }
  });

  it('is at most 5 ms per description of the development corpus, when it is beside the checkout', () => {
    if (measured.descriptions === 0) return;
    expect(measured.medianMs).toBeLessThanOrEqual(5);
  });
});
