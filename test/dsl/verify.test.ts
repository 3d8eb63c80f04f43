import {
  hasErrors,
  verify,
  VerifyCode,
  type Flow,
  type Issue,
  type Step,
  type VerifyOptions,
} from '../../src/dsl';
import { exampleFlows, requestFlow } from './fixtures';

const end = (id = 'done'): Step => ({ type: 'end', id, status: 'completed' });
const notify = (id: string, message = 'hello'): Step => ({
  type: 'notify',
  id,
  to: [{ type: 'requester' }],
  message,
});
const approval = (id: string, extra: Partial<Extract<Step, { type: 'approval' }>> = {}): Step => ({
  type: 'approval',
  id,
  approvers: [{ type: 'role', role: 'cfo' }],
  mode: 'any',
  ...extra,
});
const task = (id: string, extra: Partial<Extract<Step, { type: 'task' }>> = {}): Step => ({
  type: 'task',
  id,
  title: 'Work',
  assignee: { type: 'team', team: 'ops' },
  ...extra,
});
const ifStep = (
  id: string,
  condition: string,
  then: Step[] = [notify(`${id}_then`)],
  otherwise?: Step[],
): Step => ({
  type: 'if',
  id,
  condition,
  then,
  ...(otherwise ? { else: otherwise } : {}),
});

const scheduled = (
  steps: Step[],
  extra: Partial<Extract<Flow['trigger'], { type: 'schedule' }>> = {},
): Flow => ({
  ...requestFlow(steps),
  trigger: { type: 'schedule', cron: '0 9 * * MON', ...extra },
});

/** The issues with `code`, as [path, severity] pairs. */
function found(flow: unknown, code: string, options?: VerifyOptions): [string, string][] {
  return verify(flow, options)
    .filter((issue) => issue.code === code)
    .map((issue) => [issue.path, issue.severity]);
}

function only(flow: unknown, options?: VerifyOptions): Issue[] {
  return verify(flow, options);
}

describe('verify on clean flows', () => {
  it.each(Object.entries(exampleFlows))(
    'finds nothing wrong with the %s example',
    (_name, flow) => {
      expect(verify(flow)).toEqual([]);
    },
  );

  it('reports schema errors first, for any JSON', () => {
    expect(verify({ name: 1 })[0]).toMatchObject({ code: 'schema-invalid-type', path: '$.name' });
    expect(hasErrors(verify('not a flow'))).toBe(true);
  });
});

describe('declarations', () => {
  it('reports a duplicate step id at the second one, nested or not', () => {
    const flow = requestFlow([notify('same'), ifStep('check', 'urgent', [notify('same')])]);
    expect(found(flow, VerifyCode.duplicateStepId)).toEqual([['$.steps[1].then[0].id', 'error']]);
  });

  it('reports a form field that repeats an intake field', () => {
    const flow = requestFlow([task('review', { form: [{ name: 'vendor', type: 'text' }] })]);
    expect(found(flow, VerifyCode.duplicateField)).toEqual([['$.steps[0].form[0].name', 'error']]);
  });

  it('reports field names that are built in or keywords of conditions', () => {
    const flow: Flow = {
      ...requestFlow([end()]),
      trigger: {
        type: 'request',
        fields: [
          { name: 'status', type: 'text' },
          { name: 'approved', type: 'boolean' },
        ],
      },
    };
    expect(found(flow, VerifyCode.reservedFieldName)).toEqual([
      ['$.trigger.fields[0].name', 'error'],
      ['$.trigger.fields[1].name', 'error'],
    ]);
  });

  it('reports a choice option listed twice', () => {
    const flow: Flow = {
      ...requestFlow([end()]),
      trigger: {
        type: 'request',
        fields: [{ name: 'size', type: 'choice', options: ['s', 'm', 's'] }],
      },
    };
    expect(found(flow, VerifyCode.duplicateOption)).toEqual([
      ['$.trigger.fields[0].options[2]', 'error'],
    ]);
  });
});

