import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../db/prisma';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';
import { resolveDestination, type DestinationUrl } from './destinations';
import { jsonObject } from './json-object';

type Deps = { prisma: PrismaClient; clock: Clock; callAllowList?: readonly string[] };

/** How much of a response body the audit trail keeps. */
export const MAX_RECORDED_BODY = 2000;

/** One attempt of a `call` step: the request, already rendered from the run's fields. */
export interface CallDestinationInput {
  workItemId: string;
  /** The step visit's key: the audit event's key and the request's `Idempotency-Key`. */
  idempotencyKey: string;
  stepPath: string;
  method: string;
  destination: string;
  /** The flow's own allow-list, name → base URL. */
  destinations: DestinationUrl[];
  path: string;
  payload?: string;
  /** Per attempt; the request is aborted after it. */
  timeoutMs: number;
}

/** A successful call: the HTTP status and the start of the response body. */
export interface CallResult {
  status: number;
  body: string;
}

/**
 * Sends a `call` step's request to an allow-listed destination and records `call.succeeded`
 * with the status and the truncated body; idempotent by key (a recorded call is not resent).
 * A 4xx other than 408/429, a redirect or a refused destination fail non-retryably; 5xx,
 * 408, 429, timeouts and network errors fail retryably.
 */
export function callDestinationActivity(deps: Deps) {
  return async function callDestination(input: CallDestinationInput): Promise<CallResult> {
    const recorded = await deps.prisma.auditEvent.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
      select: { data: true },
    });
    if (recorded) {
      const data = jsonObject(recorded.data);
      return { status: Number(data.status), body: typeof data.body === 'string' ? data.body : '' };
    }
    const url = resolveDestination(
      input.destinations,
      input.destination,
      input.path,
      deps.callAllowList,
    );
    const label = `${input.method} ${input.destination} ${input.path}`;
    const response = await send(url, input, label);
    const body = (await response.text()).slice(0, MAX_RECORDED_BODY);
    const { status } = response;
    if (status >= 200 && status < 300) {
      await deps.prisma.$transaction(async (tx) => {
        if (await auditedAlready(tx, input.idempotencyKey)) return;
        await appendAuditEvent(tx, {
          workItemId: input.workItemId,
          action: 'call.succeeded',
          actor: SYSTEM_ACTOR,
          data: {
            step: input.stepPath,
            method: input.method,
            destination: input.destination,
            path: input.path,
            status,
            body,
          },
          idempotencyKey: input.idempotencyKey,
          at: deps.clock.now(),
        });
      });
      return { status, body };
    }
    const message = `${label} answered ${status}: ${body.slice(0, 200)}`;
    if (status >= 300 && status < 400) {
      throw ApplicationFailure.nonRetryable(
        `${message} (redirects are not followed)`,
        'HttpRedirect',
      );
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw ApplicationFailure.nonRetryable(message, 'HttpClientError', { status });
    }
    throw ApplicationFailure.retryable(message, 'HttpServerError', { status });
  };
}

async function send(url: URL, input: CallDestinationInput, label: string): Promise<Response> {
  const headers: Record<string, string> = { 'Idempotency-Key': input.idempotencyKey };
  if (input.payload !== undefined) headers['Content-Type'] = contentType(input.payload);
  try {
    return await fetch(url, {
      method: input.method,
      headers,
      body: input.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch (error) {
    // AbortSignal.timeout rejects with a DOMException, which is not an Error on Node 20.
    const reason =
      (error as { name?: unknown } | null)?.name === 'TimeoutError'
        ? `no answer within ${input.timeoutMs}ms`
        : describeNetworkError(error);
    throw ApplicationFailure.retryable(`${label} failed: ${reason}`, 'HttpNetworkError');
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function contentType(payload: string): string {
  try {
    JSON.parse(payload);
    return 'application/json';
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

/** A `call` step whose attempts all failed. */
export interface RecordCallFailureInput {
  workItemId: string;
  idempotencyKey: string;
  stepPath: string;
  method: string;
  destination: string;
  path: string;
  /** The last attempt's error. */
  error: string;
}

/** Records `call.failed` with the last error; idempotent by key. */
export function recordCallFailureActivity(deps: Deps) {
  return async function recordCallFailure(input: RecordCallFailureInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'call.failed',
        actor: SYSTEM_ACTOR,
        data: {
          step: input.stepPath,
          method: input.method,
          destination: input.destination,
          path: input.path,
          error: input.error,
        },
        idempotencyKey: input.idempotencyKey,
        at: deps.clock.now(),
      });
    });
  };
}
