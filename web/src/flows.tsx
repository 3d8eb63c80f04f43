import { useEffect, useState } from 'preact/hooks';
import { api, type FlowSummary, type Go } from './api';
import { FormFields, formValues, type Values } from './fields';
import { Problem, messageOf } from './problem';
import { flowPath } from './versions';

/** Every flow with its latest version and trigger; a run of one starts here with its fields. */
export function FlowsPage({ go, mayManage }: { go: Go; mayManage: boolean }) {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api<{ items: FlowSummary[] }>('GET', '/flows?limit=100').then(
      (page) => setFlows(page.items),
      (err: unknown) => setProblem(messageOf(err)),
    );
  }, []);

  return (
    <main class="page">
      <h1>Flows</h1>
      <Problem problem={problem} />
      {flows === null ? (
        <p aria-busy="true">Loading…</p>
      ) : flows.length === 0 ? (
        <p>No flows yet: an author writes one under Build a flow.</p>
      ) : (
        <ul class="items">
          {flows.map((flow) => (
            <li key={flow.name}>
              <FlowCard flow={flow} go={go} mayManage={mayManage} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function FlowCard({ flow, go, mayManage }: { flow: FlowSummary; go: Go; mayManage: boolean }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState(flow.schedule?.state ?? null);
  const [news, setNews] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `flow-${flow.name}`;
  const startable = flow.trigger?.type === 'request' || flow.trigger?.type === 'manual';
  const schedule = `/flows/${encodeURIComponent(flow.name)}/schedule`;

  /** Pauses, resumes or triggers the flow's schedule (admins, or the author who made the flow). */
  const manage = async (action: 'pause' | 'resume' | 'trigger') => {
    setBusy(true);
    setProblem(null);
    try {
      if (action === 'trigger') {
        const result = await api<{ outcome: string; workflowId: string | null }>(
          'POST',
          `${schedule}/trigger`,
        );
        setNews(
          result.outcome === 'started'
            ? `Started the run ${result.workflowId ?? ''}.`
            : result.outcome === 'skipped'
              ? 'Skipped: a run is still open, and the schedule does not overlap runs.'
              : 'Asked the schedule to start a run.',
        );
      } else {
        const view = await api<{ paused: boolean }>('POST', `${schedule}/${action}`, {});
        setState(view.paused ? 'paused' : 'active');
        setNews(view.paused ? 'Paused: it starts no runs until resumed.' : 'Resumed.');
      }
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="item" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{flow.name}</h2>
      <p class="meta">
        {flow.latestVersion === null ? 'not deployed' : `version ${flow.latestVersion}`}
        {flow.ownerTeam ? ` · owned by ${flow.ownerTeam}` : ''}
        {flow.trigger ? ` · starts ${triggerText(flow.trigger.type, state)}` : ''}
      </p>
      {flow.description && <p>{flow.description}</p>}
      {flow.latestVersion !== null && (
        <p>
          <a
            href={flowPath(flow.name)}
            onClick={(event) => {
              event.preventDefault();
              go(flowPath(flow.name));
            }}
          >
            Versions of {flow.name}, side by side
          </a>
        </p>
      )}
      {startable && !open && (
        <div class="actions">
          <button type="button" onClick={() => setOpen(true)}>
            Start a run
          </button>
        </div>
      )}
      {open && <StartRun flow={flow} go={go} onCancel={() => setOpen(false)} />}
      {mayManage && (state === 'active' || state === 'paused') && (
        <div class="actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void manage(state === 'active' ? 'pause' : 'resume')}
          >
            {state === 'active' ? 'Pause the schedule' : 'Resume the schedule'}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => void manage('trigger')}
          >
            Run now
          </button>
        </div>
      )}
      <p class="status" role="status" aria-live="polite">
        {news}
      </p>
      <Problem problem={problem} />
    </article>
  );
}

function triggerText(trigger: 'manual' | 'request' | 'schedule', schedule: string | null): string {
  switch (trigger) {
    case 'request':
      return 'on a request';
    case 'manual':
      return 'by hand';
    case 'schedule':
      return `on a schedule (${schedule ?? 'unknown'})`;
  }
}

/** The intake form of a flow's trigger; submitting it starts a run and opens its page. */
function StartRun({ flow, go, onCancel }: { flow: FlowSummary; go: Go; onCancel: () => void }) {
  const fields = flow.trigger?.fields ?? [];
  const [title, setTitle] = useState('');
  const [values, setValues] = useState<Values>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `start-${flow.name}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body = {
      ...(title.trim() ? { title: title.trim() } : {}),
      fields: formValues(fields, values),
    };
    try {
      const started = await api<{ id: string }>(
        'POST',
        `/flows/${encodeURIComponent(flow.name)}/runs`,
        body,
      );
      go(`/app/runs/${encodeURIComponent(started.id)}`);
    } catch (err) {
      setProblem(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label for={`${id}-title`}>Title (optional)</label>
      <input
        id={`${id}-title`}
        value={title}
        onInput={(event) => setTitle(event.currentTarget.value)}
      />
      <FormFields idPrefix={id} fields={fields} values={values} onChange={setValues} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <Problem problem={problem} />
    </form>
  );
}
