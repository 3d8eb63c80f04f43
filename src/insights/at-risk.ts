import type { PrismaClient } from '../db/prisma';
import { parseFlow, type Flow } from '../dsl';
import { addDuration } from '../dsl/business-days';
import { flowTimeZone } from '../dsl/flow';
import { forEachStep } from '../dsl/walk-steps';
import { Prisma } from '../generated/prisma/client';

const HOUR_MS = 60 * 60 * 1000;
/** Closed waits a pace needs before it is trusted. */
export const MIN_SAMPLES = 5;
/** The pace when no closed work of the same kind exists anywhere. */
export const DEFAULT_PACE_MS = 24 * HOUR_MS;
/** How far back closed waits count towards a pace. */
const PACE_HISTORY_MS = 90 * 24 * HOUR_MS;
/** Flow versions never change once stored: their definitions are kept, a bounded number. */
const VERSION_CACHE_SIZE = 500;
/** How long computed paces are used before they are computed again. */
export const PACE_TTL_MS = 5 * 60 * 1000;

/** Where a pace came from: the step in this version, in any version, its kind, or the default. */
export type PaceBasis = 'step' | 'step_any_version' | 'kind' | 'default';

export interface Pace {
  ms: number;
  basis: PaceBasis;
  samples: number;
}

/** One piece of open work that is late or predicted to be. */
export interface AtRiskItem {
  runId: string;
  workItemId: string;
  /** The task, approval request or handoff row. */
  taskId: string;
  title: string;
  flow: string;
  version: number | null;
  step: string;
  kind: 'task' | 'approval' | 'handoff';
  assignee: string;
  openedAt: string;
  dueAt: string | null;
  /** `overdue`: past its due time; `due_at_risk`: predicted to close after it; `deadline_at_risk`: the run is predicted to end after the flow's deadline. */
  reason: 'overdue' | 'due_at_risk' | 'deadline_at_risk';
  /** When this work is predicted to close: opened + the step's pace, or now if it is already slower. */
  predictedAt: string;
  pace: Pace;
  /** For `deadline_at_risk`: the deadline, and when the run is predicted to end. */
  deadline: { at: string; predictedEnd: string; remainingSteps: string[] } | null;
  because: string;
}

interface OpenRow {
  task_id: string;
  work_item_id: string;
  flow_name: string;
  version: number | null;
  version_id: string | null;
  started_at: Date;
  step: string;
  kind: AtRiskItem['kind'];
  assignee: string;
  opened_at: Date;
  due_at: Date | null;
}

interface PaceRow {
  flow_name: string | null;
  version: number | null;
  step: string | null;
  kind: string;
  /** 1 where the row is over every version of the step (or over every step of the kind). */
  any_version: number;
  samples: bigint;
  p50: number;
}

/** One pace: the p50 of closed waits of a step in a version, a step in any version, or a kind. */
interface PaceEntry {
  samples: number;
  ms: number;
  flow: string | null;
  /** null for a step's pace over every version (and for work with no stored version). */
  version: number | null;
  step: string | null;
  kind: string;
  basis: Exclude<PaceBasis, 'default'>;
}

export type Paces = Map<string, PaceEntry>;

const stepKey = (flow: string, version: number | null | 'any', step: string, kind: string) =>
  `${flow}|${version ?? '-'}|${step}|${kind}`;

/** The p50 of closed waits per step and version, per step over all versions, and per kind. */
export async function computePaces(prisma: PrismaClient, at: Date): Promise<Paces> {
  const since = new Date(at.getTime() - PACE_HISTORY_MS);
  const rows = await prisma.$queryRaw<PaceRow[]>`
    SELECT w.flow_name, fv.version, t.step_path AS step, t.kind::text AS kind,
           GROUPING(fv.version)::int AS any_version,
           count(*) AS samples,
           percentile_cont(0.5) WITHIN GROUP (
             ORDER BY extract(epoch FROM t.completed_at - t.created_at) * 1000
           ) AS p50
      FROM tasks t
      JOIN work_items w ON w.id = t.work_item_id
      LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE t.completed_at IS NOT NULL AND t.created_at >= ${since} AND t.created_at < ${at}
     GROUP BY GROUPING SETS ((w.flow_name, fv.version, t.step_path, t.kind),
                             (w.flow_name, t.step_path, t.kind), (t.kind))`;
  const byKey: Paces = new Map();
  for (const row of rows) {
    const entry = { samples: Number(row.samples), ms: Math.round(Number(row.p50)), kind: row.kind };
    if (row.flow_name === null || row.step === null) {
      byKey.set(`kind|${row.kind}`, {
        ...entry,
        flow: null,
        version: null,
        step: null,
        basis: 'kind',
      });
    } else {
      const any = row.any_version === 1;
      byKey.set(stepKey(row.flow_name, any ? 'any' : row.version, row.step, row.kind), {
        ...entry,
        flow: row.flow_name,
        version: any ? null : row.version,
        step: row.step,
        basis: any ? 'step_any_version' : 'step',
      });
    }
  }
  return byKey;
}

