import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Flow, ScheduleTrigger } from '../../src/dsl';
import {
  DEFAULT_SCHEDULE_REQUESTER,
  scheduleIdOf,
  scheduleOptionsFor,
  UnschedulableFlowError,
} from '../../src/schedules/schedule-options';
import { FlowNameKey, FlowVersionKey } from '../../src/workflows/search-attributes';

const settings = { taskQueue: 'q', requester: DEFAULT_SCHEDULE_REQUESTER };

function scheduled(trigger: Omit<ScheduleTrigger, 'type'>, timeZone?: string): Flow {
  return {
    name: 'daily-report',
    description: 'the daily report',
    version: 4,
    ownerTeam: 'ops',
    ...(timeZone ? { timeZone } : {}),
    trigger: { type: 'schedule', ...trigger },
    steps: [{ type: 'set', id: 'mark', status: 'done' }],
  };
}

describe('the Temporal Schedule of a flow version', () => {
  it('starts flowRunWorkflow with this version, the system requester and its search attributes', () => {
    const options = scheduleOptionsFor(scheduled({ every: 'PT2S' }), settings);
    expect(options.scheduleId).toBe(scheduleIdOf('daily-report'));
    expect(options.spec).toEqual({ intervals: [{ every: 2000 }], timezone: 'UTC' });
    expect(options.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'flowRunWorkflow',
      workflowId: 'scheduled-run:daily-report',
      taskQueue: 'q',
      args: [
        {
          flow: expect.objectContaining({ version: 4 }) as unknown,
          requester: 'scheduler@plainflow.local',
          fields: {},
        },
      ],
      staticSummary: 'daily-report v4: daily-report (scheduled)',
    });
    expect(options.action.typedSearchAttributes).toEqual(
      expect.arrayContaining([
        { key: FlowNameKey, value: 'daily-report' },
        { key: FlowVersionKey, value: '4' },
      ]),
    );
  });

  it('defaults to skipping overlaps with a one-hour catch-up window', () => {
    const { policies } = scheduleOptionsFor(scheduled({ cron: '0 9 * * *' }), settings);
    expect(policies).toEqual({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 3_600_000 });
  });

  it('maps cron, zone, window, overlap and catch-up window', () => {
    const options = scheduleOptionsFor(
      scheduled({
        cron: ' 30 9 * * MON-FRI ',
        timeZone: 'Europe/Berlin',
        start: '2030-01-01T00:00:00Z',
        end: '2031-01-01T00:00:00Z',
        overlap: 'terminate_other',
        catchUpWindow: 'PT10M',
      }),
      settings,
    );
    expect(options.spec).toEqual({
      cronExpressions: ['30 9 * * MON-FRI'],
      timezone: 'Europe/Berlin',
      startAt: new Date('2030-01-01T00:00:00Z'),
      endAt: new Date('2031-01-01T00:00:00Z'),
    });
    expect(options.policies).toEqual({
      overlap: ScheduleOverlapPolicy.TERMINATE_OTHER,
      catchupWindow: 600_000,
    });
  });

  it("reads times in the flow's zone when the trigger names none", () => {
    const options = scheduleOptionsFor(scheduled({ cron: '0 9 * * *' }, 'Asia/Tokyo'), settings);
    expect(options.spec.timezone).toBe('Asia/Tokyo');
  });

  it('refuses a business-day interval and a flow without a schedule trigger', () => {
    expect(() => scheduleOptionsFor(scheduled({ every: '1bd' }), settings)).toThrow(
      new UnschedulableFlowError(
        'the interval "1bd" has no fixed length; business days cannot be a schedule interval (use cron, e.g. "0 9 * * 1-5")',
      ),
    );
    const manual: Flow = { ...scheduled({ every: 'PT1H' }), trigger: { type: 'manual' } };
    expect(() => scheduleOptionsFor(manual, settings)).toThrow(/has no schedule trigger/);
  });
});
