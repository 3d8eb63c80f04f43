import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type Inbox, type InboxAction, type InboxItem } from './api';
import { FormFields, formValues, type Values } from './fields';
import { Problem, messageOf } from './problem';
import { when } from './when';

/** The actions taken in place, with their button labels; reassign and delegate hand the work on. */
const LABELS: Record<string, string> = {
  approve: 'Approve',
  reject: 'Reject',
  complete: 'Complete',
  accept: 'Accept',
  decline: 'Decline',
  claim: 'Claim',
};

const DONE: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  complete: 'Completed',
  accept: 'Accepted',
  decline: 'Declined',
  claim: 'Claimed',
};

/** Everything waiting on the signed-in person (`GET /inbox`), acted on in place. */
export function InboxPage() {
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [news, setNews] = useState('');

  const load = useCallback(async () => {
    try {
      setInbox(await api<Inbox>('GET', '/inbox'));
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const acted = (text: string) => {
    setNews(text);
    void load();
  };

  return (
    <main class="page">
      <h1>Inbox</h1>
      <p class="status" role="status" aria-live="polite">
        {news}
      </p>
      <Problem problem={problem} />
      {inbox === null ? (
        <p aria-busy="true">Loading…</p>
      ) : inbox.items.length === 0 ? (
        <p>Nothing is waiting on you.</p>
      ) : (
        <>
          <p>
            {inbox.total} waiting on you
            {inbox.items.length < inbox.total ? `, the oldest ${inbox.items.length}` : ''}.
          </p>
          <ul class="items">
            {inbox.items.map((item) => (
              <li key={item.taskId}>
                <WorkItem item={item} onActed={acted} />
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

function WorkItem({ item, onActed }: { item: InboxItem; onActed: (news: string) => void }) {
  const [comment, setComment] = useState('');
  const [values, setValues] = useState<Values>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [to, setTo] = useState('');
  const id = `item-${item.taskId}`;
  const offered = item.actions.filter((action) => action.name in LABELS);
  const handOn = item.actions.filter((a) => a.name === 'reassign' || a.name === 'delegate');

  const act = async (action: InboxAction) => {
    setBusy(true);
    setProblem(null);
    const body: Record<string, unknown> = { ...action.body };
    if (action.name === 'complete') {
      if (item.form.length > 0) body.fields = formValues(item.form, values);
      else delete body.fields;
    }
    // Reassigning takes a party token; a bare email is that person.
    if (action.name === 'reassign') body.to = to.includes(':') ? to.trim() : `person:${to.trim()}`;
    if (action.name === 'delegate') body.to = to.trim();
    if (comment.trim() !== '' && action.name !== 'claim') body.comment = comment.trim();
    try {
      await api('POST', action.href, body);
      const done =
        action.name === 'reassign'
          ? `Handed to ${String(body.to)}`
          : action.name === 'delegate'
            ? `Vote delegated to ${String(body.to)}`
            : (DONE[action.name] ?? 'Done');
      onActed(`${done}: ${item.title} (${item.workItem.title})`);
    } catch (err) {
      setProblem(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <article class="item" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{item.title}</h2>
      <p class="meta">
        <span class="kind">{item.kind}</span> · {item.workItem.title} · {item.flow.name}
        {item.flow.version === null ? '' : ` v${item.flow.version}`} · requested by{' '}
        {item.workItem.requester}
      </p>
      <p class="meta">
        Waiting since {when(item.since)}
        {item.dueAt !== null && <> · due {when(item.dueAt)}</>}
        {item.overdue && <strong class="overdue"> · overdue</strong>}
      </p>
      {item.kind === 'task' && item.form.length > 0 && (
        <fieldset>
          <legend>Form</legend>
          <FormFields idPrefix={id} fields={item.form} values={values} onChange={setValues} />
        </fieldset>
      )}
      <label for={`${id}-comment`}>Comment (optional)</label>
      <textarea
        id={`${id}-comment`}
        rows={2}
        maxLength={5000}
        value={comment}
        onInput={(event) => setComment(event.currentTarget.value)}
      />
      <div class="actions">
        {offered.map((action) => (
          <button
            key={`${action.name}-${action.href}`}
            type="button"
            class={action.name === 'reject' || action.name === 'decline' ? 'secondary' : ''}
            disabled={busy}
            onClick={() => void act(action)}
          >
            {LABELS[action.name]}
          </button>
        ))}
      </div>
      {handOn.length > 0 && (
        <details class="hand-on">
          <summary>Hand it on</summary>
          <label for={`${id}-to`}>
            {handOn.some((a) => a.name === 'delegate')
              ? 'To (an email; for reassigning also role:… or team:…)'
              : 'To (an email, role:… or team:…)'}
          </label>
          <input id={`${id}-to`} value={to} onInput={(event) => setTo(event.currentTarget.value)} />
          <div class="actions">
            {handOn.map((action) => (
              <button
                key={action.name}
                type="button"
                class="secondary"
                disabled={busy || to.trim() === ''}
                onClick={() => void act(action)}
              >
                {action.name === 'reassign' ? 'Reassign' : 'Delegate my vote'}
              </button>
            ))}
          </div>
        </details>
      )}
      <Problem problem={problem} />
    </article>
  );
}
