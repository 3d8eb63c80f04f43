import type { z } from 'zod';
import { openApiDocument, openApiPath } from '../../src/api/contract/openapi';
import type { RouteDoc } from '../../src/api/contract/route-doc';
import type { FlowRunStateSchema } from '../../src/api/contract/docs/run-actions';
import type { FlowScheduleViewSchema } from '../../src/api/contract/docs/schedules';
import { API_ROUTES } from '../../src/api/contract/routes';
import type { FlowScheduleView } from '../../src/schedules/flow-schedules';
import type { FlowRunState } from '../../src/workflows';

/** The issues of `value` against `schema`, as `path: message` (none when it passes). */
function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const label = (route: RouteDoc) => `${route.method.toUpperCase()} ${route.path}`;

describe('the route docs', () => {
  const routes = API_ROUTES;

  it('have body examples their body schemas accept', () => {
    for (const route of routes) {
      if (route.body === undefined) continue;
      expect([label(route), route.bodyExample]).not.toEqual([label(route), undefined]);
      expect([label(route), issuesOf(route.body, route.bodyExample)]).toEqual([label(route), []]);
    }
  });

  it('have response examples (where given) their response schemas accept', () => {
    for (const route of routes) {
      for (const [status, doc] of Object.entries(route.responses)) {
        const where = `${label(route)} ${status}`;
        if (!doc?.schema || doc.example === undefined) continue;
        expect([where, issuesOf(doc.schema, doc.example)]).toEqual([where, []]);
      }
    }
  });

  it('document each route once, with path parameters matching the path', () => {
    const seen = routes.map(label);
    expect(new Set(seen).size).toBe(seen.length);
    for (const route of routes) {
      const inPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
      expect([label(route), Object.keys(route.params?.shape ?? {})]).toEqual([
        label(route),
        inPath,
      ]);
    }
  });

  it('become an OpenAPI document with an operation for each route', () => {
    const document = openApiDocument(routes, '0');
    for (const route of routes) {
      expect(document.paths[openApiPath(route.path)]?.[route.method]).toBeDefined();
    }
  });
});

/** `true` when `A` and `B` are assignable to each other, else `false`. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** {@link Same}, with every top-level field required: an optional field only one has differs. */
type Mirrors<A, B> = Same<A, B> extends true ? Same<Required<A>, Required<B>> : false;

describe('the response schemas that mirror TypeScript types', () => {
  it('infer those types (a compile-time check: tsc fails when they differ)', () => {
    const state: Mirrors<z.infer<typeof FlowRunStateSchema>, FlowRunState> = true;
    const view: Mirrors<z.infer<typeof FlowScheduleViewSchema>, FlowScheduleView> = true;
    expect([state, view]).toEqual([true, true]);
  });
});
