/**
 * Records the history of a run of every example flow for the replay test
 * (`test/workflows/replay-examples.test.ts`): `npm run record:histories`. Starts its own
 * Temporal dev server, a scratch database on the test PostgreSQL, a worker and an HTTP server
 * for `call` steps; runs a fast variant of each example to its end, acting on whatever the run
 * waits on, and writes `test/fixtures/histories/examples/<example>.json`.
 *
 * Re-record only when an example is added or changed, never to silence a non-determinism error.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import {
  forEachStep,
  Severity,
  verifyFlow,
  type Flow,
  type IntakeField,
  type Step,
} from '../src/dsl';
import { storeFlowVersion } from '../src/db/flow-versions';
import { migrateDatabase } from '../src/db/migrate';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { freePort } from '../src/free-port';
import { logger } from '../src/logger';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { connectClient, connectWorker } from '../src/temporal/connection';
import { startDevServer } from '../src/temporal/dev-server';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { createWorker } from '../src/worker';
import {
  acceptHandoffUpdate,
  claimUpdate,
  completeTaskUpdate,
  decideUpdate,
  eventSignal,
  flowRunWorkflow,
  stateQuery,
  type CurrentStep,
  type FieldValue,
  type FlowRunState,
} from '../src/workflows';
import { loadExamples, type Example } from '../test/helpers/examples';
import { fastFlow } from '../test/helpers/fast-flow';
import { historyToJson } from '../test/helpers/history-fixture';

/** Where the fixtures go. */
const FIXTURES_DIR = path.resolve(__dirname, '../test/fixtures/histories/examples');

const ADMIN_DATABASE_URL =
  process.env.PLAINFLOW_TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REQUESTER = 'rita.requester@example.com';
const RUN_TIMEOUT_MS = 180_000;
const POLL_MS = 100;

// Groups the directory knows, so team assignment, claims and member checks run; the other
// roles and teams of the examples stay unknown and keep the token behaviour.
const DIRECTORY: { kind: 'team' | 'role'; name: string; members: string[] }[] = [
  { kind: 'team', name: 'procurement', members: ['pia@example.com', 'pete@example.com'] },
  { kind: 'team', name: 'it', members: ['ian@example.com', 'ivy@example.com'] },
  { kind: 'team', name: 'facilities', members: ['fay@example.com', 'finn@example.com'] },
  { kind: 'team', name: 'security', members: ['sam@example.com', 'sue@example.com'] },
  { kind: 'team', name: 'it-ops', members: ['otto@example.com'] },
  { kind: 'team', name: 'legal', members: ['lea@example.com'] },
  { kind: 'role', name: 'cfo', members: ['carla@example.com'] },
];

// Steps left to run into their time limit before the driver acts, one per kind of time-limit
// action the others rarely reach: escalate, reassign (a task and a handoff), remind, approve.
const LEFT_TO_TIME_OUT = new Set([
  'purchase-approval/manager_approval',
  'employee-onboarding/prepare_desk',
  'sales-to-onboarding/to_onboarding',
  'weekly-review/review_backups',
  'compliance-update/board_quorum',
]);

/** A valid value of a field of the given type, the same every recording. */
function sampleValue(field: IntakeField): FieldValue {
  switch (field.type) {
    case 'text':
      return `sample ${field.name.replace(/_/g, ' ')}`;
    case 'number':
      return 12;
    case 'money':
      return 12_500;
    case 'date':
      // In the past: a wait on this date ends at once.
      return '2026-01-05';
    case 'person':
      return 'pat.person@example.com';
    case 'team':
      return 'sre';
    case 'choice':
      return field.options[0] ?? null;
    case 'boolean':
      return false;
    case 'email':
      return 'new.hire@example.com';
    case 'url':
      return 'https://example.com/sample';
  }
}

/** Values of every field of a form or intake. */
function sampleValues(fields: readonly IntakeField[]): Record<string, FieldValue> {
  return Object.fromEntries(fields.map((field) => [field.name, sampleValue(field)]));
}

/** A flow that stands in for a subflow target no example defines: it notifies and ends. */
function standIn(name: string, parent: Flow, inputs: string[]): Flow {
  return {
    name,
    description: `A stand-in for the subflow target ${name}, which no example defines.`,
    version: 1,
    ownerTeam: parent.ownerTeam,
    trigger: {
      type: 'request',
      fields: inputs.map((input) => ({ name: input, type: 'text' as const, optional: true })),
    },
    steps: [
      {
        type: 'notify',
        id: 'tell_requester',
        to: [{ type: 'requester' }],
        message: `${name} ran.`,
      },
    ],
  };
}

