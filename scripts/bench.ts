// `npm run bench`: the interpreter against hand-written workflow code, and the figures of issue
// "Fast, measured side by side", on the embedded PGlite store and on the local PostgreSQL server,
// each on a Temporal dev server of its own. Writes bench/results/latest.json and prints a table.
// Sizes: BENCH_RUNS (200 runs per kind), BENCH_APPROVALS (200), BENCH_STARTS (100), BENCH_PARKED
// (2,000 runs parked on an approval, on PostgreSQL, in a worker process of its own), and
// BENCH_WORKER_HEAP_MB (that worker's --max-old-space-size, 512).
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as Pg } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../src/config';
import { freePort } from '../src/free-port';
import type { Flow } from '../src/dsl';
import { logger } from '../src/logger';
import { compile } from '../src/nl-compiler/compile';
import { startPlainflow } from '../src/plainflow';
import { migrateDatabase } from '../src/db/migrate';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { createTestDatabase } from '../test/helpers/database';
import { startScript } from '../test/helpers/processes';
import { connectClient } from '../src/temporal/connection';
import { installTemporalRuntime, temporalLogger } from '../src/temporal/runtime';
import { FlowStatus } from '../src/dsl/flow-status';
import { flowRunWorkflow } from '../src/workflows';
import {
  FlowNameKey,
  FlowStatusKey,
  FlowVersionKey,
  WorkItemIdKey,
} from '../src/workflows/search-attributes';
import { emptyWorkflow, handwrittenWorkflow } from './bench/workflows';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 200);
const STARTS = Number(process.env.BENCH_STARTS ?? 100);
const PARKED = Number(process.env.BENCH_PARKED ?? 2000);
/** The parked runs' worker's V8 heap: Temporal sizes the worker's run cache from it. */
const WORKER_HEAP_MB = Number(process.env.BENCH_WORKER_HEAP_MB ?? 512);
const ADMIN_KEY = `pf_bench_${randomBytes(16).toString('hex')}`;
const TASK_QUEUE = 'plainflow';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
};
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function fiveStepFlow(destinationUrl: string): Flow {
  return {
    name: 'bench-five',
    description: 'set, call, notify, set, end',
    version: 1,
    ownerTeam: 'bench',
    trigger: { type: 'request', fields: [{ name: 'stage', type: 'text', optional: true }] },
    destinations: [{ name: 'stub', url: destinationUrl }],
    steps: [
      { type: 'set', id: 'received', fields: { stage: 'received' } },
      { type: 'call', id: 'call', destination: 'stub', method: 'POST', path: '/' },
      { type: 'notify', id: 'tell', to: [{ type: 'requester' }], message: 'Done' },
      { type: 'set', id: 'done', fields: { stage: 'done' } },
      { type: 'end', id: 'finish', status: 'completed' },
    ],
  };
}

function approvalFlow(): Flow {
  return {
    name: 'bench-approval',
    description: 'one approval',
    version: 1,
    ownerTeam: 'bench',
    trigger: { type: 'request', fields: [] },
    steps: [
      {
        type: 'approval',
        id: 'approve',
        approvers: [{ type: 'person', email: 'approver@bench.local' }],
        mode: 'any',
      },
    ],
  };
}

async function stubServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function api(apiUrl: string, key: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400)
    throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Wall time of `count` runs started together (in batches of 50 starts) until all finish. */
async function wallOf(
  count: number,
  start: (i: number) => Promise<{ result(): Promise<unknown> }>,
) {
  const began = performance.now();
  const handles: { result(): Promise<unknown> }[] = [];
  for (let i = 0; i < count; i += 50) {
    handles.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, (_, j) => start(i + j)),
      )),
    );
  }
  await Promise.all(handles.map((h) => h.result()));
  return (performance.now() - began) / 1000;
}

/** How many events a run's history holds, and of which kinds (named by their attributes). */
function startLikeTheApi(temporal: Client, flow: Flow, workflowId: string) {
  const workItemId = randomUUID();
  return temporal.workflow.start(flowRunWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ flow, requester: 'bench@bench.local', fields: {}, workItemId }],
    typedSearchAttributes: [
      { key: FlowNameKey, value: flow.name },
      { key: FlowVersionKey, value: String(flow.version) },
      { key: FlowStatusKey, value: FlowStatus.running },
      { key: WorkItemIdKey, value: workItemId },
    ],
  });
}

async function historyEvents(temporal: Client, workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const kinds: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const attributes = Object.entries(event).find(
      ([key, value]) => key.endsWith('EventAttributes') && value !== null && value !== undefined,
    );
    const kind = attributes ? attributes[0].replace(/EventAttributes$/, '') : 'other';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return { count: history.events?.length ?? 0, kinds };
}

