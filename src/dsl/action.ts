import { z } from 'zod';
import { formatParty, Party } from './party';

/** The party takes the work over, with no further time limit. */
export const EscalateAction = z.strictObject({ type: z.literal('escalate'), to: Party });
export type EscalateAction = z.infer<typeof EscalateAction>;

/** Decide the approval as approved. */
export const ApproveAction = z.strictObject({ type: z.literal('approve') });
export type ApproveAction = z.infer<typeof ApproveAction>;

/** Decide the approval as rejected. */
export const RejectAction = z.strictObject({ type: z.literal('reject') });
export type RejectAction = z.infer<typeof RejectAction>;

/** Remind whoever has the work and keep waiting. */
export const RemindAction = z.strictObject({ type: z.literal('remind') });
export type RemindAction = z.infer<typeof RemindAction>;

/**
 * The party takes the work over and the same time limit starts again; during a handoff,
 * `assignee` is still the previous holder, so `reassign` to `assignee` hands the work back.
 */
export const ReassignAction = z.strictObject({ type: z.literal('reassign'), to: Party });
export type ReassignAction = z.infer<typeof ReassignAction>;

/** Cancel the run: it ends with status `cancelled`. */
export const CancelAction = z.strictObject({ type: z.literal('cancel') });
export type CancelAction = z.infer<typeof CancelAction>;

/** Tell parties the limit passed and go on. `message` may hold `{{field}}` placeholders. */
export const NotifyAction = z.strictObject({
  type: z.literal('notify'),
  to: z.array(Party).min(1).max(20),
  message: z.string().min(1).max(2000).optional(),
});
export type NotifyAction = z.infer<typeof NotifyAction>;

/** Any action taken when a time limit passes. */
export const Action = z.discriminatedUnion('type', [
  EscalateAction,
  ApproveAction,
  RejectAction,
  RemindAction,
  ReassignAction,
  CancelAction,
  NotifyAction,
]);
export type Action = z.infer<typeof Action>;

/** What may happen when a task is overdue. */
export const TaskOverdueAction = z.discriminatedUnion('type', [
  EscalateAction,
  ReassignAction,
  NotifyAction,
  RemindAction,
  CancelAction,
]);
export type TaskOverdueAction = z.infer<typeof TaskOverdueAction>;

/** What may happen when an approval times out. */
export const ApprovalTimeoutAction = z.discriminatedUnion('type', [
  EscalateAction,
  ApproveAction,
  RejectAction,
  RemindAction,
  ReassignAction,
  NotifyAction,
  CancelAction,
]);
export type ApprovalTimeoutAction = z.infer<typeof ApprovalTimeoutAction>;

/** What may happen when a handoff is not accepted in time. */
export const HandoffTimeoutAction = z.discriminatedUnion('type', [
  EscalateAction,
  ReassignAction,
  NotifyAction,
  CancelAction,
]);
export type HandoffTimeoutAction = z.infer<typeof HandoffTimeoutAction>;

/** What may happen when the whole flow runs past its deadline. */
export const DeadlineAction = z.discriminatedUnion('type', [
  EscalateAction,
  NotifyAction,
  CancelAction,
]);
export type DeadlineAction = z.infer<typeof DeadlineAction>;

/** The outline token of an action (`escalate:role:cfo`, `approve`, `notify:requester,team:hr`). */
export function formatAction(action: Action): string {
  switch (action.type) {
    case 'escalate':
    case 'reassign':
      return `${action.type}:${formatParty(action.to)}`;
    case 'notify':
      // The outline has no notify action; this mirrors the `to=` list of a notify line.
      return `notify:${action.to.map(formatParty).join(',')}`;
    case 'approve':
    case 'reject':
    case 'remind':
    case 'cancel':
      return action.type;
  }
}
