import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { ApiError } from './errors';
import { Instant } from './contract/route-doc';
import { parseQuery } from './parse-input';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The window when the query names none: the last 90 days. */
const DEFAULT_WINDOW_MS = 90 * DAY_MS;
/** The longest window a query may ask for. */
const MAX_WINDOW_MS = 366 * DAY_MS;

/** The query of `GET /flows/:name/insights`. */
export const InsightsQuery = z
  .strictObject({
    since: Instant.optional().describe('start of the window (default: 90 days before `until`)'),
    until: Instant.optional().describe('end of the window (default: now)'),
  })
  .transform(({ since, until }, ctx) => {
    const end = until ? new Date(until) : new Date();
    const start = since ? new Date(since) : new Date(end.getTime() - DEFAULT_WINDOW_MS);
    const span = end.getTime() - start.getTime();
    if (span <= 0) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'since must be before until' });
    } else if (span > MAX_WINDOW_MS) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'the window is at most 366 days' });
    }
    return { since: start, until: end };
  });

/** Runs of one version of the flow started in the window, and where they are now. */
export interface VersionRuns {
  /** The flow version; null for runs started without a stored version. */
  version: number | null;
  started: number;
  finished: number;
  open: number;
}

/** Runs of one version started, and finished, in one week (weeks start on Monday, UTC). */
export interface WeekRuns {
  week: string;
  version: number | null;
  started: number;
  finished: number;
}

/** How an approval step's requests ended in the window, from its `approval.completed` events. */
export interface ApprovalOutcomes {
  approved: number;
  rejected: number;
  timedOut: number;
  /** Rejected and timed out as shares of all that ended (null when none ended). */
  rejectedShare: number | null;
  timedOutShare: number | null;
}

/** Where work waited at one step of one version: every task, approval or handoff row opened there. */
export interface StepWaits {
  version: number | null;
  step: string;
  kind: 'task' | 'approval' | 'handoff';
  /** Rows closed (done, decided, escalated, cancelled...) and rows still open. */
  finished: number;
  open: number;
  /** Open rows past their due time. */
  overdue: number;
  /** How long closed rows waited from opened to closed, in ms (null when none closed). */
  waitMs: { p50: number | null; p95: number | null };
  /** Every row's wait summed, open rows counted up to `at`: the bottleneck ranking's measure. */
  totalWaitMs: number;
  /** Escalations of the step's work in the window (`*.escalated` audit events). */
  escalations: number;
  /** For an approval step, how it ended; null for tasks and handoffs. */
  outcomes: ApprovalOutcomes | null;
}

/** What `GET /flows/:name/insights` answers. */
export interface FlowInsights {
  flow: string;
  since: string;
  until: string;
  /** The moment open rows' waits are counted up to. */
  at: string;
  runs: VersionRuns[];
  /** Runs started and finished per week of the window, oldest first. */
  weeks: WeekRuns[];
  /** The bottleneck ranking: steps by total waiting time, longest first. */
  steps: StepWaits[];
}

interface RunRow {
  version: number | null;
  started: bigint;
  finished: bigint;
  open: bigint;
}

interface StepRow {
  version: number | null;
  step: string;
  kind: StepWaits['kind'];
  finished: bigint;
  open: bigint;
  overdue: bigint;
  p50: number | null;
  p95: number | null;
  total: number | null;
}

interface WeekRow {
  week: Date;
  version: number | null;
  started: bigint;
  finished: bigint;
}

interface EventRow {
  version: number | null;
  step: string | null;
  escalations: bigint;
  approved: bigint;
  rejected: bigint;
  timed_out: bigint;
}

const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

const ms = (value: number | null) => (value === null ? null : Math.round(Number(value)));

/**
 * A flow's runs and waits over a window, from the work store: runs started per version, and per
 * step the time work waited there. A task row and its audit events (`task.opened`, its closing
 * event) are written in one transaction, so the rows' times are the audit trail's.
 */
