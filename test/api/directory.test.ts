import { useTestStack } from '../helpers/stack';
import { TEST_ADMIN, withKey } from '../helpers/identity';

// An ISO timestamp, whatever its value.
const anInstant: unknown = expect.any(String);

describe('the directory of teams and roles over HTTP', () => {
  const { stack } = useTestStack();

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(stack().adminKey),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('creates a team, replaces its members, and logs who was added and removed', async () => {
    const created = await call('PUT', '/directory/teams/it-ops', {
      members: ['cy@example.com', 'al@example.com', 'al@example.com'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'team',
      name: 'it-ops',
      members: ['al@example.com', 'cy@example.com'],
    });
    const changed = await call('PUT', '/directory/teams/it-ops', {
      members: ['al@example.com', 'bo@example.com'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.members).toEqual(['al@example.com', 'bo@example.com']);
    const shown = await call('GET', '/directory/teams/it-ops');
    expect(shown.status).toBe(200);
    expect(shown.body.changes).toEqual([
      {
        changedBy: TEST_ADMIN,
        added: ['al@example.com', 'cy@example.com'],
        removed: [],
        at: anInstant,
      },
      {
        changedBy: TEST_ADMIN,
        added: ['bo@example.com'],
        removed: ['cy@example.com'],
        at: anInstant,
      },
    ]);
  });

  it('does not log a change when the members stay the same', async () => {
    await call('PUT', '/directory/roles/cfo', { members: ['fin@example.com'] });
    await call('PUT', '/directory/roles/cfo', { members: ['fin@example.com'] });
    const shown = await call('GET', '/directory/roles/cfo');
    expect(shown.body).toMatchObject({ kind: 'role', name: 'cfo', members: ['fin@example.com'] });
    expect(shown.body.changes).toHaveLength(1);
  });

  it('keeps teams and roles apart, and lists each kind', async () => {
    await call('PUT', '/directory/roles/it-ops', { members: ['role@example.com'] });
    const teams = await call('GET', '/directory/teams');
    expect(teams.body.teams).toEqual([
      {
        name: 'it-ops',
        members: ['al@example.com', 'bo@example.com'],
        updatedAt: anInstant,
      },
    ]);
    const roles = await call('GET', '/directory/roles');
    expect((roles.body.roles as { name: string }[]).map((r) => r.name)).toEqual(['cfo', 'it-ops']);
  });

  it('answers 404 for a group not in the directory', async () => {
    const missing = await call('GET', '/directory/teams/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'group_not_found' });
  });

  it('refuses members that are not emails, unknown fields and bad names with 400', async () => {
    const bad = await call('PUT', '/directory/teams/it-ops', { members: ['not-an-email'], x: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_body',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'members.0' }) as unknown,
        expect.objectContaining({ path: '' }) as unknown,
      ]) as unknown,
    });
    const badName = await call('PUT', '/directory/teams/IT%20Ops', { members: [] });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatchObject({
      code: 'invalid_path',
      details: [expect.objectContaining({ path: 'name' }) as unknown],
    });
    const noList = await call('PUT', '/directory/roles/cfo', {});
    expect(noList.status).toBe(400);
    const unknownKind = await call('PUT', '/directory/squads/ann', { members: [] });
    expect(unknownKind.status).toBe(404);
    const still = await call('GET', '/directory/teams/it-ops');
    expect(still.body.members).toEqual(['al@example.com', 'bo@example.com']);
  });

  it('answers every one of several PUTs of a new group sent at once, creating it once', async () => {
    // Regression: the losers of the race to create the group answered 500 (a unique violation).
    const puts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('PUT', '/directory/roles/rush', { members: [`m${i % 3}@example.com`] }),
      ),
    );
    expect(puts.map((p) => p.status).filter((status) => status !== 200)).toEqual([201]);
    const shown = await call('GET', '/directory/roles/rush');
    expect(shown.body.members).toHaveLength(1);
  });

  it('sets and shows the manager of a person whose email is longer than a group name may be', async () => {
    // Regression: the path guard held every /directory/…/<x> to a group name's 64 characters.
    const email = `${'a'.repeat(70)}@example.com`;
    const set = await call('PUT', `/directory/people/${email}`, { manager: 'boss@example.com' });
    expect(set.status).toBe(201);
    const shown = await call('GET', `/directory/people/${email}`);
    expect(shown.body).toMatchObject({ email, manager: 'boss@example.com' });
    const longName = await call('GET', `/directory/teams/${'a'.repeat(65)}`);
    expect(longName.body.error).toMatchObject({ code: 'invalid_path' });
  });

  it('sets a capacity and an away period, keeps what a PUT leaves out, and shows availability', async () => {
    const path = '/directory/people/kim@example.com';
    const away = { from: '2026-12-20T00:00:00.000Z', until: '2027-01-04T00:00:00.000Z' };
    const set = await call('PUT', path, { manager: 'boss@example.com', capacity: 2, away });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({
      manager: 'boss@example.com',
      capacity: 2,
      away,
      openTasks: 0,
      available: true,
    });
    const now = Date.now();
    const awayNow = {
      from: new Date(now - 60_000).toISOString(),
      until: new Date(now + 3_600_000).toISOString(),
    };
    const changed = await call('PUT', path, { away: awayNow });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      manager: 'boss@example.com',
      capacity: 2,
      away: awayNow,
      available: false,
    });
    const cleared = await call('PUT', path, { capacity: null, away: null });
    expect(cleared.body).toMatchObject({
      manager: 'boss@example.com',
      capacity: null,
      away: null,
      available: true,
    });
    for (const body of [
      {},
      { capacity: 0 },
      { capacity: 1.5 },
      { away: { from: away.until, until: away.from } },
      { away: { from: away.from } },
    ]) {
      const refused = await call('PUT', path, body);
      expect([JSON.stringify(body), refused.status]).toEqual([JSON.stringify(body), 400]);
      expect(refused.body.error).toMatchObject({ code: 'invalid_body' });
    }
  });
});
