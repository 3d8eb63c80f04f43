import { useEffect, useState } from 'preact/hooks';
import { api, type Go, type Run, type RunSummary, type TimelineEntry } from './api';
import { Diagram, markSteps } from './diagram';
import { Problem, messageOf } from './problem';
import { when } from './when';

const STATUSES = ['running', 'completed', 'rejected', 'cancelled', 'failed'] as const;

/** A page of `GET /runs`: its runs, and the cursor of the next page if there is one. */
interface RunsAnswer {
  items: RunSummary[];
  nextCursor: string | null;
}

/**
 * The runs the signed-in person may see, newest first, filtered by status, flow and whether they
 * wait on them, a page at a time.
 */
export function RunsPage({ go }: { go: Go }) {
  const [status, setStatus] = useState('');
  const [flow, setFlow] = useState('');
  const [mine, setMine] = useState(false);
  const [flows, setFlows] = useState<string[]>([]);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api<{ items: { name: string }[] }>('GET', '/flows?limit=100').then(
      (page) => setFlows(page.items.map((f) => f.name)),
      (err: unknown) => setProblem(messageOf(err)),
    );
  }, []);

  const query = new URLSearchParams({
    limit: '50',
    ...(status ? { status } : {}),
    ...(flow ? { flow } : {}),
    ...(mine ? { waitingOn: 'me' } : {}),
  }).toString();

  useEffect(() => {
    setRuns(null);
    let current = true;
    api<RunsAnswer>('GET', `/runs?${query}`).then(
      (page) => {
        if (!current) return;
        setRuns(page.items);
        setNext(page.nextCursor);
      },
      (err: unknown) => current && setProblem(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [query]);

  const showMore = async () => {
    if (next === null) return;
    setMore(true);
    try {
      const page = await api<RunsAnswer>(
        'GET',
        `/runs?${query}&cursor=${encodeURIComponent(next)}`,
      );
      setRuns((shown) => [...(shown ?? []), ...page.items]);
      setNext(page.nextCursor);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setMore(false);
    }
  };

  return (
    <main class="page">
      <h1>Runs</h1>
      <div class="filters">
        <div>
          <label for="run-status">Status</label>
          <select
            id="run-status"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value)}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="run-flow">Flow</label>
          <select
            id="run-flow"
            value={flow}
            onChange={(event) => setFlow(event.currentTarget.value)}
          >
            <option value="">Any</option>
            {flows.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={mine}
            onChange={(event) => setMine(event.currentTarget.checked)}
          />{' '}
          Waiting on me
        </label>
      </div>
      <Problem problem={problem} />
      {runs === null ? (
        <p aria-busy="true">Loading…</p>
      ) : runs.length === 0 ? (
        <p>No runs.</p>
      ) : (
        <table class="runs">
          <caption class="hint">
            Newest first{next === null ? '' : `: the first ${runs.length}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Waiting on</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <a
                    href={`/app/runs/${encodeURIComponent(run.id)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      go(`/app/runs/${encodeURIComponent(run.id)}`);
                    }}
                  >
                    {run.title}
                  </a>
                </td>
                <td>
                  {run.flow}
                  {run.version === null ? '' : ` v${run.version}`}
                </td>
                <td>{run.status}</td>
                <td>
                  {run.waitingOn.map((w) => (
                    <span key={`${w.step}-${w.assignee}`} class={w.overdue ? 'overdue' : ''}>
                      {w.step}: {w.assignee}
                      {w.overdue ? ' (overdue)' : ''}{' '}
                    </span>
                  ))}
                </td>
                <td>{when(run.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs !== null && next !== null && (
        <div class="actions">
          <button type="button" class="secondary" disabled={more} onClick={() => void showMore()}>
            {more ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
    </main>
  );
}

/** How often a run page that is still running reads the run again. */
const REFRESH_MS = 2000;

/** One run: its status, fields and its story from the audit trail, kept fresh while it runs. */
export function RunPage({ id }: { id: string }) {
  const [run, setRun] = useState<Run | null>(null);
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  const [waiting, setWaiting] = useState<string[]>([]);
  const [diagram, setDiagram] = useState<string | null>(null);
  const flowName = run?.flowName ?? null;
  const flowVersion = run?.flowVersion ?? null;

  // The diagram of the version the run is pinned to, read once.
  useEffect(() => {
    if (flowName === null || flowVersion === null) return;
    api<{ diagram: string }>(
      'GET',
      `/flows/${encodeURIComponent(flowName)}/versions/${flowVersion}`,
    ).then(
      (version) => setDiagram(version.diagram),
      (err: unknown) => setProblem(messageOf(err)),
    );
  }, [flowName, flowVersion]);

  useEffect(() => {
    const path = `/runs/${encodeURIComponent(id)}`;
    let current = true;
    const read = async () => {
      const found = await api<Run>('GET', path);
      // A run just started has no work item, and so no audit trail, until its first step.
      const none: TimelineEntry[] = [];
      if (found.workItem === null) return [found, { entries: none }, null] as const;
      const [timeline, state] = await Promise.all([
        api<{ entries: TimelineEntry[] }>('GET', `${path}/timeline?limit=100`),
        found.flowVersion === null
          ? null
          : api<{ current: { stepId: string }[] }>('GET', `${path}/state`),
      ]);
      return [found, timeline, state] as const;
    };
    read().then(
      ([found, timeline, state]) => {
        if (!current) return;
        setRun(found);
        setEntries(timeline.entries);
        setWaiting(state?.current.map((step) => step.stepId) ?? []);
        // A run starting has no work item yet; a running one changes as people act.
        const ended = found.workItem !== null && found.closedAt !== null;
        if (!ended) setTimeout(() => current && setReads((n) => n + 1), REFRESH_MS);
      },
      (err: unknown) => current && setProblem(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [id, reads]);

  if (problem !== null) {
    return (
      <main class="page">
        <h1>Run</h1>
        <Problem problem={problem} />
      </main>
    );
  }
  if (run === null || entries === null) return <main class="page" aria-busy="true" />;
  const fields = Object.entries(run.workItem?.fields ?? {});
  return (
    <main class="page">
      <h1>{run.workItem?.title ?? run.id}</h1>
      <p class="meta">
        {run.flowName ?? 'intake'} ·{' '}
        <strong class="run-status">{run.flowStatus ?? 'running'}</strong> · started{' '}
        {when(run.startedAt)}
        {run.closedAt !== null && <> · ended {when(run.closedAt)}</>} · requested by{' '}
        {run.workItem?.requester ?? '?'}
      </p>
      {fields.length > 0 && (
        <dl class="fields">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name.replaceAll('_', ' ')}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {run.temporalUi !== null && (
        <p>
          <a href={run.temporalUi} target="_blank" rel="noreferrer">
            This run in the Temporal Web UI
          </a>
        </p>
      )}
      {diagram !== null && (
        <>
          <h2>Where it is</h2>
          <p class="hint">
            {waiting.length === 0
              ? 'It waits on no step now.'
              : `It waits at ${waiting.join(', ')}, marked in the diagram.`}
          </p>
          <Diagram
            source={markSteps(diagram, { waiting })}
            label={`Diagram of ${run.flowName ?? 'the flow'}`}
          />
        </>
      )}
      <h2>Timeline</h2>
      <ol class="timeline">
        {entries.map((entry) => (
          <li key={entry.seq}>
            {when(entry.at)} <span>{entry.summary}</span>
          </li>
        ))}
      </ol>
    </main>
  );
}
