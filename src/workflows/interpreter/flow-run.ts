import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  addDuration,
  flowTimeZone,
  renderTemplate,
  type Decision,
  type EscalateAction,
  type EvaluationContext,
  type Flow,
  type Party,
  type StepOutcome,
} from '../../dsl';
import type { NotificationKind } from '../../activities';
import { FlowStatusKey, PendingAssigneesKey } from '../search-attributes';
import { activities, summarized } from './work-store';
import type {
  AcceptHandoffRequest,
  ClaimRequest,
  CompleteTaskRequest,
  DecideRequest,
  DelegateRequest,
  FieldValue,
  ReassignRequest,
} from './messages';
import { partyToken } from './parties';
import type { CurrentStep, FlowRunState } from './run-state';

/** How a waiting task or approval step takes people's actions (validators must not mutate). */
export interface WaitingStep {
  validateComplete?(request: CompleteTaskRequest): void;
  complete?(request: CompleteTaskRequest): Promise<void>;
  validateDecide?(request: DecideRequest): void;
  decide?(request: DecideRequest): Promise<void>;
  validateAccept?(request: AcceptHandoffRequest): void;
  accept?(request: AcceptHandoffRequest): Promise<void>;
  /**
   * The party takes the step over (the flow deadline passed): resolved like the step's own
   * escalation, but the step is not timed out and its own time limit no longer applies.
   */
  escalate?(action: EscalateAction): Promise<void>;
  validateClaim?(request: ClaimRequest): void;
  claim?(request: ClaimRequest): Promise<void>;
  validateDelegate?(request: DelegateRequest): void;
  delegate?(request: DelegateRequest): Promise<void>;
  validateReassign?(request: ReassignRequest): void;
  reassign?(request: ReassignRequest): Promise<void>;
}

/** The interpreter's memory of one run: the state it reports, plus what steps need to act. */
export class FlowRun {
  readonly timeZone: string;
  workItemId = '';
  lastDecision: Decision | undefined;
  lastTimedOut: boolean | undefined;
  /** Named events received and not yet consumed by a wait. */
  readonly events: string[] = [];
  /** Steps that accept updates now, by step id. */
  readonly waiting = new Map<string, WaitingStep>();
  /** The history length past which a repeat continues as a new run. */
  historyLimit = Number.POSITIVE_INFINITY;
  private readonly visits = new Map<string, number>();
  private publishedPending = '';

  constructor(
    readonly flow: Flow,
    readonly workflowId: string,
    readonly state: FlowRunState,
  ) {
    this.timeZone = flowTimeZone(flow);
  }

  /** The idempotency key prefix of the next visit of a step: workflow id, step id, iteration. */
  nextKey(stepId: string): string {
    const visit = (this.visits.get(stepId) ?? 0) + 1;
    this.visits.set(stepId, visit);
    return `${this.workflowId}:${stepId}:${visit}`;
  }

  /** Visits per step id so far, for the run this one continues as. */
  visitCounts(): Record<string, number> {
    return Object.fromEntries(this.visits);
  }

  /** Takes over the visits of the run this one continues, so its keys never repeat. */
  restoreVisits(visits: Record<string, number>): void {
    for (const [stepId, visit] of Object.entries(visits)) this.visits.set(stepId, visit);
  }

  /** The instant (ms) a DSL duration started at `from` (default now) runs out; business days skip weekends. */
  after(duration: string, from: number = Date.now()): number {
    return addDuration(new Date(from), duration, this.timeZone).getTime();
  }

  /** The token of a party in this run. */
  token(party: Party): string {
    return partyToken(party, {
      requester: this.state.requester,
      holder: this.state.holder ?? undefined,
    });
  }

  /** A template filled from the work item's fields. */
  render(template: string): string {
    return renderTemplate(template, this.state.fields);
  }

  /** Shows (or replaces) a step the run waits on, and republishes who must act. */
  setCurrent(step: CurrentStep): void {
    const others = this.state.current.filter((c) => c.stepId !== step.stepId);
    this.state.current = [...others, step];
    this.publishPending();
  }

  /** Forgets every step (the run ended), and republishes that nobody must act. */
  clearAllCurrent(): void {
    this.state.current = [];
    this.publishPending();
  }

  /** Forgets a step the run no longer waits on. */
  clearCurrent(stepId: string): void {
    this.state.current = this.state.current.filter((c) => c.stepId !== stepId);
    this.publishPending();
  }

  /** Records a step's outcome for later conditions; decisions and time limits move `approved` / `timed_out`. */
  recordOutcome(stepId: string, outcome: StepOutcome, hasLimit: boolean, decides: boolean): void {
    this.state.outcomes[stepId] = outcome;
    if (decides) this.lastDecision = outcome.decision;
    if (hasLimit) this.lastTimedOut = outcome.timedOut === true;
  }

  /** What conditions see: fields with `status` and `priority`, and the outcomes so far. */
  evaluationContext(): EvaluationContext {
    return {
      fields: {
        ...this.state.fields,
        status: this.state.workStatus,
        priority: this.state.priority,
      },
      lastDecision: this.lastDecision,
      lastTimedOut: this.lastTimedOut,
      outcomes: this.state.outcomes,
    };
  }

  /** Queues a message to parties (tokens) in the outbox. */
  async notify(
    stepId: string,
    idempotencyKey: string,
    kind: NotificationKind,
    recipients: string[],
    message: string,
    channel: 'in_app' | 'webhook' = 'in_app',
  ): Promise<void> {
    if (recipients.length === 0) return;
    await summarized(
      activities.queueNotification,
      `${kind} to ${recipients.join(', ')}`,
    )({
      workItemId: this.workItemId,
      idempotencyKey,
      stepPath: stepId,
      kind,
      channel,
      recipients,
      message,
    });
  }

  /** Merges values into the run's copy of the work item's fields. */
  mergeFields(values: Record<string, FieldValue> | undefined): void {
    if (values) Object.assign(this.state.fields, values);
  }

  /** Keeps `FlowStatus` in the search attributes in step with the state. */
  publishStatus(): void {
    upsertSearchAttributes([{ key: FlowStatusKey, value: this.state.status }]);
  }

  private publishPending(): void {
    const pending = [...new Set(this.state.current.flatMap((c) => c.pending))].sort();
    this.state.pendingAssignees = pending;
    const text = pending.join('\n');
    if (text === this.publishedPending) return;
    this.publishedPending = text;
    upsertSearchAttributes([{ key: PendingAssigneesKey, value: pending }]);
  }
}

/** An ISO instant, or undefined. */
export function isoOrUndefined(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
