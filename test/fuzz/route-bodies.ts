import { FUZZ_AUTHOR, FUZZ_MEMBER, FUZZ_ROLE, FUZZ_TEAM, englishFlow } from './fuzz-flows';
import { pickOf, type FuzzWorld } from './fuzz-world';
import type { FuzzJson } from './json-mutation';

/** What a route's valid body is made from: the world, the path's known values and a number. */
export interface BodyContext {
  world: FuzzWorld;
  /** Path parameters the request names, by name, when they are known values. */
  params: Record<string, string | undefined>;
  variant: number;
}

type BodyOf = (c: BodyContext) => FuzzJson | undefined;
type JsonObject = Record<string, FuzzJson>;

const none: BodyOf = () => undefined;
const either = (c: BodyContext, even: JsonObject, odd: JsonObject): JsonObject =>
  c.variant % 2 === 0 ? even : odd;
const comment = (c: BodyContext): JsonObject =>
  c.variant % 3 === 0 ? {} : { comment: pickOf(['fine', 'ok,\nthanks', 'Ünïcödé 😀'], c.variant) };

// The intake values of the flow the path names, or of one of the fuzzer's flows.
const runFields = (c: BodyContext) =>
  (c.world.flowNamed(c.params.name ?? '') ?? pickOf(c.world.flows, c.variant)).fields;

/**
 * A well-formed body for every route, by `METHOD /path` as the app registers it (undefined: the
 * route takes none). The fuzz test checks that this table names every registered route.
 */
export const VALID_BODIES: Record<string, BodyOf> = {
  'GET /health': none,
  'GET /ready': none,
  'GET /openapi.json': none,
  'GET /docs': none,
  'GET /docs/init.js': none,
  'GET /app': none,
  'GET /auth/session': none,
  'GET /inbox': none,
  'GET /runs': none,
  'GET /runs/:id/timeline': none,
  'GET /flows': none,
  'GET /flows/:name/versions': none,
  'GET /flows/:name/versions/:version': none,
  'GET /flows/:name/diff': none,
  'POST /compile': (c) => ({ ...englishFlow('preview-only', c.variant), ownerTeam: 'ops' }),
  'POST /auth/session': (c) => ({
    key: pickOf(
      [c.world.keys.member, c.world.keys.author, c.world.revokedKey, 'pf_nope'],
      c.variant,
    ),
  }),
  'DELETE /auth/session': none,
  'GET /me': none,
  'POST /keys': (c) =>
    either(
      c,
      { name: 'fuzz key' },
      { name: 'for a victim', email: pickOf(c.world.victims, c.variant) },
    ),
  'GET /keys': none,
  'DELETE /keys/:id': none,
  'POST /users': (c) => ({
    email: `fz-new-${c.variant}@example.com`,
    role: pickOf(['member', 'author', 'admin'], c.variant),
  }),
  'GET /users': none,
  'PATCH /users/:email': (c) =>
    pickOf<FuzzJson>(
      [{ role: 'author' }, { disabled: true }, { disabled: false, role: 'member' }],
      c.variant,
    ),
  'POST /runs': (c) => ({
    title: pickOf(['New laptop', 'Ünïcödé request 😀', 'x'], c.variant),
    priority: pickOf(['low', 'normal', 'high', 'urgent'], c.variant),
    fields: { amount: 1200, note: 'line one\nline two', ok: true, none: null },
  }),
  'GET /runs/:id': none,
  'GET /runs/:id/state': none,
  'GET /runs/:id/audit': none,
  'GET /runs/:id/audit/verify': none,
  'POST /runs/:id/events': (c) => ({ name: pickOf(['go-ahead', 'something-else'], c.variant) }),
  'POST /runs/:id/cancel': (c) => either(c, {}, { reason: 'no longer needed' }),
  'POST /runs/:id/steps/:stepId/complete': (c) => ({
    fields: pickOf<Record<string, FuzzJson>>(
      [{ result: 'done', score: 3 }, { result: 'ok' }, {}],
      c.variant,
    ),
    ...comment(c),
  }),
  'POST /runs/:id/steps/:stepId/decide': (c) => ({
    decision: pickOf(['approve', 'approve', 'reject'], c.variant),
    ...comment(c),
  }),
  'POST /runs/:id/steps/:stepId/accept': (c) => ({ accept: c.variant % 4 !== 0, ...comment(c) }),
  'POST /runs/:id/steps/:stepId/claim': () => ({}),
  'POST /runs/:id/steps/:stepId/delegate': (c) => ({
    to: pickOf([FUZZ_AUTHOR, FUZZ_MEMBER, 'someone@example.com'], c.variant),
    ...comment(c),
  }),
  'POST /runs/:id/steps/:stepId/reassign': (c) => ({
    to: pickOf(
      [`person:${FUZZ_AUTHOR}`, `team:${FUZZ_TEAM}`, FUZZ_MEMBER, `role:${FUZZ_ROLE}`],
      c.variant,
    ),
    ...comment(c),
  }),
  'POST /flows': (c) => {
    const { flow } = pickOf(c.world.flows, c.variant);
    // The English flow is deployed from English half the time, as it was made.
    return flow.name.startsWith('fz-english-') && c.variant % 2 === 0
      ? englishFlow(flow.name, c.variant >> 1)
      : { flow: structuredClone(flow) as unknown as FuzzJson };
  },
  'GET /flows/:name': none,
  'GET /flows/:name/insights': none,
  'GET /insights/workload': none,
  'GET /insights/at-risk': none,
  'GET /insights/flags': none,
  'POST /watcher/run': none,
  'POST /flows/:name/runs': (c) => ({
    ...(c.variant % 2 === 0 ? {} : { title: 'Fuzzed run' }),
    fields: runFields(c),
  }),
  'GET /flows/:name/schedule': none,
  'POST /flows/:name/schedule/pause': (c) => either(c, {}, { note: 'paused by the fuzzer' }),
  'POST /flows/:name/schedule/resume': (c) => either(c, {}, { note: 'resumed' }),
  'POST /flows/:name/schedule/trigger': (c) => (c.variant % 2 === 0 ? undefined : {}),
  'DELETE /flows/:name/schedule': none,
  'POST /schedules/reconcile': none,
  'GET /directory/teams': none,
  'GET /directory/teams/:name': none,
  'PUT /directory/teams/:name': (c) => ({
    members: c.world.memberEmails.slice(0, 1 + (c.variant % 3)),
  }),
  'GET /directory/roles': none,
  'GET /directory/roles/:name': none,
  'PUT /directory/roles/:name': (c) => ({
    members: c.world.memberEmails.slice(0, 1 + (c.variant % 3)),
  }),
  'GET /directory/people/:email': none,
  'PUT /directory/people/:email': (c) => ({
    manager: pickOf([FUZZ_AUTHOR, null, FUZZ_MEMBER], c.variant),
  }),
  'GET /webhooks': none,
  'GET /webhooks/:party': none,
  'PUT /webhooks/:party': () => ({
    url: 'https://hooks.example.com/plainflow',
    secret: 'a-secret-of-16-chars',
  }),
  'DELETE /webhooks/:party': none,
};
