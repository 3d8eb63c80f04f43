import { z } from 'zod';
import { Flow, Trigger } from '../../../dsl';
import { FlowStatus } from '../../../dsl/flow-status';
import { MAX_PAGE, NextCursor, PageQuery } from '../../pages';
import { CompileRequest, DeployFlowRequest, StartFlowRunRequest } from '../../flow-request';
import { FlowDiffQuery } from '../../flow-list';
import { AtRiskQuery, FlagsQuery } from '../../at-risk';
import { InboxQuery } from '../../inbox';
import { InsightsQuery } from '../../insights';
import { RunListQuery, TimelineQuery } from '../../run-list';
import { WorkloadQuery } from '../../workload';
import { WatcherRunQuery } from '../../watcher';
import { StartRunRequest } from '../../run-request';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

const RunId = z.string().max(300).describe("the run's id (its workflow id)");
const runParams = z.strictObject({ id: RunId });
const flowParams = z.strictObject({ name: z.string().max(64).describe("the flow's name") });
const versionParams = flowParams.extend({
  version: z.string().max(10).describe('a version number, from 1'),
});
const Span = z.strictObject({ start: z.int(), end: z.int() });
const Issue = z.strictObject({
  code: z.string(),
  message: z.string(),
  path: z.string(),
  severity: z.enum(['error', 'warning']),
  position: z.int().optional(),
});

/** Open work the watcher flags, prompts about or moves, and the key that makes it do so once. */
const WatchedWork = z.strictObject({
  key: z.string(),
  taskId: z.string(),
  workItemId: z.string(),
  runId: z.string(),
  flow: z.string(),
  step: z.string(),
});

/** The answer of `POST /compile`. */
const CompilePreview = z.strictObject({
  deployable: z.boolean().describe('whether POST /flows would take the same text'),
  flow: Flow.nullable(),
  explanation: z.array(z.string()),
  outline: z.array(z.string()),
  diagram: z.string().nullable().describe('a Mermaid flowchart'),
  spans: z.record(z.string(), Span).describe("each step id's source span in the text"),
  diagnostics: z.array(
    z.strictObject({
      code: z.string(),
      message: z.string(),
      span: Span,
      severity: z.enum(['error', 'warning']),
    }),
  ),
  questions: z.array(
    z.strictObject({
      code: z.string(),
      question: z.string(),
      span: Span,
      answer: z
        .strictObject({
          span: Span,
          before: z.string(),
          after: z.string(),
          capitalize: z.boolean(),
        })
        .optional()
        .describe(
          'where an answer goes in the text, when the clause has a place for it: `span` is replaced by `before`, the answer (its first letter a capital when `capitalize`, unless it is an address) and `after`',
        ),
    }),
  ),
  model: z
    .strictObject({
      model: z.string(),
      rounds: z.int().describe('calls made; 0 when the answer came from the cache'),
      usage: z.strictObject({ promptTokens: z.int(), completionTokens: z.int() }),
      latencyMs: z.number(),
      cached: z.boolean(),
      steps: z.array(z.string()).describe('the steps the model wrote (not the grammar)'),
    })
    .nullable()
    .describe('what the configured model did, when it was asked; null when it was not'),
});

const Started = z.strictObject({
  id: RunId,
  created: z.boolean().describe('false when an Idempotency-Key retry found the run'),
  links: z.strictObject({ self: z.string() }),
});

const AuditEvent = z.strictObject({
  seq: z.int(),
  action: z.string(),
  actor: z.string(),
  data: z.unknown(),
  at: Instant,
  hash: z.string(),
});

const OpenTask = z.strictObject({
  step: z.string(),
  kind: z.enum(['task', 'approval', 'handoff']),
  assignee: z.string().describe('a party token: person:…, role:…, team:…, manager'),
  since: Instant,
  dueAt: Instant.nullable(),
  overdue: z.boolean(),
});

