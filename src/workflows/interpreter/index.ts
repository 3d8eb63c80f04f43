export { flowRunWorkflow, type FlowRunInput } from './flow-run-workflow';
export {
  acceptHandoffUpdate,
  completeTaskUpdate,
  decideUpdate,
  eventSignal,
  stateQuery,
  type AcceptHandoffRequest,
  type CompleteTaskRequest,
  type DecideRequest,
  type FieldValue,
  type FlowEvent,
} from './messages';
export type { CurrentStep, DecisionRecord, FlowRunState } from './run-state';
export { mayActFor, partyToken } from './parties';
export { SUPPORTED_STEP_TYPES } from './run-steps';
