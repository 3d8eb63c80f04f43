import { useEffect, useState } from 'preact/hooks';
import { api, type FlowSummary, type Go } from './api';
import { FormFields, formValues, type Values } from './fields';
import { Problem, messageOf } from './problem';

/** Every flow with its latest version and trigger; a run of one starts here with its fields. */
export function FlowsPage({ go }: { go: Go }) {
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
              <FlowCard flow={flow} go={go} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function FlowCard({ flow, go }: { flow: FlowSummary; go: Go }) {
  const [open, setOpen] = useState(false);
  const id = `flow-${flow.name}`;
  const startable = flow.trigger?.type === 'request' || flow.trigger?.type === 'manual';
  return (
    <article class="item" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{flow.name}</h2>
      <p class="meta">
        {flow.latestVersion === null ? 'not deployed' : `version ${flow.latestVersion}`}
        {flow.ownerTeam ? ` · owned by ${flow.ownerTeam}` : ''}
        {flow.trigger ? ` · starts ${triggerText(flow)}` : ''}
      </p>
      {flow.description && <p>{flow.description}</p>}
      {startable && !open && (
        <div class="actions">
          <button type="button" onClick={() => setOpen(true)}>
            Start a run
          </button>
        </div>
      )}
      {open && <StartRun flow={flow} go={go} onCancel={() => setOpen(false)} />}
    </article>
  );
}

function triggerText(flow: FlowSummary): string {
  switch (flow.trigger?.type) {
    case 'request':
      return 'on a request';
    case 'manual':
      return 'by hand';
    case 'schedule':
      return `on a schedule (${flow.schedule?.state ?? 'unknown'})`;
    case undefined:
      return '';
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
