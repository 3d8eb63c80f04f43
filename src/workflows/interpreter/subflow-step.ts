import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowCancellationType,
  ChildWorkflowFailure,
  isCancellation,
  ParentClosePolicy,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { FlowStatus, renderTemplate, type Flow, type SubflowStep } from '../../dsl';
import { FlowNameKey, FlowStatusKey, FlowVersionKey } from '../search-attributes';
import type { flowRunWorkflow } from './flow-run-workflow';
import type { FlowRun } from './flow-run';
import type { FieldValue } from './messages';
import { checkedFlow } from './run-input';
import { activities, summarized } from './work-store';

/**
 * Starts a run of the latest deployed version of another flow as a child workflow
 * (`<workflow id>:<step id>:<visit>`), with intake rendered from this run's fields. With `wait`,
 * the child's final status is recorded in the run's `subflows`; without, the child runs on by
 * itself (`running` there). Started and finished are audited on this run's work item; a child
 * that cannot start or fails fails this run with the same failure type.
 */
export async function runSubflowStep(run: FlowRun, step: SubflowStep): Promise<void> {
  const childId = run.nextKey(step.id);
  const flow = await loadFlow(step);
  const { taskQueue } = workflowInfo();
  const version = String(flow.version);
  const child = await startChild<typeof flowRunWorkflow>('flowRunWorkflow', {
    workflowId: childId,
    taskQueue,
    args: [
      {
        flow,
        flowVersion: version,
        requester: run.state.requester,
        fields: subflowFields(step, run.state.fields),
        title: `${flow.name} for ${run.state.flowName}`,
      },
    ],
    staticSummary: `subflow ${flow.name} v${version} of work item ${run.workItemId}`,
    typedSearchAttributes: [
      { key: FlowNameKey, value: flow.name },
      { key: FlowVersionKey, value: version },
      { key: FlowStatusKey, value: FlowStatus.running },
    ],
    ...(step.wait
      ? {}
      : {
          parentClosePolicy: ParentClosePolicy.ABANDON,
          cancellationType: ChildWorkflowCancellationType.ABANDON,
        }),
  });
  const record = (status: FlowStatus) => {
    run.state.subflows = {
      ...run.state.subflows,
      [step.id]: { workflowId: childId, flowName: flow.name, status },
    };
  };
  record(FlowStatus.running);
  await audit(run, step, childId, 'subflow.started', { flow: flow.name, version });
  if (!step.wait) return;

  let status: FlowStatus;
  try {
    status = (await child.result()).status;
  } catch (error) {
    if (isCancellation(error)) throw error;
    const cause = error instanceof ChildWorkflowFailure ? error.cause : undefined;
    const type =
      cause instanceof ApplicationFailure ? (cause.type ?? 'SubflowFailed') : 'SubflowFailed';
    const message = cause?.message ?? String(error);
    await audit(run, step, childId, 'subflow.failed', { flow: flow.name, type, message });
    throw ApplicationFailure.nonRetryable(
      `step ${step.id}: subflow ${flow.name} (${childId}) failed: ${message}`,
      type,
    );
  }
  record(status);
  await audit(run, step, childId, 'subflow.finished', { flow: flow.name, status });
}

/**
 * The child's intake: each template filled from this run's fields; a template that is one
 * placeholder alone (`{{amount}}`) passes the field's value with its type, null if missing.
 */
export function subflowFields(
  step: SubflowStep,
  fields: Readonly<Record<string, FieldValue>>,
): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(step.input ?? {}).map(([name, template]) => {
      const whole = /^\{\{([^{}]+)\}\}$/.exec(template);
      if (whole) {
        const field = (whole[1] ?? '').trim();
        return [name, Object.hasOwn(fields, field) ? (fields[field] ?? null) : null];
      }
      return [name, renderTemplate(template, fields)];
    }),
  );
}

// The child flow, checked here so a missing or broken one fails this run, not a run nobody awaits.
async function loadFlow(step: SubflowStep): Promise<Flow> {
  let loaded;
  try {
    loaded = await summarized(
      activities.loadFlowVersion,
      `load flow ${step.flow}`,
    )({
      name: step.flow,
    });
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.nonRetryable(
        `step ${step.id}: ${error.cause.message}`,
        error.cause.type,
      );
    }
    throw error;
  }
  try {
    return checkedFlow(loaded.definition);
  } catch (error) {
    if (!(error instanceof ApplicationFailure)) throw error;
    throw ApplicationFailure.nonRetryable(
      `step ${step.id}: subflow ${step.flow}: ${error.message}`,
      error.type,
      ...(error.details ?? []),
    );
  }
}

function audit(
  run: FlowRun,
  step: SubflowStep,
  childId: string,
  action: string,
  data: Record<string, string>,
): Promise<void> {
  return summarized(
    activities.recordRunEvent,
    `${step.id}: ${action} ${childId}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey: `${childId}:${action}`,
    action,
    data: { step: step.id, child: childId, ...data },
  });
}
