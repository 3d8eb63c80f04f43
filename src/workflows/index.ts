export { intakeWorkflow, runStateQuery, INTAKE_FLOW_NAME } from './intake-workflow';
export type { IntakeInput, RunState } from './intake-workflow';
export * from './interpreter';
export { watchWorkflow } from './watch-workflow';
