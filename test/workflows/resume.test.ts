import type { Flow, Step } from '../../src/dsl';
import { repeatAt, resumePathTo, resumeProblems } from '../../src/workflows/interpreter/resume';
import { subflowFields } from '../../src/workflows/interpreter/subflow-step';
import { flowWith } from './interpreter-harness';

const repeat = (
  id: string,
  steps: Step[] = [{ type: 'set', id: `${id}_body`, fields: { x: 1 } }],
) => ({ type: 'repeat', id, every: 'PT1S', until: 'x > 2', maxIterations: 5, steps }) as const;

const flow: Flow = flowWith([
  { type: 'set', id: 'first', fields: { x: 0 } },
  repeat('top'),
  {
    type: 'if',
    id: 'big',
    condition: 'amount > 10',
    then: [
      { type: 'notify', id: 'tell', to: [{ type: 'requester' }], message: 'hi' },
      repeat('in_then'),
    ],
    else: [repeat('in_else', [repeat('nested')])],
  },
  {
    type: 'parallel',
    id: 'both',
    branches: [
      { steps: [repeat('in_branch')] },
      { steps: [{ type: 'set', id: 'other', fields: {} }] },
    ],
  },
]);

const goodResume = {
  path: [1],
  round: 2,
  state: { status: 'running', fields: { amount: 5 }, outcomes: {} },
  workItemId: 'a-work-item',
  visits: { first: 1, top_body: 1 },
  events: [],
  startedAt: 1_700_000_000_000,
};

describe('where a continued run resumes', () => {
  it('finds the path to a repeat through sequences and if arms', () => {
    expect(resumePathTo(flow.steps, 'top')).toEqual([1]);
    expect(resumePathTo(flow.steps, 'in_then')).toEqual([2, 'then', 1]);
    expect(resumePathTo(flow.steps, 'in_else')).toEqual([2, 'else', 0]);
  });

  it('has no path to a repeat under a parallel branch or another repeat, nor to other steps', () => {
    expect(resumePathTo(flow.steps, 'in_branch')).toBeUndefined();
    expect(resumePathTo(flow.steps, 'nested')).toBeUndefined();
    expect(resumePathTo(flow.steps, 'first')).toBeUndefined();
    expect(resumePathTo(flow.steps, 'missing')).toBeUndefined();
  });

  it('follows a path back to its repeat step', () => {
    expect(repeatAt(flow.steps, [2, 'then', 1])).toMatchObject({ id: 'in_then' });
    expect(repeatAt(flow.steps, [2, 'else', 0])).toMatchObject({ id: 'in_else' });
  });

  it('says why a path leads nowhere', () => {
    expect(repeatAt(flow.steps, [])).toBe('path must not be empty');
    expect(repeatAt(flow.steps, [9])).toBe('path[0]: there is no step 9');
    expect(repeatAt(flow.steps, [0])).toBe('path ends at first (set), not a repeat');
    expect(repeatAt(flow.steps, [3, 'then', 0])).toBe('path[0]: both (parallel) is not an if step');
    expect(repeatAt(flow.steps, [2, 'maybe', 0])).toBe(
      'path[1] must be an arm of big (then or else)',
    );
    expect(repeatAt(flow.steps, ['1'])).toBe('path[0] must be a step index');
  });
});

describe('checking a resume input', () => {
  it('accepts what a run hands to the run it continues as', () => {
    expect(resumeProblems(flow, goodResume)).toEqual([]);
    expect(
      resumeProblems(flow, { ...goodResume, lastDecision: 'approved', lastTimedOut: false }),
    ).toEqual([]);
  });

  it('names every problem of a bad one', () => {
    expect(resumeProblems(flow, null)).toEqual(['resume must be an object']);
    expect(
      resumeProblems(flow, {
        ...goodResume,
        path: [0],
        round: 1,
        workItemId: '',
        state: { status: 'completed', fields: {}, outcomes: {} },
        visits: { first: 0 },
        events: [3],
        startedAt: 'yesterday',
        lastDecision: 'maybe',
        deadlinePassed: 'no',
      }),
    ).toEqual([
      'resume.path: path ends at first (set), not a repeat',
      'resume.round must be an integer of at least 2',
      'resume.workItemId must be the run’s work item id',
      'resume.state.status must be running',
      'resume.visits must map step ids to positive visit counts',
      'resume.events must be a list of event names',
      'resume.startedAt must be an instant in ms',
      'resume.lastDecision must be approved or rejected',
      'resume.deadlinePassed must be true or false',
    ]);
  });

  it('refuses a round past the repeat’s cap and a state without fields', () => {
    expect(resumeProblems(flow, { ...goodResume, round: 6, state: { status: 'running' } })).toEqual(
      [
        "resume.round must be at most 5 (top's cap)",
        'resume.state must be a run state with fields and outcomes',
      ],
    );
  });
});

describe('a subflow’s intake', () => {
  it('passes a lone placeholder’s value with its type and fills other templates as text', () => {
    const fields = subflowFields(
      {
        type: 'subflow',
        id: 'child',
        flow: 'other',
        wait: true,
        input: {
          amount: '{{ amount }}',
          vendor: 'from {{vendor}} ({{amount}})',
          ok: '{{ok}}',
          missing: '{{nothing}}',
        },
      },
      { amount: 500, vendor: 'Acme', ok: true },
    );
    expect(fields).toEqual({ amount: 500, vendor: 'from Acme (500)', ok: true, missing: null });
  });

  it('passes nothing when the step has no input', () => {
    expect(subflowFields({ type: 'subflow', id: 'child', flow: 'other', wait: false }, {})).toEqual(
      {},
    );
  });
});
