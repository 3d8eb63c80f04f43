import fc from 'fast-check';
import type {
  ApprovalTimeoutAction,
  CancelAction,
  DeadlineAction,
  EscalateAction,
  Flow,
  HandoffTimeoutAction,
  IntakeField,
  NotifyAction,
  Party,
  ReassignAction,
  RemindAction,
  Step,
  TaskOverdueAction,
  Trigger,
} from '../../src/dsl';
import { formatParty } from '../../src/dsl';

// Generators of flows that are valid by construction and verify clean: ids are unique,
// conditions and placeholders only name fields in scope, `end` only closes the flow,
// escalations go to a role nobody else holds, and reminders come before their limits.

const FIELD_POOL: readonly IntakeField[] = [
  { name: 'vendor', type: 'text' },
  { name: 'amount', type: 'money', currency: 'USD' },
  { name: 'count', type: 'number', optional: true },
  { name: 'start_date', type: 'date' },
  { name: 'severity', type: 'choice', options: ['low', 'medium', 'high'] },
  { name: 'urgent', type: 'boolean' },
  { name: 'contact', type: 'email', optional: true },
  { name: 'link', type: 'url', optional: true },
  { name: 'reviewer', type: 'person' },
  { name: 'owning_team', type: 'team' },
];

const CRONS = ['0 9 * * MON', '0 17 * * 1-5', '0 10 1 * *', '*/15 8-18 * * *', '0 9 1 1,4,7,10 *'];
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];

const text = fc.stringMatching(/^[A-Z][a-z]{0,10}(?: [a-z]{1,8}){0,3}$/);
const slug = fc.stringMatching(/^[a-z]{2,8}(?:-[a-z]{2,6})?$/);
const hours = fc.integer({ min: 1, max: 12 }).map((n) => `PT${n}H`);
const limit = fc.oneof(
  fc.integer({ min: 1, max: 14 }).map((n) => `P${n}D`),
  fc.integer({ min: 1, max: 10 }).map((n) => `${n}bd`),
  fc.integer({ min: 13, max: 96 }).map((n) => `PT${n}H`),
);

const ESCALATION: Party = { type: 'role', role: 'escalation-lead' };

function partyArb(scheduled: boolean): fc.Arbitrary<Party> {
  const people: fc.Arbitrary<Party>[] = [
    slug.map((role) => ({ type: 'role', role })),
    fc
      .tuple(slug, fc.constantFrom('direct', 'round_robin', 'least_loaded', undefined))
      .map(([team, assignment]) => ({ type: 'team', team, ...(assignment ? { assignment } : {}) })),
    fc
      .constantFrom('ops@example.com', 'cfo@example.com')
      .map((email) => ({ type: 'person', email })),
  ];
  if (!scheduled) people.push(fc.constantFrom<Party>({ type: 'requester' }, { type: 'manager' }));
  return fc.oneof(...people);
}

function partiesArb(scheduled: boolean, max: number): fc.Arbitrary<Party[]> {
  return fc.uniqueArray(partyArb(scheduled), {
    minLength: 1,
    maxLength: max,
    selector: formatParty,
  });
}

function conditionArb(fields: readonly IntakeField[]): fc.Arbitrary<string> {
  const atoms: fc.Arbitrary<string>[] = [
    fc.constantFrom('status == "open"', 'priority != "low"', 'priority in ["high", "urgent"]'),
  ];
  for (const field of fields) {
    switch (field.type) {
      case 'number':
      case 'money':
        atoms.push(
          fc
            .tuple(
              fc.constantFrom('>', '>=', '<', '<=', '==', '!='),
              fc.integer({ min: -5, max: 100_000 }),
            )
            .map(([op, n]) => `${field.name} ${op} ${n}`),
        );
        break;
      case 'choice':
        atoms.push(
          fc.constantFrom(...field.options).map((option) => `${field.name} == "${option}"`),
        );
        break;
      case 'boolean':
        atoms.push(fc.constantFrom(field.name, `not ${field.name}`, `${field.name} == true`));
        break;
      case 'date':
        atoms.push(
          fc.constantFrom(
            `${field.name} < "2025-06-01"`,
            `${field.name} >= "2024-01-01T00:00:00Z"`,
          ),
        );
        break;
      case 'text':
      case 'email':
      case 'url':
      case 'person':
      case 'team':
        atoms.push(text.map((value) => `${field.name} != "${value}"`));
        break;
    }
  }
  const atom = fc.oneof(...atoms);
  return fc.oneof(
    atom,
    fc.tuple(atom, fc.constantFrom('and', 'or'), atom).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(atom, atom, atom).map(([a, b, c]) => `(${a} or ${b}) and not (${c})`),
  );
}

