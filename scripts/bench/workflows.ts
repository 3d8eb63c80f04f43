// The bench's own workflows, bundled for a worker of its own: what the interpreter is measured
// against. `handwrittenWorkflow` does by hand what the five-step bench flow does (set, call,
// notify, set, end), calling the same activities in the same order with the same options.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../src/activities';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { callDestination } = proxyActivities<Activities>({
  startToCloseTimeout: '35 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second', backoffCoefficient: 2 },
});

/** What a hand-written run needs: who asks, and where the call goes. */
export interface HandwrittenInput {
  requester: string;
  destinationUrl: string;
}

/** The bench flow written by hand: set, call, notify, set, close the work item. */
export async function handwrittenWorkflow(input: HandwrittenInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const { workItemId } = await activities.createWorkItem({
    workflowId,
    flowName: 'bench-handwritten',
    title: 'bench',
    requester: input.requester,
    priority: 'normal',
    fields: {},
  });
  await activities.updateWorkItem({
    workItemId,
    idempotencyKey: `${workflowId}:received:set`,
    stepPath: 'received',
    fields: { stage: 'received' },
  });
  const request = { method: 'POST', destination: 'stub', path: '/' };
  const result = await callDestination({
    ...request,
    idempotencyKey: `${workflowId}:call:call`,
    destinations: [{ name: 'stub', url: input.destinationUrl }],
    timeoutMs: 30_000,
  });
  await activities.recordCallOutcome({
    ...request,
    workItemId,
    stepPath: 'call',
    idempotencyKey: `${workflowId}:call:call`,
    outcome: result,
  });
  await activities.queueNotification({
    workItemId,
    idempotencyKey: `${workflowId}:tell:notify`,
    stepPath: 'tell',
    kind: 'message',
    channel: 'in_app',
    recipients: [`person:${input.requester}`],
    message: 'Done',
  });
  await activities.updateWorkItem({
    workItemId,
    idempotencyKey: `${workflowId}:done:set`,
    stepPath: 'done',
    fields: { stage: 'done' },
  });
  await activities.closeWorkItem({
    workItemId,
    idempotencyKey: `${workflowId}:closed`,
    status: 'completed',
  });
}

/** A workflow that does nothing: the ceiling of the server and worker. */
export async function emptyWorkflow(): Promise<void> {
  // Nothing to do: its cost is the server's and the worker's alone.
}

export * from '../../src/workflows';
