import { z } from 'zod';
import { FlowStatus } from '../flow-status';
import { stepBase } from './step-base';

/** How a flow can end. */
export const EndStatus = z.enum([FlowStatus.completed, FlowStatus.rejected, FlowStatus.cancelled]);
export type EndStatus = z.infer<typeof EndStatus>;

/** Ends the flow with a status. */
export const EndStep = z.strictObject({ type: z.literal('end'), ...stepBase, status: EndStatus });
export type EndStep = z.infer<typeof EndStep>;
