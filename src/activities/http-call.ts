import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../db/prisma';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';
import { resolveDestination, type DestinationUrl } from './destinations';
import { sendOutbound, type OutboundRefusal, type OutboundResponse } from './outbound-request';

type Deps = { prisma: PrismaClient; clock: Clock; callAllowList?: readonly string[] };

/** How much of a response body the audit trail keeps. */
export const MAX_RECORDED_BODY = 2000;

/** One attempt of a `call` step: the request, already rendered from the run's fields. */
export interface CallDestinationInput {
  /** The step visit's key, sent as the request's `Idempotency-Key`. */
  idempotencyKey: string;
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
 * Sends a `call` step's request to an allow-listed destination; it touches no database, so an
 * outage of the work store never uses up the step's attempts (the outcome is recorded by
 * `recordCallOutcome`). A 4xx other than 408/429, a redirect, a destination the flow or the
 * operator does not allow (`DestinationNotAllowed`) or one on a non-public address outside the
 * operator's allow-list (`DestinationRefused`) fail non-retryably; 5xx, 408, 429, timeouts and
 * network errors fail retryably.
 */
export function callDestinationActivity(deps: Pick<Deps, 'callAllowList'>) {
  return async function callDestination(input: CallDestinationInput): Promise<CallResult> {
    const allowList = deps.callAllowList ?? [];
    const url = resolveDestination(input.destinations, input.destination, input.path, allowList);
    const label = `${input.method} ${input.destination} ${input.path}`;
    const answer = await send(url, input, label, allowList);
    if ('refused' in answer) {
      throw ApplicationFailure.nonRetryable(
        `${label} refused: ${answer.refused}`,
        'DestinationRefused',
      );
    }
    const { status, body } = answer;
    if (status >= 200 && status < 300) return { status, body };
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

async function send(
  url: URL,
  input: CallDestinationInput,
  label: string,
  allowList: readonly string[],
): Promise<OutboundResponse | OutboundRefusal> {
  const headers: Record<string, string> = { 'Idempotency-Key': input.idempotencyKey };
  if (input.payload !== undefined) headers['Content-Type'] = contentType(input.payload);
  const request = {
    method: input.method,
    headers,
    body: input.payload,
    timeoutMs: input.timeoutMs,
    maxBodyChars: MAX_RECORDED_BODY,
  };
  try {
    return await sendOutbound(url, request, { allowList });
  } catch (error) {
    throw ApplicationFailure.retryable(
      `${label} failed: ${describeNetworkError(error)}`,
      'HttpNetworkError',
    );
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

/** What a `call` step's request came to: the answer, or the last attempt's error. */
export interface RecordCallOutcomeInput {
  workItemId: string;
  idempotencyKey: string;
  stepPath: string;
  method: string;
  destination: string;
  path: string;
  outcome: CallResult | { error: string };
}

/** Records `call.succeeded` (status, start of the body) or `call.failed` (the error); idempotent by key. */
export function recordCallOutcomeActivity(deps: Deps) {
  return async function recordCallOutcome(input: RecordCallOutcomeInput): Promise<void> {
    const { outcome } = input;
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: 'error' in outcome ? 'call.failed' : 'call.succeeded',
        actor: SYSTEM_ACTOR,
        data: {
          step: input.stepPath,
          method: input.method,
          destination: input.destination,
          path: input.path,
          ...outcome,
        },
        idempotencyKey: input.idempotencyKey,
        at: deps.clock.now(),
      });
    });
  };
}
