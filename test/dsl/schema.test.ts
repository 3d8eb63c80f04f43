import {
  flowJsonSchema,
  parseFlow,
  type Flow,
  type Issue,
  type Step,
  type Trigger,
} from '../../src/dsl';
import { exampleFlows, requestFlow } from './fixtures';

function accepts(flow: unknown): Flow {
  const result = parseFlow(flow);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.flow;
}

function rejects(flow: unknown): Issue[] {
  const result = parseFlow(flow);
  if (result.ok) throw new Error('expected schema errors');
  return result.errors;
}

function withSteps(...steps: unknown[]): unknown {
  return { ...requestFlow([]), steps };
}

function withTrigger(trigger: unknown): unknown {
  return { ...requestFlow([{ type: 'end', id: 'done', status: 'completed' }]), trigger };
}

describe('flow header and triggers', () => {
  it('accepts every example flow and returns it unchanged', () => {
    for (const flow of Object.values(exampleFlows)) expect(accepts(flow)).toEqual(flow);
  });

  it('accepts a manual trigger', () => {
    expect(accepts(withTrigger({ type: 'manual' })).trigger).toEqual({ type: 'manual' });
  });

  it('accepts a request trigger with every field type, optional fields and an event', () => {
    const trigger: Trigger = {
      type: 'request',
      event: 'deal.closed',
      fields: [
        { name: 'title', type: 'text', label: 'Title' },
        { name: 'n', type: 'number' },
        { name: 'amount', type: 'money', currency: 'EUR' },
        { name: 'due_on', type: 'date' },
        { name: 'who', type: 'person' },
        { name: 'which_team', type: 'team' },
        { name: 'size', type: 'choice', options: ['s', 'm', 'l'] },
        { name: 'ok', type: 'boolean' },
        { name: 'mail', type: 'email', optional: true },
        { name: 'site', type: 'url', optional: true },
      ],
    };
    expect(accepts(withTrigger(trigger)).trigger).toEqual(trigger);
  });

  it('accepts a cron schedule with zone, window and overlap policy, and an interval schedule', () => {
    const cron = {
      type: 'schedule',
      cron: '0 9 * * 1-5',
      timeZone: 'America/New_York',
      start: '2025-01-01T00:00:00Z',
      end: '2025-12-31T00:00:00+01:00',
      overlap: 'buffer_one',
      catchUpWindow: 'PT30M',
    };
    expect(accepts(withTrigger(cron)).trigger).toEqual(cron);
    expect(accepts(withTrigger({ type: 'schedule', every: 'PT30M' })).trigger.type).toBe(
      'schedule',
    );
  });

  it('rejects a catch-up window that is not a duration', () => {
    const issues = rejects(
      withTrigger({ type: 'schedule', every: 'PT1H', catchUpWindow: '1 hour' }),
    );
    expect(issues).toEqual([expect.objectContaining({ path: '$.trigger.catchUpWindow' })]);
  });

  it('rejects a schedule with both cron and every, or neither', () => {
    const both = rejects(withTrigger({ type: 'schedule', cron: '* * * * *', every: 'P1D' }));
    expect(both).toContainEqual(
      expect.objectContaining({ code: 'schedule-recurrence', path: '$.trigger.cron' }),
    );
    const neither = rejects(withTrigger({ type: 'schedule' }));
    expect(neither.map((issue) => issue.code)).toEqual(['schedule-recurrence']);
  });

  it('accepts a flow-level deadline, a time zone and declared destinations', () => {
    const flow = accepts({
      ...requestFlow([{ type: 'end', id: 'done', status: 'completed' }]),
      timeZone: 'Europe/Paris',
      deadline: { within: '10bd', then: { type: 'cancel' } },
      destinations: [{ name: 'crm', url: 'https://crm.example.com:8443/v1' }],
    });
    expect(flow.deadline?.within).toBe('10bd');
  });

  it('rejects a choice field without options and a bad currency', () => {
    const errors = rejects(
      withTrigger({
        type: 'request',
        fields: [
          { name: 'size', type: 'choice', options: [] },
          { name: 'price', type: 'money', currency: 'dollars' },
        ],
      }),
    );
    expect(errors.map((issue) => issue.path)).toEqual([
      '$.trigger.fields[0].options',
      '$.trigger.fields[1].currency',
    ]);
  });

  it('rejects field names that are not snake_case', () => {
    const errors = rejects(
      withTrigger({ type: 'request', fields: [{ name: 'Amount', type: 'money' }] }),
    );
    expect(errors).toEqual([
      expect.objectContaining({ code: 'schema-invalid-format', path: '$.trigger.fields[0].name' }),
    ]);
  });

  it('names a missing key and an unknown key', () => {
    const withoutOwner: Partial<Flow> = requestFlow([
      { type: 'end', id: 'done', status: 'completed' },
    ]);
    delete withoutOwner.ownerTeam;
    expect(rejects(withoutOwner)).toEqual([
      expect.objectContaining({
        code: 'schema-invalid-type',
        path: '$.ownerTeam',
        message: 'missing: expected string',
      }),
    ]);
    expect(rejects({ ...withoutOwner, ownerTeam: 'ops', owner: 'x' })).toEqual([
      expect.objectContaining({
        code: 'schema-unrecognized-keys',
        path: '$',
        message: 'unknown key "owner"',
      }),
    ]);
  });
});

