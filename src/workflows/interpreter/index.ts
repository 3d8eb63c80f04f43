export { flowRunWorkflow, type FlowRunInput } from './flow-run-workflow';
export {
  acceptHandoffUpdate,
  claimUpdate,
  completeTaskUpdate,
  decideUpdate,
  delegateUpdate,
  eventSignal,
  reassignUpdate,
  stateQuery,
  WATCHER_ACTOR,
  type AcceptHandoffRequest,
  type Acting,
  type ClaimRequest,
  type CompleteTaskRequest,
  type DecideRequest,
  type DelegateRequest,
  type ReassignRequest,
  type FieldValue,
  type FlowEvent,
} from './messages';
export type { CurrentStep, DecisionRecord, FlowRunState } from './run-state';
export { mayActFor, partyToken } from './parties';
