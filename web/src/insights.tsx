import { useEffect, useState } from 'preact/hooks';
import {
  api,
  type AtRiskItem,
  type FlowInsights,
  type FlowSummary,
  type PersonLoad,
  type RaisedFlag,
} from './api';
import { Problem, messageOf } from './problem';
import { when } from './when';

/** A duration for people: hours up to two days, then days. */
function duration(ms: number | null): string {
  if (ms === null) return '–';
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

const REASONS: Record<AtRiskItem['reason'], string> = {
  overdue: 'Overdue',
  due_at_risk: 'Likely late',
  deadline_at_risk: 'Run likely late',
};

function useAnswer<T>(path: string | null): { answer: T | null; problem: string | null } {
  const [answer, setAnswer] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setAnswer(null);
    if (path === null) return;
    let current = true;
    api<T>('GET', path).then(
      (found) => current && setAnswer(found),
      (err: unknown) => current && setProblem(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [path]);
  return { answer, problem };
}

/** Where a flow's work waits, what is late or likely late, and who holds how much. */
export function InsightsPage() {
  const flows = useAnswer<{ items: FlowSummary[] }>('/flows?limit=100');
  const [chosen, setChosen] = useState('');
  const flow = chosen || flows.answer?.items[0]?.name || '';
  const waits = useAnswer<FlowInsights>(
    flow ? `/flows/${encodeURIComponent(flow)}/insights` : null,
  );
  const risk = useAnswer<{ total: number; items: AtRiskItem[] }>('/insights/at-risk?limit=20');
  const load = useAnswer<{ people: PersonLoad[] }>('/insights/workload?limit=20');
  const flags = useAnswer<{ items: RaisedFlag[] }>('/insights/flags?limit=20');
  const problem = flows.problem ?? waits.problem ?? risk.problem ?? load.problem ?? flags.problem;

  return (
    <main class="page wide">
      <h1>Insights</h1>
      <Problem problem={problem} />
      <section aria-labelledby="waits">
        <h2 id="waits">Where work waits</h2>
        {flows.answer && flows.answer.items.length > 0 && (
          <>
            <label for="insights-flow">Flow</label>
            <select
              id="insights-flow"
              value={flow}
              onChange={(e) => setChosen(e.currentTarget.value)}
            >
              {flows.answer.items.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </>
        )}
        {waits.answer && <Waits insights={waits.answer} />}
      </section>
      <section aria-labelledby="at-risk">
        <h2 id="at-risk">Late or likely late</h2>
        {risk.answer &&
          (risk.answer.items.length === 0 ? (
            <p>Nothing is late or likely late.</p>
          ) : (
            <ul class="risks">
              {risk.answer.items.map((item) => (
                <li key={`${item.runId}-${item.step}-${item.reason}`}>
                  <strong class={item.reason === 'overdue' ? 'overdue' : ''}>
                    {REASONS[item.reason]}
                  </strong>{' '}
                  {item.title} · {item.flow} / {item.step} · {item.assignee}
                  <br />
                  <span class="hint">{item.because}</span>
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section aria-labelledby="flags">
        <h2 id="flags">The watcher's flags</h2>
        {flags.answer &&
          (flags.answer.items.length === 0 ? (
            <p>The watcher has flagged nothing.</p>
          ) : (
            <ul class="risks">
              {flags.answer.items.map((flag) => (
                <li key={`${flag.runId}-${flag.step}-${flag.reason}-${flag.at}`}>
                  <strong class={flag.reason === 'overdue' ? 'overdue' : ''}>
                    {REASONS[flag.reason]}
                  </strong>{' '}
                  {flag.title} · {flag.flow} / {flag.step} · flagged {when(flag.at)} to{' '}
                  {flag.recipients.join(', ')} ·{' '}
                  {flag.open ? `still open, with ${flag.holder ?? '?'}` : 'done since'}
                  <br />
                  <span class="hint">{flag.because}</span>
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section aria-labelledby="workload">
        <h2 id="workload">Workload</h2>
        {load.answer &&
          (load.answer.people.length === 0 ? (
            <p>Nobody holds open work.</p>
          ) : (
            <table class="runs">
              <caption class="hint">
                Most loaded first; the bar is open work against capacity
              </caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Open</th>
                  <th scope="col">Overdue</th>
                  <th scope="col">Due in 24 h</th>
                  <th scope="col">Capacity</th>
                  <th scope="col">Available</th>
                </tr>
              </thead>
              <tbody>
                {load.answer.people.map((p) => (
                  <tr key={p.email}>
                    <td>{p.email}</td>
                    <td>
                      {p.open}
                      {p.capacity !== null && (
                        <span class="meter" aria-hidden="true">
                          <span
                            style={{
                              width: `${Math.min(100, (p.open / Math.max(1, p.capacity)) * 100)}%`,
                            }}
                          />
                        </span>
                      )}
                    </td>
                    <td>{p.overdue}</td>
                    <td>{p.dueSoon}</td>
                    <td>{p.capacity ?? 'no limit'}</td>
                    <td>
                      {p.away
                        ? `away until ${new Date(p.away.until).toLocaleDateString()}`
                        : p.available
                          ? 'yes'
                          : 'at capacity'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
    </main>
  );
}

/** The bottleneck ranking as a bar chart: each step's total waiting time, longest first. */
function Waits({ insights }: { insights: FlowInsights }) {
  if (insights.steps.length === 0) return <p>No work opened in the last 90 days.</p>;
  const longest = Math.max(...insights.steps.map((s) => s.totalWaitMs), 1);
  return (
    <table class="runs waits">
      <caption class="hint">
        Steps by total waiting time, longest first, from{' '}
        {new Date(insights.since).toLocaleDateString()}
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Total wait</th>
          <th scope="col">Typical (p50)</th>
          <th scope="col">Slow (p95)</th>
          <th scope="col">Open</th>
          <th scope="col">Overdue</th>
        </tr>
      </thead>
      <tbody>
        {insights.steps.map((s) => (
          <tr key={`${s.version}-${s.step}`}>
            <th scope="row">
              {s.step}
              {s.version === null ? '' : ` (v${s.version})`}
            </th>
            <td>
              <span class="meter wide" aria-hidden="true">
                <span style={{ width: `${(s.totalWaitMs / longest) * 100}%` }} />
              </span>
              {duration(s.totalWaitMs)}
            </td>
            <td>{duration(s.waitMs.p50)}</td>
            <td>{duration(s.waitMs.p95)}</td>
            <td>{s.open}</td>
            <td>{s.overdue}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