/** The stand-ins for the subflow targets that are not among `flows`. */
function standIns(flows: readonly Flow[]): Flow[] {
  const names = new Set(flows.map((flow) => flow.name));
  const found = new Map<string, Flow>();
  for (const flow of flows) {
    forEachStep(flow.steps, (step) => {
      if (step.type !== 'subflow' || names.has(step.flow) || found.has(step.flow)) return;
      found.set(step.flow, standIn(step.flow, flow, Object.keys(step.input ?? {})));
    });
  }
  return [...found.values()];
}

/** The email that acts for a party token: a member of a known group, else the token itself. */
function actorFor(token: string): string {
  if (token.startsWith('person:')) return token.slice('person:'.length);
  const group = DIRECTORY.find((g) => `${g.kind}:${g.name}` === token);
  return group?.members[0] ?? token;
}

const isTeamQueue = (token: string) =>
  DIRECTORY.some((g) => g.kind === 'team' && `team:${g.name}` === token);

type RunHandle = WorkflowHandle<typeof flowRunWorkflow>;

/** Drives one run: acts on each step it waits on until it closes; throws naming the step. */
class Driver {
  private readonly steps = new Map<string, Step>();
  private readonly signalled = new Set<string>();
  private readonly firstDue = new Map<string, number>();
  private lastProblem = '';

  constructor(
    private readonly example: string,
    flow: Flow,
    private readonly handle: RunHandle,
  ) {
    forEachStep(flow.steps, (step) => this.steps.set(step.id, step));
  }

