import { z } from 'zod';
import { SESSION_COOKIE } from '../../auth/authenticate';
import { errorStatus, type ErrorCode } from '../errors';
import { ErrorBody, errorsOf, type RouteDoc } from './route-doc';

/**
 * The document's shared schemas: the `$defs` zod generates (named schemas, recursive ones) move
 * here, as `#/components/schemas/<name>`; a name taken by a different schema gets a suffix.
 */
class Components {
  readonly schemas: Record<string, unknown> = {};
  /** Each component as zod generated it, before its refs were rewritten: what names compare. */
  private readonly generated = new Map<string, string>();

  /** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of `schema`, its defs hoisted. */
  jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const generated: Record<string, unknown> = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    });
    delete generated.$schema;
    const defs = Object.entries((generated.$defs ?? {}) as Record<string, unknown>);
    delete generated.$defs;
    const renamed = new Map(defs.map(([name, def]) => [name, this.nameFor(name, def)]));
    for (const [name, def] of defs) {
      this.schemas[renamed.get(name)!] = rewriteRefs(def, renamed);
    }
    return rewriteRefs(generated, renamed) as Record<string, unknown>;
  }

  /** `name`, or `name_2`, … : the first free or already holding the same schema. */
  private nameFor(name: string, def: unknown): string {
    const text = JSON.stringify(def);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      const taken = this.generated.get(candidate);
      if (taken === undefined || taken === text) {
        this.generated.set(candidate, text);
        return candidate;
      }
    }
  }
}

/** `value` with each `$ref: #/$defs/<name>` pointing at its component. */
function rewriteRefs(value: unknown, renamed: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renamed));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
        const name = inner.slice('#/$defs/'.length);
        return [key, `#/components/schemas/${renamed.get(name) ?? name}`];
      }
      return [key, rewriteRefs(inner, renamed)];
    }),
  );
}

/** `/runs/:id/steps/:stepId` → `/runs/{id}/steps/{stepId}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parameters(route: RouteDoc, components: Components) {
  const list: Record<string, unknown>[] = [];
  const add = (where: 'path' | 'query', shape: z.ZodObject | undefined) => {
    for (const [name, field] of Object.entries(shape?.shape ?? {})) {
      const schema = components.jsonSchema(field as z.ZodType, 'input');
      list.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
        schema,
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  if (route.idempotent) {
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Retrying with the same key and body answers what the first request answered, once.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  return list;
}

function operation(route: RouteDoc, components: Components) {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    if (!doc) continue;
    responses[status] = {
      description: doc.description,
      ...(doc.schema
        ? {
            content: {
              'application/json': {
                schema: components.jsonSchema(doc.schema, 'output'),
                ...(doc.example === undefined ? {} : { example: doc.example }),
              },
            },
          }
        : {}),
    };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(route)) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `An error: ${codes.join(', ')}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const params = parameters(route, components);
  return {
    operationId: `${route.method}${openApiPath(route.path)
      .split(/[/{}-]+/)
      .filter(Boolean)
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join('')}`,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(route.access === 'public'
      ? { security: [] }
      : route.access === 'member'
        ? {}
        : { 'x-required-role': route.access }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            // Routes read a missing body as `{}`.
            required: !route.body.safeParse({}).success,
            content: {
              'application/json': {
                schema: components.jsonSchema(route.body, 'input'),
                ...(route.bodyExample === undefined ? {} : { example: route.bodyExample }),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of `routes`, generated from their zod schemas. */
export function openApiDocument(routes: readonly RouteDoc[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const components = new Components();
  const error = components.jsonSchema(ErrorBody, 'output');
  for (const route of routes) {
    const path = (paths[openApiPath(route.path)] ??= {});
    path[route.method] = operation(route, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plainflow API',
      version,
      description:
        'Plain English in, durable Temporal runs out. Every route but the public ones needs an API key (`Authorization: Bearer pf_…`) or the session cookie from `POST /auth/session`. Errors are always `{ error: { code, message, details } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }, { session: [] }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...components.schemas, Error: error },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, `pf_…`' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      },
    },
  };
}
