import { z } from 'zod';
import { DeadlineAction } from './action';
import { Duration } from './duration';
import { Slug } from './names';
import { Step } from './steps/step';
import { Trigger } from './trigger';

/** A named base URL that `call` steps may reach; the flow's own part of the allow-list. */
export const Destination = z.strictObject({
  name: Slug,
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s?#]*)?$/, {
      error: 'a destination URL is http(s)://host[:port][/path], without query or fragment',
    }),
});
export type Destination = z.infer<typeof Destination>;

/** A limit on the whole run, from its start. */
export const FlowDeadline = z.strictObject({
  within: Duration,
  then: DeadlineAction.optional().describe('default: cancel the run'),
});
export type FlowDeadline = z.infer<typeof FlowDeadline>;

/** A flow definition: the header, how runs start, and the steps they go through. */
export const Flow = z
  .strictObject({
    name: Slug.describe('the flow name, e.g. "purchase-approval"'),
    description: z.string().max(5000),
    version: z.int().min(1),
    ownerTeam: Slug.describe('the team that owns the flow'),
    trigger: Trigger,
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('IANA zone for business days and dates; default: the schedule zone, else UTC'),
    deadline: FlowDeadline.optional(),
    destinations: z.array(Destination).max(50).optional(),
    rebalance: z
      .boolean()
      .optional()
      .describe(
        'the watcher may move team work from a member away or over capacity to the least loaded available one; default false',
      ),
    steps: z.array(Step).min(1).max(500),
  })
  .describe('A Plainflow flow definition');
export type Flow = z.infer<typeof Flow>;

/** The zone a flow's business days and bare dates are read in. */
export function flowTimeZone(flow: Flow): string {
  if (flow.timeZone) return flow.timeZone;
  if (flow.trigger.type === 'schedule' && flow.trigger.timeZone) return flow.trigger.timeZone;
  return 'UTC';
}
