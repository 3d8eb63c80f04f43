import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/free-port';
import { logger } from '../../src/logger';
import { devServerArgs, startDevServer } from '../../src/temporal/dev-server';
import { testTemporalAddress, testTemporalCli } from '../helpers/env';

describe('the Temporal dev server', () => {
  it('is started with a file-backed database and the Web UI when asked', () => {
    const args = devServerArgs({
      cliPath: 'temporal',
      logger,
      port: 7233,
      uiPort: 8233,
      dbFile: '/data/temporal.db',
    });
    expect(args.join(' ')).toContain('server start-dev --ip 127.0.0.1 --port 7233');
    expect(args.join(' ')).toContain('--ui-port 8233');
    expect(args.join(' ')).toContain('--db-filename /data/temporal.db');
    expect(devServerArgs({ cliPath: 'temporal', logger, port: 1, uiPort: null })).toContain(
      '--headless',
    );
  });

  it("registers Plainflow's custom search attributes", async () => {
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      const names = Object.fromEntries(
        Object.entries(customAttributes ?? {}).map(([name, type]) => [name, type]),
      );
      // Numeric IndexedValueType: 2 = KEYWORD, 7 = KEYWORD_LIST.
      expect(names).toMatchObject({
        FlowName: 2,
        FlowVersion: 2,
        WorkItemId: 2,
        FlowStatus: 2,
        PendingAssignees: 7,
      });
    } finally {
      await connection.close();
    }
  });

  it('stops a server a hard-killed Plainflow left on the same database file before starting', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-temporal-'));
    const dbFile = path.join(dir, 'temporal.db');
    const options = {
      cliPath: testTemporalCli(),
      logger,
      port: await freePort(),
      uiPort: null,
      dbFile,
    };
    const leftover = await startDevServer(options);
    const leftoverPid = Number(await fs.readFile(`${dbFile}.pid`, 'utf8'));
    try {
      const next = await startDevServer(options);
      // Signal 0 only checks that the process exists.
      expect(() => process.kill(leftoverPid, 0)).toThrow();
      await next.stop();
      await expect(fs.stat(`${dbFile}.pid`)).rejects.toThrow();
    } finally {
      await leftover.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