describe('steps', () => {
  const cases = {
    task: {
      type: 'task',
      id: 'do_it',
      title: 'Do it',
      instructions: 'Carefully.',
      assignee: { type: 'role', role: 'analyst' },
      due: { within: 'P2D', then: { type: 'reassign', to: { type: 'team', team: 'backup' } } },
      remindEvery: 'P1D',
      form: [{ name: 'result', type: 'text' }],
      span: { start: 0, end: 42 },
    },
    approval: {
      type: 'approval',
      id: 'sign_off',
      title: 'Sign off',
      approvers: [
        { type: 'person', email: 'a@example.com' },
        { type: 'person', email: 'b@example.com' },
        { type: 'manager' },
      ],
      mode: 'quorum',
      quorum: 2,
      allowDelegation: false,
      remindEvery: 'PT4H',
      timeout: { after: 'P1D', then: { type: 'approve' } },
    },
    handoff: {
      type: 'handoff',
      id: 'pass_on',
      to: { type: 'team', team: 'design', assignment: 'direct' },
      note: 'Over to you.',
      accept: {
        within: '2bd',
        then: { type: 'notify', to: [{ type: 'requester' }], message: 'Late' },
      },
    },
    notify: {
      type: 'notify',
      id: 'tell',
      to: [{ type: 'requester' }, { type: 'team', team: 'hr' }],
      message: 'Hello {{vendor}}',
      channel: 'in_app',
    },
    set: {
      type: 'set',
      id: 'update',
      fields: { severity: 'high', count: 3 },
      status: 'triage',
      priority: 'high',
    },
    wait: { type: 'wait', id: 'pause', for: { type: 'duration', duration: 'P3D' } },
    if: {
      type: 'if',
      id: 'check',
      condition: 'amount > 100',
      then: [{ type: 'end', id: 'stop', status: 'cancelled' }],
      else: [{ type: 'end', id: 'finish', status: 'completed' }],
    },
    parallel: {
      type: 'parallel',
      id: 'both',
      branches: [
        {
          name: 'left',
          steps: [{ type: 'wait', id: 'w1', for: { type: 'duration', duration: 'PT1H' } }],
        },
        { steps: [{ type: 'wait', id: 'w2', for: { type: 'duration', duration: 'PT2H' } }] },
      ],
    },
    repeat: {
      type: 'repeat',
      id: 'nag',
      every: 'PT1H',
      until: 'status == "resolved"',
      maxIterations: 48,
      steps: [
        {
          type: 'notify',
          id: 'ping',
          to: [{ type: 'role', role: 'commander' }],
          message: 'Still open',
        },
      ],
    },
    call: {
      type: 'call',
      id: 'post',
      method: 'POST',
      destination: 'crm',
      path: '/deals/{{vendor}}',
      payload: '{"amount": {{amount}}}',
      retries: { maxAttempts: 3, backoff: 'PT5M' },
      timeout: 'PT10M',
    },
    subflow: {
      type: 'subflow',
      id: 'child',
      flow: 'vendor-onboarding',
      wait: true,
      input: { name: '{{vendor}}' },
    },
    end: { type: 'end', id: 'done', status: 'completed' },
  } satisfies Record<string, Step>;

  it.each(Object.entries(cases))('accepts a %s step', (_kind, step) => {
    expect(accepts(withSteps(step)).steps[0]).toEqual(step);
  });

  it.each([
    ['until a date-time', { type: 'date', at: '2025-06-01T09:00:00+02:00' }],
    ['until a calendar date', { type: 'date', at: '2025-06-01' }],
    ["until a field's date", { type: 'field', field: 'start_date' }],
    ['for an event with a timeout', { type: 'event', event: 'signed-contract', timeout: 'P10D' }],
  ])('accepts a wait %s', (_label, wait) => {
    expect(accepts(withSteps({ type: 'wait', id: 'pause', for: wait })).steps[0]).toMatchObject({
      for: wait,
    });
  });

  it('accepts every party kind', () => {
    const to = [
      { type: 'requester' },
      { type: 'manager' },
      { type: 'assignee' },
      { type: 'role', role: 'cfo' },
      { type: 'team', team: 'it-ops', assignment: 'least_loaded' },
      { type: 'person', email: 'ops-lead@example.com' },
    ];
    expect(
      accepts(withSteps({ type: 'notify', id: 'all', to, message: 'hi' })).steps[0],
    ).toMatchObject({ to });
  });

  it('rejects an unknown step type at its discriminator', () => {
    expect(rejects(withSteps({ type: 'teleport', id: 'x' }))).toEqual([
      expect.objectContaining({ code: 'schema-invalid-union', path: '$.steps[0].type' }),
    ]);
  });

  it('rejects an action that does not fit the step, such as approving an overdue task', () => {
    const task = { ...cases.task, due: { within: 'P1D', then: { type: 'approve' } } };
    expect(rejects(withSteps(task))).toEqual([
      expect.objectContaining({ path: '$.steps[0].due.then.type' }),
    ]);
  });

  it('rejects a repeat without an iteration cap, or with a cap below 1', () => {
    const uncapped: Partial<typeof cases.repeat> = { ...cases.repeat };
    delete uncapped.maxIterations;
    expect(rejects(withSteps(uncapped))).toEqual([
      expect.objectContaining({ code: 'schema-invalid-type', path: '$.steps[0].maxIterations' }),
    ]);
    expect(rejects(withSteps({ ...uncapped, maxIterations: 0 }))).toEqual([
      expect.objectContaining({ code: 'schema-too-small', path: '$.steps[0].maxIterations' }),
    ]);
  });

  it('rejects a set step that changes nothing', () => {
    expect(rejects(withSteps({ type: 'set', id: 'noop', fields: {} }))).toEqual([
      expect.objectContaining({ code: 'empty-set', path: '$.steps[0]' }),
    ]);
  });

  it('rejects a span that ends before it starts', () => {
    expect(rejects(withSteps({ ...cases.end, span: { start: 5, end: 2 } }))).toEqual([
      expect.objectContaining({ code: 'bad-span', path: '$.steps[0].span.end' }),
    ]);
  });

  it('rejects empty sequences: no steps, an empty then, a single parallel branch', () => {
    expect(rejects(withSteps()).map((issue) => issue.path)).toEqual(['$.steps']);
    const emptyThen = { type: 'if', id: 'c', condition: 'urgent', then: [] };
    expect(rejects(withSteps(emptyThen)).map((issue) => issue.path)).toEqual(['$.steps[0].then']);
    const oneBranch = { type: 'parallel', id: 'p', branches: [{ steps: [cases.end] }] };
    expect(rejects(withSteps(oneBranch)).map((issue) => issue.path)).toEqual([
      '$.steps[0].branches',
    ]);
  });

  it('reports errors deep inside nested steps with their full path', () => {
    const nested = {
      type: 'if',
      id: 'outer',
      condition: 'urgent',
      then: [
        {
          type: 'parallel',
          id: 'p',
          branches: [{ steps: [cases.end] }, { steps: [{ type: 'end', id: 'x' }] }],
        },
      ],
    };
    expect(rejects(withSteps(nested))).toEqual([
      expect.objectContaining({ path: '$.steps[0].then[0].branches[1].steps[0].status' }),
    ]);
  });

  it('rejects a person party without a valid email and a role that is not a slug', () => {
    const errors = rejects(
      withSteps({
        type: 'notify',
        id: 'n',
        to: [
          { type: 'person', email: 'not-an-email' },
          { type: 'role', role: 'Finance Director' },
        ],
        message: 'hi',
      }),
    );
    expect(errors.map((issue) => issue.path)).toEqual([
      '$.steps[0].to[0].email',
      '$.steps[0].to[1].role',
    ]);
  });

  it('refuses a document nested too deeply instead of overflowing the stack', () => {
    let steps: unknown[] = [{ type: 'end', id: 'done', status: 'completed' }];
    for (let depth = 0; depth < 5000; depth += 1) {
      steps = [{ type: 'if', id: `s${depth}`, condition: 'urgent', then: steps }];
    }
    expect(rejects(withSteps(...steps))).toEqual([
      expect.objectContaining({ code: 'schema-too-deep', path: '$' }),
    ]);
  });

  it('rejects a destination URL with a query string', () => {
    const flow = {
      ...requestFlow([cases.end]),
      destinations: [{ name: 'crm', url: 'https://x.io/?a=1' }],
    };
    expect(rejects(flow).map((issue) => issue.path)).toEqual(['$.destinations[0].url']);
  });
});

