import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { FlowRun } from './flow-run';
import {
  acceptHandoffUpdate,
  claimUpdate,
  completeTaskUpdate,
  decideUpdate,
  delegateUpdate,
  eventSignal,
  reassignUpdate,
  stateQuery,
  type AcceptHandoffRequest,
  type ClaimRequest,
  type CompleteTaskRequest,
  type DecideRequest,
  type DelegateRequest,
  type ReassignRequest,
} from './messages';
import { requestTextProblem, type RequestText } from './request-text';
import type { FlowRunState } from './run-state';

/**
 * Registers the query, the signal and the updates. Each update's validator asks the step it
 * names; the handler lets that step record the action and answers with the new state.
 */
export function registerMessageHandlers(run: FlowRun, snapshot: () => FlowRunState): void {
  setHandler(stateQuery, snapshot);
  setHandler(eventSignal, (event) => {
    if (typeof event?.name === 'string') run.events.push(event.name);
  });
  setHandler(
    completeTaskUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).complete?.(request);
      return snapshot();
    },
    {
      validator: (request: CompleteTaskRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateComplete) throw new Error(`step ${request.stepId} is not a task`);
        step.validateComplete(request);
      },
    },
  );
  setHandler(
    decideUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).decide?.(request);
      return snapshot();
    },
    {
      validator: (request: DecideRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateDecide) throw new Error(`step ${request.stepId} is not an approval`);
        step.validateDecide(request);
      },
    },
  );
  setHandler(
    acceptHandoffUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).accept?.(request);
      return snapshot();
    },
    {
      validator: (request: AcceptHandoffRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateAccept) throw new Error(`step ${request.stepId} is not a handoff`);
        step.validateAccept(request);
      },
    },
  );
  setHandler(
    claimUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).claim?.(request);
      return snapshot();
    },
    {
      validator: (request: ClaimRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateClaim) {
          throw new Error(`step ${request.stepId} is not a task or handoff to claim`);
        }
        step.validateClaim(request);
      },
    },
  );
  setHandler(
    delegateUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).delegate?.(request);
      return snapshot();
    },
    {
      validator: (request: DelegateRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateDelegate) throw new Error(`step ${request.stepId} is not an approval`);
        step.validateDelegate(request);
      },
    },
  );
  setHandler(
    reassignUpdate,
    async (request) => {
      await waitingStep(run, request.stepId, true).reassign?.(request);
      return snapshot();
    },
    {
      validator: (request: ReassignRequest) => {
        checkRequest(request);
        const step = waitingStep(run, request.stepId);
        if (!step.validateReassign) {
          throw new Error(`step ${request.stepId} is not a task, approval or handoff`);
        }
        step.validateReassign(request);
      },
    },
  );
}

function checkRequest(request: RequestText & { stepId?: unknown }): void {
  if (typeof request !== 'object' || request === null)
    throw new Error('the request must be an object');
  if (typeof request.stepId !== 'string') throw new Error('stepId is required');
  if (typeof request.actor !== 'string' || request.actor === '')
    throw new Error('actor is required');
  const problem = requestTextProblem(request);
  if (problem) throw new Error(problem);
}

// Validators throw plain errors (the update is rejected unrecorded); a handler must throw an
// ApplicationFailure, since any other error would fail the workflow task.
function waitingStep(run: FlowRun, stepId: string, inHandler = false) {
  const step = run.waiting.get(stepId);
  if (step) return step;
  const message = `step ${stepId} is not waiting`;
  throw inHandler ? ApplicationFailure.nonRetryable(message, 'NotWaiting') : new Error(message);
}