describe('fields and steps referred to', () => {
  it('reports an unknown field in a condition, with its position', () => {
    const issues = only(requestFlow([ifStep('check', 'urgent and budget > 5')]));
    expect(issues).toEqual([
      expect.objectContaining({
        code: VerifyCode.unknownField,
        path: '$.steps[0].condition',
        position: 11,
      }),
    ]);
  });

  it('reports an unknown field in set and in wait', () => {
    const flow = requestFlow([
      { type: 'set', id: 'write', fields: { budget: 1 } },
      { type: 'wait', id: 'until_due', for: { type: 'field', field: 'due_on' } },
    ]);
    expect(found(flow, VerifyCode.unknownField)).toEqual([
      ['$.steps[0].fields.budget', 'error'],
      ['$.steps[1].for.field', 'error'],
    ]);
  });

  it('reports a field used before the task whose form fills it in', () => {
    const flow = requestFlow([
      ifStep('check', 'risk_score > 5'),
      task('assess', { form: [{ name: 'risk_score', type: 'number' }] }),
      ifStep('after', 'risk_score > 5'),
    ]);
    expect(found(flow, VerifyCode.fieldUnavailable)).toEqual([['$.steps[0].condition', 'error']]);
  });

  it('reports a wait on a field that is not a date', () => {
    const flow = requestFlow([{ type: 'wait', id: 'w', for: { type: 'field', field: 'vendor' } }]);
    expect(found(flow, VerifyCode.fieldNotDate)).toEqual([['$.steps[0].for.field', 'error']]);
  });

  it('reports set values that do not fit the field', () => {
    const flow = requestFlow([
      {
        type: 'set',
        id: 'write',
        fields: {
          amount: 'lots',
          severity: 'critical',
          vendor: null,
          contact: 'nobody',
          count: null,
        },
      },
    ]);
    expect(found(flow, VerifyCode.setTypeMismatch)).toEqual([
      ['$.steps[0].fields.amount', 'error'],
      ['$.steps[0].fields.severity', 'error'],
      ['$.steps[0].fields.vendor', 'error'],
      ['$.steps[0].fields.contact', 'error'],
    ]);
  });

  it('reports an outcome of an unknown step', () => {
    const flow = requestFlow([approval('ask'), ifStep('check', 'ask.approved or nope.rejected')]);
    expect(only(flow)).toEqual([
      expect.objectContaining({
        code: VerifyCode.unknownStep,
        path: '$.steps[1].condition',
        position: 16,
      }),
    ]);
  });

  it('reports outcomes with no step that could have produced them', () => {
    expect(
      found(requestFlow([ifStep('check', 'approved')]), VerifyCode.outcomeUnavailable),
    ).toEqual([['$.steps[0].condition', 'error']]);
    const noLimit = requestFlow([approval('ask'), ifStep('check', 'timed_out')]);
    expect(found(noLimit, VerifyCode.outcomeUnavailable)).toEqual([
      ['$.steps[1].condition', 'error'],
    ]);
    const ofTask = requestFlow([task('work'), ifStep('check', 'work.approved')]);
    expect(found(ofTask, VerifyCode.outcomeUnavailable)).toEqual([
      ['$.steps[1].condition', 'error'],
    ]);
    const tooEarly = requestFlow([ifStep('check', 'ask.approved'), approval('ask')]);
    expect(found(tooEarly, VerifyCode.outcomeUnavailable)).toEqual([
      ['$.steps[0].condition', 'error'],
    ]);
  });

  it('accepts timed_out after a wait for an event with a timeout', () => {
    const flow = requestFlow([
      {
        type: 'wait',
        id: 'signed',
        for: { type: 'event', event: 'signed-contract', timeout: 'P10D' },
      },
      ifStep('late', 'timed_out and signed.timed_out'),
    ]);
    expect(verify(flow)).toEqual([]);
  });
});

describe('parties', () => {
  const directory = { roles: ['cfo'], teams: ['ops'], people: ['a@example.com'] };

  it('reports roles, teams and people missing from the directory', () => {
    const flow = requestFlow([
      approval('ask', {
        approvers: [
          { type: 'role', role: 'ceo' },
          { type: 'team', team: 'legal' },
          { type: 'person', email: 'b@example.com' },
          { type: 'role', role: 'cfo' },
        ],
        mode: 'all',
      }),
    ]);
    expect(found(flow, VerifyCode.unknownParty, { directory })).toEqual([
      ['$.steps[0].approvers[0]', 'error'],
      ['$.steps[0].approvers[1]', 'error'],
      ['$.steps[0].approvers[2]', 'error'],
    ]);
    expect(found(flow, VerifyCode.unknownParty)).toEqual([]);
  });

  it('reports the requester or manager in a scheduled flow, which has no requester', () => {
    const flow = scheduled([
      {
        type: 'notify',
        id: 'tell',
        to: [{ type: 'team', team: 'ops' }, { type: 'manager' }],
        message: 'hi',
      },
    ]);
    expect(found(flow, VerifyCode.requesterUnavailable)).toEqual([['$.steps[0].to[1]', 'error']]);
  });

  it('warns when "assignee" is used before anyone holds the item', () => {
    const flow = requestFlow([
      { type: 'notify', id: 'tell', to: [{ type: 'assignee' }], message: 'hi' },
      task('work'),
      { type: 'notify', id: 'tell_again', to: [{ type: 'assignee' }], message: 'hi' },
    ]);
    expect(found(flow, VerifyCode.assigneeUnset)).toEqual([['$.steps[0].to[0]', 'warning']]);
  });
});

