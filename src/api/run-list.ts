import { Router } from 'express';
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from '../db/prisma';
import { Slug } from '../dsl';
import { FlowStatus } from '../dsl/flow-status';
import { principalOf } from '../auth/principal';
import { CursorParam, decodeCursor, Limit, pageOf, TimeCursor } from './pages';
import { parseQuery } from './parse-input';
import { oneLine } from './safe-text';
import { timelineEntry } from './timeline';
import { assertMayReadRun, readableRuns, viewerOf, type Viewer } from './viewer';

const Instant = z.iso.datetime({ offset: true });

/** The query of `GET /runs`. */
export const RunListQuery = z
  .strictObject({
    flow: Slug.optional().describe('only runs of this flow'),
    version: z.coerce.number().int().min(1).optional().describe('with flow: only this version'),
    status: z
      .enum(Object.values(FlowStatus) as [FlowStatus, ...FlowStatus[]])
      .optional()
      .describe('running, or how the run ended'),
    requester: z.string().max(320).check(oneLine).optional().describe('who started the runs'),
    waitingOn: z
      .string()
      .min(1)
      .max(400)
      .check(oneLine)
      .optional()
      .describe(
        'runs with an open task on this party: `me`, an email, or a token (role:cfo, team:it)',
      ),
    startedAfter: Instant.optional().describe('started at or after this instant'),
    startedBefore: Instant.optional().describe('started before this instant'),
    sort: z
      .enum(['startedAt', '-startedAt'])
      .default('-startedAt')
      .describe('by start time; `-` for newest first (the default)'),
    limit: Limit,
    cursor: CursorParam,
  })
  .refine((query) => query.version === undefined || query.flow !== undefined, {
    message: 'version needs flow',
    path: ['version'],
  });
export type RunListQuery = z.output<typeof RunListQuery>;

/** The query of `GET /runs/:id/timeline`: pages of events in order. */
export const TimelineQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("the previous page's nextAfter: entries after this sequence number"),
  limit: Limit,
});

/** What `waitingOn` names: the viewer's own parties for `me`, an email's person token, or a token. */
function waitingTokens(waitingOn: string, viewer: Viewer): string[] {
  if (waitingOn === 'me') return viewer.tokens;
  return [waitingOn.includes(':') || !waitingOn.includes('@') ? waitingOn : `person:${waitingOn}`];
}

function filtersOf(query: RunListQuery, viewer: Viewer): Prisma.WorkItemWhereInput[] {
  const where: Prisma.WorkItemWhereInput[] = [readableRuns(viewer)];
  if (query.flow !== undefined) where.push({ flowName: query.flow });
  if (query.version !== undefined) where.push({ flowVersion: { version: query.version } });
  if (query.status === FlowStatus.running) where.push({ closedAt: null });
  else if (query.status !== undefined) {
    where.push({ closedAt: { not: null }, status: query.status });
  }
  if (query.requester !== undefined) where.push({ requester: query.requester });
  if (query.waitingOn !== undefined) {
    const tokens = waitingTokens(query.waitingOn, viewer);
    where.push({ tasks: { some: { status: 'open', assignee: { in: tokens } } } });
  }
  if (query.startedAfter !== undefined) {
    where.push({ createdAt: { gte: new Date(query.startedAfter) } });
  }
  if (query.startedBefore !== undefined) {
    where.push({ createdAt: { lt: new Date(query.startedBefore) } });
  }
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor, TimeCursor);
    const after = query.sort === 'startedAt' ? 'gt' : 'lt';
    where.push({ OR: [{ createdAt: { [after]: at } }, { createdAt: at, id: { [after]: id } }] });
  }
  return where;
}

/**
 * `GET /runs` lists the runs the signed-in person may see (see `readableRuns`), filtered,
 * sorted by start time and paginated by cursor, from the work store; `GET /runs/:id/timeline`
 * tells a run's story from its audit events.
 */
export function runListRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get('/runs', async (req, res) => {
    const query = parseQuery(RunListQuery, req.query);
    const viewer = await viewerOf(prisma, principalOf(res));
    const direction = query.sort === 'startedAt' ? 'asc' : 'desc';
    const rows = await prisma.workItem.findMany({
      where: { AND: filtersOf(query, viewer) },
      orderBy: [{ createdAt: direction }, { id: direction }],
      take: query.limit + 1,
      include: {
        flowVersion: { select: { version: true } },
        tasks: {
          where: { status: 'open' },
          orderBy: { createdAt: 'asc' },
          select: { stepPath: true, kind: true, assignee: true, dueAt: true, createdAt: true },
        },
      },
    });
    const now = Date.now();
    const page = pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    res.json({
      items: page.items.map((row) => ({
        id: row.workflowId,
        flow: row.flowName,
        version: row.flowVersion?.version ?? null,
        title: row.title,
        status: row.closedAt === null ? FlowStatus.running : row.status,
        workStatus: row.status,
        priority: row.priority,
        requester: row.requester,
        startedAt: row.createdAt,
        updatedAt: row.updatedAt,
        closedAt: row.closedAt,
        waitingOn: row.tasks.map((task) => ({
          step: task.stepPath,
          kind: task.kind,
          assignee: task.assignee,
          since: task.createdAt,
          dueAt: task.dueAt,
          overdue: task.dueAt !== null && task.dueAt.getTime() < now,
        })),
        links: { self: `/runs/${row.workflowId}`, timeline: `/runs/${row.workflowId}/timeline` },
      })),
      nextCursor: page.nextCursor,
    });
  });

  router.get('/runs/:id/timeline', async (req, res) => {
    const query = parseQuery(TimelineQuery, req.query);
    const viewer = await viewerOf(prisma, principalOf(res));
    const item = await assertMayReadRun(prisma, viewer, req.params.id);
    const events = await prisma.auditEvent.findMany({
      where: { workItemId: item.id, seq: { gt: query.after } },
      orderBy: { seq: 'asc' },
      take: query.limit + 1,
      select: { seq: true, action: true, actor: true, data: true, createdAt: true },
    });
    const entries = events.slice(0, query.limit).map(timelineEntry);
    res.json({
      id: req.params.id,
      workItemId: item.id,
      entries,
      nextAfter: events.length > query.limit ? (entries[entries.length - 1]?.seq ?? null) : null,
    });
  });

  return router;
}
