import { explain, type Flow } from '../../src/dsl';
import { onboardingFlow, purchaseFlow, requestFlow, weeklyReviewFlow } from './fixtures';

describe('explain', () => {
  it('describes the purchase example line by line, with every time limit and escalation', () => {
    expect(explain(purchaseFlow)).toEqual([
      'Flow "purchase-approval" (version 1), owned by the finance team.',
      'Purchase requests: manager approval, CFO above $10,000, then procurement.',
      'Runs start when a request comes in with: vendor (text); amount (money, USD); justification (text).',
      "1. Approval by the requester's manager: the first decision wins. If there is no decision within 2 days, escalate to the finance director.",
      '2. If amount is more than 10000:',
      '   2.1. Approval by the CFO: the first decision wins.',
      '3. If it was rejected:',
      '   3.1. Notify the requester: "Your purchase from {{vendor}} was rejected."',
      '   3.2. End the flow as rejected.',
      '4. Hand the item over to the procurement team (round-robin), who must accept it within 1 business day.',
    ]);
  });

  it('says the watcher may rebalance a flow that allows it', () => {
    const line =
      'The watcher may move team work from a member who is away or over capacity to the least loaded available member.';
    expect(explain({ ...purchaseFlow, rebalance: true })).toContain(line);
    expect(explain(purchaseFlow)).not.toContain(line);
  });

  it('numbers parallel branches and the else arm of a condition', () => {
    const lines = explain(onboardingFlow);
    expect(lines).toContain(
      '1. At the same time, in 2 branches (the flow goes on when all have finished):',
    );
    expect(lines.filter((line) => /^ {3}1\.\d\. Branch/.test(line))).toHaveLength(2);
    expect(lines.some((line) => /^ {6}1\.1\.1\. /.test(line))).toBe(true);
  });

  it('says what happens on every kind of time limit', () => {
    const flow = requestFlow([
      {
        type: 'task',
        id: 'review',
        title: 'Review',
        assignee: { type: 'team', team: 'it-ops', assignment: 'round_robin' },
        due: {
          within: 'PT8H',
          then: { type: 'reassign', to: { type: 'role', role: 'it-manager' } },
        },
        remindEvery: 'PT2H',
      },
      {
        type: 'approval',
        id: 'sign_off',
        approvers: [{ type: 'team', team: 'finance' }],
        mode: 'quorum',
        quorum: 2,
        timeout: { after: '2bd', then: { type: 'approve' } },
      },
      {
        type: 'if',
        id: 'late',
        condition: 'timed_out',
        then: [{ type: 'end', id: 'stop', status: 'cancelled' }],
        else: [
          {
            type: 'handoff',
            id: 'pass_on',
            to: { type: 'role', role: 'sales-manager' },
            accept: { within: 'P1D', then: { type: 'cancel' } },
          },
        ],
      },
      {
        type: 'wait',
        id: 'signature',
        for: { type: 'event', event: 'signed-contract', timeout: 'P10D' },
      },
    ]);
    expect(explain(flow).slice(-7)).toEqual([
      '1. The IT ops team (round-robin): task "Review". Due within 8 hours; if it is overdue, reassign to the IT manager. Reminder every 2 hours until done.',
      '2. Approval by the finance team: 2 approvals are needed. If there is no decision within 2 business days, approve automatically.',
      '3. If it timed out:',
      '   3.1. End the flow as cancelled.',
      '   Otherwise:',
      '   3.2. Hand the item over to the sales manager, who must accept it within 1 day; otherwise cancel the run.',
      '4. Wait for the event "signed-contract" for at most 1 week 3 days; after that it counts as timed out and the flow goes on.',
    ]);
  });

  it('reads a schedule in words, with its zone and overlap policy', () => {
    expect(explain(weeklyReviewFlow)[2]).toBe(
      'Runs start on a schedule: every Monday at 09:00 (Europe/London), from 2025-01-06T00:00:00Z until 2026-01-05T00:00:00Z. If the previous run is still going: skip.',
    );
    const quarterly: Flow = {
      ...weeklyReviewFlow,
      trigger: { type: 'schedule', cron: '0 9 1 1,4,7,10 *', timeZone: 'Europe/London' },
    };
    expect(explain(quarterly)[2]).toContain(
      'on day 1 of January, April, July and October at 09:00 (Europe/London)',
    );
  });

  it("reads a schedule in the trigger's zone even when the flow names another", () => {
    const flow: Flow = {
      ...weeklyReviewFlow,
      timeZone: 'Asia/Tokyo',
      trigger: { type: 'schedule', cron: '0 9 * * 1', timeZone: 'Europe/London' },
    };
    expect(explain(flow)[2]).toContain('every Monday at 09:00 (Europe/London)');
  });

  it('says how late a missed start may still happen when the schedule has a catch-up window', () => {
    const hourly: Flow = {
      ...weeklyReviewFlow,
      trigger: { type: 'schedule', every: 'PT1H', catchUpWindow: 'PT30M', overlap: 'buffer_one' },
    };
    expect(explain(hourly)[2]).toBe(
      'Runs start on a schedule: every 1 hour (UTC). If the previous run is still going: buffer one. A start missed while the service was down still happens up to 30 minutes late.',
    );
  });
});
