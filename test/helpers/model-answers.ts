// Recorded answers of a model for the hybrid compiler's tests, in the strict form it answers in.

/** A description the grammar cannot read all of ("squirrels" is no step it knows). */
export const TEXT =
  'When a contractor submits a timesheet with the hours, the project lead must approve it within 3 days. Payroll then squirrels the money over.';

/** The model's approval step, in the strict form, with `extra` over it. */
export const approval = (extra: Record<string, unknown> = {}) => ({
  type: 'approval',
  id: 'lead_approval',
  approvers: [{ type: 'role', role: 'project-lead' }],
  mode: 'any',
  timeout: { after: 'P3D', then: null },
  title: null,
  quote: 'the project lead must approve it within 3 days',
  ...extra,
});
/** The model's task step for the sentence the grammar could not read. */
export const payTask = (extra: Record<string, unknown> = {}) => ({
  type: 'task',
  id: 'pay_out',
  title: 'Pay the money over',
  assignee: { type: 'team', team: 'payroll', assignment: null },
  quote: 'Payroll then squirrels the money over',
  ...extra,
});
/** A whole answer of the model holding `steps`. */
export const answer = (steps: unknown[]) =>
  JSON.stringify({
    flow: { trigger: { type: 'request', fields: [{ name: 'hours', type: 'number' }] }, steps },
    trigger_quote: 'When a contractor submits a timesheet with the hours',
    notes: [],
  });
/** A correct answer for {@link TEXT}. */
export const GOOD = answer([approval(), payTask()]);
