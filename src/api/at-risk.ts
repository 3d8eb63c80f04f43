import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import type { PrismaClient } from '../db/prisma';
import { atRisk, computePaces, flowVersions, PACE_TTL_MS, type Paces } from '../insights/at-risk';
import { raisedFlags } from '../insights/flags';
import { parseQuery } from './parse-input';

/** How many items a list of insights shows: 1 to 500, default 100. */
const shownLimit = (what: string) =>
  z.coerce.number().int().min(1).max(500).default(100).describe(`${what} (1 to 500, default 100)`);

/** The query of `GET /insights/at-risk`. */
export const AtRiskQuery = z.strictObject({
  flow: z.string().max(64).optional().describe("only this flow's runs"),
  limit: shownLimit('the items shown, latest predicted first'),
});

/** The query of `GET /insights/flags`. */
export const FlagsQuery = z.strictObject({
  flow: z.string().max(64).optional().describe("only this flow's runs"),
  open: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false)
    .describe('true: only flags whose work is still open'),
  limit: shownLimit('the flags shown, newest first'),
});

/**
 * `GET /insights/at-risk`: open work late or predicted late; `GET /insights/flags`: the flags the
 * watcher raised on such work. For authors and admins.
 */
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
  const flowOf = flowVersions(prisma);
  router.get('/insights/at-risk', requireRole(UserRole.author), async (req, res) => {
    const query = parseQuery(AtRiskQuery, req.query);
    const at = new Date();
    res.json(await atRisk(prisma, at, query, await pacesAt(at), flowOf));
  });
  router.get('/insights/flags', requireRole(UserRole.author), async (req, res) => {
    res.json({ items: await raisedFlags(prisma, parseQuery(FlagsQuery, req.query)) });
  });
  return router;
}