const RunSummary = z.strictObject({
  id: RunId,
  flow: z.string(),
  version: z.int().nullable(),
  title: z.string(),
  status: z.enum(FlowStatus).describe('running, or how the run ended'),
  workStatus: z.string().describe("the work item's own status, which set steps change"),
  priority: z.string(),
  requester: z.string(),
  startedAt: Instant,
  updatedAt: Instant,
  closedAt: Instant.nullable(),
  waitingOn: z.array(OpenTask),
  links: z.strictObject({ self: z.string(), timeline: z.string() }),
});

const InboxItem = z.strictObject({
  taskId: z.uuid(),
  kind: z.enum(['task', 'approval', 'handoff']),
  run: RunId,
  flow: z.strictObject({ name: z.string(), version: z.int().nullable() }),
  workItem: z.strictObject({ title: z.string(), requester: z.string(), priority: z.string() }),
  step: z.string(),
  title: z.string(),
  assignee: z.string().describe('the party it waits on: you, a role or team of yours, or manager'),
  since: Instant,
  dueAt: Instant.nullable(),
  overdue: z.boolean(),
  form: z.array(z.record(z.string(), z.unknown())).describe("a task's form fields"),
  actions: z.array(
    z.strictObject({
      name: z.string(),
      method: z.literal('POST'),
      href: z.string(),
      body: z.record(z.string(), z.unknown()).describe('`<…>` marks a value to fill in'),
    }),
  ),
});

const FlowSummary = z.strictObject({
  name: z.string(),
  description: z.string(),
  ownerTeam: z.string().nullable(),
  createdBy: z.string().nullable(),
  latestVersion: z.int().nullable(),
  deployedAt: Instant.nullable(),
  deployedBy: z.string().nullable(),
  trigger: Trigger.nullable(),
  schedule: z
    .strictObject({ state: z.enum(['active', 'paused', 'missing', 'unknown']) })
    .nullable()
    .describe('for a scheduled flow, whether its schedule runs'),
  links: z.strictObject({ self: z.string(), versions: z.string() }),
});

const Check = z.enum(['ok', 'unavailable']);
const Readiness = z.strictObject({
  ready: z.boolean(),
  checks: z.strictObject({ database: Check, temporal: Check }),
});

const DiffStep = z.strictObject({ id: z.string(), type: z.string(), path: z.string() });

const exampleRun = 'run-0c6f1d8a-4f7e-4d8e-9f43-2b1a6f0e9d11';

