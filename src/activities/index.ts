import type { PrismaClient } from '../db/prisma';
import { refuseBadData } from './bad-data';
import type { Clock } from './clock';
import { loadFlowVersionActivity } from './flow-versions';
import { resolveGroupActivity } from './directory';
import { callDestinationActivity, recordCallOutcomeActivity } from './http-call';
import { deliverWebhookActivity, recordWebhookFailureActivity } from './webhooks';
import { queueNotificationActivity } from './notifications';
import { recordRunEventActivity } from './run-events';
import {
  closeTasksActivity,
  completeTaskActivity,
  openTaskActivity,
  reassignTaskActivity,
} from './tasks';
import { closeWorkItemActivity, updateWorkItemActivity } from './work-item-changes';
import { watchRoundActivity } from './watcher';
import { createWorkItemActivity } from './work-items';

export type { CreateWorkItemInput, WorkItemRef } from './work-items';
export type { UpdateWorkItemInput, CloseWorkItemInput } from './work-item-changes';
export type { OpenTaskInput, CompleteTaskInput, ReassignTaskInput, CloseTasksInput } from './tasks';
export type { QueueNotificationInput, NotificationKind } from './notifications';
export type { RecordRunEventInput } from './run-events';
export type { LoadedFlowVersion } from './flow-versions';
export type { AssignmentStrategy, GroupResolution, ResolveGroupInput } from './directory';
export type { CallDestinationInput, CallResult, RecordCallOutcomeInput } from './http-call';
export type { DeliverWebhookInput, RecordWebhookFailureInput, WebhookOutcome } from './webhooks';
export type { WatchRoundInput } from './watcher';
export type { WatchRoundResult } from '../insights/watch';

/** Plainflow's activities, bound to their dependencies. */
export function createActivities(deps: {
  prisma: PrismaClient;
  clock: Clock;
  /** The operator's allow-list (URL prefixes); empty: public addresses only, of the flows' own lists. */
  callAllowList?: readonly string[];
}) {
  return refuseBadData({
    createWorkItem: createWorkItemActivity(deps),
    updateWorkItem: updateWorkItemActivity(deps),
    closeWorkItem: closeWorkItemActivity(deps),
    openTask: openTaskActivity(deps),
    completeTask: completeTaskActivity(deps),
    reassignTask: reassignTaskActivity(deps),
    closeTasks: closeTasksActivity(deps),
    queueNotification: queueNotificationActivity(deps),
    recordRunEvent: recordRunEventActivity(deps),
    loadFlowVersion: loadFlowVersionActivity(deps),
    resolveGroup: resolveGroupActivity(deps),
    callDestination: callDestinationActivity(deps),
    recordCallOutcome: recordCallOutcomeActivity(deps),
    deliverWebhook: deliverWebhookActivity(deps),
    recordWebhookFailure: recordWebhookFailureActivity(deps),
    watchRound: watchRoundActivity(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