/** `STARTS` sequential `POST /flows/bench-five/runs`, each one's latency in ms. */
async function startLatencies(apiUrl: string): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const began = performance.now();
    await api(apiUrl, ADMIN_KEY, 'POST', '/flows/bench-five/runs', {});
    starts.push(performance.now() - began);
  }
  return starts;
}

/**
 * `APPROVALS` runs of the approval flow parked on their approval (and how long that took),
 * then each approved in turn: the round trip of each decision in ms.
 */
async function approvalRoundTrips(apiUrl: string) {
  await api(apiUrl, ADMIN_KEY, 'POST', '/flows', { flow: approvalFlow() });
  await api(apiUrl, ADMIN_KEY, 'POST', '/users', { email: 'approver@bench.local', role: 'member' });
  const approver = await api(apiUrl, ADMIN_KEY, 'POST', '/keys', {
    name: 'bench',
    email: 'approver@bench.local',
  });
  const approverKey = String(approver.key);
  const began = performance.now();
  const parked: string[] = [];
  for (let i = 0; i < APPROVALS; i++) {
    parked.push(
      String((await api(apiUrl, ADMIN_KEY, 'POST', '/flows/bench-approval/runs', {})).id),
    );
  }
  for (const id of parked) {
    for (;;) {
      const state = await api(apiUrl, ADMIN_KEY, 'GET', `/runs/${id}/state`).catch(() => undefined);
      if ((state?.current as unknown[] | undefined)?.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const parkedSeconds = (performance.now() - began) / 1000;
  const rtt: number[] = [];
  for (const id of parked) {
    const sent = performance.now();
    await api(apiUrl, approverKey, 'POST', `/runs/${id}/steps/approve/decide`, {
      decision: 'approve',
    });
    rtt.push(performance.now() - sent);
  }
  return { parkedSeconds, rtt };
}

/** `src/<script>` in a process of its own, with this environment and `env`; `stop()` ends it. */
function processOf(script: string, env: NodeJS.ProcessEnv, ready: string, nodeOptions?: string[]) {
  const proc = startScript(`src/${script}`, { ...process.env, ...env }, ready, nodeOptions);
  const { pid } = proc.child;
  if (pid === undefined) throw new Error(`${script} did not start`);
  return {
    pid,
    started: proc.started,
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

/**
 * The start and approval figures with the API and the worker in processes of their own, as a
 * deployment runs them (`npm run api`, `npm run worker`), on PostgreSQL and a dev server of
 * their own: nothing else runs in either process.
 */
async function splitProcesses(bundlePath: string) {
  const database = await createTestDatabase();
  const stub = await stubServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainflow-bench-split-'));
  const server = await startDevServer({
    cliPath: await ensureTemporalCli({ logger }),
    logger,
    port: await freePort(),
    uiPort: null,
    dbFile: path.join(dataDir, 'temporal.db'),
  });
  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: server.address,
    PLAINFLOW_WORKFLOW_BUNDLE: bundlePath,
    PLAINFLOW_CALL_ALLOWLIST: stub.url,
    PLAINFLOW_ADMIN_KEY: ADMIN_KEY,
    PLAINFLOW_RATE_LIMIT: '100000',
    PLAINFLOW_RATE_BURST: '100000',
    PLAINFLOW_LOG_FORMAT: 'json',
    PORT: String(port),
  };
  try {
    await migrateDatabase(database.url, logger);
    const worker = processOf('worker.ts', env, 'worker started');
    const apiServer = processOf('api/server.ts', env, 'API listening');
    try {
      await Promise.all([worker.started, apiServer.started]);
      const apiUrl = `http://127.0.0.1:${port}`;
      await api(apiUrl, ADMIN_KEY, 'POST', '/flows', { flow: fiveStepFlow(stub.url) });
      const starts = await startLatencies(apiUrl);
      const { rtt } = await approvalRoundTrips(apiUrl);
      return {
        start_ms: { p50: percentile(starts, 50), p99: percentile(starts, 99) },
        approval_rtt_ms: {
          p50: percentile(rtt, 50),
          p95: percentile(rtt, 95),
          p99: percentile(rtt, 99),
        },
      };
    } finally {
      await Promise.all([worker.stop(), apiServer.stop()]);
    }
  } finally {
    await server.stop();
    await database.drop();
    stub.server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A worker's resident memory, in MB, from the kernel. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * A worker of its own (`src/worker.ts`, on its own task queue) holding `PARKED` runs parked on
 * an approval: its RSS once all have opened their task, and how long starting them took.
 */
async function parkedWorker(
  temporal: Client,
  temporalAddress: string,
  databaseUrl: string,
  bundlePath: string,
) {
  const taskQueue = 'bench-parked';
  const worker = processOf(
    'worker.ts',
    {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      PLAINFLOW_TASK_QUEUE: taskQueue,
      PLAINFLOW_WORKFLOW_BUNDLE: bundlePath,
      PLAINFLOW_LOG_FORMAT: 'json',
    },
    'worker started',
    [`--max-old-space-size=${WORKER_HEAP_MB}`],
  );
  await worker.started;
  const db = new Pg({ connectionString: databaseUrl });
  await db.connect();
  try {
    const flow = { ...approvalFlow(), name: 'bench-parked' };
    const began = performance.now();
    for (let i = 0; i < PARKED; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, PARKED - i) }, (_, j) =>
          temporal.workflow.start(flowRunWorkflow, {
            taskQueue,
            workflowId: `bench-parked-${randomBytes(6).toString('hex')}-${i + j}`,
            args: [{ flow, requester: 'bench@bench.local', fields: {} }],
          }),
        ),
      );
    }
    for (;;) {
      const { rows } = await db.query<{ open: string }>(
        `SELECT count(*) AS open FROM tasks t JOIN work_items w ON w.id = t.work_item_id
         WHERE w.flow_name = 'bench-parked' AND t.status = 'open'`,
      );
      if (Number(rows[0]?.open ?? 0) >= PARKED) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - began) / 1000;
    return {
      worker_rss_mb: round(rssOf(worker.pid)),
      worker_heap_mb: WORKER_HEAP_MB,
      parked: PARKED,
      parked_start_s: round(seconds),
    };
  } finally {
    await db.end();
    await worker.stop();
  }
}

async function measure(label: string, databaseUrl: string | undefined, bundlePath: string) {
  const stub = await stubServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `plainflow-bench-${label}-`));
  const config = loadConfig({
    ...process.env,
    PLAINFLOW_DATA_DIR: dataDir,
    PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    PLAINFLOW_ADMIN_KEY: ADMIN_KEY,
    PLAINFLOW_RATE_LIMIT: '100000',
    PLAINFLOW_RATE_BURST: '100000',
    PLAINFLOW_WORKFLOW_BUNDLE: bundlePath,
    PLAINFLOW_CALL_ALLOWLIST: stub.url,
    PLAINFLOW_LOG_FORMAT: 'json',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  process.env.PLAINFLOW_CALL_ALLOWLIST = stub.url;
  const plainflow = await startPlainflow(config, logger);
  const temporal = await connectClient(plainflow.temporalAddress);
  try {
    const flow = fiveStepFlow(stub.url);
    await api(plainflow.apiUrl, ADMIN_KEY, 'POST', '/flows', { flow });
    const deployed = { ...flow };
    const tag = randomBytes(3).toString('hex');
    const interpreter = await wallOf(RUNS, (i) =>
      // Started as the API starts a run: its search attributes and item id given at the start.
      startLikeTheApi(temporal, deployed, `bench-i-${tag}-${i}`),
    );
    const handwritten = await wallOf(RUNS, (i) =>
      temporal.workflow.start(handwrittenWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: `bench-h-${tag}-${i}`,
        args: [{ requester: 'bench@bench.local', destinationUrl: stub.url }],
      }),
    );
    const empty = await wallOf(RUNS, (i) =>
      temporal.workflow.start(emptyWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: `bench-e-${tag}-${i}`,
      }),
    );
    const [interpreterEvents, handwrittenEvents] = await Promise.all([
      historyEvents(temporal, `bench-i-${tag}-0`),
      historyEvents(temporal, `bench-h-${tag}-0`),
    ]);

    const starts = await startLatencies(plainflow.apiUrl);
    const { parkedSeconds, rtt } = await approvalRoundTrips(plainflow.apiUrl);
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    const parkedFigures =
      databaseUrl && PARKED > 0
        ? await parkedWorker(temporal, plainflow.temporalAddress, databaseUrl, bundlePath)
        : null;
    return {
      database: label,
      runs: RUNS,
      overhead_ratio: round(interpreter / handwritten, 2),
      history_events: {
        interpreter: interpreterEvents.count,
        handwritten: handwrittenEvents.count,
      },
      history_event_kinds: {
        interpreter: interpreterEvents.kinds,
        handwritten: handwrittenEvents.kinds,
      },
      history_events_ratio: round(interpreterEvents.count / handwrittenEvents.count, 2),
      runs_per_s: round(RUNS / interpreter),
      handwritten_runs_per_s: round(RUNS / handwritten),
      empty_runs_per_s: round(RUNS / empty),
      ceiling_fraction: round(RUNS / interpreter / (RUNS / empty), 2),
      start_ms: { p50: percentile(starts, 50), p99: percentile(starts, 99) },
      approval_rtt_ms: {
        p50: percentile(rtt, 50),
        p95: percentile(rtt, 95),
        p99: percentile(rtt, 99),
      },
      process_rss_mb: round(rssMb),
      parked_runs: APPROVALS,
      parked_start_s: round(parkedSeconds),
      worker: parkedFigures,
    };
  } finally {
    await temporal.connection.close();
    await plainflow.stop();
    stub.server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function compileFigures() {
  const corpus = path.resolve(__dirname, '../../shared/eval/dev2.jsonl');
  if (!fs.existsSync(corpus)) return null;
  const texts = fs
    .readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const times = texts.map((text) => {
    const began = performance.now();
    compile(text);
    return performance.now() - began;
  });
  return { descriptions: texts.length, median: percentile(times, 50), p99: percentile(times, 99) };
}

async function main() {
  installTemporalRuntime(logger);
  const bundlePath = path.join(os.tmpdir(), `plainflow-bench-bundle-${process.pid}.js`);
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bench/workflows'),
    logger: temporalLogger(logger),
  });
  fs.writeFileSync(bundlePath, code);
  const results: Awaited<ReturnType<typeof measure>>[] = [];
  results.push(await measure('pglite', undefined, bundlePath));
  const database = await createTestDatabase();
  let split: Awaited<ReturnType<typeof splitProcesses>>;
  try {
    results.push(await measure('postgres', database.url, bundlePath));
    split = await splitProcesses(bundlePath);
  } finally {
    await database.drop();
    fs.rmSync(bundlePath, { force: true });
  }
  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    compile_ms: compileFigures(),
    results,
    split_processes: { database: 'postgres', ...split },
  };
  const out = path.resolve(__dirname, '../bench/results/latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const rows: [string, (r: (typeof results)[number]) => string, string][] = [
    ['overhead_ratio', (r) => String(r.overhead_ratio), '<= 1.10'],
    [
      'history_events_ratio',
      (r) =>
        `${r.history_events_ratio} (${r.history_events.interpreter}/${r.history_events.handwritten})`,
      '<= 1.05',
    ],
    ['runs_per_s', (r) => String(r.runs_per_s), ''],
    ['handwritten_runs_per_s', (r) => String(r.handwritten_runs_per_s), ''],
    ['empty_runs_per_s', (r) => String(r.empty_runs_per_s), ''],
    ['ceiling_fraction', (r) => String(r.ceiling_fraction), '>= 0.5 (PostgreSQL)'],
    ['start_ms p50 / p99', (r) => `${r.start_ms.p50} / ${r.start_ms.p99}`, 'p99 <= 100'],
    [
      'approval_rtt_ms p50 / p95 / p99',
      (r) => `${r.approval_rtt_ms.p50} / ${r.approval_rtt_ms.p95} / ${r.approval_rtt_ms.p99}`,
      'p99 <= 100',
    ],
    [
      'process_rss_mb (parked runs)',
      (r) => `${r.process_rss_mb} (${r.parked_runs})`,
      '<= 1024 at 2,000',
    ],
    ['parked runs started in s', (r) => String(r.parked_start_s), ''],
    [
      'API and worker in processes of their own: start_ms p50 / p99',
      (r) => (r.database === 'postgres' ? `${split.start_ms.p50} / ${split.start_ms.p99}` : '—'),
      'p99 <= 100',
    ],
    [
      'API and worker in processes of their own: approval_rtt_ms p50 / p95 / p99',
      (r) =>
        r.database === 'postgres'
          ? `${split.approval_rtt_ms.p50} / ${split.approval_rtt_ms.p95} / ${split.approval_rtt_ms.p99}`
          : '—',
      'p99 <= 100',
    ],
    [
      'worker_rss_mb (own process, parked runs)',
      (r) =>
        r.worker
          ? `${r.worker.worker_rss_mb} (${r.worker.parked}; heap ${r.worker.worker_heap_mb} MB)`
          : '—',
      '<= 1024 at 2,000',
    ],
    [
      'those parked runs started in s',
      (r) => (r.worker ? String(r.worker.parked_start_s) : '—'),
      '',
    ],
  ];
  const lines = [
    `| figure | ${results.map((r) => r.database).join(' | ')} | target |`,
    `| --- | ${results.map(() => '---').join(' | ')} | --- |`,
    ...rows.map(
      ([name, value, target]) => `| ${name} | ${results.map(value).join(' | ')} | ${target} |`,
    ),
    `| compile_ms median / p99 | ${report.compile_ms ? `${report.compile_ms.median} / ${report.compile_ms.p99}` : 'no corpus'} | | |`,
  ];
  process.stdout.write(
    `\n${report.date}, ${report.machine}, ${RUNS} runs per kind\n${lines.join('\n')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
