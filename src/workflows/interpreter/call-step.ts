import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { FlowStatus, renderTemplate, type CallStep } from '../../dsl';
import { FlowEnded } from './flow-ended';
import type { FlowRun } from './flow-run';
import { activities, summarized } from './work-store';

/** Attempts of a call step without `retries`. */
export const DEFAULT_CALL_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 1000;
const DEFAULT_TIMEOUT_MS = 30_000;
// Room after the request's own timeout for reading the answer.
const RESPONSE_MARGIN_MS = 5_000;

/**
 * Sends a call step's request (path and payload filled from the fields) through the
 * `callDestination` activity, retried as the step says, then records the answer (a separate
 * activity, retried until the work store answers). When every attempt fails the run ends as
 * `failed` after recording `call.failed`: it never continues as if the call had happened.
 */
export async function runCallStep(run: FlowRun, step: CallStep): Promise<void> {
  const key = run.nextKey(step.id);
  const path = renderPath(step.path ?? '/', run.state.fields);
  const summary = `call ${step.method} ${step.destination} ${path}`;
  const timeoutMs = durationMs(run, step.timeout, DEFAULT_TIMEOUT_MS);
  const request = {
    workItemId: run.workItemId,
    stepPath: step.id,
    method: step.method,
    destination: step.destination,
    path,
  };
  let result;
  try {
    result = await activities.callDestination.executeWithOptions(
      {
        summary,
        startToCloseTimeout: timeoutMs + RESPONSE_MARGIN_MS,
        retry: {
          maximumAttempts: step.retries?.maxAttempts ?? DEFAULT_CALL_ATTEMPTS,
          initialInterval: durationMs(run, step.retries?.backoff, DEFAULT_BACKOFF_MS),
          backoffCoefficient: 2,
          nonRetryableErrorTypes: ['DestinationNotAllowed', 'HttpClientError', 'HttpRedirect'],
        },
      },
      [
        {
          method: step.method,
          destination: step.destination,
          path,
          idempotencyKey: `${key}:call`,
          destinations: run.flow.destinations ?? [],
          ...(step.payload === undefined
            ? {}
            : { payload: renderPayload(step.payload, run.state.fields) }),
          timeoutMs,
        },
      ],
    );
  } catch (error) {
    if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
    const reason = lastError(error);
    await summarized(
      activities.recordCallOutcome,
      `${summary} failed`,
    )({ ...request, idempotencyKey: `${key}:call.failed`, outcome: { error: reason } });
    throw new FlowEnded(FlowStatus.failed, `step ${step.id}: ${reason}`);
  }
  await summarized(
    activities.recordCallOutcome,
    `${summary} answered ${result.status}`,
  )({ ...request, idempotencyKey: `${key}:call`, outcome: result });
}

/** A path template filled from the fields, each value URL-encoded so it stays one segment. */
export function renderPath(template: string, fields: Readonly<Record<string, unknown>>): string {
  const encoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) {
      encoded[name] = encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return renderTemplate(template, encoded);
}

/**
 * A payload template filled from the fields. In a JSON template (starting with `{` or `[`) text
 * values are JSON-escaped, so a quote in a field cannot break or inject into the document.
 */
export function renderPayload(template: string, fields: Readonly<Record<string, unknown>>): string {
  if (!/^\s*[[{]/.test(template)) return renderTemplate(template, fields);
  const escaped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    escaped[name] = typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : value;
  }
  return renderTemplate(template, escaped);
}

function durationMs(run: FlowRun, duration: string | undefined, fallback: number): number {
  if (duration === undefined) return fallback;
  const now = Date.now();
  return run.after(duration, now) - now;
}

function lastError(failure: ActivityFailure): string {
  const cause = failure.cause;
  if (cause instanceof ApplicationFailure && cause.type) return `${cause.type}: ${cause.message}`;
  return cause?.message ?? failure.message;
}
