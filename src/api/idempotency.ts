import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Principal } from '../auth/principal';
import { canonicalJson } from '../db/audit-chain';
import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { ApiError } from './errors';
import { issuesOf } from './issues';
import { IdempotencyKey } from './run-request';

/** How long a first answer is kept for retries with its key. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A first request still unanswered after this is taken for lost (its server died): a retry runs again. */
const IN_FLIGHT_MS = 60_000;

/** What a create route answers, kept so that a retry with the same key gets the same answer. */
export interface CreatedResponse {
  status: number;
  body: Prisma.InputJsonObject;
  location?: string;
}

/** The request's `Idempotency-Key`, or a 400 when it is malformed. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const header = req.get('Idempotency-Key');
  if (header === undefined) return undefined;
  const key = IdempotencyKey.safeParse(header);
  if (!key.success) {
    throw new ApiError('invalid_header', 'Idempotency-Key is not valid', issuesOf(key.error));
  }
  return key.data;
}

/**
 * Answers a create request once per user, route and `Idempotency-Key`: the first request runs
 * `create` and its answer is kept for a day; a retry with the same body gets that answer again
 * (header `Idempotent-Replayed: true`), one with another body 422 `idempotency_key_reused`, one
 * while the first is still running 409 `idempotency_in_progress` (or, with `inFlight: 'rerun'`,
 * for work the key's digest itself makes happen once, such as a Workflow Update with that id:
 * `create` runs again and answers as the first did). Without a key, `create` just runs. A first
 * request that fails keeps nothing, so it may be retried.
 */
export async function answerOnce(
  prisma: PrismaClient,
  req: Request,
  res: Response,
  principal: Principal,
  /** Gets, with a key, a digest of user, route and key: for ids a retry must find again. */
  create: (keyDigest: string | undefined) => Promise<CreatedResponse>,
  inFlight: 'conflict' | 'rerun' = 'conflict',
): Promise<void> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) {
    const created = await create(undefined);
    send(res, created.status, created.body, created.location);
    return;
  }
  const id = { userId: principal.userId, route: `${req.method} ${req.path}`, key };
  const requestHash = createHash('sha256')
    .update(canonicalJson(req.body ?? null))
    .digest('hex');
  const digest = keyDigest(id);
  const claimed = await claim(prisma, id, requestHash);
  if (claimed !== 'mine') {
    if (claimed.requestHash !== requestHash) {
      throw new ApiError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request; use a new key for a new request',
      );
    }
    if (claimed.status === null && inFlight === 'conflict') {
      res.set('Retry-After', '1');
      throw new ApiError(
        'idempotency_in_progress',
        'The first request with this Idempotency-Key is still being answered; retry shortly',
      );
    }
    if (claimed.status !== null) {
      res.set('Idempotent-Replayed', 'true');
      send(res, claimed.status, claimed.response, claimed.location);
      return;
    }
  }
  let created: CreatedResponse;
  try {
    created = await create(digest);
  } catch (err) {
    await prisma.idempotencyRecord.deleteMany({ where: id });
    throw err;
  }
  const answer = {
    status: created.status,
    response: created.body,
    location: created.location ?? null,
  };
  // An upsert: a rerun may answer after the first request failed and dropped the record.
  await prisma.idempotencyRecord.upsert({
    where: { userId_route_key: id },
    create: { ...id, requestHash, ...answer },
    update: answer,
  });
  send(res, created.status, created.body, created.location);
}

/**
 * Starts a run whose id came from a key (`keyed`) or not: true when this call started it, false
 * when a run with that id exists already (a retry whose first answer was lost finds its run).
 */
export async function startedNow(keyed: boolean, start: () => Promise<unknown>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    if (!keyed || !(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return false;
  }
}

type RecordId = { userId: string; route: string; key: string };

/** The digest of a user, route (`POST /path`) and key that ids made once per key are made from. */
export function keyDigest({ userId, route, key }: RecordId): string {
  return createHash('sha256').update(`${userId}\n${route}\n${key}`).digest('hex').slice(0, 32);
}

/** Takes the key for this request ('mine'), or returns the record an earlier request holds. */
async function claim(prisma: PrismaClient, id: RecordId, requestHash: string) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${id.userId} ${id.route} ${id.key}`}))`;
    const existing = await tx.idempotencyRecord.findUnique({ where: { userId_route_key: id } });
    const age = existing ? Date.now() - existing.createdAt.getTime() : 0;
    const lost = existing?.status === null && age > IN_FLIGHT_MS;
    if (existing && age < IDEMPOTENCY_TTL_MS && !lost) return existing;
    if (existing) await tx.idempotencyRecord.delete({ where: { userId_route_key: id } });
    // Records are made here, so those past their day are cleared here too.
    await tx.idempotencyRecord.deleteMany({
      where: { createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_TTL_MS) } },
    });
    await tx.idempotencyRecord.create({ data: { ...id, requestHash } });
    return 'mine' as const;
  });
}

function send(res: Response, status: number, body: unknown, location?: string | null): void {
  if (location) res.location(location);
  res.status(status).json(body);
}
