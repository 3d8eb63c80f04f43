import { z } from 'zod';
import { OverlapPolicy } from '../../../dsl';
import type { ErrorCode } from '../../errors';
import { ScheduleNoteRequest } from '../../schedules';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

/** The errors of every route that finds a flow's schedule. */
const SCHEDULE_ERRORS: ErrorCode[] = [
  ...SIGNED_IN_ERRORS,
  'flow_not_found',
  'no_schedule_trigger',
  'schedule_not_found',
  'temporal_unavailable',
];

const params = z.strictObject({ name: z.string().max(64).describe("the flow's name") });

/** A flow's schedule as the API shows it (`FlowScheduleView`). */
export const FlowScheduleViewSchema = z.strictObject({
  id: z.string().describe('the Temporal Schedule id, `flow-schedule:<flow>`'),
  flow: z.string(),
  version: z.int().nullable().describe('the version scheduled runs start with'),
  paused: z.boolean(),
  note: z.string().nullable(),
  spec: z.strictObject({
    cron: z.string().optional(),
    every: z.string().optional(),
    summary: z.string().describe('the spec in words'),
  }),
  timeZone: z.string(),
  overlap: OverlapPolicy,
  catchUpWindow: z.string().describe('an ISO 8601 duration'),
  nextActionTimes: z.array(Instant),
  recentActions: z.array(
    z.strictObject({ scheduledAt: Instant, takenAt: Instant, workflowId: z.string() }),
  ),
  runningWorkflowIds: z.array(z.string()),
  actionsTaken: z.int().nonnegative(),
});

const scheduleExample = {
  id: 'flow-schedule:month-end-close',
  flow: 'month-end-close',
  version: 3,
  paused: true,
  note: 'quarter close',
  spec: { cron: '0 9 1 * *', summary: 'on day 1 of every month at 09:00' },
  timeZone: 'Europe/London',
  overlap: 'skip',
  catchUpWindow: 'PT1H',
  nextActionTimes: ['2025-04-01T08:00:00.000Z', '2025-05-01T08:00:00.000Z'],
  recentActions: [
    {
      scheduledAt: '2025-03-01T09:00:00.000Z',
      takenAt: '2025-03-01T09:00:00.212Z',
      workflowId: 'scheduled-run:month-end-close-2025-03-01T09:00:00Z',
    },
  ],
  runningWorkflowIds: [],
  actionsTaken: 5,
};

/** What a trigger did, when it refused or started a run (`TriggerResult`). */
const triggerResult = (outcome: z.ZodType<string>, workflowId: z.ZodType<string | null>) =>
  z.strictObject({ schedule: z.string(), overlap: OverlapPolicy, outcome, workflowId });

/** A list of schedule ids. */
const ScheduleIds = z.array(z.string());

/** Pausing and resuming take an optional note. */
const noteRoute = (action: 'pause' | 'resume', summary: string, note: string): RouteDoc => ({
  method: 'post',
  path: `/flows/:name/schedule/${action}`,
  tag: 'Schedules',
  summary,
  access: 'author',
  description: "Admins, or the author who created the flow. The note is shown as the schedule's.",
  params,
  body: ScheduleNoteRequest,
  bodyExample: { note },
  responses: {
    200: {
      description: 'The schedule as changed',
      schema: FlowScheduleViewSchema,
      example: { ...scheduleExample, paused: action === 'pause', note },
    },
  },
  errors: [...SCHEDULE_ERRORS, 'forbidden', ...BODY_ERRORS],
});

/** The Temporal Schedules of flows with a schedule trigger. */
export const scheduleRoutes: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/flows/:name/schedule',
    tag: 'Schedules',
    summary: "Show a flow's schedule: its spec, whether it is paused, its next and recent runs",
    access: 'member',
    params,
    responses: {
      200: {
        description: 'The schedule',
        schema: FlowScheduleViewSchema,
        example: scheduleExample,
      },
    },
    errors: SCHEDULE_ERRORS,
  },
  noteRoute('pause', "Pause a flow's schedule: it starts no runs until resumed", 'quarter close'),
  noteRoute('resume', "Resume a flow's paused schedule", 'books closed'),
  {
    method: 'post',
    path: '/flows/:name/schedule/trigger',
    tag: 'Schedules',
    summary: 'Start a run of a scheduled flow now, under its overlap policy',
    description:
      'Admins, or the author who created the flow. 202 when the schedule started a run (`started`) or showed nothing within 5 seconds (`pending`); 200 when the overlap policy skipped it.',
    access: 'author',
    params,
    responses: {
      200: {
        description: 'Skipped: a run is still open and the overlap policy is `skip`',
        schema: triggerResult(z.literal('skipped'), z.null()),
        example: {
          schedule: 'flow-schedule:month-end-close',
          overlap: 'skip',
          outcome: 'skipped',
          workflowId: null,
        },
      },
      202: {
        description: 'Started (with the new run’s id), or pending',
        schema: triggerResult(z.enum(['started', 'pending']), z.string().nullable()),
        example: {
          schedule: 'flow-schedule:month-end-close',
          overlap: 'skip',
          outcome: 'started',
          workflowId: 'scheduled-run:month-end-close-2025-03-06T10:12:44Z',
        },
      },
    },
    errors: [...SCHEDULE_ERRORS, 'forbidden'],
  },
  {
    method: 'delete',
    path: '/flows/:name/schedule',
    tag: 'Schedules',
    summary: "Delete a flow's schedule until its next scheduled deploy or reconciliation",
    description: 'Admins, or the author who created the flow.',
    access: 'author',
    params,
    responses: { 204: { description: 'Deleted' } },
    errors: [...SCHEDULE_ERRORS, 'forbidden'],
  },
  {
    method: 'post',
    path: '/schedules/reconcile',
    tag: 'Schedules',
    summary: "Make every flow's schedule match its latest version, and delete orphaned ones",
    access: 'admin',
    responses: {
      200: {
        description: 'What changed: counts, and the schedule ids by change',
        schema: z.strictObject({
          created: z.int().nonnegative(),
          updated: z.int().nonnegative(),
          deleted: z.int().nonnegative(),
          unchanged: z.int().nonnegative(),
          failed: z.int().nonnegative(),
          schedules: z.strictObject({
            created: ScheduleIds,
            updated: ScheduleIds,
            deleted: ScheduleIds,
            unchanged: ScheduleIds,
            failed: z
              .array(z.strictObject({ flow: z.string(), error: z.string() }))
              .describe('flows whose latest version could not be read or scheduled, and why'),
          }),
        }),
        example: {
          created: 1,
          updated: 0,
          deleted: 1,
          unchanged: 2,
          failed: 0,
          schedules: {
            created: ['flow-schedule:weekly-report'],
            updated: [],
            deleted: ['flow-schedule:retired-flow'],
            unchanged: ['flow-schedule:month-end-close', 'flow-schedule:daily-standup'],
            failed: [],
          },
        },
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'temporal_unavailable'],
  },
];