describe('durations in the schema', () => {
  const waitFor = (duration: string): unknown =>
    withSteps({ type: 'wait', id: 'pause', for: { type: 'duration', duration } });

  it.each(['PT4H', 'P2D', 'P1W', 'P1DT12H', 'PT90M', 'PT30S', '2bd'])('accepts %s', (duration) => {
    expect(parseFlow(waitFor(duration)).ok).toBe(true);
  });

  it.each([
    ['P1Y', 'schema-invalid-format'],
    ['P1M', 'schema-invalid-format'],
    ['PT1.5S', 'schema-invalid-format'],
    ['2 days', 'schema-invalid-format'],
    ['P', 'bad-duration'],
    ['P1DT', 'bad-duration'],
    ['PT0M', 'zero-duration'],
    ['0bd', 'zero-duration'],
  ])('rejects %s with %s', (duration, code) => {
    expect(rejects(waitFor(duration))).toEqual([
      expect.objectContaining({ code, path: '$.steps[0].for.duration' }),
    ]);
  });
});

describe('flowJsonSchema', () => {
  it('is generated from the zod schema, with the recursive steps as definitions', () => {
    const schema = flowJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.$defs as object)).toEqual(
      expect.arrayContaining(['Step', 'IfStep', 'ParallelStep', 'RepeatStep', 'Party', 'Duration']),
    );
    expect(JSON.stringify(schema)).toContain('"const":"subflow"');
  });

  it('lists every step type in the Step definition', () => {
    const defs = flowJsonSchema().$defs as Record<string, { oneOf: unknown[] }>;
    expect(defs.Step?.oneOf).toHaveLength(12);
  });
});
