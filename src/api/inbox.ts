import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import { parseFlow, type IntakeField, type Step } from '../dsl';
import { forEachStep } from '../dsl/walk-steps';
import { principalOf } from '../auth/principal';
import { CursorParam, decodeCursor, Limit, pageOf, TimeCursor, type Position } from './pages';
import { parseQuery } from './parse-input';
import { viewerOf, type Viewer } from './viewer';

/** The query of `GET /inbox`. */
export const InboxQuery = z.strictObject({
  kind: z.enum(['task', 'approval', 'handoff']).optional().describe('only this kind of work'),
  overdue: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('only work past (true) or within (false) its due time'),
  limit: Limit,
  cursor: CursorParam,
});

/** One thing a person can do on a waiting step: the request to send. */
export interface InboxAction {
  name: string;
  method: 'POST';
  href: string;
  /** The body to send as it is, or the fields it needs (`to`, the form's fields). */
  body: Record<string, unknown>;
}

/** What the inbox needs of a waiting step's definition. */
interface StepFacts {
  allowDelegation: boolean;
  form: IntakeField[];
}

const NO_FACTS: StepFacts = { allowDelegation: false, form: [] };

// Flow versions never change once stored: their steps are kept, a bounded number of them.
const VERSION_CACHE_SIZE = 500;

function stepFacts(steps: readonly Step[]): Map<string, StepFacts> {
  const facts = new Map<string, StepFacts>();
  forEachStep(steps, (step) => {
    if (step.type === 'approval') {
      facts.set(step.id, { allowDelegation: step.allowDelegation === true, form: [] });
    } else if (step.type === 'task') {
      facts.set(step.id, { allowDelegation: false, form: step.form ?? [] });
    }
  });
  return facts;
}

/** What the viewer may do on a step waiting on `assignee`. */
function actionsOf(
  kind: 'task' | 'approval' | 'handoff',
  assignee: string,
  facts: StepFacts,
  base: string,
): InboxAction[] {
  const post = (name: string, path: string, body: Record<string, unknown> = {}): InboxAction => ({
    name,
    method: 'POST',
    href: `${base}/${path}`,
    body,
  });
  const queue = assignee.startsWith('team:') || assignee.startsWith('role:');
  const reassign = post('reassign', 'reassign', { to: '<party token or email>' });
  switch (kind) {
    case 'approval':
      return [
        post('approve', 'decide', { decision: 'approve' }),
        post('reject', 'decide', { decision: 'reject' }),
        ...(facts.allowDelegation ? [post('delegate', 'delegate', { to: '<email>' })] : []),
        reassign,
      ];
    case 'task':
      return [
        ...(queue ? [post('claim', 'claim')] : []),
        post(
          'complete',
          'complete',
          facts.form.length > 0
            ? { fields: Object.fromEntries(facts.form.map((f) => [f.name, `<${f.type}>`])) }
            : {},
        ),
        reassign,
      ];
    case 'handoff':
      return [
        ...(queue ? [post('claim', 'claim')] : []),
        post('accept', 'accept', { accept: true }),
        post('decline', 'accept', { accept: false }),
        reassign,
      ];
  }
}

/** An open task waiting on the viewer, with its run, and how many wait in all (before the cursor). */
interface WaitingRow {
  id: string;
  kind: 'task' | 'approval' | 'handoff';
  stepPath: string;
  title: string;
  assignee: string;
  dueAt: Date | null;
  createdAt: Date;
  workflowId: string;
  flowName: string;
  flowVersionId: string | null;
  itemTitle: string;
  requester: string;
  priority: string;
  version: number | null;
  total: bigint;
}

/**
 * One round trip: the open tasks on the viewer's tokens (the `(assignee, status)` index), and
 * those on `manager` for their reports' items (the `requester` index), oldest first; each row
 * carries the count of all of them, so a page and its total come together.
 */
