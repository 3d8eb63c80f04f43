import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import {
  explain,
  hasErrors,
  outline,
  parseFlow,
  verifyFlow,
  type Flow,
  type IntakeField,
} from '../dsl';
import { FlowStatus } from '../dsl/flow-status';
import { latestFlowVersion, storeFlowVersion } from '../db/flow-versions';
import type { PrismaClient } from '../db/prisma';
import { syncFlowSchedule, type ScheduleChange } from '../schedules/flow-schedules';
import { DEFAULT_SCHEDULE_REQUESTER } from '../schedules/schedule-options';
import { flowRunWorkflow } from '../workflows';
import {
  FlowNameKey,
  FlowStatusKey,
  FlowVersionKey,
  WorkItemIdKey,
} from '../workflows/search-attributes';
import { requireRole } from '../auth/authenticate';
import { principalOf } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { compileText, type ModelDeps } from './compile-preview';
import { ApiError } from './errors';
import { assertMayManageFlow } from './flow-access';
import { answerOnce, startedNow } from './idempotency';
import { assertCallable } from './outbound-check';
import { DeployFlowRequest, StartFlowRunRequest } from './flow-request';
import { issuesOf } from './issues';

export interface FlowsDeps extends ModelDeps {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  /** The requester of scheduled runs; default {@link DEFAULT_SCHEDULE_REQUESTER}. */
  scheduleRequester?: string;
  /** How long a schedule call waits for Temporal (ms); default 10 000. */
  temporalCallTimeoutMs?: number;
  /** The operator's `PLAINFLOW_CALL_ALLOWLIST`: flows may name destinations on private addresses under it. */
  callAllowList: readonly string[];
}

/** The flow a deploy request describes, or the 4xx that says what is wrong with it. */
async function flowOf(
  body: DeployFlowRequest,
  models: ModelDeps,
): Promise<{ flow: Flow; sourceText?: string }> {
  if (body.text !== undefined) {
    const result = await compileText({ ...body, text: body.text }, models);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.flow || errors.length > 0 || result.questions.length > 0) {
      throw new ApiError('compile_failed', 'The description could not be compiled completely', {
        diagnostics: result.diagnostics,
        questions: result.questions,
      });
    }
    return { flow: result.flow, sourceText: body.text };
  }
  const parsed = parseFlow(body.flow);
  const issues = parsed.ok ? verifyFlow(parsed.flow) : parsed.errors;
  if (!parsed.ok || hasErrors(issues)) {
    throw new ApiError('invalid_flow', 'The flow has errors', issues);
  }
  return { flow: parsed.flow };
}

/** Each required intake field present, and each value of its field's type. */
function intakeProblems(fields: readonly IntakeField[], values: Record<string, unknown>) {
  const problems: { path: string; message: string }[] = [];
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null) {
      if (!field.optional) problems.push({ path: `fields.${field.name}`, message: 'required' });
      continue;
    }
    const expected =
      field.type === 'number' || field.type === 'money'
        ? 'number'
        : field.type === 'boolean'
          ? 'boolean'
          : 'string';
    if (typeof value !== expected) {
      problems.push({ path: `fields.${field.name}`, message: `expected a ${expected}` });
    } else if (field.type === 'choice' && !field.options.includes(value as string)) {
      problems.push({
        path: `fields.${field.name}`,
        message: `one of ${field.options.join(', ')}`,
      });
    }
  }
  for (const name of Object.keys(values)) {
    if (!fields.some((field) => field.name === name)) {
      problems.push({ path: `fields.${name}`, message: 'not a field of this flow' });
    }
  }
  return problems;
}

