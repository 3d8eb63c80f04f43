/** One audit event as a run's timeline shows it. */
export interface TimelineEntry {
  seq: number;
  at: Date;
  action: string;
  actor: string;
  /** The step the event is about, when it is about one. */
  step: string | null;
  /** The event in a sentence. */
  summary: string;
}

type Data = Record<string, unknown>;

const text = (data: Data, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

// What each action says, from its data; an action not listed is named as it is.
const SENTENCES: Record<string, (data: Data, actor: string) => string> = {
  'work_item.created': (d) => `Started: ${text(d, 'title') ?? 'a work item'}`,
  'work_item.updated': (d) =>
    `Work item updated${text(d, 'status') ? `: status ${text(d, 'status')}` : ''}`,
  'work_item.closed': (d) => `Closed: ${text(d, 'status') ?? 'done'}`,
  'task.opened': (d) => `Task opened for ${text(d, 'assignee') ?? 'someone'}`,
  'approval.requested': (d) => `Approval requested from ${text(d, 'assignee') ?? 'someone'}`,
  'handoff.requested': (d) => `Handoff offered to ${text(d, 'assignee') ?? 'someone'}`,
  'task.completed': (_d, actor) => `Task completed by ${actor}`,
  'approval.decided': (d, actor) => `${text(d, 'decision') ?? 'Decided'} by ${actor}`,
  'handoff.accepted': (_d, actor) => `Handoff accepted by ${actor}`,
  'handoff.declined': (_d, actor) => `Handoff declined by ${actor}`,
  'task.claimed': (_d, actor) => `Claimed by ${actor}`,
  'task.reassigned': (d, actor) => `Reassigned to ${text(d, 'to') ?? 'someone'} by ${actor}`,
  'approval.delegated': (d, actor) => `Delegated to ${text(d, 'to') ?? 'someone'} by ${actor}`,
  'task.escalated': (d) => `Escalated to ${text(d, 'to') ?? 'someone'}`,
  'approval.timed_out': () => 'No decision in time',
  'task.timed_out': () => 'Not done in time',
  'handoff.timed_out': () => 'Not accepted in time',
  'notification.queued': (d) =>
    `Notified ${Array.isArray(d.recipients) ? d.recipients.join(', ') : 'someone'}`,
  'call.succeeded': (d) => `Called ${text(d, 'destination') ?? 'a destination'}`,
  'call.failed': (d) => `Call to ${text(d, 'destination') ?? 'a destination'} failed`,
  'flow.deadline_passed': () => 'The flow deadline passed',
};

/** The timeline entry of an audit event. */
export function timelineEntry(event: {
  seq: number;
  action: string;
  actor: string;
  data: unknown;
  createdAt: Date;
}): TimelineEntry {
  const data =
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
      ? (event.data as Data)
      : {};
  const sentence = SENTENCES[event.action];
  return {
    seq: event.seq,
    at: event.createdAt,
    action: event.action,
    actor: event.actor,
    step: text(data, 'step') ?? null,
    summary: sentence ? sentence(data, event.actor) : event.action.replace(/[._]/g, ' '),
  };
}