describe('approvals', () => {
  it('reports mode quorum without a quorum, and a quorum with another mode', () => {
    expect(
      found(requestFlow([approval('ask', { mode: 'quorum' })]), VerifyCode.quorumMissing),
    ).toEqual([['$.steps[0].mode', 'error']]);
    expect(
      found(requestFlow([approval('ask', { quorum: 2 })]), VerifyCode.quorumUnexpected),
    ).toEqual([['$.steps[0].quorum', 'error']]);
  });

  it('reports a quorum larger than the individual approvers', () => {
    const people = [{ type: 'person', email: 'a@example.com' }, { type: 'manager' }] as const;
    const flow = requestFlow([
      approval('ask', { approvers: [...people], mode: 'quorum', quorum: 3 }),
    ]);
    expect(found(flow, VerifyCode.quorumTooLarge)).toEqual([['$.steps[0].quorum', 'error']]);
  });

  it('accepts a quorum larger than the list when a team can supply the approvals', () => {
    const flow = requestFlow([
      approval('ask', {
        approvers: [{ type: 'team', team: 'finance' }],
        mode: 'quorum',
        quorum: 2,
      }),
    ]);
    expect(verify(flow)).toEqual([]);
  });

  it('warns about an approver listed twice', () => {
    const flow = requestFlow([
      approval('ask', { approvers: [{ type: 'manager' }, { type: 'manager' }], mode: 'sequence' }),
    ]);
    expect(found(flow, VerifyCode.duplicateApprover)).toEqual([
      ['$.steps[0].approvers[1]', 'warning'],
    ]);
  });

  it('warns about reminders that never come before the timeout', () => {
    const flow = requestFlow([approval('ask', { remindEvery: 'P3D', timeout: { after: 'P2D' } })]);
    expect(found(flow, VerifyCode.reminderAfterLimit)).toEqual([
      ['$.steps[0].remindEvery', 'warning'],
    ]);
  });

  it('warns about rebalance on a flow without team work, and not with it', () => {
    const alone = {
      ...requestFlow([task('work', { assignee: { type: 'role', role: 'cfo' } })]),
      rebalance: true,
    };
    expect(found(alone, VerifyCode.rebalanceWithoutTeam)).toEqual([['$.rebalance', 'warning']]);
    const team = {
      ...requestFlow([task('work')]),
      rebalance: true,
    };
    expect(found(team, VerifyCode.rebalanceWithoutTeam)).toEqual([]);
  });

  it('warns about escalating to the party that already has the work', () => {
    const flow = requestFlow([
      approval('ask', {
        timeout: { after: 'P2D', then: { type: 'escalate', to: { type: 'role', role: 'cfo' } } },
      }),
    ]);
    expect(found(flow, VerifyCode.escalateToSameParty)).toEqual([
      ['$.steps[0].timeout.then.to', 'warning'],
    ]);
  });
});

