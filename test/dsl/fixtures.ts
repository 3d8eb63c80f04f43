import type { Flow, Step } from '../../src/dsl';

/** The example of OUTLINE.md, written as a DSL flow. */
export const purchaseFlow: Flow = {
  name: 'purchase-approval',
  description: 'Purchase requests: manager approval, CFO above $10,000, then procurement.',
  version: 1,
  ownerTeam: 'finance',
  trigger: {
    type: 'request',
    fields: [
      { name: 'vendor', type: 'text' },
      { name: 'amount', type: 'money', currency: 'USD' },
      { name: 'justification', type: 'text' },
    ],
  },
  steps: [
    {
      type: 'approval',
      id: 'manager_approval',
      approvers: [{ type: 'manager' }],
      mode: 'any',
      timeout: {
        after: 'P2D',
        then: { type: 'escalate', to: { type: 'role', role: 'finance-director' } },
      },
    },
    {
      type: 'if',
      id: 'large_purchase',
      condition: 'amount > 10000',
      then: [
        {
          type: 'approval',
          id: 'cfo_approval',
          approvers: [{ type: 'role', role: 'cfo' }],
          mode: 'any',
        },
      ],
    },
    {
      type: 'if',
      id: 'when_rejected',
      condition: 'rejected',
      then: [
        {
          type: 'notify',
          id: 'tell_requester',
          to: [{ type: 'requester' }],
          message: 'Your purchase from {{vendor}} was rejected.',
        },
        { type: 'end', id: 'close_rejected', status: 'rejected' },
      ],
    },
    {
      type: 'handoff',
      id: 'to_procurement',
      to: { type: 'team', team: 'procurement', assignment: 'round_robin' },
      accept: { within: '1bd' },
    },
  ],
};

/** The outline OUTLINE.md gives for the purchase example. */
export const purchaseOutline = [
  'trigger request',
  'field vendor text',
  'field amount money',
  'field justification text',
  'approval any to=manager timeout=2d then=escalate:role:finance-director',
  'if amount > 10000',
  '  approval any to=role:cfo',
  'if rejected',
  '  notify to=requester',
  '  end rejected',
  'handoff to=team:procurement accept=1bd',
];

/** A request flow with one field of each common type, around the given steps. */
export function requestFlow(steps: Step[], extra: Partial<Flow> = {}): Flow {
  return {
    name: 'test-flow',
    description: 'A flow for tests.',
    version: 1,
    ownerTeam: 'ops',
    trigger: {
      type: 'request',
      fields: [
        { name: 'vendor', type: 'text' },
        { name: 'amount', type: 'money' },
        { name: 'count', type: 'number', optional: true },
        { name: 'start_date', type: 'date' },
        { name: 'severity', type: 'choice', options: ['low', 'medium', 'high'] },
        { name: 'urgent', type: 'boolean' },
        { name: 'contact', type: 'email', optional: true },
        { name: 'link', type: 'url', optional: true },
        { name: 'reviewer', type: 'person', optional: true },
        { name: 'owning_team', type: 'team', optional: true },
      ],
    },
    steps,
    ...extra,
  };
}

/** Employee onboarding: IT and facilities work in parallel, then the hiring manager hears of it. */
export const onboardingFlow: Flow = {
  name: 'employee-onboarding',
  description: 'New hire: laptop and desk in parallel, then tell the hiring manager.',
  version: 1,
  ownerTeam: 'people',
  trigger: {
    type: 'request',
    fields: [
      { name: 'employee_name', type: 'text' },
      { name: 'start_date', type: 'date' },
      { name: 'role', type: 'text' },
    ],
  },
  steps: [
    {
      type: 'parallel',
      id: 'prepare',
      branches: [
        {
          name: 'IT',
          steps: [
            {
              type: 'task',
              id: 'laptop',
              title: 'Set up the laptop for {{employee_name}}',
              assignee: { type: 'team', team: 'it', assignment: 'least_loaded' },
              due: {
                within: '3bd',
                then: { type: 'escalate', to: { type: 'role', role: 'it-manager' } },
              },
              remindEvery: 'P1D',
              form: [{ name: 'asset_tag', type: 'text' }],
            },
          ],
        },
        {
          name: 'Facilities',
          steps: [
            {
              type: 'task',
              id: 'desk',
              title: 'Prepare a desk',
              assignee: { type: 'team', team: 'facilities' },
              due: { within: '3bd' },
            },
          ],
        },
      ],
    },
    {
      type: 'notify',
      id: 'tell_hiring_manager',
      to: [{ type: 'role', role: 'hiring-manager' }],
      message: '{{employee_name}} is ready to start on {{start_date}} (laptop {{asset_tag}}).',
    },
  ],
};

