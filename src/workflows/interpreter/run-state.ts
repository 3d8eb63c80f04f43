import type { FlowStatus, StepOutcome } from '../../dsl';
import type { FieldValue } from './messages';

/** A step the run is waiting on, and who must act on it now. */
export interface CurrentStep {
  stepId: string;
  type: 'task' | 'approval' | 'handoff' | 'wait';
  /** Party tokens (`role:cfo`, `manager`, `person:ann@example.com`); empty for a wait. */
  pending: string[];
  /** ISO instant of the step's time limit, if it has one now. */
  dueAt?: string;
}

/** A decision or completion recorded by the run, by a person or by a time limit. */
export interface DecisionRecord {
  stepId: string;
  actor: string;
  decision: 'approved' | 'rejected' | 'completed' | 'accepted' | 'declined';
  comment?: string;
  /** ISO instant (workflow time). */
  at: string;
  /** Set when a time limit decided, not a person. */
  byTimeout?: boolean;
}

/** What the `state` query and the updates return, and the workflow's result. */
export interface FlowRunState {
  flowName: string;
  flowVersion: string;
  status: FlowStatus;
  workItemId: string | null;
  requester: string;
  /** Who holds the work item: set by an accepted handoff; null means the requester. */
  holder: string | null;
  current: CurrentStep[];
  pendingAssignees: string[];
  fields: Record<string, FieldValue>;
  workStatus: string;
  priority: string;
  outcomes: Record<string, StepOutcome>;
  decisions: DecisionRecord[];
  /** The runs `subflow` steps started, by step id (the latest visit). */
  subflows?: Record<string, SubflowRecord>;
}

/** A run a `subflow` step started, and its final status once the parent waited for it. */
export interface SubflowRecord {
  workflowId: string;
  flowName: string;
  status: FlowStatus;
}
