import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/api/app';
import { logger } from '../../src/logger';
import { scheduleIdOf } from '../../src/schedules/schedule-options';
import type { FlowRunState } from '../../src/workflows';
import { withKey } from '../helpers/identity';
import { registeredRoutes, routeKey, type RegisteredRoute } from '../helpers/routes';
import { eventually, useTestStack } from '../helpers/stack';
import { runCampaign, type CampaignReport } from './campaign';
import { setUpWorld } from './fuzz-setup';
import type { FuzzWorld } from './fuzz-world';
import { VALID_BODIES } from './route-bodies';
import { countRuns, failureReasons, stuckRuns } from './stuck-runs';

/** How many requests to send: `PLAINFLOW_FUZZ_REQUESTS`; `npm run test:fuzz` sets 10 000. */
const TOTAL = Number(process.env.PLAINFLOW_FUZZ_REQUESTS ?? 1_000);
/** The seed of the generated requests: `PLAINFLOW_FUZZ_SEED` replays a campaign. */
const SEED = Number(process.env.PLAINFLOW_FUZZ_SEED ?? randomBytes(4).readUInt32BE() >>> 1);
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;

/** `a 1, b 2` */
const counted = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');

/** The campaign in one line, and the first findings under it. */
function summary(report: CampaignReport): string {
  const lines = [
    `api fuzz: ${report.sent} requests in ${(report.ms / 1000).toFixed(1)} s (seed ${report.seed}): ` +
      `${counted(report.byClass)}; ${report.parserAnswers} answered by Node's HTTP parser; ` +
      `${report.notSendable} not sendable; ${report.findings.length} findings; ` +
      `slowest ${report.slowest.ms} ms (${report.slowest.route})`,
    `  4xx codes: ${counted(report.byCode)}`,
    `  2xx by route: ${counted(Object.fromEntries(Object.entries(report.perRoute).map(([k, v]) => [k, v.ok])))}`,
    ...report.findings
      .slice(0, 20)
      .map((f) => `  ${f.kind} on ${f.route}: ${f.request}\n  answer: ${f.answer}`),
  ];
  return `${lines.join('\n')}\n`;
}

describe(`the API under ${TOTAL} fuzzed requests`, () => {
  let world: FuzzWorld;
  let routes: RegisteredRoute[];
  let report: CampaignReport;

  // Declared before the stack's own hooks, so it runs while the stack is still up.
  afterAll(async () => {
    const temporal = stack().temporal;
    for await (const run of temporal.workflow.list({
      query: `TaskQueue = '${stack().taskQueue}' AND ExecutionStatus = 'Running'`,
    })) {
      await temporal.workflow
        .getHandle(run.workflowId)
        .terminate('fuzz test over')
        .catch(() => undefined);
    }
    const names = await stack().prisma.flowDefinition.findMany({ select: { name: true } });
    for (const { name } of names) {
      const handle = temporal.schedule.getHandle(scheduleIdOf(name));
      const description = await handle.describe().catch(() => undefined);
      if (
        description?.action.type === 'startWorkflow' &&
        description.action.taskQueue === stack().taskQueue
      ) {
        await handle.delete();
      }
    }
  }, 120_000);

  const { stack } = useTestStack(4);

  beforeAll(async () => {
    world = await setUpWorld(stack(), randomBytes(3).toString('hex'));
    const app = createApp({
      temporal: stack().temporal,
      prisma: stack().prisma,
      taskQueue: stack().taskQueue,
      logger,
    });
    routes = registeredRoutes(app);
    report = await runCampaign({
      world,
      routes,
      apiUrl: stack().apiUrl,
      total: TOTAL,
      seed: SEED,
      concurrency: CONCURRENCY,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    process.stdout.write(summary(report));
  }, 30 * 60_000);

  it('has a valid body for every route the app registers, and reached each of them', () => {
    expect(Object.keys(VALID_BODIES).sort()).toEqual(routes.map(routeKey).sort());
    const unreached = Object.entries(report.perRoute).filter(([, counts]) => counts.sent === 0);
    expect(unreached).toEqual([]);
  });

  it('sends the number of requests asked for', () => {
    expect(report.sent).toBe(TOTAL);
  });

  it('answers no request with a 5xx', () => {
    expect(report.findings.filter((f) => f.kind === '5xx').slice(0, 5)).toEqual([]);
  });

  it('answers every request, and every error as JSON { error: { code, message } }', () => {
    expect(report.findings.filter((f) => f.kind !== '5xx').slice(0, 5)).toEqual([]);
  });

  it('stays healthy: /health answers, and a run starts, is read and is decided', async () => {
    const url = stack().apiUrl;
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const chain = world.flows[0]!.flow;
    // The fuzzer may have deployed a mutated version: deploy the original again.
    const deployed = await fetch(`${url}/flows`, {
      method: 'POST',
      headers: withKey(world.keys.author),
      body: JSON.stringify({ flow: chain }),
    });
    expect(deployed.status).toBe(201);
    const started = await fetch(`${url}/flows/${chain.name}/runs`, {
      method: 'POST',
      headers: withKey(world.keys.member),
      body: JSON.stringify({ fields: world.flows[0]!.fields }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const read = await fetch(`${url}/runs/${id}`, { headers: withKey(world.keys.member) });
    expect(read.status).toBe(200);
    await eventually(async () => {
      const state = await fetch(`${url}/runs/${id}/state`, { headers: withKey(world.keys.member) });
      const body = (await state.json()) as FlowRunState;
      return body.current?.some((c) => c.stepId === 'review') ? body : undefined;
    });
    const decided = await fetch(`${url}/runs/${id}/steps/review/decide`, {
      method: 'POST',
      headers: withKey(world.keys.member),
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(decided.status).toBe(200);
  });

  let failures: Record<string, number> = {};

  it('leaves no run stuck: each one it started waits on a person or has ended', async () => {
    const stuck = await stuckRuns(stack().temporal, stack().taskQueue, 30_000);
    const runs = await countRuns(stack().temporal, stack().taskQueue);
    failures = await failureReasons(stack().temporal, stack().taskQueue);
    process.stdout.write(
      `api fuzz: runs by status: ${counted(runs)}; stuck ${stuck.length}\n` +
        Object.entries(failures)
          .map(([reason, count]) => `  failed ${count}× ${reason}\n`)
          .join(''),
    );
    expect(stuck).toEqual([]);
  }, 120_000);

  it('fails no run on input the API let through (InvalidData, InvalidInput)', () => {
    const onInput = Object.keys(failures).filter((reason) => /^Invalid(Data|Input)\b/.test(reason));
    expect(onInput).toEqual([]);
  });
});
