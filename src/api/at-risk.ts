import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { parseFlow, type Flow } from '../dsl';
import { atRisk, computePaces, PACE_TTL_MS, type Paces } from '../insights/at-risk';
import { parseQuery } from './parse-input';

/** Flow versions never change once stored: their definitions are kept, a bounded number. */
const VERSION_CACHE_SIZE = 500;

/** The query of `GET /insights/at-risk`. */
export const AtRiskQuery = z.strictObject({
  flow: z.string().max(64).optional().describe("only this flow's runs"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .describe('the items shown, latest predicted first (1 to 500, default 100)'),
});

/** `GET /insights/at-risk`: open work late or predicted late, for authors and admins. */
export function atRiskRouter({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  let computed: { at: number; paces: Promise<Paces> } | undefined;
  const pacesAt = (at: Date) => {
    if (!computed || at.getTime() - computed.at > PACE_TTL_MS) {
      const paces = computePaces(prisma, at);
      computed = { at: at.getTime(), paces };
      // A failed computation is not kept: the next request tries again.
      paces.catch(() => (computed = undefined));
    }
    return computed.paces;
  };
  const versions = new Map<string, Flow | null>();
  const flowOf = async (versionId: string | null) => {
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
  router.get('/insights/at-risk', requireRole(UserRole.author), async (req, res) => {
    const query = parseQuery(AtRiskQuery, req.query);
    const at = new Date();
    res.json(await atRisk(prisma, at, query, await pacesAt(at), flowOf));
  });
  return router;
}
