import { Connection } from '@temporalio/client';
import { devServerArgs } from '../../src/temporal/dev-server';
import { logger } from '../../src/logger';
import { testTemporalAddress } from '../helpers/env';

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
});
