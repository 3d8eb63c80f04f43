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

export type Paces = Map<string, { samples: number; ms: number }>;

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
    const entry = { samples: Number(row.samples), ms: Math.round(Number(row.p50)) };
    if (row.flow_name === null || row.step === null) byKey.set(`kind|${row.kind}`, entry);
    else {
      const version = row.any_version === 1 ? 'any' : row.version;
      byKey.set(stepKey(row.flow_name, version, row.step, row.kind), entry);
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

/**
 * Open work that is overdue, or predicted to miss its due time or its run's deadline. A step's
 * pace is the p50 of its closed waits over the last 90 days, in this flow version when it has at
 * least {@link MIN_SAMPLES}, else in any version of the flow, else of every closed row of its
 * kind, else {@link DEFAULT_PACE_MS}. Open work is predicted to close at opened + pace (now, if
 * it is already slower). A run with a deadline is predicted to end when its open work closes plus
 * the paces of the waiting steps after the last open one in document order that it has not
 * opened yet (both arms of an `if`, every branch of a `parallel` counted one after another, so
 * the prediction errs late).
 */
export async function atRisk(
  prisma: PrismaClient,
  at: Date,
  options: { flow?: string; limit: number },
  known: Paces,
  flowOf: (versionId: string | null) => Promise<Flow | null>,
) {
  const rows = await prisma.$queryRaw<OpenRow[]>`
    SELECT t.id AS task_id, w.id AS work_item_id, w.flow_name, fv.version,
           fv.id AS version_id, w.created_at AS started_at,
           t.step_path AS step, t.kind::text AS kind, t.assignee,
           t.created_at AS opened_at, t.due_at
      FROM tasks t
      JOIN work_items w ON w.id = t.work_item_id
      LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE t.status = 'open' AND w.closed_at IS NULL
       ${options.flow === undefined ? Prisma.empty : Prisma.sql`AND w.flow_name = ${options.flow}`}
     ORDER BY t.created_at, t.id`;
  const now = at.getTime();
  // Runs' ids and titles are read for the items shown only.
  const items: (Omit<AtRiskItem, 'runId' | 'title'> & { lateBy: number })[] = [];
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
      const due = row.due_at?.getTime();
      const base = {
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
      const paceText = `${row.step} usually takes ${hours(pace.ms)} (${describeBasis(pace)})`;
      if (due !== undefined && due < now) {
        items.push({
          ...base,
          reason: 'overdue',
          because: `due ${iso(due)}, ${hours(now - due)} ago`,
          lateBy: now - due,
        });
      } else if (due !== undefined && predictedAt > due) {
        items.push({
          ...base,
          reason: 'due_at_risk',
          because: `${paceText}: predicted to close ${iso(predictedAt)}, after its due time ${iso(due)}`,
          lateBy: predictedAt - due,
        });
      } else if (deadline && deadline.predictedEnd > deadline.at && predictedAt === deadline.last) {
        items.push({
          ...base,
          reason: 'deadline_at_risk',
          deadline: {
            at: iso(deadline.at),
            predictedEnd: iso(deadline.predictedEnd),
            remainingSteps: deadline.remaining,
          },
          because: `the run must end by ${iso(deadline.at)} but is predicted to end ${iso(deadline.predictedEnd)}: ${paceText}, then ${deadline.remaining.length} more waiting steps`,
          lateBy: deadline.predictedEnd - deadline.at,
        });
      }
    }
  }
  items.sort((a, b) => b.lateBy - a.lateBy || a.workItemId.localeCompare(b.workItemId));
  const shown = items.slice(0, options.limit);
  const runs = await prisma.workItem.findMany({
    where: { id: { in: [...new Set(shown.map((item) => item.workItemId))] } },
    select: { id: true, workflowId: true, title: true },
  });
  const runOf = new Map(runs.map((r) => [r.id, r]));
  return {
    at: at.toISOString(),
    total: items.length,
    items: shown.map(({ lateBy: _lateBy, ...item }): AtRiskItem => {
      const run = runOf.get(item.workItemId);
      return { runId: run?.workflowId ?? '', title: run?.title ?? '', ...item };
    }),
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