/** The usual pace of a step: the first of step-in-version, step-in-any-version, kind with enough samples. */
export function paceOf(
  known: Paces,
  flow: string,
  version: number | null,
  step: string,
  kind: string,
): Pace {
  const candidates: [PaceBasis, string][] = [
    ['step', stepKey(flow, version, step, kind)],
    ['step_any_version', stepKey(flow, 'any', step, kind)],
    ['kind', `kind|${kind}`],
  ];
  for (const [basis, key] of candidates) {
    const found = known.get(key);
    if (found && found.samples >= MIN_SAMPLES)
      return { ms: found.ms, basis, samples: found.samples };
  }
  return { ms: DEFAULT_PACE_MS, basis: 'default', samples: 0 };
}

/** The waiting steps of a flow (tasks, approvals, handoffs) with their kind, in document order. */
function waitingSteps(flow: Flow): { id: string; kind: AtRiskItem['kind'] }[] {
  const steps: { id: string; kind: AtRiskItem['kind'] }[] = [];
  forEachStep(flow.steps, (step) => {
    if (step.type === 'task' || step.type === 'approval' || step.type === 'handoff') {
      steps.push({ id: step.id, kind: step.type });
    }
  });
  return steps;
}

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (ms: number) => `${Math.round((ms / HOUR_MS) * 10) / 10} h`;

/** An item judged at risk, before its run's id and title are read, and how late it is. */
type Judged = Omit<AtRiskItem, 'runId' | 'title'> & { lateBy: number };

/** Latest first; ties by item, then task (as PostgreSQL orders their uuids). */
function byLateness(a: Judged, b: Judged): number {
  if (a.lateBy !== b.lateBy) return b.lateBy - a.lateBy;
  if (a.workItemId !== b.workItemId) return a.workItemId < b.workItemId ? -1 : 1;
  return a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
}

/**
 * Open work that is overdue, or predicted to miss its due time or its run's deadline. A step's
 * pace is the p50 of its closed waits over the last 90 days, in this flow version when it has at
 * least {@link MIN_SAMPLES}, else in any version of the flow, else of every closed row of its
 * kind, else {@link DEFAULT_PACE_MS}. Open work is predicted to close at opened + pace (now, if
 * it is already slower). A run with a deadline is predicted to end when its open work closes plus
 * the paces of the waiting steps after the last open one in document order that it has not
 * opened yet (both arms of an `if`, every branch of a `parallel` counted one after another, so
 * the prediction errs late). Work of runs without a deadline is judged, ranked and counted in
 * the database, which sends only the items shown; runs with one are judged here.
 */