describe('schedule and time zones', () => {
  it('reports an invalid cron expression', () => {
    expect(found(scheduled([end()], { cron: '0 25 * * *' }), VerifyCode.invalidCron)).toEqual([
      ['$.trigger.cron', 'error'],
    ]);
  });

  it('reports unknown IANA time zones on the schedule and on the flow', () => {
    const flow = { ...scheduled([end()], { timeZone: 'Eastern' }), timeZone: 'Mars/Base' };
    expect(found(flow, VerifyCode.unknownTimeZone)).toEqual([
      ['$.timeZone', 'error'],
      ['$.trigger.timeZone', 'error'],
    ]);
  });

  it('reports a schedule interval in business days, which has no fixed length', () => {
    const flow: Flow = { ...requestFlow([end()]), trigger: { type: 'schedule', every: '1bd' } };
    expect(found(flow, VerifyCode.intervalBusinessDays)).toEqual([['$.trigger.every', 'error']]);
  });

  it('reports a catch-up window shorter than 10 seconds or in business days', () => {
    for (const catchUpWindow of ['PT5S', '1bd']) {
      expect(found(scheduled([end()], { catchUpWindow }), VerifyCode.catchUpWindow)).toEqual([
        ['$.trigger.catchUpWindow', 'error'],
      ]);
    }
    expect(found(scheduled([end()], { catchUpWindow: 'PT10S' }), VerifyCode.catchUpWindow)).toEqual(
      [],
    );
  });

  it('reports a schedule that starts after it ends', () => {
    const flow = scheduled([end()], { start: '2025-06-01T00:00:00Z', end: '2025-01-01T00:00:00Z' });
    expect(found(flow, VerifyCode.scheduleWindow)).toEqual([['$.trigger.start', 'error']]);
  });
});

describe('conditions', () => {
  it('reports a condition that does not parse, with its position', () => {
    expect(only(requestFlow([ifStep('check', 'amount >> 5')]))).toEqual([
      expect.objectContaining({
        code: VerifyCode.expressionSyntax,
        path: '$.steps[0].condition',
        position: 8,
      }),
    ]);
  });

  it('reports a repeat whose until condition does not parse', () => {
    const flow = requestFlow([
      {
        type: 'repeat',
        id: 'loop',
        every: 'PT1H',
        until: 'status = "done"',
        maxIterations: 5,
        steps: [notify('n')],
      },
    ]);
    expect(found(flow, VerifyCode.expressionSyntax)).toEqual([['$.steps[0].until', 'error']]);
  });

  it('reports a condition of the wrong type', () => {
    expect(only(requestFlow([ifStep('check', 'amount > "10000"')]))).toEqual([
      expect.objectContaining({
        code: VerifyCode.expressionType,
        path: '$.steps[0].condition',
        position: 0,
      }),
    ]);
  });

  it('lets until see what the repeated steps filled in', () => {
    const flow = requestFlow([
      {
        type: 'repeat',
        id: 'chase',
        every: 'P1D',
        until: 'returned',
        maxIterations: 10,
        steps: [task('ask', { form: [{ name: 'returned', type: 'boolean' }] })],
      },
    ]);
    expect(verify(flow)).toEqual([]);
  });

  it('warns about a condition that is always the same', () => {
    expect(found(requestFlow([ifStep('check', 'true')]), VerifyCode.constantCondition)).toEqual([
      ['$.steps[0].condition', 'warning'],
    ]);
  });
});

describe('reachability', () => {
  it('reports the first step after an end in the same sequence', () => {
    const flow = requestFlow([notify('a'), end('stop'), notify('b'), notify('c')]);
    expect(found(flow, VerifyCode.unreachableStep)).toEqual([['$.steps[2]', 'error']]);
  });

  it('reports steps after an end inside a branch', () => {
    const flow = requestFlow([ifStep('check', 'urgent', [end('stop'), notify('after')])]);
    expect(found(flow, VerifyCode.unreachableStep)).toEqual([['$.steps[0].then[1]', 'error']]);
  });

  it('reports steps after an if whose arms both end, but not after one that may go on', () => {
    const both = requestFlow([ifStep('check', 'urgent', [end('a')], [end('b')]), notify('after')]);
    expect(found(both, VerifyCode.unreachableStep)).toEqual([['$.steps[1]', 'error']]);
    const one = requestFlow([ifStep('check', 'urgent', [end('a')]), notify('after')]);
    expect(found(one, VerifyCode.unreachableStep)).toEqual([]);
  });

  it('reports steps after a parallel step one of whose branches ends the flow', () => {
    const flow = requestFlow([
      { type: 'parallel', id: 'p', branches: [{ steps: [notify('a')] }, { steps: [end('stop')] }] },
      notify('after'),
    ]);
    expect(found(flow, VerifyCode.unreachableStep)).toEqual([['$.steps[1]', 'error']]);
  });
});

