import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { diagram, explain, outline, parseFlow, type Flow } from '../dsl';
import { scheduleIdOf } from '../schedules/schedule-options';
import { ApiError } from './errors';
import { diffFlows } from './flow-diff';
import { decodeCursor, NameCursor, PageQuery, pageOf } from './pages';
import { parsePathParam, parseQuery } from './parse-input';

const VersionNumber = z.coerce.number().int().min(1).max(2_147_483_647);

/** The query of `GET /flows/:name/diff`: two versions of the flow. */
export const FlowDiffQuery = z.strictObject({
  from: VersionNumber.describe('the older version'),
  to: VersionNumber.describe('the newer version'),
});

/** Whether a scheduled flow's schedule runs now: `active`, `paused`, `missing`, or `unknown` when Temporal did not answer. */
export type ScheduleState = 'active' | 'paused' | 'missing' | 'unknown';

/** How long a list waits for Temporal to describe each schedule before saying `unknown`. */
const LIST_SCHEDULE_MS = 2_000;

function storedFlow(definition: unknown, name: string, version: number): Flow {
  const parsed = parseFlow(definition);
  if (!parsed.ok) {
    throw new Error(`stored flow ${name} v${version} no longer parses`);
  }
  return parsed.flow;
}

/**
 * Reading flows: `GET /flows` lists them (latest version, trigger, owner team, schedule state),
 * `GET /flows/:name/versions` a flow's versions, `GET /flows/:name/versions/:version` one, and
 * `GET /flows/:name/diff?from=&to=` what changed between two. Any signed-in user may read flows.
 */
export function flowListRouter({
  prisma,
  temporal,
  temporalCallTimeoutMs,
}: {
  prisma: PrismaClient;
  temporal: Client;
  temporalCallTimeoutMs?: number;
}): Router {
  const router = Router();
  const scheduleWaitMs = Math.min(temporalCallTimeoutMs ?? LIST_SCHEDULE_MS, LIST_SCHEDULE_MS);

  const scheduleState = async (name: string): Promise<ScheduleState> => {
    try {
      const description = await temporal.withDeadline(Date.now() + scheduleWaitMs, () =>
        temporal.schedule.getHandle(scheduleIdOf(name)).describe(),
      );
      return description.state.paused ? 'paused' : 'active';
    } catch (err) {
      return (err as Error).name === 'ScheduleNotFoundError' ? 'missing' : 'unknown';
    }
  };

  router.get('/flows', async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NameCursor);
    const rows = await prisma.flowDefinition.findMany({
      where: after === undefined ? {} : { name: { gt: after } },
      orderBy: { name: 'asc' },
      take: query.limit + 1,
      include: {
        versions: {
          orderBy: { version: 'desc' },
          take: 1,
          select: { version: true, definition: true, createdAt: true, deployedBy: true },
        },
      },
    });
    const page = pageOf(rows, query.limit, (row) => row.name);
    const items = await Promise.all(
      page.items.map(async (row) => {
        const latest = row.versions[0];
        // A version stored under older rules that no longer parses still lists, without its trigger.
        const parsed = latest ? parseFlow(latest.definition) : undefined;
        const flow = parsed?.ok ? parsed.flow : undefined;
        const scheduled = flow?.trigger.type === 'schedule';
        return {
          name: row.name,
          description: row.description,
          ownerTeam: row.ownerTeam,
          createdBy: row.createdBy,
          latestVersion: latest?.version ?? null,
          deployedAt: latest?.createdAt ?? null,
          deployedBy: latest?.deployedBy ?? null,
          trigger: flow?.trigger ?? null,
          schedule: scheduled ? { state: await scheduleState(row.name) } : null,
          links: { self: `/flows/${row.name}`, versions: `/flows/${row.name}/versions` },
        };
      }),
    );
    res.json({ items, nextCursor: page.nextCursor });
  });

  const flowIdOf = async (name: string) => {
    const flow = await prisma.flowDefinition.findUnique({ where: { name }, select: { id: true } });
    if (!flow) throw new ApiError('flow_not_found', `No flow named "${name}"`);
    return flow.id;
  };

  const versionOf = async (name: string, version: number) => {
    const row = await prisma.flowVersion.findFirst({
      where: { flow: { name }, version },
      select: {
        version: true,
        definition: true,
        sourceText: true,
        createdAt: true,
        deployedBy: true,
      },
    });
    if (!row) {
      await flowIdOf(name);
      throw new ApiError('version_not_found', `Flow "${name}" has no version ${version}`);
    }
    return { ...row, flow: storedFlow(row.definition, name, row.version) };
  };

  router.get('/flows/:name/versions', async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const flowId = await flowIdOf(req.params.name);
    const before =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, z.number().int().min(1));
    const rows = await prisma.flowVersion.findMany({
      where: { flowId, ...(before === undefined ? {} : { version: { lt: before } }) },
      orderBy: { version: 'desc' },
      take: query.limit + 1,
      select: { version: true, createdAt: true, deployedBy: true, sourceText: true },
    });
    const page = pageOf(rows, query.limit, (row) => row.version);
    res.json({
      name: req.params.name,
      items: page.items.map((row) => ({
        version: row.version,
        deployedAt: row.createdAt,
        deployedBy: row.deployedBy,
        fromEnglish: row.sourceText !== null,
        links: { self: `/flows/${req.params.name}/versions/${row.version}` },
      })),
      nextCursor: page.nextCursor,
    });
  });

  router.get('/flows/:name/versions/:version', async (req, res) => {
    const number = parsePathParam(VersionNumber, req.params.version, 'version');
    const row = await versionOf(req.params.name, number);
    res.json({
      name: req.params.name,
      version: row.version,
      deployedAt: row.createdAt,
      deployedBy: row.deployedBy,
      flow: row.flow,
      sourceText: row.sourceText,
      explanation: explain(row.flow),
      outline: outline(row.flow),
      diagram: diagram(row.flow),
    });
  });

  router.get('/flows/:name/diff', async (req, res) => {
    const query = parseQuery(FlowDiffQuery, req.query);
    const [from, to] = await Promise.all([
      versionOf(req.params.name, query.from),
      versionOf(req.params.name, query.to),
    ]);
    res.json({
      name: req.params.name,
      from: from.version,
      to: to.version,
      ...diffFlows(from.flow, to.flow),
    });
  });

  return router;
}