function templateArb(fields: readonly IntakeField[]): fc.Arbitrary<string> {
  const names = ['status', 'priority', ...fields.map((field) => field.name)];
  return fc
    .tuple(text, fc.subarray(names, { maxLength: Math.min(3, names.length) }))
    .map(([prefix, used]) => [prefix, ...used.map((name) => `{{${name}}}`)].join(' '));
}

const escalate = fc.constant<EscalateAction>({ type: 'escalate', to: ESCALATION });
const reassign = fc.constant<ReassignAction>({ type: 'reassign', to: ESCALATION });
const remind = fc.constant<RemindAction>({ type: 'remind' });
const cancel = fc.constant<CancelAction>({ type: 'cancel' });
const decide = fc.constantFrom<ApprovalTimeoutAction>({ type: 'approve' }, { type: 'reject' });
const notifyAction = (scheduled: boolean): fc.Arbitrary<NotifyAction> =>
  partiesArb(scheduled, 2).map((to) => ({ type: 'notify', to }));

function taskActionArb(scheduled: boolean): fc.Arbitrary<TaskOverdueAction> {
  return fc.oneof(escalate, reassign, notifyAction(scheduled), remind, cancel);
}

function approvalActionArb(scheduled: boolean): fc.Arbitrary<ApprovalTimeoutAction> {
  return fc.oneof(escalate, decide, remind, notifyAction(scheduled), cancel);
}

function handoffActionArb(scheduled: boolean): fc.Arbitrary<HandoffTimeoutAction> {
  return fc.oneof(escalate, reassign, notifyAction(scheduled), cancel);
}

function deadlineActionArb(scheduled: boolean): fc.Arbitrary<DeadlineAction> {
  return fc.oneof(escalate, notifyAction(scheduled), cancel);
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function leafStepArb(fields: readonly IntakeField[], scheduled: boolean): fc.Arbitrary<Step> {
  const party = partyArb(scheduled);
  const dateFields = fields.filter((field) => field.type === 'date').map((field) => field.name);
  const waits: fc.Arbitrary<Step>[] = [
    limit.map((duration) => ({ type: 'wait', id: 'x', for: { type: 'duration', duration } })),
    fc
      .tuple(fc.constantFrom('signed-contract', 'deal.closed'), optional(limit))
      .map(([event, timeout]) => ({
        type: 'wait',
        id: 'x',
        for: compact({ type: 'event', event, timeout }),
      })),
    fc.constant<Step>({ type: 'wait', id: 'x', for: { type: 'date', at: '2030-01-01T09:00:00Z' } }),
  ];
  if (dateFields.length > 0) {
    waits.push(
      fc
        .constantFrom(...dateFields)
        .map((field) => ({ type: 'wait', id: 'x', for: { type: 'field', field } })),
    );
  }
  return fc.oneof(
    fc
      .record({
        title: text,
        assignee: party,
        due: optional(
          fc.record({ within: limit, then: optional(taskActionArb(scheduled)) }).map(compact),
        ),
        remindEvery: optional(hours),
      })
      .map((task) => compact({ type: 'task' as const, id: 'x', ...task })),
    fc
      .record({
        approvers: partiesArb(scheduled, 3),
        mode: fc.constantFrom('any', 'all', 'quorum', 'sequence'),
        allowDelegation: optional(fc.boolean()),
        remindEvery: optional(hours),
        timeout: optional(
          fc
            .record({
              after: limit,
              then: optional(approvalActionArb(scheduled)),
            })
            .map(compact),
        ),
        k: fc.nat(),
      })
      .map(({ k, ...approval }) =>
        compact({
          type: 'approval' as const,
          id: 'x',
          ...approval,
          quorum: approval.mode === 'quorum' ? 1 + (k % approval.approvers.length) : undefined,
        }),
      ),
    fc
      .record({
        to: party,
        note: optional(templateArb(fields)),
        accept: optional(
          fc.record({ within: limit, then: optional(handoffActionArb(scheduled)) }).map(compact),
        ),
      })
      .map((handoff) => compact({ type: 'handoff' as const, id: 'x', ...handoff })),
    fc
      .record({
        to: partiesArb(scheduled, 3),
        message: templateArb(fields),
        channel: optional(fc.constantFrom('in_app', 'webhook')),
      })
      .map((notify) => compact({ type: 'notify' as const, id: 'x', ...notify })),
    fc
      .record({
        status: optional(fc.constantFrom('triage', 'in_review', 'resolved')),
        priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
      })
      .map((set) => compact({ type: 'set' as const, id: 'x', ...set })),
    ...waits,
    fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        path: optional(fc.constant('/items')),
        payload: optional(templateArb(fields)),
        retries: optional(
          fc
            .record({ maxAttempts: fc.integer({ min: 1, max: 5 }), backoff: optional(hours) })
            .map(compact),
        ),
      })
      .map((call) => compact({ type: 'call' as const, id: 'x', destination: 'crm', ...call })),
    fc.boolean().map((wait): Step => ({ type: 'subflow', id: 'x', flow: 'other-flow', wait })),
  );
}

