import fc from 'fast-check';
import type { Persona } from './fuzz-world';
import { nastyChar, nastyString } from './text-arbitraries';

/** The credential a request carries; `pending`: the key of whoever the named step waits on. */
export type AuthSpec =
  | { kind: 'key'; persona: Persona; style: number }
  | { kind: 'pending'; persona: Persona }
  | { kind: 'session'; pick: number }
  | { kind: 'revoked' }
  | { kind: 'none' }
  | { kind: 'raw'; value: string };

/** How the body is compressed, or what the Content-Encoding header claims. */
export type EncodingSpec =
  | 'none'
  | 'identity'
  | 'gzip'
  | 'deflate'
  | 'br'
  | 'gzip-twice'
  | 'gzip-garbage'
  | 'gzip-truncated'
  | 'gzip-claimed'
  | 'bomb'
  | 'unknown';

/** A credential: mostly a valid key, sometimes a session, none, a revoked key or garbage. */
export const auth: fc.Arbitrary<AuthSpec> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('key' as const),
      persona: fc.constantFrom<Persona>('member', 'member', 'author', 'admin', 'admin', 'victim'),
      style: fc.oneof(
        { arbitrary: fc.constant(0), weight: 10 },
        { arbitrary: fc.nat(6), weight: 2 },
      ),
    }),
    weight: 40,
  },
  { arbitrary: fc.record({ kind: fc.constant('session' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.constant<AuthSpec>({ kind: 'revoked' }), weight: 1 },
  { arbitrary: fc.constant<AuthSpec>({ kind: 'none' }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      value: fc.oneof(
        nastyString(),
        nastyString().map((t) => `Bearer ${t}`),
        fc.constantFrom(
          'Basic dXNlcjpwYXNz',
          'Bearer',
          'Bearer ',
          'Bearer pf_',
          `Bearer pf_${'x'.repeat(6000)}`,
          'Digest a=b',
        ),
      ),
    }),
    weight: 3,
  },
);

/** A Content-Type: mostly JSON, often with a charset, sometimes another type or none. */
export const contentType = fc.oneof(
  { arbitrary: fc.constant<string | null>('application/json'), weight: 24 },
  {
    arbitrary: fc.constantFrom<string | null>(
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
      'application/json; charset=utf-16le',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=iso-8859-1',
      'application/json; charset=us-ascii',
      'application/json; charset=utf-7',
      'application/json; charset=',
      'application/json; charset=nonsense',
      'application/json; boundary=x',
      'application/json;;',
      'Application/JSON',
      'application/json, text/plain',
      'application/json; charset=utf-8; charset=latin1',
    ),
    weight: 5,
  },
  {
    arbitrary: fc.constantFrom<string | null>(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'text/json',
      '*/*',
      'application/*',
      'json',
      '',
      ';',
      'application/json\u00ff',
    ),
    weight: 3,
  },
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: nastyString(30), weight: 1 },
);

/** A Content-Encoding, real (gzip, deflate, br) or claimed, broken or unknown. */
export const encoding = fc.oneof(
  { arbitrary: fc.constant<EncodingSpec>('none'), weight: 40 },
  {
    arbitrary: fc.constantFrom<EncodingSpec>(
      'identity',
      'gzip',
      'gzip',
      'deflate',
      'br',
      'gzip-twice',
      'gzip-garbage',
      'gzip-truncated',
      'gzip-claimed',
      'bomb',
      'unknown',
    ),
    weight: 8,
  },
);

/** An Idempotency-Key: mostly none, some reused across requests, some invalid. */
export const idempotencyKey = fc.oneof(
  { arbitrary: fc.constant<string | null>(null), weight: 14 },
  { arbitrary: fc.constantFrom('fz-key-1', 'fz-key-2', 'fz-key-3'), weight: 3 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), weight: 2 },
  { arbitrary: fc.oneof(nastyString(), fc.constant('k'.repeat(201))), weight: 1 },
);

/** A header no route reads, or one that confuses: cookies, Expect, overrides, Latin-1. */
export const extraHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['accept', 'text/html'],
    ['accept', 'application/json'],
    ['accept-encoding', 'gzip, br'],
    ['x-forwarded-for', '203.0.113.7'],
    ['x-forwarded-proto', 'https'],
    ['cookie', 'plainflow_session=not-a-session'],
    ['cookie', '=;;; a=%zz; plainflow_session='],
    ['expect', '100-continue'],
    ['x-http-method-override', 'DELETE'],
    ['origin', 'https://evil.example'],
    ['range', 'bytes=0-1'],
    ['if-none-match', '*'],
    ['content-language', 'de'],
    ['x-large', 'v'.repeat(8000)],
  ),
  fc.tuple(
    fc.constantFrom('x-request-id', 'user-agent', 'referer', 'accept-language'),
    nastyString(),
  ),
  fc.tuple(
    fc.constant('x-latin1'),
    fc.array(nastyChar, { maxLength: 10 }).map((c) => c.join('')),
  ),
);
