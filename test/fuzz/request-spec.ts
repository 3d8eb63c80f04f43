import fc from 'fast-check';
import type { RegisteredRoute } from '../helpers/routes';
import { fuzzValue, mutation, type FuzzJson, type Mutation } from './json-mutation';
import {
  auth,
  contentType,
  encoding,
  extraHeader,
  idempotencyKey,
  type AuthSpec,
  type EncodingSpec,
} from './header-arbitraries';
import { nastyString } from './text-arbitraries';

/** A path parameter: a value the world knows (picked at send time), or fuzzed text and its encoding. */
export type ParamSpec =
  { kind: 'known'; pick: number } | { kind: 'fuzzed'; text: string; encoding: 'component' | 'raw' };

/** Something done to the whole path after the parameters are in. */
export type PathTweak =
  | 'none'
  | 'trailing-slash'
  | 'double-slash'
  | 'query'
  | 'dot-segments'
  | 'extra-segment'
  | 'upper-case'
  | 'long-tail'
  | 'absolute-form'
  | 'fragment'
  | 'encoded-route'
  | 'semicolon'
  | 'backslash';

/** The body: the route's valid one (maybe mutated), another value, raw text or bytes, or none. */
export type BodySpec =
  | { kind: 'none' }
  | { kind: 'valid'; variant: number; mutations: Mutation[] }
  | { kind: 'value'; value: FuzzJson }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array };

/** Which part of a request is hostile; the others are made well-formed ({@link focused}). */
export type Focus = 'none' | 'method' | 'path' | 'headers' | 'body' | 'all';

/** One generated request, resolved against the live world when it is sent. */
export interface RequestSpec {
  focus: Focus;
  route: number;
  /** null: the route's own method. */
  method: string | null;
  params: ParamSpec[];
  tweak: PathTweak;
  auth: AuthSpec;
  contentType: string | null;
  encoding: EncodingSpec;
  encodingName: number;
  idempotencyKey: string | null;
  extraHeaders: [string, string][];
  body: BodySpec;
  chunked: boolean;
  viaFetch: boolean;
}

const param: fc.Arbitrary<ParamSpec> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('known' as const), pick: fc.nat() }), weight: 7 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fuzzed' as const),
      text: fc.oneof(
        { arbitrary: nastyString(), weight: 10 },
        { arbitrary: fc.integer({ min: 60, max: 2000 }).map((n) => 'a'.repeat(n)), weight: 1 },
      ),
      encoding: fc.constantFrom('component' as const, 'raw' as const),
    }),
    weight: 3,
  },
);

const tweak = fc.oneof(
  { arbitrary: fc.constant<PathTweak>('none'), weight: 30 },
  {
    arbitrary: fc.constantFrom<PathTweak>(
      'trailing-slash',
      'double-slash',
      'query',
      'dot-segments',
      'extra-segment',
      'upper-case',
      'long-tail',
      'absolute-form',
      'fragment',
      'encoded-route',
      'semicolon',
      'backslash',
    ),
    weight: 6,
  },
);

// JSON-looking text that is not quite JSON, and JSON that parses to odd things.
const jsonishText = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    '{"title":',
    '{"title":"a"}x',
    '\ufeff{"title":"a"}',
    "{'title':'a'}",
    '{"title":"a",}',
    '[1,2',
    '"just a string"',
    'null',
    'true',
    '0',
    '[]',
    '{}',
    '{"title":"a","title":{"x":1}}',
    '{"__proto__":{"admin":true},"title":"a"}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"title":"\\ud800"}',
    '{"title":"\\u0000"}',
    '{"title":"a\\"}',
    '{"fields":{"amount":1e309}}',
    '{"fields":{"amount":-0}}',
    'NaN',
    'undefined',
  ),
  nastyString(200),
);

const body: fc.Arbitrary<BodySpec> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      variant: fc.nat(),
      mutations: fc.constant<Mutation[]>([]),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      variant: fc.nat(),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    }),
    weight: 10,
  },
  { arbitrary: fc.record({ kind: fc.constant('value' as const), value: fuzzValue }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('text' as const), text: jsonishText }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      bytes: fc.uint8Array({ maxLength: 300 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 2 },
);

const method = fc.oneof(
  { arbitrary: fc.constant<string | null>(null), weight: 16 },
  {
    arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    weight: 3,
  },
  { arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'PURGE', 'get', 'M-SEARCH'), weight: 1 },
);

// Routes that start runs and act on them get more requests: they reach the deepest code.
function routeWeight(route: RegisteredRoute): number {
  if (route.path === '/flows/:name/runs') return 5;
  if (route.path.startsWith('/runs/:id/')) return 2;
  return 1;
}

/** A request to one of `routes` (by index), with every part of it possibly hostile. */
export function requestSpec(routes: readonly RegisteredRoute[]): fc.Arbitrary<RequestSpec> {
  return fc.record({
    focus: fc.oneof(
      { arbitrary: fc.constant<Focus>('none'), weight: 5 },
      { arbitrary: fc.constant<Focus>('body'), weight: 5 },
      { arbitrary: fc.constantFrom<Focus>('method', 'path', 'headers'), weight: 5 },
      { arbitrary: fc.constant<Focus>('all'), weight: 5 },
    ),
    route: fc.oneof(
      ...routes.map((route, i) => ({ arbitrary: fc.constant(i), weight: routeWeight(route) })),
    ),
    method,
    params: fc.array(param, { minLength: 3, maxLength: 3 }),
    tweak,
    auth,
    contentType,
    encoding,
    encodingName: fc.nat(),
    idempotencyKey,
    extraHeaders: fc.oneof(
      { arbitrary: fc.constant<[string, string][]>([]), weight: 4 },
      { arbitrary: fc.array(extraHeader, { minLength: 1, maxLength: 3 }), weight: 1 },
    ),
    body,
    chunked: fc.boolean(),
    viaFetch: fc.oneof(
      { arbitrary: fc.constant(false), weight: 3 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
  });
}

const VALID_ENCODINGS = new Set<EncodingSpec>(['none', 'identity', 'gzip', 'deflate', 'br']);

/**
 * `spec` with every part but its focus made well-formed: the route's method, known path values,
 * a valid key, JSON, the route's valid body. One hostile part at a time reaches deep code paths
 * that a request hostile everywhere never passes the first check to see.
 */
export function focused(spec: RequestSpec): RequestSpec {
  const wild = (part: Focus) => spec.focus === 'all' || spec.focus === part;
  const clean = { ...spec };
  if (!wild('method')) clean.method = null;
  if (!wild('path')) {
    clean.params = spec.params.map((p, i) => (p.kind === 'known' ? p : { kind: 'known', pick: i }));
    clean.tweak = 'none';
  }
  if (!wild('headers')) {
    clean.auth = {
      kind: 'pending',
      persona: spec.auth.kind === 'key' ? spec.auth.persona : 'admin',
    };
    clean.contentType = 'application/json';
    if (!VALID_ENCODINGS.has(spec.encoding)) clean.encoding = 'none';
    if (spec.idempotencyKey !== null && !/^[A-Za-z0-9._:-]{1,200}$/.test(spec.idempotencyKey)) {
      clean.idempotencyKey = null;
    }
    clean.extraHeaders = [];
  }
  if (!wild('body')) {
    clean.body = {
      kind: 'valid',
      variant: spec.body.kind === 'valid' ? spec.body.variant : spec.route,
      mutations: [],
    };
  }
  return clean;
}
