import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  QueryNotRegisteredError,
  ScheduleNotFoundError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { dataErrorReason } from '../db/data-errors';
import type { Logger } from '../logger';

/** Every error code the API answers with, and its HTTP status. */
export const errorStatus = {
  invalid_json: 400,
  invalid_body: 400,
  invalid_query: 400,
  invalid_header: 400,
  invalid_flow: 400,
  invalid_party: 400,
  destination_refused: 400,
  compile_failed: 400,
  model_not_configured: 400,
  invalid_path: 400,
  unreadable_body: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credential: 401,
  forbidden: 403,
  user_not_found: 404,
  api_key_not_found: 404,
  user_exists: 409,
  flow_not_found: 404,
  version_not_found: 404,
  group_not_found: 404,
  version_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unsupported_media_type: 415,
  unsupported_charset: 415,
  unsupported_encoding: 415,
  not_found: 404,
  run_not_found: 404,
  schedule_not_found: 404,
  no_schedule_trigger: 409,
  run_closed: 409,
  not_a_flow_run: 409,
  webhook_not_found: 404,
  action_rejected: 409,
  unknown_event: 422,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  temporal_unavailable: 503,
  web_app_not_built: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof errorStatus;

/** The one error type routes throw; the middleware turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface BodyParserError {
  type: string;
  message: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string'
  );
}

/** An error Express's body or path parsing marked as the client's (`http-errors`, status 4xx). */
function isClientError(err: unknown): err is Error & { status: number; code?: unknown } {
  if (!(err instanceof Error) || !('status' in err) || typeof err.status !== 'number') return false;
  return err.status >= 400 && err.status < 500;
}

// The body could not be read to its end: a broken compressed stream or a cut-off request.
const UNREADABLE_BODY = new Set(['request.aborted', 'request.size.invalid', 'stream.encoding.set']);

/** A failed call to Temporal that never reached it; the gRPC code may be on the cause. */
function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    /UNAVAILABLE|DEADLINE_EXCEEDED|connect|ECONNREFUSED/i.test(err.message) ||
    isUnreachable(err.cause)
  );
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowNotFoundError) return new ApiError('run_not_found', err.message);
  if (err instanceof ScheduleNotFoundError) return new ApiError('schedule_not_found', err.message);
  if (err instanceof QueryNotRegisteredError) {
    // An intake run (`POST /runs`) has no steps: its state and events are a flow run's.
    return new ApiError(
      'not_a_flow_run',
      'This run has no steps to show or to send events to (it was started with POST /runs); GET /runs/:id shows it',
    );
  }
  if (isBodyParserError(err)) {
    if (err.type === 'entity.parse.failed') {
      return new ApiError('invalid_json', `The body is not valid JSON: ${err.message}`);
    }
    if (err.type === 'entity.too.large') return new ApiError('payload_too_large', err.message);
    if (err.type === 'charset.unsupported') {
      return new ApiError('unsupported_charset', `The body must be UTF-8 JSON: ${err.message}`);
    }
    if (err.type === 'encoding.unsupported') {
      return new ApiError(
        'unsupported_encoding',
        `The Content-Encoding is not supported (send identity, gzip, deflate or br): ${err.message}`,
      );
    }
    if (UNREADABLE_BODY.has(err.type)) {
      return new ApiError('unreadable_body', `The body could not be read: ${err.message}`);
    }
  }
  // The router's decodeURIComponent of a path parameter, e.g. `/flows/%zz`.
  if (err instanceof URIError) {
    return new ApiError('invalid_path', 'The path is not valid percent-encoding (UTF-8)');
  }
  if (isClientError(err)) {
    // zlib's errors (Z_DATA_ERROR…) for a body that does not decompress as its Content-Encoding says.
    if (typeof err.code === 'string' && /^(Z|ZSTD)_/.test(err.code)) {
      return new ApiError('unreadable_body', `The body could not be decompressed: ${err.message}`);
    }
    return new ApiError('bad_request', err.message);
  }
  // A value the request schemas let through and PostgreSQL refused is still the client's.
  const refused = dataErrorReason(err);
  if (refused !== undefined) {
    return new ApiError('invalid_body', `The database refused a value of the request: ${refused}`);
  }
  if (isUnreachable(err)) {
    return new ApiError('temporal_unavailable', 'The workflow service is unreachable; try again');
  }
  return new ApiError('internal', 'Internal error');
}

/** Answers 404 for any route the API does not have. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `No route ${req.method} ${req.path}`));
};

/** The one error middleware: a JSON body with a code, a message and, for bad input, the details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const apiError = toApiError(err);
    const status = errorStatus[apiError.code];
    if (status >= 500) logger.error({ err, path: req.path }, 'request failed');
    res.status(status).json({
      error: {
        code: apiError.code,
        message: apiError.message,
        ...(apiError.details === undefined ? {} : { details: apiError.details }),
      },
    });
  };
}
