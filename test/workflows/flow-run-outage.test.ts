import { Client } from 'pg';
import { completeTaskUpdate } from '../../src/workflows';
import { ADMIN_DATABASE_URL } from '../helpers/database';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith, REQUESTER, startRun, waitingOn, workStore } from './interpreter-harness';

// A work store outage is a transient fault: activities retry with backoff until the database
// accepts connections again, and the run then goes on as if nothing happened.

/** Lets connections into the database again, or refuses them and drops the open ones. */
async function setReachable(databaseUrl: string, reachable: boolean): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${reachable}`);
    if (!reachable) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    }
  } finally {
    await admin.end();
  }
}

describe('the flow interpreter during a database outage', () => {
  // The database is dropped at the end even if the test fails while it is unreachable.
  const { stack, databaseUrl } = useTestStack();

  it('retries the activity until the database returns, then writes it exactly once', async () => {
    const handle = await startRun(
      stack(),
      flowWith([
        { type: 'task', id: 'prepare', title: 'Prepare', assignee: { type: 'requester' } },
        { type: 'set', id: 'after', fields: { reached: true } },
      ]),
    );
    await waitingOn(handle, 'prepare', [`person:${REQUESTER}`]);

    await setReachable(databaseUrl(), false);
    const completing = handle.executeUpdate(completeTaskUpdate, {
      args: [{ stepId: 'prepare', actor: REQUESTER, comment: 'through the outage' }],
    });
    completing.catch(() => undefined);
    // The completion's activity fails against the unreachable database and is retried.
    const pending = await eventually(async () => {
      const { raw } = await handle.describe();
      const activity = raw.pendingActivities?.find(
        (a) => a.activityType?.name === 'completeTask' && (a.attempt ?? 0) >= 2,
      );
      return activity ?? undefined;
    });
    expect(pending.lastFailure?.message).toBeTruthy();
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await setReachable(databaseUrl(), true);
    const state = await completing;
    expect(state.decisions).toEqual([
      expect.objectContaining({ stepId: 'prepare', actor: REQUESTER, decision: 'completed' }),
    ]);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', fields: { reached: true } });

    const item = await workStore(stack(), result);
    expect(item.tasks.map((t) => [t.stepPath, t.status, t.comment])).toEqual([
      ['prepare', 'done', 'through the outage'],
    ]);
    expect(item.actions).toEqual([
      'work_item.created',
      'task.opened',
      'task.completed',
      'work_item.updated',
      'work_item.closed',
    ]);
  }, 90_000);
});
