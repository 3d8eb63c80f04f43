import {
  formatAction,
  formatParty,
  isIndividual,
  parseParty,
  sameParty,
  type Party,
} from '../../src/dsl';

describe('parties', () => {
  const parties: [Party, string][] = [
    [{ type: 'requester' }, 'requester'],
    [{ type: 'manager' }, 'manager'],
    [{ type: 'assignee' }, 'assignee'],
    [{ type: 'role', role: 'finance-director' }, 'role:finance-director'],
    [{ type: 'team', team: 'it-ops' }, 'team:it-ops'],
    [{ type: 'person', email: 'ops-lead@example.com' }, 'person:ops-lead@example.com'],
  ];

  it.each(parties)('prints %j as %s and reads it back', (party, token) => {
    expect(formatParty(party)).toBe(token);
    expect(parseParty(token)).toEqual(party);
  });

  it('leaves the assignment strategy out of the outline token', () => {
    expect(formatParty({ type: 'team', team: 'design', assignment: 'round_robin' })).toBe(
      'team:design',
    );
  });

  it.each(['boss', 'role:', 'role:Finance Director', 'person:nobody', 'requester:x', ''])(
    'refuses the token %j',
    (token) => {
      expect(parseParty(token)).toBeUndefined();
    },
  );

  it('tells individuals from roles and teams, and compares parties by who they name', () => {
    expect(isIndividual({ type: 'manager' })).toBe(true);
    expect(isIndividual({ type: 'team', team: 'hr' })).toBe(false);
    expect(
      sameParty(
        { type: 'team', team: 'hr' },
        { type: 'team', team: 'hr', assignment: 'least_loaded' },
      ),
    ).toBe(true);
    expect(sameParty({ type: 'role', role: 'hr' }, { type: 'team', team: 'hr' })).toBe(false);
  });
});

describe('actions', () => {
  it('print as outline then= values', () => {
    expect(formatAction({ type: 'escalate', to: { type: 'role', role: 'cfo' } })).toBe(
      'escalate:role:cfo',
    );
    expect(formatAction({ type: 'reassign', to: { type: 'assignee' } })).toBe('reassign:assignee');
    expect(formatAction({ type: 'approve' })).toBe('approve');
    expect(formatAction({ type: 'reject' })).toBe('reject');
    expect(formatAction({ type: 'remind' })).toBe('remind');
    expect(formatAction({ type: 'cancel' })).toBe('cancel');
    expect(
      formatAction({ type: 'notify', to: [{ type: 'requester' }, { type: 'team', team: 'hr' }] }),
    ).toBe('notify:requester,team:hr');
  });
});
