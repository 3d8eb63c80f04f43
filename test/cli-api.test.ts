import { randomUUID } from 'node:crypto';
import { ExitCode, runCli } from '../src/cli/cli';
import { useTestStack } from './helpers/stack';

const HOUR = 60 * 60 * 1000;

describe('the CLI asking the API for insights', () => {
  const { stack } = useTestStack();
  const now = Date.now();

  /** Runs `plainflow <args>` against the stack's API with `key` (default the admin's). */
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      readFile: () => Promise.reject(new Error('no files here')),
      env: { PLAINFLOW_API_URL: stack().apiUrl, PLAINFLOW_API_KEY: stack().adminKey, ...env },
    });
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    const { prisma } = stack();
    const flow = await prisma.flowDefinition.create({ data: { name: 'orders', ownerTeam: 'ops' } });
    const version = await prisma.flowVersion.create({
      data: { flowId: flow.id, version: 1, definition: {} },
    });
    // Three closed packs (2 h each) and one open pack, overdue by an hour, on ann.
    for (let n = 0; n < 4; n += 1) {
      const open = n === 3;
      const item = await prisma.workItem.create({
        data: {
          workflowId: `order-${n}`,
          flowName: 'orders',
          flowVersionId: version.id,
          title: `order ${n}`,
          requester: 'req@example.com',
          createdAt: new Date(now - 10 * HOUR),
          closedAt: open ? null : new Date(now - 6 * HOUR),
        },
      });
      await prisma.task.create({
        data: {
          id: randomUUID(),
          workItemId: item.id,
          kind: 'task',
          stepPath: 'pack',
          title: 'Pack it',
          assignee: 'person:ann@example.com',
          status: open ? 'open' : 'done',
          idempotencyKey: `order-${n}`,
          createdAt: new Date(now - 8 * HOUR),
          completedAt: open ? null : new Date(now - 6 * HOUR),
          dueAt: open ? new Date(now - HOUR) : null,
        },
      });
    }
  });

  it('prints a flow insights table, and the answer itself with --json', async () => {
    const text = await cli(['insights', 'orders']);
    expect(text.code).toBe(ExitCode.ok);
    expect(text.stdout).toMatch(/^orders: runs started .* to /);
    expect(text.stdout).toMatch(/\nv1 +4 +3 +1\n/);
    // Closed waits are 2 h; the open one has waited 8 h: 14 h in all.
    expect(text.stdout).toMatch(/\npack +v1 +task +3 +1 +1 +2\.0 h +2\.0 h +14\.0 h +0 +- +-\n?/);
    const json = await cli(['insights', 'orders', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ flow: 'orders', steps: [{ step: 'pack' }] });
  });

  it('lists at-risk work with why, the workload, and what a watcher round would do', async () => {
    const risk = await cli(['at-risk', '--flow', 'orders']);
    expect(risk.code).toBe(ExitCode.ok);
    expect(risk.stdout).toMatch(
      /^1 late or predicted late \(as of .*\):\n\noverdue {2}orders v1 \/ pack {2}person:ann@example\.com {2}run order-3\n {2}due .*, 1 h ago\n$/,
    );
    const load = await cli(['workload']);
    expect(load.stdout).toMatch(/\nann@example\.com +1 +1 +0 +- +- +yes\n/);
    const dry = await cli(['watch', '--dry-run']);
    expect(dry.code).toBe(ExitCode.ok);
    expect(dry.stdout).toMatch(
      /^Dry run at .*: nothing was changed\.\nwould flag overdue: orders \/ pack, run order-3, to person:ann@example\.com, team:ops\n/,
    );
    expect(await stack().prisma.auditEvent.count({ where: { action: 'watcher.flagged' } })).toBe(0);
  });

  it('says why it could not: no key, a key the API refuses, no such flow, a bad option, no API', async () => {
    const noKey = await cli(['at-risk'], { PLAINFLOW_API_KEY: '' });
    expect([noKey.code, noKey.stderr]).toEqual([
      ExitCode.usage,
      expect.stringContaining('set PLAINFLOW_API_KEY'),
    ]);
    const badKey = await cli(['at-risk'], { PLAINFLOW_API_KEY: 'pf_nope' });
    expect([badKey.code, badKey.stderr]).toEqual([
      ExitCode.apiFailed,
      expect.stringMatching(/^plainflow: the API answered 401 invalid_credential: /),
    ]);
    const member = await cli(['watch'], {
      PLAINFLOW_API_KEY: await stack().keyFor('m@example.com'),
    });
    expect(member.stderr).toMatch(/^plainflow: the API answered 403 forbidden: /);
    const missing = await cli(['insights', 'nope']);
    expect(missing.stderr).toBe(
      'plainflow: the API answered 404 flow_not_found: No flow named "nope"\n',
    );
    const limit = await cli(['at-risk', '--limit', '0']);
    expect([limit.code, limit.stderr]).toEqual([
      ExitCode.apiFailed,
      expect.stringMatching(/^plainflow: the API answered 400 invalid_query: /),
    ]);
    const option = await cli(['workload', '--flow', 'x']);
    expect([option.code, option.stderr]).toEqual([
      ExitCode.usage,
      expect.stringMatching(/^plainflow: workload has no option --flow\n/),
    ]);
    const away = await cli(['workload'], { PLAINFLOW_API_URL: 'http://127.0.0.1:9' });
    expect([away.code, away.stderr]).toEqual([
      ExitCode.apiFailed,
      expect.stringMatching(/^plainflow: cannot reach the API at http:\/\/127\.0\.0\.1:9: /),
    ]);
  });
});
