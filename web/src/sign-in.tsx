import { useState } from 'preact/hooks';
import { api, type Me } from './api';
import { Problem, messageOf } from './problem';

/** Signing in with an API key: `POST /auth/session` sets the session cookie the app then uses. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await api<Me>('POST', '/auth/session', { key: key.trim() }));
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="page narrow">
      <h1>Sign in to Plainflow</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="key"
          type="password"
          autocomplete="off"
          aria-describedby="api-key-hint"
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p class="hint" id="api-key-hint">
          An admin makes one with <code>POST /keys</code>; <code>npm start</code> prints the first
          admin's.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <Problem problem={problem} />
      </form>
    </main>
  );
}