describe('calls, templates and subflows', () => {
  const call: Step = { type: 'call', id: 'post', method: 'POST', destination: 'crm' };

  it('reports a call to a destination that is not on the allow-list', () => {
    expect(found(requestFlow([call]), VerifyCode.unknownDestination)).toEqual([
      ['$.steps[0].destination', 'error'],
    ]);
  });

  it('accepts destinations from the options or declared by the flow', () => {
    expect(verify(requestFlow([call]), { destinations: ['crm'] })).toEqual([]);
    const declared = {
      ...requestFlow([call]),
      destinations: [{ name: 'crm', url: 'https://crm.example.com' }],
    };
    expect(verify(declared)).toEqual([]);
    expect(verify(declared, { allowedHosts: ['crm.example.com'] })).toEqual([]);
  });

  it('reports a declared destination whose host is not allowed, and one declared twice', () => {
    const flow = {
      ...requestFlow([call]),
      destinations: [
        { name: 'crm', url: 'https://evil.example.net/x' },
        { name: 'crm', url: 'https://crm.example.com' },
      ],
    };
    const options = { allowedHosts: ['crm.example.com'] };
    expect(found(flow, VerifyCode.destinationNotAllowed, options)).toEqual([
      ['$.destinations[0].url', 'error'],
    ]);
    expect(found(flow, VerifyCode.duplicateDestination, options)).toEqual([
      ['$.destinations[1].name', 'error'],
    ]);
  });

  it('reports placeholders naming unknown fields, with their position', () => {
    expect(only(requestFlow([notify('tell', 'Hi {{vendor}}, {{budget}} is low')]))).toEqual([
      expect.objectContaining({
        code: VerifyCode.unknownPlaceholder,
        path: '$.steps[0].message',
        position: 15,
      }),
    ]);
  });

  it('checks placeholders in call paths and payloads, actions and subflow input', () => {
    const flow = requestFlow([
      { ...call, path: '/x/{{nope}}', payload: '{"a": "{{Bad Name}}"}' },
      {
        type: 'subflow',
        id: 'child',
        flow: 'other',
        wait: false,
        input: { who: '{{ghost}}' },
      },
      task('work', {
        due: {
          within: 'P1D',
          then: { type: 'notify', to: [{ type: 'requester' }], message: '{{phantom}}' },
        },
      }),
    ]);
    const issues = verify(flow, { destinations: ['crm'] }).map((issue) => [issue.code, issue.path]);
    expect(issues).toEqual([
      [VerifyCode.unknownPlaceholder, '$.steps[0].path'],
      [VerifyCode.badPlaceholder, '$.steps[0].payload'],
      [VerifyCode.unknownPlaceholder, '$.steps[1].input.who'],
      [VerifyCode.unknownPlaceholder, '$.steps[2].due.then.message'],
    ]);
  });

  it('reports a subflow that is not a known flow, and warns when a flow starts itself', () => {
    const flow = requestFlow([
      { type: 'subflow', id: 'a', flow: 'missing', wait: true },
      { type: 'subflow', id: 'b', flow: 'test-flow', wait: false },
    ]);
    expect(found(flow, VerifyCode.unknownFlow, { knownFlows: ['test-flow'] })).toEqual([
      ['$.steps[0].flow', 'error'],
    ]);
    expect(found(flow, VerifyCode.subflowRecursion)).toEqual([['$.steps[1].flow', 'warning']]);
  });
});

describe('handoffs', () => {
  it('warns about a handoff to whoever already holds the item', () => {
    const flow = requestFlow([
      task('work'),
      { type: 'handoff', id: 'pass', to: { type: 'assignee' } },
    ]);
    expect(found(flow, VerifyCode.handoffToHolder)).toEqual([['$.steps[1].to', 'warning']]);
  });

  it('warns about a task reminder that never comes before it is due', () => {
    const flow = requestFlow([task('work', { remindEvery: '2bd', due: { within: '2bd' } })]);
    expect(found(flow, VerifyCode.reminderAfterLimit)).toEqual([
      ['$.steps[0].remindEvery', 'warning'],
    ]);
  });
});

describe('the flow deadline', () => {
  it('checks the parties of its action', () => {
    const flow = {
      ...scheduled([end()]),
      deadline: { within: 'P1D', then: { type: 'escalate', to: { type: 'manager' } } },
    };
    expect(found(flow, VerifyCode.requesterUnavailable)).toEqual([['$.deadline.then.to', 'error']]);
  });
});
