import { z } from 'zod';
import { errorStatus, type ErrorCode } from '../errors';

/** Who may call a route: anyone, or a signed-in user holding at least this role. */
export type Access = 'public' | 'member' | 'author' | 'admin';

/** One documented answer of a route: its body's schema (none for an empty body) and an example. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  example?: unknown;
}

/**
 * One route of the API as the OpenAPI document shows it. The schemas are the ones the route
 * validates with (requests) and answers with (responses); `errors` lists the codes it may answer.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The Express path, e.g. `/runs/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyExample?: unknown;
  /** Whether the route honours `Idempotency-Key`. */
  idempotent?: boolean;
  responses: Partial<Record<number, ResponseDoc>>;
  errors: ErrorCode[];
}

/** `{ error: { code, message, details } }`: every error the API answers with. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** A timestamp as JSON carries it. */
export const Instant = z.iso.datetime({ offset: true });

/** Errors any signed-in route may answer with, whatever it does. */
export const SIGNED_IN_ERRORS: ErrorCode[] = [
  'unauthenticated',
  'invalid_credential',
  'rate_limited',
  'invalid_path',
];

/** Errors of a route that reads a JSON body. */
export const BODY_ERRORS: ErrorCode[] = [
  'invalid_json',
  'invalid_body',
  'payload_too_large',
  'unsupported_media_type',
];

/**
 * Errors any route may answer before it runs: the body is read (and the path checked) for every
 * request, whatever its route, so a malformed body or path is refused the same way everywhere.
 */
export const ANY_ROUTE_ERRORS: ErrorCode[] = [
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unsupported_charset',
  'unsupported_encoding',
  'unreadable_body',
  'bad_request',
  'invalid_path',
];

/** Every error code `route` may answer: its own, and those of any route (signed in, if it is). */
export function errorsOf(route: RouteDoc): Set<ErrorCode> {
  return new Set([
    ...route.errors,
    ...ANY_ROUTE_ERRORS,
    ...(route.access === 'public' ? [] : SIGNED_IN_ERRORS),
  ]);
}
