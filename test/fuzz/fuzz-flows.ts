import { forEachStep, type Flow, type IntakeField, type Step } from '../../src/dsl';

/** The people the fuzzer acts as; the steps of its flows wait on the member and the author. */
export const FUZZ_MEMBER = 'fz-member@example.com';
export const FUZZ_AUTHOR = 'fz-author@example.com';

/** The team and role the flows address; the setup puts the member and the author in both. */
export const FUZZ_TEAM = 'fz-team';
export const FUZZ_ROLE = 'fz-approvers';

/** The kinds of step a person (or an event) acts on. */
export type WaitingStep = 'approval' | 'task' | 'handoff' | 'wait';

/** A flow the fuzzer deployed: its document, its waiting steps by kind, and intake values. */
export interface FuzzFlow {
  flow: Flow;
  /** Step ids by the kind of step they are, to aim actions at steps that can take them. */
  steps: Record<WaitingStep, string[]>;
  /** Intake values a run of this flow accepts. */
  fields: Record<string, string | number | boolean>;
}

const member = { type: 'person', email: FUZZ_MEMBER } as const;
const author = { type: 'person', email: FUZZ_AUTHOR } as const;

// Every kind of step a person acts on, in one line, so runs pass through all of them; before
// them, steps that read the intake values (templates, a condition, a wait on a date field).
const chainSteps: Step[] = [
  { type: 'set', id: 'mark', status: 'fuzzing', fields: { note: 'from {{vendor}}' } },
  {
    type: 'if',
    id: 'big',
    condition: 'amount > 1000 and not urgent',
    then: [
      {
        type: 'notify',
        id: 'tell',
        to: [{ type: 'requester' }, member],
        message: '{{vendor}} asks for {{amount}} by {{due_on}} ({{contact}}, {{link}})',
      },
    ],
  },
  { type: 'wait', id: 'until_due', for: { type: 'field', field: 'due_on' } },
  { type: 'approval', id: 'review', approvers: [member], mode: 'any', allowDelegation: true },
  {
    type: 'task',
    id: 'work',
    title: 'Do the work for {{vendor}}',
    assignee: member,
    form: [
      { name: 'result', type: 'text' },
      { name: 'score', type: 'number', optional: true },
    ],
  },
  { type: 'handoff', id: 'pass_on', to: author, note: 'Over to you' },
  { type: 'wait', id: 'signal', for: { type: 'event', event: 'go-ahead' } },
  {
    type: 'task',
    id: 'team_task',
    title: 'Queue work',
    assignee: { type: 'team', team: FUZZ_TEAM },
  },
  { type: 'end', id: 'done', status: 'completed' },
];

/** The flow documents of one fuzz run; `suffix` keeps their names (and schedule ids) its own. */
export function fuzzFlowDocuments(suffix: string): Flow[] {
  return [
    {
      name: `fz-chain-${suffix}`,
      description: 'Every step a person acts on, one after the other.',
      version: 1,
      ownerTeam: 'ops',
      trigger: {
        type: 'request',
        fields: [
          { name: 'vendor', type: 'text' },
          { name: 'amount', type: 'money', currency: 'USD' },
          { name: 'urgent', type: 'boolean', optional: true },
          { name: 'size', type: 'choice', options: ['s', 'm', 'l'], optional: true },
          { name: 'due_on', type: 'date', optional: true },
          { name: 'contact', type: 'email', optional: true },
          { name: 'link', type: 'url', optional: true },
          { name: 'owner', type: 'person', optional: true },
          { name: 'note', type: 'text', optional: true },
        ],
      },
      steps: chainSteps,
    },
    {
      name: `fz-quorum-${suffix}`,
      description: 'Two approvals from a role, then a handoff to the team.',
      version: 1,
      ownerTeam: 'ops',
      trigger: { type: 'manual' },
      steps: [
        {
          type: 'approval',
          id: 'both',
          approvers: [{ type: 'role', role: FUZZ_ROLE }],
          mode: 'quorum',
          quorum: 2,
        },
        { type: 'handoff', id: 'to_team', to: { type: 'team', team: FUZZ_TEAM } },
      ],
    },
    {
      // The flow the generated flows' subflow steps start.
      name: 'other-flow',
      description: 'A child run: one task for the member.',
      version: 1,
      ownerTeam: 'ops',
      trigger: { type: 'manual' },
      steps: [{ type: 'task', id: 'child_task', title: 'Child work', assignee: member }],
    },
    {
      name: `fz-sched-${suffix}`,
      description: 'Once a year, a task for the member.',
      version: 1,
      ownerTeam: 'ops',
      trigger: { type: 'schedule', cron: '0 0 1 1 *', overlap: 'skip' },
      steps: [{ type: 'task', id: 'yearly', title: 'Yearly check', assignee: member }],
    },
  ];
}

// Descriptions an ops lead might write; the first compiles (the README's example).
const DESCRIPTIONS = [
  'Purchase requests are submitted with the vendor and the amount. The CFO must approve within 2 days.',
  "Access requests need approval from the requester's manager, then from IT Ops. If the manager has not answered within 2 days, escalate to the security lead.",
  'Every Monday at 9am the IT ops team reviews the backup report and ticks whether all backups passed; if not, notify the IT manager.',
  'New hires are handed off to IT, who must accept within a day, then HR and Facilities each prepare their part at the same time.',
];

/** English to compile into a flow deployed under `name`: the `variant`th description. */
export function englishFlow(name: string, variant = 0): { name: string; text: string } {
  return { name, text: DESCRIPTIONS[variant % DESCRIPTIONS.length]! };
}

/** Whether the fuzzer may run `flow`: no step that calls out (calls, webhooks) and retries for long. */
export function callsNoOne(flow: Flow): boolean {
  let quiet = true;
  forEachStep(flow.steps, (step) => {
    if (step.type === 'call' || (step.type === 'notify' && step.channel === 'webhook'))
      quiet = false;
  });
  return quiet;
}

// A value each field type accepts at intake.
function sampleValue(field: IntakeField): string | number | boolean {
  switch (field.type) {
    case 'number':
    case 'money':
      return 1200;
    case 'boolean':
      return true;
    case 'choice':
      return field.options[0] ?? 'x';
    case 'date':
      // Passed already: a wait on it does not hold the run up.
      return '2020-01-01';
    case 'person':
    case 'email':
      return FUZZ_MEMBER;
    case 'team':
      return FUZZ_TEAM;
    case 'url':
      return 'https://example.com/quote';
    case 'text':
      return 'Acme';
  }
}

/** What the fuzzer needs to know of a deployed `flow`: its waiting steps and intake values. */
export function fuzzFlowOf(flow: Flow): FuzzFlow {
  const steps: Record<WaitingStep, string[]> = { approval: [], task: [], handoff: [], wait: [] };
  forEachStep(flow.steps, (step) => {
    if (step.type in steps) steps[step.type as WaitingStep].push(step.id);
  });
  const intake = flow.trigger.type === 'request' ? flow.trigger.fields : [];
  return {
    flow,
    steps,
    fields: Object.fromEntries(intake.map((field) => [field.name, sampleValue(field)])),
  };
}
