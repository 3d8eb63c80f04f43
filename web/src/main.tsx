import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Go, type Me, type Session } from './api';
import { BuilderPage } from './builder';
import { FlowsPage } from './flows';
import { InboxPage } from './inbox';
import { InsightsPage } from './insights';
import { RunPage, RunsPage } from './runs';
import { SignIn } from './sign-in';
import { FlowPage } from './versions';
import './style.css';
import { messageOf } from './problem';

/** The app's pages in its menu, by path; `author` pages are offered to authors and admins. */
const PAGES = [
  { path: '/app/', title: 'Inbox', author: false, page: () => <InboxPage /> },
  {
    path: '/app/flows',
    title: 'Flows',
    author: false,
    page: (go: Go, me: Me) => <FlowsPage go={go} mayManage={mayAuthor(me)} />,
  },
  { path: '/app/runs', title: 'Runs', author: false, page: (go: Go) => <RunsPage go={go} /> },
  { path: '/app/build', title: 'Build a flow', author: true, page: () => <BuilderPage /> },
  { path: '/app/insights', title: 'Insights', author: true, page: () => <InsightsPage /> },
] as const;

/** A run's page (/app/runs/<id>) and a flow's (/app/flows/<name>): pages under the menu's. */
const RUN_PATH = /^\/app\/runs\/([^/]+)$/;
const FLOW_PATH = /^\/app\/flows\/([^/]+)$/;

const mayAuthor = (me: Me) => me.role === 'author' || me.role === 'admin';

/** The app: signed in (`GET /auth/session`), its pages; otherwise the sign-in page. */
function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [path, setPath] = useState(location.pathname);

  useEffect(() => {
    api<Session>('GET', '/auth/session').then(
      (session) => setMe(session.signedIn ? session : null),
      (err: unknown) => setFailure(messageOf(err)),
    );
    const onBack = () => setPath(location.pathname);
    addEventListener('popstate', onBack);
    return () => removeEventListener('popstate', onBack);
  }, []);

  const offered = me ? PAGES.filter((p) => !p.author || mayAuthor(me)) : [];
  const runId = RUN_PATH.exec(path)?.[1];
  const flowName = FLOW_PATH.exec(path)?.[1];
  const under = runId ?? flowName;
  const current =
    under === undefined ? (offered.find((p) => p.path === path) ?? offered[0]) : undefined;

  useEffect(() => {
    const title =
      runId !== undefined
        ? 'Run'
        : flowName !== undefined
          ? decodeURIComponent(flowName)
          : (current?.title ?? 'Plainflow');
    document.title = me ? `${title} · Plainflow` : 'Sign in · Plainflow';
  }, [me, current, runId, flowName]);

  const go: Go = (to) => {
    history.pushState(null, '', to);
    setPath(to);
    scrollTo(0, 0);
  };

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
          {offered.map((p) => (
            <a
              key={p.path}
              href={p.path}
              aria-current={p === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(p.path);
              }}
            >
              {p.title}
            </a>
          ))}
        </nav>
        <span class="who">
          {me.email} <span class="role">({me.role})</span>
        </span>
        <button type="button" class="quiet" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {runId !== undefined ? (
        <RunPage id={decodeURIComponent(runId)} />
      ) : flowName !== undefined ? (
        <FlowPage name={decodeURIComponent(flowName)} go={go} />
      ) : (
        current?.page(go, me)
      )}
    </>
  );
}

const root = document.getElementById('root');
if (root) render(<App />, root);
