// The flow DSL: schemas, parsing, verification, expressions, durations and the outline.
// Safe to import from Temporal workflow code: it depends on zod alone.

export { FlowStatus } from './flow-status';

export * from './names';
export * from './date-time';
export * from './duration';
export * from './party';
export * from './action';
export * from './intake-field';
export * from './trigger';
export { Span } from './steps/step-base';
export * from './steps/task-step';
export * from './steps/approval-step';
export * from './steps/handoff-step';
export * from './steps/notify-step';
export * from './steps/set-step';
export * from './steps/wait-step';
export * from './steps/call-step';
export * from './steps/subflow-step';
export * from './steps/end-step';
export * from './steps/step';
export * from './flow';
export * from './json-schema';

export * from './issue';
export * from './parse-flow';
export * from './safe-text';
export * from './verify/codes';
export type { VerifyOptions } from './verify/options';
export { verify, verifyFlow } from './verify/verify';

export * from './expression/ast';
export { tokenize, type Token, type TokenKind, type TokenizeResult } from './expression/tokenizer';
export * from './expression/parser';
export * from './expression/type-check';
export * from './expression/evaluate';
export * from './expression/format';

export * from './template';
export * from './cron';
export * from './time-zone';
export * from './business-days';
export * from './walk-steps';
export * from './outline';
export * from './describe';
export * from './explain';
export * from './diagram';
