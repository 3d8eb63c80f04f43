import type { RequestHandler } from 'express';
import { principalOf } from '../auth/principal';
import { ApiError } from './errors';

/** How many requests a key may make: `perSecond` on average, up to `burst` at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

// Full buckets carry no information, so past this many keys they are forgotten.
const PRUNE_ABOVE = 10_000;

/**
 * A token bucket per API key (a session counts as the key it signed in with): each request
 * takes a token, tokens come back at `perSecond` up to `burst`; without one, 429 `rate_limited`
 * with `Retry-After` (whole seconds until the next token). Per process: each API server counts
 * its own requests.
 */
export function rateLimit({ perSecond, burst }: RateLimit, now = () => Date.now()): RequestHandler {
  const buckets = new Map<string, Bucket>();
  const refilled = (bucket: Bucket, at: number) =>
    Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
  return (_req, res, next) => {
    const at = now();
    const id = principalOf(res).apiKeyId;
    const bucket = buckets.get(id) ?? { tokens: burst, at };
    const tokens = refilled(bucket, at);
    if (tokens < 1) {
      buckets.set(id, { tokens, at });
      res.set('Retry-After', String(Math.ceil((1 - tokens) / perSecond)));
      throw new ApiError('rate_limited', `Too many requests with this key: at most ${perSecond}/s`);
    }
    buckets.set(id, { tokens: tokens - 1, at });
    if (buckets.size > PRUNE_ABOVE) {
      for (const [key, b] of buckets) if (refilled(b, at) >= burst) buckets.delete(key);
    }
    next();
  };
}
