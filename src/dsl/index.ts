export { FlowStatus } from './flow-status';