export async function flowInsights(
  prisma: PrismaClient,
  flow: string,
  since: Date,
  until: Date,
  at: Date,
): Promise<FlowInsights> {
  const [runs, steps, weeks, events] = await Promise.all([
    prisma.$queryRaw<RunRow[]>`
    SELECT fv.version AS version,
           count(*) AS started,
           count(*) FILTER (WHERE w.closed_at IS NOT NULL) AS finished,
           count(*) FILTER (WHERE w.closed_at IS NULL) AS open
      FROM work_items w
      LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE w.flow_name = ${flow} AND w.created_at >= ${since} AND w.created_at < ${until}
     GROUP BY fv.version
     ORDER BY fv.version NULLS FIRST`,
    prisma.$queryRaw<StepRow[]>`
    SELECT fv.version AS version, t.step_path AS step, t.kind::text AS kind,
           count(*) FILTER (WHERE t.completed_at IS NOT NULL) AS finished,
           count(*) FILTER (WHERE t.completed_at IS NULL) AS open,
           count(*) FILTER (WHERE t.completed_at IS NULL AND t.due_at < ${at}) AS overdue,
           percentile_cont(0.5) WITHIN GROUP (
             ORDER BY extract(epoch FROM t.completed_at - t.created_at) * 1000
           ) FILTER (WHERE t.completed_at IS NOT NULL) AS p50,
           percentile_cont(0.95) WITHIN GROUP (
             ORDER BY extract(epoch FROM t.completed_at - t.created_at) * 1000
           ) FILTER (WHERE t.completed_at IS NOT NULL) AS p95,
           sum(extract(epoch FROM coalesce(t.completed_at, ${at}) - t.created_at) * 1000)::float8
             AS total
      FROM work_items w
      -- Each item's tasks by its index: OFFSET 0 keeps the planner from joining the whole
      -- tasks table instead, which costs a scan of every flow's tasks.
      CROSS JOIN LATERAL (
        SELECT t.step_path, t.kind, t.created_at, t.completed_at, t.due_at FROM tasks t
         WHERE t.work_item_id = w.id AND t.created_at >= ${since} AND t.created_at < ${until}
        OFFSET 0
      ) t
      LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE w.flow_name = ${flow}
     GROUP BY fv.version, t.step_path, t.kind
     ORDER BY total DESC, fv.version NULLS FIRST, t.step_path`,
    prisma.$queryRaw<WeekRow[]>`
    SELECT week, version, sum(started) AS started, sum(finished) AS finished
      FROM (
        SELECT date_trunc('week', w.created_at AT TIME ZONE 'UTC') AS week, fv.version,
               1 AS started, 0 AS finished
          FROM work_items w LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
         WHERE w.flow_name = ${flow} AND w.created_at >= ${since} AND w.created_at < ${until}
        UNION ALL
        SELECT date_trunc('week', w.closed_at AT TIME ZONE 'UTC'), fv.version, 0, 1
          FROM work_items w LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
         WHERE w.flow_name = ${flow} AND w.closed_at >= ${since} AND w.closed_at < ${until}
      ) counted
     GROUP BY week, version
     ORDER BY week, version NULLS FIRST`,
    prisma.$queryRaw<EventRow[]>`
    SELECT fv.version AS version, e.data->>'step' AS step,
           count(*) FILTER (WHERE e.action LIKE '%.escalated') AS escalations,
           count(*) FILTER (WHERE e.action = 'approval.completed'
                              AND e.data->>'outcome' = 'approved') AS approved,
           count(*) FILTER (WHERE e.action = 'approval.completed'
                              AND e.data->>'outcome' = 'rejected') AS rejected,
           count(*) FILTER (WHERE e.action = 'approval.completed'
                              AND e.data->>'outcome' = 'timed_out') AS timed_out
      FROM audit_events e
      JOIN work_items w ON w.id = e.work_item_id
      LEFT JOIN flow_versions fv ON fv.id = w.flow_version_id
     WHERE w.flow_name = ${flow} AND e.created_at >= ${since} AND e.created_at < ${until}
       AND (e.action LIKE '%.escalated' OR e.action = 'approval.completed')
     GROUP BY fv.version, e.data->>'step'`,
  ]);
  const eventsOf = new Map(events.map((e) => [`${e.version}:${e.step}`, e]));
  return {
    flow,
    since: since.toISOString(),
    until: until.toISOString(),
    at: at.toISOString(),
    runs: runs.map((r) => ({
      version: r.version,
      started: Number(r.started),
      finished: Number(r.finished),
      open: Number(r.open),
    })),
    weeks: weeks.map((w) => ({
      week: w.week.toISOString().slice(0, 10),
      version: w.version,
      started: Number(w.started),
      finished: Number(w.finished),
    })),
    steps: steps.map((s) => {
      const counted = eventsOf.get(`${s.version}:${s.step}`);
      return {
        version: s.version,
        step: s.step,
        kind: s.kind,
        finished: Number(s.finished),
        open: Number(s.open),
        overdue: Number(s.overdue),
        waitMs: { p50: ms(s.p50), p95: ms(s.p95) },
        totalWaitMs: ms(s.total) ?? 0,
        escalations: Number(counted?.escalations ?? 0),
        outcomes: s.kind === 'approval' ? outcomesOf(counted) : null,
      };
    }),
  };
}

function outcomesOf(counted: EventRow | undefined): ApprovalOutcomes {
  const approved = Number(counted?.approved ?? 0);
  const rejected = Number(counted?.rejected ?? 0);
  const timedOut = Number(counted?.timed_out ?? 0);
  const ended = approved + rejected + timedOut;
  return {
    approved,
    rejected,
    timedOut,
    rejectedShare: share(rejected, ended),
    timedOutShare: share(timedOut, ended),
  };
}

/** `GET /flows/:name/insights`: where a flow's work waits, for authors and admins. */
export function insightsRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get('/flows/:name/insights', requireRole(UserRole.author), async (req, res) => {
    const { since, until } = parseQuery(InsightsQuery, req.query);
    const { name } = req.params as { name: string };
    const known = await prisma.flowDefinition.findUnique({ where: { name }, select: { id: true } });
    if (!known) throw new ApiError('flow_not_found', `No flow named "${name}"`);
    res.json(await flowInsights(prisma, name, since, until, new Date()));
  });
  return router;
}
