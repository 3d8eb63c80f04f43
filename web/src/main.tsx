import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Me, type Session } from './api';
import { InboxPage } from './inbox';
import { SignIn } from './sign-in';
import './style.css';

/** The app: signed in (`GET /auth/session`), the inbox; otherwise the sign-in page. */
function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    api<Session>('GET', '/auth/session').then(
      (session) => setMe(session.signedIn ? session : null),
      (err: unknown) => setFailure(err instanceof Error ? err.message : String(err)),
    );
  }, []);

  useEffect(() => {
    document.title = me ? 'Inbox · Plainflow' : 'Sign in · Plainflow';
  }, [me]);

  const signOut = async () => {
    await api('DELETE', '/auth/session');
    setMe(null);
  };

  if (failure !== null) {
    return (
      <main class="page">
        <p role="alert">The API could not be reached: {failure}</p>
      </main>
    );
  }
  if (me === undefined) return <main class="page" aria-busy="true" />;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  return (
    <>
      <header class="bar">
        <span class="brand">Plainflow</span>
        <nav aria-label="Main">
          <a href="/app/" aria-current="page">
            Inbox
          </a>
        </nav>
        <span class="who">
          {me.email} <span class="role">({me.role})</span>
        </span>
        <button type="button" class="quiet" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <InboxPage />
    </>
  );
}

const root = document.getElementById('root');
if (root) render(<App />, root);
