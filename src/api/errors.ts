import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from '../logger';

/** Every error code the API answers with, and its HTTP status. */
export const errorStatus = {
  invalid_json: 400,
  invalid_body: 400,
  invalid_header: 400,
  invalid_flow: 400,
  invalid_party: 400,
  compile_failed: 400,
  flow_not_found: 404,
  group_not_found: 404,
  version_conflict: 409,
  payload_too_large: 413,
  not_found: 404,
  run_not_found: 404,
  schedule_not_found: 404,
  no_schedule_trigger: 409,
  run_closed: 409,
  webhook_not_found: 404,
  action_rejected: 409,
  temporal_unavailable: 503,
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
  if (isBodyParserError(err)) {
    if (err.type === 'entity.parse.failed') {
      return new ApiError('invalid_json', `The body is not valid JSON: ${err.message}`);
    }
    if (err.type === 'entity.too.large') return new ApiError('payload_too_large', err.message);
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