function stepsArb(fields: readonly IntakeField[], scheduled: boolean): fc.Arbitrary<Step[]> {
  const leaf = leafStepArb(fields, scheduled);
  const condition = conditionArb(fields);
  const { steps } = fc.letrec<{ step: Step; steps: Step[] }>((tie) => ({
    step: fc.oneof(
      { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
      leaf,
      fc
        .record({ condition, then: tie('steps'), else: optional(tie('steps')) })
        .map((branch) => compact({ type: 'if' as const, id: 'x', ...branch })),
      fc
        .array(fc.record({ name: optional(text), steps: tie('steps') }).map(compact), {
          minLength: 2,
          maxLength: 3,
        })
        .map((branches): Step => ({ type: 'parallel', id: 'x', branches })),
      fc
        .record({
          every: limit,
          until: condition,
          maxIterations: fc.integer({ min: 1, max: 50 }),
          steps: tie('steps'),
        })
        .map((repeat): Step => ({ type: 'repeat', id: 'x', ...repeat })),
    ),
    steps: fc.array(tie('step'), { minLength: 1, maxLength: 3 }),
  }));
  return steps;
}

/** Gives every step a unique id, in document order. */
function renumber(steps: readonly Step[], next: { n: number }): Step[] {
  return steps.map((step): Step => {
    const id = `s${next.n++}`;
    switch (step.type) {
      case 'if':
        return compact({
          ...step,
          id,
          then: renumber(step.then, next),
          else: step.else && renumber(step.else, next),
        });
      case 'parallel':
        return {
          ...step,
          id,
          branches: step.branches.map((branch) => ({
            ...branch,
            steps: renumber(branch.steps, next),
          })),
        };
      case 'repeat':
        return { ...step, id, steps: renumber(step.steps, next) };
      case 'task':
      case 'approval':
      case 'handoff':
      case 'notify':
      case 'set':
      case 'wait':
      case 'call':
      case 'subflow':
      case 'end':
        return { ...step, id };
    }
  });
}

/** A flow that parses and verifies clean. */
export const validFlowArb: fc.Arbitrary<Flow> = fc
  .oneof(
    fc.constant<Trigger>({ type: 'manual' }),
    fc
      .tuple(fc.subarray([...FIELD_POOL]), optional(fc.constant('deal.closed')))
      .map(([fields, event]): Trigger => compact({ type: 'request', fields, event })),
    fc
      .record({
        cron: fc.constantFrom(...CRONS),
        timeZone: optional(fc.constantFrom(...ZONES)),
        overlap: optional(fc.constantFrom('skip', 'buffer_one', 'allow_all')),
      })
      .map((schedule): Trigger => compact({ type: 'schedule', ...schedule })),
  )
  .chain((trigger) => {
    const fields = trigger.type === 'request' ? trigger.fields : [];
    const scheduled = trigger.type === 'schedule';
    return fc
      .record({
        steps: stepsArb(fields, scheduled),
        end: optional(fc.constantFrom('completed', 'rejected', 'cancelled')),
        description: fc.string({ maxLength: 80 }),
        version: fc.integer({ min: 1, max: 99 }),
        deadline: optional(
          fc.record({ within: limit, then: optional(deadlineActionArb(scheduled)) }).map(compact),
        ),
        timeZone: optional(fc.constantFrom(...ZONES)),
      })
      .map(({ steps, end, ...header }): Flow => {
        const all: Step[] = end ? [...steps, { type: 'end', id: 'x', status: end }] : steps;
        return compact({
          name: 'generated-flow',
          ownerTeam: 'ops',
          trigger,
          destinations: [{ name: 'crm', url: 'https://crm.example.com/api' }],
          ...header,
          steps: renumber(all, { n: 0 }),
        });
      });
  });
