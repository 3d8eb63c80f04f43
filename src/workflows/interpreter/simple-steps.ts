import type { NotifyStep, SetStep } from '../../dsl';
import { activities, summarized } from './work-store';
import type { FlowRun } from './flow-run';
import { deliverWebhooks } from './webhook-delivery';

/** Writes a `set` step's fields, status and priority to the work item. */
export async function runSetStep(run: FlowRun, step: SetStep): Promise<void> {
  const key = run.nextKey(step.id);
  await summarized(
    activities.updateWorkItem,
    `set ${step.id}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey: `${key}:set`,
    stepPath: step.id,
    fields: step.fields,
    status: step.status,
    priority: step.priority,
  });
  run.mergeFields(step.fields);
  if (step.status !== undefined) run.state.workStatus = step.status;
  if (step.priority !== undefined) run.state.priority = step.priority;
}

/** Queues a notify step's message, filled from the fields, for each party; delivers webhooks. */
export async function runNotifyStep(run: FlowRun, step: NotifyStep): Promise<void> {
  const key = run.nextKey(step.id);
  const recipients = step.to.map((party) => run.token(party));
  const channel = step.channel ?? 'in_app';
  await run.notify(
    step.id,
    `${key}:notify`,
    'message',
    recipients,
    run.render(step.message),
    channel,
  );
  if (channel === 'webhook') await deliverWebhooks(run, `${key}:notify`, recipients);
}