  async drive(): Promise<void> {
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    let state: FlowRunState | undefined;
    for (;;) {
      const { status } = await this.handle.describe();
      if (status.name === 'COMPLETED') return;
      if (status.name !== 'RUNNING') {
        throw new Error(`${this.example}: the run ended ${status.name}: ${await this.failure()}`);
      }
      try {
        state = await this.handle.query(stateQuery);
        for (const current of state.current) await this.act(current);
      } catch (error) {
        this.lastProblem = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) {
        const waiting = (state?.current ?? [])
          .map((c) => `${c.stepId} (${c.type}, pending ${c.pending.join(', ') || 'nobody'})`)
          .join('; ');
        throw new Error(
          `${this.example}: the run did not finish within ${RUN_TIMEOUT_MS / 1000}s; it waits on ` +
            `${waiting || 'no step'}; last problem: ${this.lastProblem || 'none'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async failure(): Promise<string> {
    try {
      await this.handle.result();
      return 'no failure';
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      return cause instanceof Error ? cause.message : String(error);
    }
  }

  private async act(current: CurrentStep): Promise<void> {
    const step = this.steps.get(current.stepId);
    if (!step) throw new Error(`${this.example}: the run waits on unknown step ${current.stepId}`);
    if (LEFT_TO_TIME_OUT.has(`${this.example}/${step.id}`) && !this.timedOut(current)) return;
    const token = current.pending[0];
    switch (step.type) {
      case 'task':
        if (token === undefined) return;
        if (isTeamQueue(token)) {
          await this.handle.executeUpdate(claimUpdate, {
            args: [{ stepId: step.id, actor: actorFor(token) }],
          });
          return;
        }
        await this.handle.executeUpdate(completeTaskUpdate, {
          args: [
            { stepId: step.id, actor: actorFor(token), fields: sampleValues(step.form ?? []) },
          ],
        });
        return;
      case 'approval':
        for (const pending of current.pending) {
          await this.handle.executeUpdate(decideUpdate, {
            args: [{ stepId: step.id, actor: actorFor(pending), decision: 'approve' }],
          });
        }
        return;
      case 'handoff':
        if (token === undefined) return;
        await this.handle.executeUpdate(acceptHandoffUpdate, {
          args: [{ stepId: step.id, actor: actorFor(token) }],
        });
        return;
      case 'wait':
        if (step.for.type !== 'event' || this.signalled.has(step.id)) return;
        this.signalled.add(step.id);
        await this.handle.signal(eventSignal, { name: step.for.event });
        return;
      case 'call':
      case 'end':
      case 'if':
      case 'notify':
      case 'parallel':
      case 'repeat':
      case 'set':
      case 'subflow':
        throw new Error(`${this.example}: the run waits on ${step.type} step ${step.id}`);
    }
  }

  // A step left to time out has passed the first time limit the run reported for it.
  private timedOut(current: CurrentStep): boolean {
    if (current.dueAt && !this.firstDue.has(current.stepId)) {
      this.firstDue.set(current.stepId, Date.parse(current.dueAt));
    }
    const due = this.firstDue.get(current.stepId);
    return due !== undefined && Date.now() > due + 1000;
  }
}

async function admin(sql: string): Promise<void> {
  const client = new PgClient({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function seedDirectory(prisma: PrismaClient): Promise<void> {
  for (const group of DIRECTORY) {
    await prisma.directoryGroup.create({
      data: {
        kind: group.kind,
        name: group.name,
        members: { create: group.members.map((email) => ({ email })) },
      },
    });
  }
}

/** Runs the fast variant of one example to its end and writes its history. */
async function record(
  temporal: Client,
  taskQueue: string,
  example: Example,
  flow: Flow,
): Promise<string> {
  const fields = example.flow.trigger.type === 'request' ? example.flow.trigger.fields : [];
  const handle = await temporal.workflow.start(flowRunWorkflow, {
    taskQueue,
    workflowId: `example-${example.name}`,
    args: [{ flow, requester: REQUESTER, fields: sampleValues(fields ?? []), title: example.name }],
  });
  await new Driver(example.name, flow, handle).drive();
  const result = await handle.result();
  const outcomes = Object.entries(result.outcomes).map(
    ([step, outcome]) => `${step}=${JSON.stringify(outcome)}`,
  );
  logger.info(`${example.name} ended ${result.status}: ${outcomes.join(', ')}`);
  const file = path.join(FIXTURES_DIR, `${example.name}.json`);
  await fs.writeFile(file, historyToJson(await handle.fetchHistory()));
  return file;
}

async function main(): Promise<void> {
  const examples = loadExamples();
  const callServer = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  const callPort = await freePort();
  await new Promise<void>((resolve) => callServer.listen(callPort, '127.0.0.1', resolve));
  const dateWaitsAt = new Date(Date.now() + 20_000).toISOString();
  const fast = examples.map((example) =>
    fastFlow(example.flow, { dateWaitsAt, destinationUrl: `http://127.0.0.1:${callPort}/api` }),
  );
  const flows = [...fast, ...standIns(fast)];
  for (const flow of flows) {
    const errors = verifyFlow(flow).filter((issue) => issue.severity === Severity.error);
    if (errors.length > 0) {
      throw new Error(`the fast ${flow.name} is not valid: ${JSON.stringify(errors)}`);
    }
  }

  installTemporalRuntime(logger);
  const cliPath = await ensureTemporalCli({ logger });
  const server = await startDevServer({ cliPath, logger, port: await freePort(), uiPort: null });
  const database = `plainflow_record_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  const prisma = createPrisma(url.toString(), 8);
  const { connection, namespace } = await connectWorker(server.address);
  try {
    await migrateDatabase(url.toString(), logger);
    await seedDirectory(prisma);
    for (const flow of flows) await storeFlowVersion(prisma, flow);
    const taskQueue = `record-${randomUUID()}`;
    const worker = await createWorker({
      connection,
      namespace,
      taskQueue,
      prisma,
      // The stand-in destinations listen on loopback, which only an allow-list may reach.
      callAllowList: [`http://127.0.0.1:${callPort}/api`],
    });
    const temporal = await connectClient(server.address);
    await fs.mkdir(FIXTURES_DIR, { recursive: true });
    try {
      await worker.runUntil(async () => {
        const results = await Promise.allSettled(
          examples.map((example, index) => record(temporal, taskQueue, example, fast[index]!)),
        );
        const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
        for (const r of results) if (r.status === 'fulfilled') logger.info(`wrote ${r.value}`);
        if (failed.length > 0) throw new Error(`recording failed:\n${failed.join('\n')}`);
      });
    } finally {
      await temporal.connection.close();
    }
  } finally {
    await connection.close();
    await prisma.$disconnect();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await server.stop();
    callServer.close();
  }
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
