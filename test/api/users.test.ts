import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

describe('users over HTTP', () => {
  const { stack } = useTestStack();

  const createUser = async (email: string) => {
    const res = await fetch(`${stack().apiUrl}/users`, {
      method: 'POST',
      headers: withKey(stack().adminKey),
      body: JSON.stringify({ email }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
  };

  it('creates a user once when several POSTs of the same email arrive at once, the others 409', async () => {
    // Regression: the losers of the race to insert the user answered 500 (a unique violation).
    for (const email of ['twin-1@example.com', 'twin-2@example.com', 'twin-3@example.com']) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => createUser(email)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(
        answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body.error?.code]),
      ).toEqual(Array.from({ length: 7 }, () => [409, 'user_exists']));
    }
  });
});
