import {
  hasErrors,
  outline,
  outlineText,
  verify,
  type Flow,
  type Step,
  type Trigger,
} from '../../src/dsl';
import { exampleFlows, purchaseFlow, purchaseOutline } from './fixtures';

function flowOf(trigger: Trigger, steps: Step[]): Flow {
  return { name: 'corpus', description: '', version: 1, ownerTeam: 'ops', trigger, steps };
}

const request = (...fields: Extract<Trigger, { type: 'request' }>['fields']): Trigger => ({
  type: 'request',
  fields,
});

describe('outline', () => {
  it('prints the purchase example of OUTLINE.md exactly', () => {
    expect(outline(purchaseFlow)).toEqual(purchaseOutline);
    expect(outlineText(purchaseFlow)).toBe(purchaseOutline.join('\n'));
  });

  // Flows of the dev corpus (shared/eval/dev.jsonl), written in the DSL, with their gold outlines.
  const corpus: [string, Flow, string[]][] = [
    [
      'pto: if / else',
      flowOf(
        request(
          { name: 'start_date', type: 'date' },
          { name: 'end_date', type: 'date' },
          { name: 'reason', type: 'text' },
        ),
        [
          { type: 'approval', id: 'manager_ok', approvers: [{ type: 'manager' }], mode: 'any' },
          {
            type: 'if',
            id: 'outcome',
            condition: 'approved',
            then: [
              {
                type: 'notify',
                id: 'tell_all',
                to: [{ type: 'requester' }, { type: 'team', team: 'hr' }],
                message: 'Approved',
              },
            ],
            else: [
              { type: 'notify', id: 'tell_no', to: [{ type: 'requester' }], message: 'Declined' },
              { type: 'end', id: 'stop', status: 'rejected' },
            ],
          },
        ],
      ),
      [
        'trigger request',
        'field start_date date',
        'field end_date date',
        'field reason text',
        'approval any to=manager',
        'if approved',
        '  notify to=requester,team:hr',
        'else',
        '  notify to=requester',
        '  end rejected',
      ],
    ],
    [
      'tz-eastern: schedule with a time zone',
      flowOf({ type: 'schedule', cron: '0 16 * * FRI', timeZone: 'America/New_York' }, [
        {
          type: 'task',
          id: 'report',
          title: 'Send the pipeline report',
          assignee: { type: 'team', team: 'sales-ops' },
          due: { within: 'PT2H' },
        },
      ]),
      ['trigger schedule cron="0 16 * * FRI" tz=America/New_York', 'task to=team:sales-ops due=2h'],
    ],
    [
      'budget-quorum and sequence-chain',
      flowOf(request({ name: 'cost_center', type: 'text' }, { name: 'amount', type: 'money' }), [
        {
          type: 'approval',
          id: 'two',
          approvers: [{ type: 'team', team: 'finance' }],
          mode: 'quorum',
          quorum: 2,
        },
        {
          type: 'approval',
          id: 'chain',
          approvers: [
            { type: 'role', role: 'team-lead' },
            { type: 'role', role: 'department-head' },
          ],
          mode: 'sequence',
        },
      ]),
      [
        'trigger request',
        'field cost_center text',
        'field amount money',
        'approval quorum:2 to=team:finance',
        'approval sequence to=role:team-lead,role:department-head',
      ],
    ],
    [
      'compliance-urgent and remind-then-escalate',
      flowOf(request(), [
        { type: 'set', id: 'urgent', priority: 'urgent' },
        {
          type: 'notify',
          id: 'tell',
          to: [{ type: 'team', team: 'compliance' }],
          message: 'New update',
        },
        {
          type: 'approval',
          id: 'officer',
          approvers: [{ type: 'role', role: 'procurement-manager' }],
          mode: 'any',
          remindEvery: 'P1D',
          timeout: {
            after: 'P3D',
            then: { type: 'escalate', to: { type: 'role', role: 'procurement-director' } },
          },
        },
      ]),
      [
        'trigger request',
        'set priority=urgent',
        'notify to=team:compliance',
        'approval any to=role:procurement-manager remind=1d timeout=3d then=escalate:role:procurement-director',
      ],
    ],
    [
      'new-hire-parallel',
      flowOf(request({ name: 'start_date', type: 'date' }, { name: 'role', type: 'text' }), [
        {
          type: 'parallel',
          id: 'prepare',
          branches: [
            {
              steps: [
                {
                  type: 'task',
                  id: 'laptop',
                  title: 'Laptop',
                  assignee: { type: 'team', team: 'it' },
                },
              ],
            },
            {
              steps: [
                {
                  type: 'task',
                  id: 'desk',
                  title: 'Desk',
                  assignee: { type: 'team', team: 'facilities' },
                },
              ],
            },
          ],
        },
        {
          type: 'notify',
          id: 'tell',
          to: [{ type: 'role', role: 'hiring-manager' }],
          message: 'Ready',
        },
      ]),
      [
        'trigger request',
        'field start_date date',
        'field role text',
        'parallel',
        '  branch',
        '    task to=team:it',
        '  branch',
        '    task to=team:facilities',
        'notify to=role:hiring-manager',
      ],
    ],
    [
      'signed-contract-event and wait-follow-up',
      flowOf(request(), [
        { type: 'wait', id: 'cool_off', for: { type: 'duration', duration: 'P3D' } },
        {
          type: 'wait',
          id: 'signed',
          for: { type: 'event', event: 'signed-contract', timeout: 'P10D' },
        },
        {
          type: 'if',
          id: 'late',
          condition: 'timed_out',
          then: [
            {
              type: 'notify',
              id: 'tell',
              to: [{ type: 'role', role: 'account-manager' }],
              message: 'Late',
            },
          ],
        },
      ]),
      [
        'trigger request',
        'wait 3d',
        'wait event=signed-contract timeout=10d',
        'if timed_out',
        '  notify to=role:account-manager',
      ],
    ],
    [
      'set-fields and optional-field',
      flowOf(
        request(
          { name: 'summary', type: 'text' },
          { name: 'severity', type: 'choice', options: ['low', 'medium', 'high'] },
          { name: 'reference_link', type: 'url', optional: true },
        ),
        [
          { type: 'set', id: 'triage', status: 'triage' },
          { type: 'task', id: 'qa', title: 'Triage', assignee: { type: 'team', team: 'qa' } },
        ],
      ),
      [
        'trigger request',
        'field summary text',
        'field severity choice',
        'field reference_link url optional',
        'set status=triage',
        'task to=team:qa',
      ],
    ],
    [
      'handoff-sales-onboarding, auto-approve-timeout and auto-reject-timeout',
      flowOf(request({ name: 'discount_percent', type: 'number' }), [
        {
          type: 'handoff',
          id: 'to_onboarding',
          to: { type: 'team', team: 'onboarding' },
          accept: {
            within: 'P1D',
            then: { type: 'reassign', to: { type: 'role', role: 'sales-manager' } },
          },
        },
        {
          type: 'approval',
          id: 'head',
          approvers: [{ type: 'role', role: 'department-head' }],
          mode: 'any',
          timeout: { after: 'P5D', then: { type: 'approve' } },
        },
        {
          type: 'if',
          id: 'big_discount',
          condition: 'discount_percent > 30',
          then: [
            {
              type: 'approval',
              id: 'director',
              approvers: [{ type: 'role', role: 'sales-director' }],
              mode: 'any',
              timeout: { after: 'PT48H', then: { type: 'reject' } },
            },
          ],
        },
      ]),
      [
        'trigger request',
        'field discount_percent number',
        'handoff to=team:onboarding accept=1d then=reassign:role:sales-manager',
        'approval any to=role:department-head timeout=5d then=approve',
        'if discount_percent > 30',
        '  approval any to=role:sales-director timeout=2d then=reject',
      ],
    ],
    [
      'person-email, reminder-loop, repeat-until and end-cancelled',
      flowOf({ type: 'manual' }, [
        {
          type: 'notify',
          id: 'summary',
          to: [{ type: 'person', email: 'ops-lead@example.com' }],
          message: 'Overnight alerts',
        },
        {
          type: 'task',
          id: 'questionnaire',
          title: 'Fill in',
          assignee: { type: 'requester' },
          remindEvery: 'P5D',
        },
        {
          type: 'repeat',
          id: 'hourly',
          every: 'PT1H',
          until: 'status == "resolved"',
          maxIterations: 72,
          steps: [
            {
              type: 'notify',
              id: 'ping',
              to: [{ type: 'role', role: 'incident-commander' }],
              message: 'Open',
            },
          ],
        },
        { type: 'set', id: 'cancel_it', status: 'cancelled' },
        { type: 'end', id: 'stop', status: 'cancelled' },
      ]),
      [
        'trigger manual',
        'notify to=person:ops-lead@example.com',
        'task to=requester remind=5d',
        'repeat every=1h until status == resolved',
        '  notify to=role:incident-commander',
        'set status=cancelled',
        'end cancelled',
      ],
    ],
  ];

  it.each(corpus)('prints %s line by line', (_label, flow, expected) => {
    const lines = outline(flow);
    expected.forEach((line, index) => expect(lines[index]).toBe(line));
    expect(lines).toHaveLength(expected.length);
    expect(hasErrors(verify(flow))).toBe(false);
  });

  it('prints the constructs the outline format has no line for in the same style', () => {
    const flow: Flow = {
      ...flowOf({ type: 'schedule', every: 'P1W' }, [
        { type: 'wait', id: 'until_date', for: { type: 'date', at: '2025-09-01' } },
        { type: 'call', id: 'post', method: 'POST', destination: 'crm' },
        { type: 'subflow', id: 'child', flow: 'vendor-onboarding', wait: true },
        { type: 'subflow', id: 'fire', flow: 'audit-log', wait: false },
        {
          type: 'task',
          id: 'chase',
          title: 'Chase',
          assignee: { type: 'team', team: 'ops' },
          due: {
            within: '2bd',
            then: {
              type: 'notify',
              to: [
                { type: 'role', role: 'lead' },
                { type: 'team', team: 'ops' },
              ],
            },
          },
        },
        { type: 'set', id: 'note', fields: { comment: 'two words', count: 3, flag: true } },
      ]),
      deadline: { within: 'P30D', then: { type: 'cancel' } },
    };
    expect(outline(flow)).toEqual([
      'trigger schedule every=1w',
      'deadline 30d then=cancel',
      'wait until=2025-09-01',
      'call POST crm',
      'subflow vendor-onboarding wait',
      'subflow audit-log',
      'task to=team:ops due=2bd then=notify:role:lead,team:ops',
      'set comment="two words" count=3 flag=true',
    ]);
  });

  it('prints a wait for a date field and nested if / else inside a repeat with two-space steps', () => {
    const flow = flowOf(
      request({ name: 'go_live', type: 'date' }, { name: 'amount', type: 'money' }),
      [
        {
          type: 'repeat',
          id: 'loop',
          every: 'P1D',
          until: 'amount>=5 and(not approved)',
          maxIterations: 3,
          steps: [
            {
              type: 'if',
              id: 'branch',
              condition: 'amount < 5',
              then: [{ type: 'wait', id: 'until_live', for: { type: 'field', field: 'go_live' } }],
              else: [{ type: 'approval', id: 'ok', approvers: [{ type: 'manager' }], mode: 'all' }],
            },
          ],
        },
      ],
    );
    expect(outline(flow)).toEqual([
      'trigger request',
      'field go_live date',
      'field amount money',
      'repeat every=1d until amount >= 5 and not approved',
      '  if amount < 5',
      '    wait until=go_live',
      '  else',
      '    approval all to=manager',
    ]);
  });

  it('prints a cron expression with single spaces between its fields', () => {
    const flow = flowOf({ type: 'schedule', cron: ' 0  9 * *   MON ' }, [
      { type: 'notify', id: 'n', to: [{ type: 'team', team: 'ops' }], message: 'Monday' },
    ]);
    expect(outline(flow)[0]).toBe('trigger schedule cron="0 9 * * MON"');
  });

  it('prints every example flow with one line per node', () => {
    for (const flow of Object.values(exampleFlows)) {
      for (const line of outline(flow)) expect(line).toMatch(/^( {2})*[a-z]+( \S.*)?$/);
    }
  });
});