/** Health, the contract, preview, flows, runs, the inbox, timelines and audit. */
export const workRoutes: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'Service',
    summary: 'The process is up',
    access: 'public',
    responses: { 200: { description: 'Up', schema: z.strictObject({ ok: z.literal(true) }) } },
    errors: [],
  },
  {
    method: 'get',
    path: '/ready',
    tag: 'Service',
    summary: 'Whether the work store and Temporal both answer',
    access: 'public',
    responses: {
      200: {
        description: 'Ready',
        schema: Readiness,
        example: { ready: true, checks: { database: 'ok', temporal: 'ok' } },
      },
      503: {
        description: 'Not ready: the checks say which dependency does not answer',
        schema: Readiness,
        example: { ready: false, checks: { database: 'ok', temporal: 'unavailable' } },
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Service',
    summary: 'This document',
    access: 'public',
    responses: {
      200: {
        description: 'The OpenAPI 3.1 document',
        schema: z.looseObject({ openapi: z.string() }),
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Service',
    summary: 'A readable page of this document',
    access: 'public',
    responses: { 200: { description: 'An HTML page' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/app',
    tag: 'Service',
    summary: 'The web app: sign in, the inbox',
    description:
      'The page of the web app (also for every path under `/app`, which the app routes in the browser); it signs in with `POST /auth/session` and then calls this API with the session cookie. 503 `web_app_not_built` when `npm run build:web` has not run.',
    access: 'public',
    responses: { 200: { description: 'An HTML page' } },
    errors: ['web_app_not_built'],
  },
  {
    method: 'get',
    path: '/docs/init.js',
    tag: 'Service',
    summary: "The docs page's script",
    access: 'public',
    responses: { 200: { description: 'JavaScript' } },
    errors: [],
  },
  {
    method: 'post',
    path: '/compile',
    tag: 'Flows',
    summary: 'Preview what English becomes, without storing anything',
    description:
      'The flow, its explanation, outline and Mermaid diagram, each step’s source span, and the diagnostics and questions with theirs. `deployable` says whether `POST /flows` would take the same text.',
    access: 'member',
    body: CompileRequest,
    bodyExample: {
      text: 'When someone requests a purchase, their manager approves it within 2 days.',
      name: 'purchase-approval',
    },
    responses: { 200: { description: 'The preview', schema: CompilePreview } },
    errors: [...SIGNED_IN_ERRORS, ...BODY_ERRORS, 'model_not_configured'],
  },
  {
    method: 'post',
    path: '/flows',
    tag: 'Flows',
    summary: 'Deploy the next version of a flow, from a flow document or English',
    description:
      'English with errors or open questions is refused (400 `compile_failed`) with the same diagnostics and questions `POST /compile` shows.',
    access: 'author',
    idempotent: true,
    body: DeployFlowRequest,
    bodyExample: {
      text: 'When someone requests a purchase, their manager approves it within 2 days.',
      name: 'purchase-approval',
    },
    responses: {
      201: {
        description: 'Deployed',
        schema: z.strictObject({
          name: z.string(),
          version: z.int(),
          explanation: z.array(z.string()),
          outline: z.array(z.string()),
          warnings: z.array(Issue),
          schedule: z.enum(['created', 'updated', 'deleted', 'none']),
        }),
      },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      ...BODY_ERRORS,
      'forbidden',
      'compile_failed',
      'model_not_configured',
      'invalid_flow',
      'destination_refused',
      'version_conflict',
      'idempotency_key_reused',
      'idempotency_in_progress',
      'invalid_header',
      'temporal_unavailable',
    ],
  },
  {
    method: 'get',
    path: '/flows',
    tag: 'Flows',
    summary: 'Every flow by name: latest version, trigger, owner team, schedule state',
    access: 'member',
    query: PageQuery,
    responses: {
      200: {
        description: `A page of at most ${MAX_PAGE} flows`,
        schema: z.strictObject({ items: z.array(FlowSummary), nextCursor: NextCursor }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query'],
  },
  {
    method: 'get',
    path: '/flows/:name',
    tag: 'Flows',
    summary: "A flow's latest version",
    access: 'member',
    params: flowParams,
    responses: {
      200: {
        description: 'The latest version',
        schema: z.strictObject({
          name: z.string(),
          version: z.int(),
          deployedAt: Instant,
          flow: Flow,
          sourceText: z.string().nullable(),
          explanation: z.array(z.string()),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'flow_not_found'],
  },
  {
    method: 'get',
    path: '/flows/:name/insights',
    tag: 'Insights',
    summary: "Where a flow's work waits: runs per version, and steps ranked by waiting time",
    description:
      'Over a window (default the last 90 days): runs started per version with how many finished and are open, runs started and finished per week, and per step of each version the tasks, approvals and handoffs opened there, how many are closed, open and overdue, the p50 and p95 of how long closed ones waited, and the total waiting time (open ones counted up to `at`), its escalations and the outcomes of an approval, longest wait first: the bottleneck ranking.',
    access: 'author',
    params: flowParams,
    query: InsightsQuery.in,
    responses: {
      200: {
        description: "The flow's runs and waits",
        schema: z.strictObject({
          flow: z.string(),
          since: Instant,
          until: Instant,
          at: Instant,
          runs: z.array(
            z.strictObject({
              version: z.int().nullable(),
              started: z.int(),
              finished: z.int(),
              open: z.int(),
            }),
          ),
          weeks: z.array(
            z.strictObject({
              week: z.string().describe('the Monday (UTC) the week starts, YYYY-MM-DD'),
              version: z.int().nullable(),
              started: z.int(),
              finished: z.int(),
            }),
          ),
          steps: z.array(
            z.strictObject({
              version: z.int().nullable(),
              step: z.string(),
              kind: z.enum(['task', 'approval', 'handoff']),
              finished: z.int(),
              open: z.int(),
              overdue: z.int(),
              waitMs: z.strictObject({ p50: z.int().nullable(), p95: z.int().nullable() }),
              totalWaitMs: z.int(),
              escalations: z.int(),
              outcomes: z
                .strictObject({
                  approved: z.int(),
                  rejected: z.int(),
                  timedOut: z.int(),
                  rejectedShare: z.number().nullable(),
                  timedOutShare: z.number().nullable(),
                })
                .nullable()
                .describe("an approval step's ended requests; null for tasks and handoffs"),
            }),
          ),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_query', 'flow_not_found'],
  },
  {
    method: 'get',
    path: '/insights/at-risk',
    tag: 'Insights',
    summary: 'Open work that is overdue, or predicted to miss its due time or its run’s deadline',
    description:
      "Each item says why (`overdue`, `due_at_risk`, `deadline_at_risk`), when it is predicted to close, the pace that prediction comes from and in a sentence `because`. A step's pace is the p50 of its closed waits over the last 90 days: in this flow version with at least 5 of them, else over the flow's versions, else over every closed row of its kind, else a day. A run with a deadline is predicted to end when its open work closes plus the paces of the waiting steps after it in document order (both arms of an `if` counted, so it errs late). Latest first.",
    access: 'author',
    query: AtRiskQuery,
    responses: {
      200: {
        description: 'Late and predicted-late work',
        schema: z.strictObject({
          at: Instant,
          total: z.int(),
          items: z.array(
            z.strictObject({
              runId: z.string(),
              workItemId: z.string(),
              taskId: z.string(),
              title: z.string(),
              flow: z.string(),
              version: z.int().nullable(),
              step: z.string(),
              kind: z.enum(['task', 'approval', 'handoff']),
              assignee: z.string(),
              openedAt: Instant,
              dueAt: Instant.nullable(),
              reason: z.enum(['overdue', 'due_at_risk', 'deadline_at_risk']),
              predictedAt: Instant,
              pace: z.strictObject({
                ms: z.int(),
                basis: z.enum(['step', 'step_any_version', 'kind', 'default']),
                samples: z.int(),
              }),
              deadline: z
                .strictObject({
                  at: Instant,
                  predictedEnd: Instant,
                  remainingSteps: z.array(z.string()),
                })
                .nullable(),
              because: z.string(),
            }),
          ),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_query'],
  },
  {
    method: 'get',
    path: '/insights/flags',
    tag: 'Insights',
    summary: 'The flags the watcher raised on late and predicted-late work, newest first',
    description:
      'Each flag is the `watcher.flagged` audit event of a watch round (see `POST /watcher/run`): the work, why it was flagged and who heard of it, and whether that work is still `open` and who holds it now. `open=true` lists only flags on work still open.',
    access: 'author',
    query: FlagsQuery,
    responses: {
      200: {
        description: 'Flags, newest first',
        schema: z.strictObject({
          items: z.array(
            z.strictObject({
              at: Instant.describe('when the flag was raised'),
              runId: z.string(),
              workItemId: z.string(),
              title: z.string(),
              flow: z.string(),
              step: z.string(),
              taskId: z.string(),
              reason: z.enum(['overdue', 'due_at_risk', 'deadline_at_risk']),
              because: z.string(),
              predictedAt: Instant.nullable(),
              recipients: z.array(z.string()),
              open: z.boolean().describe('whether the flagged work is still open'),
              holder: z.string().nullable().describe('who holds it now, while it is open'),
            }),
          ),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_query'],
  },
  {
    method: 'post',
    path: '/watcher/run',
    tag: 'Insights',
    summary: 'Run a watcher round now, or see what one would do (dryRun=true)',
    description:
      "A round flags each piece of open work that is overdue or predicted late (as `GET /insights/at-risk` has it) and was not flagged for that reason before: a `watcher.flagged` audit event and an in-app notification to whoever holds the work and to the flow's owner team. It prompts whoever holds open work on a run where nothing but the watcher has changed anything for `PLAINFLOW_WATCH_IDLE_HOURS` (24), once per idle period: a `watcher.prompted` audit event and a reminder. On runs of flow versions with `rebalance: true`, it moves team work (a task or handoff whose step goes to a team) held by a member who is away or over capacity, newest first until they are back at capacity, and work a `round_robin` / `least_loaded` team queued while no member was available, to the member with the fewest open tasks who is neither away nor at capacity: through the run's `reassign` Update, audited `task.reassigned` by `watcher` with the reason as its comment. The schedule `plainflow-watcher` runs one every `PLAINFLOW_WATCH_MINUTES` (15). With `dryRun=true` the answer lists the flags, prompts and moves a round would make, and nothing changes.",
    access: 'admin',
    query: WatcherRunQuery,
    responses: {
      200: {
        description: 'What the round did, or would do',
        schema: z.strictObject({
          dryRun: z.boolean(),
          at: Instant,
          raised: z.int().describe('flags this round raised (0 in a dry run)'),
          prompted: z.int().describe('prompts this round sent (0 in a dry run)'),
          moved: z.int().describe('moves the runs took (0 in a dry run)'),
          refused: z
            .array(z.strictObject({ taskId: z.string(), problem: z.string() }))
            .describe('moves a run refused: its step stopped waiting meanwhile'),
          moves: z.array(
            WatchedWork.extend({
              team: z.string(),
              from: z.string(),
              to: z.string(),
              because: z.string(),
            }),
          ),
          stays: z
            .array(WatchedWork.extend({ team: z.string(), from: z.string(), because: z.string() }))
            .describe('team work that should move, but no other member is available'),
          prompts: z.array(WatchedWork.extend({ assignee: z.string(), lastActivityAt: Instant })),
          flags: z.array(
            WatchedWork.extend({
              reason: z.enum(['overdue', 'due_at_risk', 'deadline_at_risk']),
              predictedAt: Instant,
              because: z.string(),
              recipients: z.array(z.string()),
            }),
          ),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_query'],
  },
  {
    method: 'get',
    path: '/insights/workload',
    tag: 'Insights',
    summary: 'Open work per person and team, against their capacity',
    description:
      'People (those with open work on their name, a capacity or an away period, and team members), most loaded first, with their open, overdue and due-within-a-day work, capacity, away period and whether team strategies may pick them; and per team its queue, its members and their open work against their summed capacity. `team` narrows both to one team.',
    access: 'author',
    query: WorkloadQuery,
    responses: {
      200: {
        description: 'Who holds how much',
        schema: z.strictObject({
          at: Instant,
          totalPeople: z.int(),
          people: z.array(
            z.strictObject({
              email: z.string(),
              open: z.int(),
              overdue: z.int(),
              dueSoon: z.int(),
              capacity: z.int().nullable(),
              away: z.strictObject({ from: Instant, until: Instant }).nullable(),
              available: z.boolean(),
            }),
          ),
          teams: z.array(
            z.strictObject({
              team: z.string(),
              members: z.int(),
              available: z.int(),
              queue: z.strictObject({ open: z.int(), overdue: z.int(), dueSoon: z.int() }),
              membersOpen: z.int(),
              capacity: z.int().nullable(),
            }),
          ),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_query', 'group_not_found'],
  },
  {
    method: 'get',
    path: '/flows/:name/versions',
    tag: 'Flows',
    summary: "A flow's versions, newest first",
    access: 'member',
    params: flowParams,
    query: PageQuery,
    responses: {
      200: {
        description: 'A page of versions',
        schema: z.strictObject({
          name: z.string(),
          items: z.array(
            z.strictObject({
              version: z.int(),
              deployedAt: Instant,
              deployedBy: z.string().nullable(),
              fromEnglish: z.boolean(),
              links: z.strictObject({ self: z.string() }),
            }),
          ),
          nextCursor: NextCursor,
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query', 'flow_not_found'],
  },
  {
    method: 'get',
    path: '/flows/:name/versions/:version',
    tag: 'Flows',
    summary: 'One version: the flow, its English, explanation, outline and diagram',
    access: 'member',
    params: versionParams,
    responses: {
      200: {
        description: 'The version',
        schema: z.strictObject({
          name: z.string(),
          version: z.int(),
          deployedAt: Instant,
          deployedBy: z.string().nullable(),
          flow: Flow,
          sourceText: z.string().nullable(),
          explanation: z.array(z.string()),
          outline: z.array(z.string()),
          diagram: z.string(),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'flow_not_found', 'version_not_found'],
  },
  {
    method: 'get',
    path: '/flows/:name/diff',
    tag: 'Flows',
    summary: 'What changed between two versions: steps added, removed and changed',
    access: 'member',
    params: flowParams,
    query: FlowDiffQuery,
    responses: {
      200: {
        description: 'The changes, steps matched by id',
        schema: z.strictObject({
          name: z.string(),
          from: z.int(),
          to: z.int(),
          added: z.array(DiffStep),
          removed: z.array(DiffStep),
          changed: z.array(
            DiffStep.extend({
              fromPath: z.string().optional().describe('where it was, when it moved'),
              changed: z.array(z.string()).describe("the step's own properties that differ"),
            }),
          ),
          flowChanged: z.array(z.string()).describe("the flow's own properties that differ"),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query', 'flow_not_found', 'version_not_found'],
  },
  {
    method: 'post',
    path: '/flows/:name/runs',
    tag: 'Runs',
    summary: "Start a run of a flow's latest version",
    access: 'member',
    idempotent: true,
    params: flowParams,
    body: StartFlowRunRequest,
    bodyExample: { title: 'New laptop', fields: { amount: 1200 } },
    responses: {
      201: {
        description: 'Started',
        schema: Started.extend({ flow: z.string(), version: z.int() }),
        example: {
          id: exampleRun,
          flow: 'purchase-approval',
          version: 1,
          created: true,
          links: { self: `/runs/${exampleRun}` },
        },
      },
      200: {
        description: 'An Idempotency-Key retry: the run the first request started',
        schema: Started.extend({ flow: z.string(), version: z.int() }),
      },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      ...BODY_ERRORS,
      'flow_not_found',
      'idempotency_key_reused',
      'idempotency_in_progress',
      'invalid_header',
      'temporal_unavailable',
    ],
  },
  {
    method: 'post',
    path: '/runs',
    tag: 'Runs',
    summary: 'Start an intake run (a work item with no flow steps)',
    access: 'member',
    idempotent: true,
    body: StartRunRequest,
    bodyExample: { title: 'New laptop', priority: 'high', fields: { amount: 1200 } },
    responses: {
      201: { description: 'Started', schema: Started },
      200: { description: 'An Idempotency-Key retry', schema: Started },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      ...BODY_ERRORS,
      'idempotency_key_reused',
      'idempotency_in_progress',
      'invalid_header',
      'temporal_unavailable',
    ],
  },
  {
    method: 'get',
    path: '/runs',
    tag: 'Runs',
    summary: 'The runs you may see, filtered, sorted by start and paginated',
    description:
      'Admins see every run; others the runs they requested, hold, or that wait or waited on them (directly, through a role or team, or as a manager), and authors the runs of flows they created.',
    access: 'member',
    query: RunListQuery,
    responses: {
      200: {
        description: 'A page of runs',
        schema: z.strictObject({ items: z.array(RunSummary), nextCursor: NextCursor }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query'],
  },
  {
    method: 'get',
    path: '/runs/:id',
    tag: 'Runs',
    summary: 'A run: its Temporal status, work item and audit trail',
    access: 'member',
    params: runParams,
    responses: {
      200: {
        description: 'The run',
        schema: z.strictObject({
          id: RunId,
          temporalStatus: z.string(),
          flowName: z.string().nullable(),
          flowVersion: z.int().nullable().describe('the flow version the run is pinned to'),
          temporalUi: z
            .string()
            .nullable()
            .describe('the run in the Temporal Web UI, when the API knows the UI (npm start)'),
          flowStatus: z.string().nullable(),
          startedAt: Instant,
          closedAt: Instant.nullable(),
          workItem: z
            .strictObject({
              id: z.uuid(),
              title: z.string(),
              status: z.string(),
              priority: z.string(),
              requester: z.string(),
              fields: z.record(z.string(), z.unknown()),
              createdAt: Instant,
              auditEvents: z.array(AuditEvent),
            })
            .nullable(),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'run_not_found', 'temporal_unavailable'],
  },
  {
    method: 'get',
    path: '/runs/:id/timeline',
    tag: 'Runs',
    summary: "A run's story from its audit events, a page at a time",
    access: 'member',
    params: runParams,
    query: TimelineQuery,
    responses: {
      200: {
        description: 'Entries in order',
        schema: z.strictObject({
          id: RunId,
          workItemId: z.uuid(),
          entries: z.array(
            z.strictObject({
              seq: z.int(),
              at: Instant,
              action: z.string(),
              actor: z.string(),
              step: z.string().nullable(),
              summary: z.string(),
            }),
          ),
          nextAfter: z.int().nullable().describe('pass as `after` for the next page'),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query', 'run_not_found'],
  },
  {
    method: 'get',
    path: '/runs/:id/audit',
    tag: 'Audit',
    summary: "A run's audit events with their hash chain",
    access: 'member',
    params: runParams,
    responses: {
      200: {
        description: 'The events in order',
        schema: z.strictObject({
          workItemId: z.uuid(),
          events: z.array(AuditEvent.extend({ prevHash: z.string().nullable() })),
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'run_not_found'],
  },
  {
    method: 'get',
    path: '/runs/:id/audit/verify',
    tag: 'Audit',
    summary: 'Recompute the hash chain; name the first broken link',
    access: 'member',
    params: runParams,
    responses: {
      200: {
        description: 'The verdict',
        schema: z.union([
          z.strictObject({ workItemId: z.uuid(), events: z.int(), ok: z.literal(true) }),
          z.strictObject({
            workItemId: z.uuid(),
            events: z.int(),
            ok: z.literal(false),
            brokenAt: z.int().describe('the sequence number of the first broken link'),
            reason: z.string(),
          }),
        ]),
        example: {
          workItemId: '6a0e2f4c-1b7d-4c39-9a55-0f8e7d6c5b4a',
          events: 7,
          ok: false,
          brokenAt: 2,
          reason: 'altered',
        },
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'run_not_found'],
  },
  {
    method: 'get',
    path: '/inbox',
    tag: 'Inbox',
    summary: 'Everything waiting on you across all flows, oldest first',
    description:
      'Approvals, tasks and handoffs assigned to you, to a role or team you belong to (a team queue you may claim from), or to `manager` on a run requested by someone who reports to you; each with the actions you may take.',
    access: 'member',
    query: InboxQuery,
    responses: {
      200: {
        description: 'A page of waiting work and how much there is',
        schema: z.strictObject({
          items: z.array(InboxItem),
          total: z.int(),
          nextCursor: NextCursor,
        }),
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'invalid_query'],
  },
];
