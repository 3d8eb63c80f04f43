import {
  auditHash,
  canonicalJson,
  verifyAuditChain,
  type AuditLink,
} from '../../src/db/audit-chain';

function chain(n: number) {
  const events: (AuditLink & { hash: string })[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const link: AuditLink = {
      workItemId: 'wi-1',
      seq,
      action: `step.${seq}`,
      actor: 'ann@example.com',
      data: { seq, nested: { b: 2, a: 1 } },
      createdAt: new Date(Date.UTC(2026, 0, 1, 9, seq)),
      prevHash: events.at(-1)?.hash ?? null,
    };
    events.push({ ...link, hash: auditHash(link) });
  }
  return events;
}

describe('the audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyAuditChain(chain(4))).toEqual({ ok: true });
  });

  it('finds an event whose data was altered', () => {
    const events = chain(4);
    events[2] = { ...events[2]!, data: { seq: 99 } };
    expect(verifyAuditChain(events)).toEqual({ ok: false, seq: 3, reason: 'altered' });
  });

  it('finds a removed event', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyAuditChain(events)).toMatchObject({ ok: false, seq: 3 });
  });

  it('finds an event re-linked to another predecessor', () => {
    const events = chain(3);
    events[2] = { ...events[2]!, prevHash: events[0]!.hash };
    expect(verifyAuditChain(events)).toEqual({ ok: false, seq: 3, reason: 'broken link' });
  });

  it('hashes data the same whatever the order of its keys', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe(
      '{"a":null,"b":[1,{"c":2,"d":1}]}',
    );
  });
});
