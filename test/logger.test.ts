import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');

/** What a fresh process prints for one log line, with the given environment. */
async function logLine(env: Record<string, string>): Promise<string> {
  const script = "require('./src/logger').logger.info({ flow: 'capex' }, 'run started')";
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '-e', script],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  );
  return stdout.trim();
}

describe('logs', () => {
  it('are JSON lines when stdout is not a terminal (production, pipes, files)', async () => {
    const line = await logLine({});
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'run started', flow: 'capex' });
  });

  it('are readable lines for a person when asked for (as on a terminal)', async () => {
    const line = await logLine({ PLAINFLOW_LOG_FORMAT: 'pretty' });
    expect(() => JSON.parse(line) as unknown).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(plainflow\/\d+\): run started/);
    expect(line).toContain('flow: "capex"');
  });
});
