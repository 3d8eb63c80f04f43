import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { parseFlow, type IntakeField, type Step } from '../dsl';
import { forEachStep } from '../dsl/walk-steps';
import { principalOf } from '../auth/principal';
import { CursorParam, decodeCursor, Limit, pageOf, parseQuery, TimeCursor } from './pages';
import { viewerOf, waitingOnViewer } from './viewer';

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
    const where = {
      AND: [
        waitingOnViewer(viewer),
        ...(query.kind === undefined ? [] : [{ kind: query.kind }]),
        ...(query.overdue === undefined
          ? []
          : [
              query.overdue
                ? { dueAt: { lt: now } }
                : { OR: [{ dueAt: null }, { dueAt: { gte: now } }] },
            ]),
      ],
    };
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursor);
    const [rows, total] = await Promise.all([
      prisma.task.findMany({
        where: cursor
          ? {
              AND: [
                where,
                {
                  OR: [
                    { createdAt: { gt: cursor.at } },
                    { createdAt: cursor.at, id: { gt: cursor.id } },
                  ],
                },
              ],
            }
          : where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: query.limit + 1,
        include: {
          workItem: {
            select: {
              workflowId: true,
              flowName: true,
              flowVersionId: true,
              title: true,
              requester: true,
              priority: true,
              flowVersion: { select: { version: true } },
            },
          },
        },
      }),
      prisma.task.count({ where }),
    ]);
    const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    const facts = await factsOf([
      ...new Set(page.items.flatMap((row) => row.workItem.flowVersionId ?? [])),
    ]);
    res.json({
      items: page.items.map((row) => {
        const item = row.workItem;
        const base = `/runs/${encodeURIComponent(item.workflowId)}/steps/${encodeURIComponent(row.stepPath)}`;
        const stepFacts = facts(item.flowVersionId, row.stepPath);
        return {
          taskId: row.id,
          kind: row.kind,
          run: item.workflowId,
          flow: { name: item.flowName, version: item.flowVersion?.version ?? null },
          workItem: { title: item.title, requester: item.requester, priority: item.priority },
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
      total,
      nextCursor: page.nextCursor,
    });
  });

  return router;
}
