import type { z } from 'zod';
import { ApiError } from './errors';
import { issuesOf } from './issues';

/** `value` parsed by `schema`, or a 400 `invalid_body` saying `<what> is not valid` with the issues. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApiError('invalid_body', `${what} is not valid`, issuesOf(result.error));
  }
  return result.data;
}

/** The path parameter `name` parsed by `schema`, or a 400 `invalid_path` naming it and why. */
export function parsePathParam<S extends z.ZodType>(
  schema: S,
  value: unknown,
  name: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApiError(
      'invalid_path',
      `The path parameter "${name}" is not valid`,
      issuesOf(result.error).map((issue) => ({ ...issue, path: name })),
    );
  }
  return result.data;
}
