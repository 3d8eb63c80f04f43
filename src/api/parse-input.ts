import type { z } from 'zod';
import { ApiError, type ErrorCode } from './errors';
import { issuesOf } from './issues';

type Issues = ReturnType<typeof issuesOf>;

/** `value` parsed by `schema`, or the 400 `code` with `message` and the issues (as `details`). */
function parsedOr<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode,
  message: string,
  details: (issues: Issues) => Issues = (issues) => issues,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(code, message, details(issuesOf(result.error)));
  return result.data;
}

/** `value` parsed by `schema`, or a 400 `invalid_body` saying `<what> is not valid` with the issues. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  return parsedOr(schema, value, 'invalid_body', `${what} is not valid`);
}

/** The path parameter `name` parsed by `schema`, or a 400 `invalid_path` naming it and why. */
export function parsePathParam<S extends z.ZodType>(
  schema: S,
  value: unknown,
  name: string,
): z.output<S> {
  return parsedOr(
    schema,
    value,
    'invalid_path',
    `The path parameter "${name}" is not valid`,
    (issues) => issues.map((issue) => ({ ...issue, path: name })),
  );
}

/** The query string parsed by `schema`, or a 400 `invalid_query` naming each wrong parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parsedOr(schema, query ?? {}, 'invalid_query', 'The query is not valid');
}