/** `POST /flows` deploys a version; `GET /flows/:name` shows the latest; `POST /flows/:name/runs` starts one. */
export function flowsRouter({
  temporal,
  prisma,
  taskQueue,
  scheduleRequester = DEFAULT_SCHEDULE_REQUESTER,
  temporalCallTimeoutMs,
  callAllowList,
  model,
  modelCache,
}: FlowsDeps): Router {
  const router = Router();
  const scheduleSettings = {
    taskQueue,
    requester: scheduleRequester,
    callTimeoutMs: temporalCallTimeoutMs,
  };

  router.post('/flows', requireRole(UserRole.author), async (req, res) => {
    const body = DeployFlowRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The deploy request is not valid', issuesOf(body.error));
    }
    const { flow, sourceText } = await flowOf(body.data, { model, modelCache });
    const destinations = (flow.destinations ?? []).map((d, i) => ({
      path: `flow.destinations.${i}.url`,
      url: d.url,
    }));
    await assertCallable(destinations, callAllowList);
    const principal = principalOf(res);
    await assertMayManageFlow(prisma, principal, flow.name);
    await answerOnce(prisma, req, res, principal, async () => {
      const { stored, schedule } = await deploy(flow, sourceText, principal.email);
      return {
        status: 201,
        location: `/flows/${stored.name}`,
        body: {
          name: stored.name,
          version: stored.version,
          explanation: explain(stored.flow),
          outline: outline(stored.flow),
          // Plain objects, as the kept answer is stored as JSON.
          warnings: verifyFlow(stored.flow).map((issue) => ({ ...issue })),
          schedule,
        },
      };
    });
  });

  // Stores the next version with its schedule, which is written before the version commits.
  const deploy = async (flow: Flow, sourceText: string | undefined, deployedBy: string) => {
    let stored;
    let schedule: ScheduleChange = 'none';
    try {
      // The schedule is written before the version commits: no version without its schedule.
      stored = await storeFlowVersion(prisma, flow, {
        ...(sourceText === undefined ? {} : { sourceText }),
        deployedBy,
        beforeCommit: async (version) => {
          schedule = await syncFlowSchedule(temporal, version.flow, scheduleSettings);
        },
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') {
        throw new ApiError(
          'version_conflict',
          'Another version was deployed at the same time; retry',
        );
      }
      throw err;
    }
    return { stored, schedule };
  };

  const latest = async (name: string) => {
    const row = await latestFlowVersion(prisma, name);
    const parsed = row ? parseFlow(row.definition) : undefined;
    if (!row || !parsed?.ok) throw new ApiError('flow_not_found', `No flow named "${name}"`);
    return { row, flow: parsed.flow };
  };

  router.get('/flows/:name', async (req, res) => {
    const { row, flow } = await latest(req.params.name);
    res.json({
      name: flow.name,
      version: row.version,
      deployedAt: row.createdAt,
      flow,
      sourceText: row.sourceText,
      explanation: explain(flow),
    });
  });

  router.post('/flows/:name/runs', async (req, res) => {
    const { flow } = await latest(req.params.name);
    const body = StartFlowRunRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The run request is not valid', issuesOf(body.error));
    }
    const fields = flow.trigger.type === 'request' ? flow.trigger.fields : [];
    const problems = intakeProblems(fields, body.data.fields);
    if (problems.length > 0) {
      throw new ApiError('invalid_body', `The fields do not match flow "${flow.name}"`, problems);
    }
    const principal = principalOf(res);
    await answerOnce(prisma, req, res, principal, async (keyDigest) => {
      // With a key, the id comes from it: a retry after a lost answer finds the same run.
      const workflowId = `run-${keyDigest ?? randomUUID()}`;
      const requester = principal.email;
      const title = body.data.title ?? `${flow.name} for ${requester}`;
      // Chosen here so the run starts with every search attribute and upserts none.
      const workItemId = randomUUID();
      const created = await startedNow(keyDigest !== undefined, () =>
        temporal.workflow.start(flowRunWorkflow, {
          taskQueue,
          workflowId,
          args: [{ flow, requester, fields: body.data.fields, title, workItemId }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: FlowNameKey, value: flow.name },
            { key: FlowVersionKey, value: String(flow.version) },
            { key: FlowStatusKey, value: FlowStatus.running },
            { key: WorkItemIdKey, value: workItemId },
          ],
          staticSummary: `${flow.name} v${flow.version}: ${title}`,
          staticDetails: `Requested by ${requester}`,
        }),
      );
      return {
        status: created ? 201 : 200,
        location: `/runs/${workflowId}`,
        body: {
          id: workflowId,
          flow: flow.name,
          version: flow.version,
          created,
          links: { self: `/runs/${workflowId}` },
        },
      };
    });
  });

  return router;
}
