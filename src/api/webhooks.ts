import { Router } from 'express';
import { z } from 'zod';
import { formatParty, parseParty } from '../dsl';
import type { PrismaClient } from '../db/prisma';
import { requireRole } from '../auth/authenticate';
import { UserRole } from '../auth/roles';
import { ApiError } from './errors';
import { decodeCursor, NameCursor, PageQuery, pageOf } from './pages';
import { parseQuery } from './parse-input';
import { issuesOf } from './issues';
import { assertCallable } from './outbound-check';
import { oneLine } from './safe-text';

/** The body of `PUT /webhooks/:party`: where the party's webhook notifications go, and the signing secret. */
export const SetWebhookRequest = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .max(2000)
    .check(oneLine),
  secret: z.string().min(16, 'at least 16 characters').max(200).check(oneLine),
});

// Runs resolve the requester and the holder to `person:` tokens, so endpoints are set for those.
const PARTY_HELP = 'a party token: person:<email>, role:<role>, team:<team> or manager';

/** The party token of a path, or a 400: `requester` and `assignee` are per run, not parties. */
function partyOf(raw: string): string {
  const party = parseParty(raw);
  if (!party || party.type === 'requester' || party.type === 'assignee') {
    throw new ApiError('invalid_party', `"${raw}" is not ${PARTY_HELP}`);
  }
  return formatParty(party);
}

function shown(endpoint: { party: string; url: string; createdAt: Date; updatedAt: Date }) {
  // The secret is write-only.
  return {
    party: endpoint.party,
    url: endpoint.url,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

/** `PUT`, `GET` and `DELETE /webhooks/:party` manage each party's endpoint; `GET /webhooks` lists them. */
export function webhooksRouter({
  prisma,
  callAllowList,
}: {
  prisma: PrismaClient;
  callAllowList: readonly string[];
}): Router {
  const router = Router();

  // Endpoints carry signing secrets and send the work out: an admin's business only.
  router.use('/webhooks', requireRole(UserRole.admin));

  router.put('/webhooks/:party', async (req, res) => {
    const party = partyOf(req.params.party);
    const body = SetWebhookRequest.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ApiError('invalid_body', 'The webhook is not valid', issuesOf(body.error));
    }
    await assertCallable([{ path: 'url', url: body.data.url }], callAllowList);
    const existed = await prisma.webhookEndpoint.findUnique({ where: { party } });
    const endpoint = await prisma.webhookEndpoint.upsert({
      where: { party },
      create: { party, ...body.data },
      update: body.data,
    });
    res.status(existed ? 200 : 201).json(shown(endpoint));
  });

  router.get('/webhooks', async (req, res) => {
    const query = parseQuery(PageQuery, req.query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NameCursor);
    const rows = await prisma.webhookEndpoint.findMany({
      where: after === undefined ? {} : { party: { gt: after } },
      orderBy: { party: 'asc' },
      take: query.limit + 1,
    });
    const page = pageOf(rows, query.limit, (endpoint) => endpoint.party);
    res.json({ webhooks: page.items.map(shown), nextCursor: page.nextCursor });
  });

  router.get('/webhooks/:party', async (req, res) => {
    const party = partyOf(req.params.party);
    const endpoint = await prisma.webhookEndpoint.findUnique({ where: { party } });
    if (!endpoint) throw new ApiError('webhook_not_found', `No webhook for ${party}`);
    res.json(shown(endpoint));
  });

  router.delete('/webhooks/:party', async (req, res) => {
    const party = partyOf(req.params.party);
    const { count } = await prisma.webhookEndpoint.deleteMany({ where: { party } });
    if (count === 0) throw new ApiError('webhook_not_found', `No webhook for ${party}`);
    res.status(204).end();
  });

  return router;
}