export async function atRisk(
  prisma: PrismaClient,
  at: Date,
  options: { flow?: string; limit: number },
  known: Paces,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
) {
  const deadlines = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM flow_versions WHERE (definition -> 'deadline') IS NOT NULL`;
  const withDeadline = deadlines.map((version) => version.id);
  const [due, ofDeadlineRuns] = await Promise.all([
    dueAtRisk(prisma, at, options, known, withDeadline),
    deadlineRunsAtRisk(prisma, at, options.flow, known, flowOf, withDeadline),
  ]);
  const shown = [...due.items, ...ofDeadlineRuns].sort(byLateness).slice(0, options.limit);
  const runs = await prisma.workItem.findMany({
    where: { id: { in: [...new Set(shown.map((item) => item.workItemId))] } },
    select: { id: true, workflowId: true, title: true },
  });
  const runOf = new Map(runs.map((r) => [r.id, r]));
  return {
    at: at.toISOString(),
    total: due.total + ofDeadlineRuns.length,
    items: shown.map(({ lateBy: _lateBy, ...item }): AtRiskItem => {
      const run = runOf.get(item.workItemId);
      return { runId: run?.workflowId ?? '', title: run?.title ?? '', ...item };
    }),
  };
}

const OPEN_COLUMNS = Prisma.sql`t.id AS task_id, w.id AS work_item_id, w.flow_name, fv.version,
  fv.id AS version_id, w.created_at AS started_at, t.step_path AS step, t.kind::text AS kind,
  t.assignee, t.created_at AS opened_at, t.due_at`;

const epochMs = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)`;

/** The trusted paces of one basis as a JSON object, keyed as the SQL of {@link dueAtRisk} looks them up. */
function paceTable(known: Paces, basis: PaceEntry['basis']): string {
  const table: Record<string, number> = {};
  for (const pace of known.values()) {
    if (pace.basis !== basis || pace.samples < MIN_SAMPLES) continue;
    const key =
      basis === 'step'
        ? `${pace.flow}|${pace.version ?? -1}|${pace.step}|${pace.kind}`
        : basis === 'step_any_version'
          ? `${pace.flow}|${pace.step}|${pace.kind}`
          : pace.kind;
    table[key] = pace.ms;
  }
  return JSON.stringify(table);
}

/**
 * Open work with a due time on runs whose flow version has no deadline (not among
 * `withDeadline`), late or predicted late: the first `limit` by lateness, judged in SQL with the
 * paces `known` resolved as {@link paceOf} does, and how many there are.
 */
async function dueAtRisk(
  prisma: PrismaClient,
  at: Date,
  options: { flow?: string; limit: number },
  known: Paces,
  withDeadline: string[],
): Promise<{ items: Judged[]; total: number }> {
  const now = at.getTime();
  const pace = Prisma.sql`coalesce(
    (${paceTable(known, 'step')}::jsonb
      ->> (w.flow_name || '|' || coalesce(fv.version, -1) || '|' || t.step_path || '|' || t.kind::text))::numeric,
    (${paceTable(known, 'step_any_version')}::jsonb
      ->> (w.flow_name || '|' || t.step_path || '|' || t.kind::text))::numeric,
    (${paceTable(known, 'kind')}::jsonb ->> t.kind::text)::numeric,
    ${DEFAULT_PACE_MS}::numeric)`;
  const rows = await prisma.$queryRaw<(OpenRow & { total: bigint })[]>`
    WITH judged AS (
      SELECT ${OPEN_COLUMNS},
             CASE WHEN t.due_at < ${at} THEN ${now}::numeric - ${epochMs(Prisma.sql`t.due_at`)}
                  ELSE greatest(${epochMs(Prisma.sql`t.created_at`)} + ${pace}, ${now}::numeric)
                       - ${epochMs(Prisma.sql`t.due_at`)}
             END AS late_by
        FROM tasks t
        JOIN work_items w ON w.id = t.work_item_id
        LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
       WHERE t.status = 'open' AND t.due_at IS NOT NULL AND w.closed_at IS NULL
         AND (w.flow_version_id IS NULL OR w.flow_version_id <> ALL(${withDeadline}::uuid[]))
         ${options.flow === undefined ? Prisma.empty : Prisma.sql`AND w.flow_name = ${options.flow}`}
    )
    SELECT task_id, work_item_id, flow_name, version, version_id, started_at, step, kind,
           assignee, opened_at, due_at, count(*) OVER () AS total
      FROM judged
     WHERE late_by > 0
     ORDER BY late_by DESC, work_item_id, task_id
     LIMIT ${options.limit}`;
  const items = rows.flatMap((row) => {
    const paced = paceOf(known, row.flow_name, row.version, row.step, row.kind);
    const judged = judge(row, paced, Math.max(row.opened_at.getTime() + paced.ms, now), now);
    return judged ? [judged] : [];
  });
  return { items, total: Number(rows[0]?.total ?? 0) };
}

/** Open work of runs of the flow versions `withDeadline`, late or predicted late, every item. */
async function deadlineRunsAtRisk(
  prisma: PrismaClient,
  at: Date,
  flowName: string | undefined,
  known: Paces,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
  withDeadline: string[],
): Promise<Judged[]> {
  if (withDeadline.length === 0) return [];
  const rows = await prisma.$queryRaw<OpenRow[]>`
    SELECT ${OPEN_COLUMNS}
      FROM tasks t
      JOIN work_items w ON w.id = t.work_item_id
      JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE t.status = 'open' AND w.closed_at IS NULL AND fv.id = ANY(${withDeadline}::uuid[])
       ${flowName === undefined ? Prisma.empty : Prisma.sql`AND w.flow_name = ${flowName}`}
     ORDER BY t.created_at, t.id`;
  const now = at.getTime();
  const items: Judged[] = [];
  const byRun = new Map<string, OpenRow[]>();
  for (const row of rows) {
    const open = byRun.get(row.work_item_id);
    if (open) open.push(row);
    else byRun.set(row.work_item_id, [row]);
  }
  for (const open of byRun.values()) {
    const first = open[0] as OpenRow;
    const flow = await flowOf(first.version_id);
    const predicted = open.map((row) => {
      const pace = paceOf(known, row.flow_name, row.version, row.step, row.kind);
      return { row, pace, at: Math.max(row.opened_at.getTime() + pace.ms, now) };
    });
    const deadline = flow?.deadline ? runDeadline(flow, first, predicted, known) : undefined;
    for (const { row, pace, at: predictedAt } of predicted) {
      const judged = judge(row, pace, predictedAt, now);
      if (judged) {
        items.push(judged);
      } else if (deadline && deadline.predictedEnd > deadline.at && predictedAt === deadline.last) {
        items.push({
          ...itemOf(row, pace, predictedAt),
          reason: 'deadline_at_risk',
          deadline: {
            at: iso(deadline.at),
            predictedEnd: iso(deadline.predictedEnd),
            remainingSteps: deadline.remaining,
          },
          because: `the run must end by ${iso(deadline.at)} but is predicted to end ${iso(deadline.predictedEnd)}: ${paceText(row, pace)}, then ${deadline.remaining.length} more waiting steps`,
          lateBy: deadline.predictedEnd - deadline.at,
        });
      }
    }
  }
  return items;
}

function itemOf(row: OpenRow, pace: Pace, predictedAt: number) {
  return {
    workItemId: row.work_item_id,
    taskId: row.task_id,
    flow: row.flow_name,
    version: row.version,
    step: row.step,
    kind: row.kind,
    assignee: row.assignee,
    openedAt: row.opened_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    predictedAt: iso(predictedAt),
    pace,
    deadline: null,
  };
}

const paceText = (row: OpenRow, pace: Pace) =>
  `${row.step} usually takes ${hours(pace.ms)} (${describeBasis(pace)})`;

/** The row judged against its due time: `overdue`, `due_at_risk`, or undefined (on time, or no due time). */
function judge(row: OpenRow, pace: Pace, predictedAt: number, now: number): Judged | undefined {
  const due = row.due_at?.getTime();
  if (due === undefined) return undefined;
  if (due < now) {
    return {
      ...itemOf(row, pace, predictedAt),
      reason: 'overdue',
      because: `due ${iso(due)}, ${hours(now - due)} ago`,
      lateBy: now - due,
    };
  }
  if (predictedAt <= due) return undefined;
  return {
    ...itemOf(row, pace, predictedAt),
    reason: 'due_at_risk',
    because: `${paceText(row, pace)}: predicted to close ${iso(predictedAt)}, after its due time ${iso(due)}`,
    lateBy: predictedAt - due,
  };
}

function describeBasis(pace: Pace): string {
  switch (pace.basis) {
    case 'step':
      return `p50 of ${pace.samples} closed in this version`;
    case 'step_any_version':
      return `p50 of ${pace.samples} closed over the flow's versions`;
    case 'kind':
      return `p50 of ${pace.samples} closed of its kind, too few of this step`;
    case 'default':
      return 'no history: the default of a day';
  }
}

/** When a run must end, when it is predicted to, and the waiting steps still ahead of it. */
function runDeadline(
  flow: Flow,
  first: OpenRow,
  predicted: { row: OpenRow; at: number }[],
  known: Paces,
) {
  const within = flow.deadline?.within ?? '';
  const at = addDuration(first.started_at, within, flowTimeZone(flow)).getTime();
  const steps = waitingSteps(flow);
  const openIds = new Set(predicted.map((p) => p.row.step));
  const lastIndex = Math.max(...steps.map((s, i) => (openIds.has(s.id) ? i : -1)));
  const remaining = steps.slice(lastIndex + 1).filter((s) => !openIds.has(s.id));
  const last = Math.max(...predicted.map((p) => p.at));
  const ahead = remaining.reduce(
    (sum, s) => sum + paceOf(known, first.flow_name, first.version, s.id, s.kind).ms,
    0,
  );
  return { at, predictedEnd: last + ahead, last, remaining: remaining.map((s) => s.id) };
}

/** A reader of stored flow versions by id, keeping the last {@link VERSION_CACHE_SIZE} read. */
export function flowVersions(
  prisma: PrismaClient,
): (versionId: string | null) => Promise<Flow | null> {
  const versions = new Map<string, Flow | null>();
  return async (versionId) => {
    if (versionId === null) return null;
    const cached = versions.get(versionId);
    if (cached !== undefined) return cached;
    const row = await prisma.flowVersion.findUnique({
      where: { id: versionId },
      select: { definition: true },
    });
    const parsed = row ? parseFlow(row.definition) : undefined;
    const flow = parsed?.ok ? parsed.flow : null;
    if (versions.size >= VERSION_CACHE_SIZE) versions.delete(versions.keys().next().value ?? '');
    versions.set(versionId, flow);
    return flow;
  };
}