/** Sales hands a closed deal to onboarding, who must accept within a day or it goes back. */
export const salesHandoffFlow: Flow = {
  name: 'sales-to-onboarding',
  description: 'A closed deal moves from sales to the onboarding team.',
  version: 1,
  ownerTeam: 'sales-ops',
  trigger: {
    type: 'request',
    event: 'deal.closed',
    fields: [
      { name: 'account', type: 'text' },
      { name: 'deal_value', type: 'money' },
    ],
  },
  steps: [
    {
      type: 'task',
      id: 'prepare_account',
      title: 'Prepare the account summary',
      assignee: { type: 'role', role: 'account-executive' },
    },
    {
      type: 'handoff',
      id: 'to_onboarding',
      to: { type: 'team', team: 'onboarding', assignment: 'round_robin' },
      note: 'Deal for {{account}} closed at {{deal_value}}.',
      accept: { within: 'P1D', then: { type: 'reassign', to: { type: 'assignee' } } },
    },
    {
      type: 'if',
      id: 'not_accepted',
      condition: 'to_onboarding.timed_out',
      then: [
        {
          type: 'notify',
          id: 'tell_sales_manager',
          to: [{ type: 'role', role: 'sales-manager' }],
          message: 'Onboarding did not accept {{account}} in time.',
        },
      ],
    },
  ],
};

/** A weekly recurring review, in London time, with a report posted to the BI service. */
export const weeklyReviewFlow: Flow = {
  name: 'weekly-review',
  description: 'Every Monday at 9:00 London time the ops team reviews the backlog.',
  version: 3,
  ownerTeam: 'ops',
  trigger: {
    type: 'schedule',
    cron: '0 9 * * MON',
    timeZone: 'Europe/London',
    start: '2025-01-06T00:00:00Z',
    end: '2026-01-05T00:00:00Z',
    overlap: 'skip',
  },
  destinations: [{ name: 'bi', url: 'https://bi.example.com/api' }],
  steps: [
    {
      type: 'task',
      id: 'review',
      title: 'Review the backlog',
      assignee: { type: 'team', team: 'ops' },
      due: { within: 'PT8H', then: { type: 'notify', to: [{ type: 'role', role: 'ops-lead' }] } },
      form: [{ name: 'open_items', type: 'number' }],
    },
    {
      type: 'call',
      id: 'post_report',
      method: 'POST',
      destination: 'bi',
      path: '/reviews',
      payload: '{"open_items": {{open_items}}}',
      retries: { maxAttempts: 5, backoff: 'PT1M' },
    },
  ],
};

/** A compliance update with an urgent SLA: the officer approves within 4 hours or it escalates. */
export const complianceFlow: Flow = {
  name: 'compliance-update',
  description: 'Compliance updates are urgent and need the compliance officer within 4 hours.',
  version: 1,
  ownerTeam: 'compliance',
  deadline: {
    within: 'P2D',
    then: { type: 'notify', to: [{ type: 'role', role: 'chief-risk-officer' }] },
  },
  trigger: {
    type: 'request',
    fields: [
      { name: 'regulation', type: 'text' },
      { name: 'summary', type: 'text' },
    ],
  },
  steps: [
    { type: 'set', id: 'mark_urgent', priority: 'urgent', status: 'in_review' },
    {
      type: 'notify',
      id: 'tell_compliance',
      to: [{ type: 'team', team: 'compliance' }],
      message: 'Urgent update to {{regulation}}: {{summary}}',
      channel: 'webhook',
    },
    {
      type: 'approval',
      id: 'officer_approval',
      approvers: [{ type: 'role', role: 'compliance-officer' }],
      mode: 'any',
      allowDelegation: true,
      remindEvery: 'PT1H',
      timeout: {
        after: 'PT4H',
        then: { type: 'escalate', to: { type: 'role', role: 'chief-risk-officer' } },
      },
    },
    {
      type: 'if',
      id: 'decided',
      condition: 'officer_approval.approved',
      then: [{ type: 'set', id: 'mark_done', status: 'approved' }],
      else: [{ type: 'end', id: 'stop', status: 'rejected' }],
    },
  ],
};

/** Every example flow, by name. */
export const exampleFlows: Readonly<Record<string, Flow>> = {
  purchase: purchaseFlow,
  onboarding: onboardingFlow,
  salesHandoff: salesHandoffFlow,
  weeklyReview: weeklyReviewFlow,
  compliance: complianceFlow,
};