function waitingTasks(
  prisma: PrismaClient,
  viewer: Viewer,
  filter: {
    kind?: 'task' | 'approval' | 'handoff';
    overdue?: boolean;
    now: Date;
    cursor?: Position;
    limit: number;
  },
): Promise<WaitingRow[]> {
  const columns = Prisma.sql`t.id, t.kind, t.step_path AS "stepPath", t.title, t.assignee,
    t.due_at AS "dueAt", t.created_at AS "createdAt", w.workflow_id AS "workflowId",
    w.flow_name AS "flowName", w.flow_version_id AS "flowVersionId", w.title AS "itemTitle",
    w.requester, w.priority`;
  const conditions = [Prisma.sql`t.status = 'open'`];
  if (filter.kind !== undefined) conditions.push(Prisma.sql`t.kind = ${filter.kind}::task_kind`);
  if (filter.overdue === true) conditions.push(Prisma.sql`t.due_at < ${filter.now}`);
  if (filter.overdue === false) {
    conditions.push(Prisma.sql`(t.due_at IS NULL OR t.due_at >= ${filter.now})`);
  }
  const where = Prisma.join(conditions, ' AND ');
  // The page starts after the cursor; the total counts every task, so it is not a condition above.
  const after = filter.cursor
    ? Prisma.sql`WHERE (waiting."createdAt", waiting.id) > (${filter.cursor.at}::timestamptz, ${filter.cursor.id}::uuid)`
    : Prisma.empty;
  return prisma.$queryRaw<WaitingRow[]>`
    WITH waiting AS (
      SELECT ${columns} FROM tasks t JOIN work_items w ON w.id = t.work_item_id
      WHERE t.assignee = ANY(${viewer.tokens}) AND ${where}
      UNION ALL
      SELECT ${columns} FROM work_items w JOIN tasks t ON t.work_item_id = w.id
      WHERE w.requester = ANY(${viewer.reports}) AND t.assignee = 'manager' AND ${where}
    )
    SELECT waiting.*, v.version, (SELECT count(*) FROM waiting) AS total
    FROM waiting LEFT JOIN flow_versions v ON v.id = waiting."flowVersionId"
    ${after}
    ORDER BY waiting."createdAt", waiting.id
    LIMIT ${filter.limit + 1}`;
}

/**
 * `GET /inbox`: everything waiting on the signed-in person across all flows, from the work
 * store's open tasks: on them by email, on a role or team they belong to (a team's queue they
 * may claim from), or on `manager` for someone who reports to them. Oldest first, by cursor.
 */
export function inboxRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  const versions = new Map<string, Map<string, StepFacts>>();

  const factsOf = async (versionIds: string[]) => {
    const missing = versionIds.filter((id) => !versions.has(id));
    if (missing.length > 0) {
      const rows = await prisma.flowVersion.findMany({
        where: { id: { in: missing } },
        select: { id: true, definition: true },
      });
      for (const row of rows) {
        const parsed = parseFlow(row.definition);
        if (versions.size >= VERSION_CACHE_SIZE) versions.delete(versions.keys().next().value!);
        versions.set(
          row.id,
          parsed.ok ? stepFacts(parsed.flow.steps) : new Map<string, StepFacts>(),
        );
      }
    }
    return (versionId: string | null, stepId: string) =>
      (versionId === null ? undefined : versions.get(versionId)?.get(stepId)) ?? NO_FACTS;
  };

  router.get('/inbox', async (req, res) => {
    const query = parseQuery(InboxQuery, req.query);
    const viewer = await viewerOf(prisma, principalOf(res));
    const now = new Date();
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursor);
    const rows = await waitingTasks(prisma, viewer, { ...query, now, cursor });
    const total = rows[0]?.total ?? 0;
    const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    const facts = await factsOf([...new Set(page.items.flatMap((row) => row.flowVersionId ?? []))]);
    res.json({
      items: page.items.map((row) => {
        const base = `/runs/${encodeURIComponent(row.workflowId)}/steps/${encodeURIComponent(row.stepPath)}`;
        const stepFacts = facts(row.flowVersionId, row.stepPath);
        return {
          taskId: row.id,
          kind: row.kind,
          run: row.workflowId,
          flow: { name: row.flowName, version: row.version },
          workItem: { title: row.itemTitle, requester: row.requester, priority: row.priority },
          step: row.stepPath,
          title: row.title,
          assignee: row.assignee,
          since: row.createdAt,
          dueAt: row.dueAt,
          overdue: row.dueAt !== null && row.dueAt < now,
          form: stepFacts.form,
          actions: actionsOf(row.kind, row.assignee, stepFacts, base),
        };
      }),
      total: Number(total),
      nextCursor: page.nextCursor,
    });
  });

  return router;
}
