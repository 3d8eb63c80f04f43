import { useEffect, useState } from 'preact/hooks';
import { api, type FlowDiff, type FlowVersion, type Go, type VersionSummary } from './api';
import { Diagram, markSteps } from './diagram';
import { Problem, messageOf } from './problem';
import { when } from './when';

/** The path of a flow's page in the app. */
export const flowPath = (name: string) => `/app/flows/${encodeURIComponent(name)}`;

const describeStep = (step: { id: string; type: string }) => `${step.id} (${step.type})`;

/** One version in its column: when and by whom, its English, and its diagram with steps marked. */
function VersionColumn({
  name,
  version,
  marked,
}: {
  name: string;
  version: FlowVersion;
  marked: Parameters<typeof markSteps>[1];
}) {
  return (
    <section aria-labelledby={`v${version.version}-title`}>
      <h3 id={`v${version.version}-title`}>Version {version.version}</h3>
      <p class="meta">
        deployed {when(version.deployedAt)}
        {version.deployedBy ? ` by ${version.deployedBy}` : ''}
      </p>
      {version.sourceText !== null ? (
        <blockquote class="source">{version.sourceText}</blockquote>
      ) : (
        <p class="hint">Deployed as a flow document, not from English.</p>
      )}
      <Diagram
        source={markSteps(version.diagram, marked)}
        label={`Diagram of ${name} version ${version.version}`}
      />
    </section>
  );
}

/**
 * A flow's versions, and two of them side by side with what changed: steps added, removed and
 * changed (with which of their properties), and the flow's own properties; each diagram marks
 * the steps that differ.
 */
export function FlowPage({ name, go }: { name: string; go: Go }) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [shown, setShown] = useState<{ older: FlowVersion; newer: FlowVersion; diff: FlowDiff }>();
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/flows/${encodeURIComponent(name)}`;

  useEffect(() => {
    api<{ items: VersionSummary[] }>('GET', `${base}/versions?limit=100`).then(
      (page) => {
        setVersions(page.items);
        const [latest, before] = page.items;
        setTo(latest?.version ?? null);
        setFrom(before?.version ?? latest?.version ?? null);
      },
      (err: unknown) => setProblem(messageOf(err)),
    );
  }, [base]);

  useEffect(() => {
    if (from === null || to === null) return;
    const [older, newer] = from <= to ? [from, to] : [to, from];
    let current = true;
    Promise.all([
      api<FlowVersion>('GET', `${base}/versions/${older}`),
      api<FlowVersion>('GET', `${base}/versions/${newer}`),
      api<FlowDiff>('GET', `${base}/diff?from=${older}&to=${newer}`),
    ]).then(
      ([olderVersion, newerVersion, diff]) => {
        if (!current) return;
        setShown({ older: olderVersion, newer: newerVersion, diff });
        setProblem(null);
      },
      (err: unknown) => current && setProblem(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [base, from, to]);

  const picker = (id: string, label: string, value: number | null, set: (v: number) => void) => (
    <div>
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => set(Number(event.currentTarget.value))}
      >
        {(versions ?? []).map((v) => (
          <option key={v.version} value={v.version}>
            version {v.version}
          </option>
        ))}
      </select>
    </div>
  );

  const diff = shown?.diff;
  const same = diff !== undefined && diff.from === diff.to;
  const nothing =
    diff !== undefined &&
    diff.added.length + diff.removed.length + diff.changed.length + diff.flowChanged.length === 0;
  const changedIds = diff?.changed.map((step) => step.id) ?? [];

  return (
    <main class="page wide">
      <p>
        <a
          href="/app/flows"
          onClick={(event) => {
            event.preventDefault();
            go('/app/flows');
          }}
        >
          All flows
        </a>
      </p>
      <h1>{name}</h1>
      <Problem problem={problem} />
      {versions === null ? (
        <p aria-busy="true">Loading…</p>
      ) : versions.length === 0 ? (
        <p>No version of this flow is deployed.</p>
      ) : (
        <>
          <h2>Versions</h2>
          <ul class="versions">
            {versions.map((v) => (
              <li key={v.version}>
                version {v.version}, deployed {when(v.deployedAt)}
                {v.deployedBy ? ` by ${v.deployedBy}` : ''}
                {v.fromEnglish ? ', from English' : ''}
              </li>
            ))}
          </ul>
          <h2>Side by side</h2>
          <div class="pair">
            {picker('compare-from', 'Compare version', from, setFrom)}
            {picker('compare-to', 'with version', to, setTo)}
          </div>
          {diff && shown && (
            <>
              <h3>What changed</h3>
              {same ? (
                <p class="hint">The same version twice: choose two to compare.</p>
              ) : nothing ? (
                <p class="hint">Nothing: the two versions say the same.</p>
              ) : (
                <ul class="changes">
                  {diff.added.map((step) => (
                    <li key={`a-${step.id}`} class="added">
                      Added {describeStep(step)}
                    </li>
                  ))}
                  {diff.removed.map((step) => (
                    <li key={`r-${step.id}`} class="removed">
                      Removed {describeStep(step)}
                    </li>
                  ))}
                  {diff.changed.map((step) => (
                    <li key={`c-${step.id}`} class="changed">
                      Changed {describeStep(step)}: {step.changed.join(', ')}
                      {step.fromPath !== undefined ? ` (moved from ${step.fromPath})` : ''}
                    </li>
                  ))}
                  {diff.flowChanged.length > 0 && (
                    <li class="changed">Changed the flow's own {diff.flowChanged.join(', ')}</li>
                  )}
                </ul>
              )}
              <div class="side-by-side">
                <VersionColumn
                  name={name}
                  version={shown.older}
                  marked={{ removed: diff.removed.map((s) => s.id), changed: changedIds }}
                />
                {!same && (
                  <VersionColumn
                    name={name}
                    version={shown.newer}
                    marked={{ added: diff.added.map((s) => s.id), changed: changedIds }}
                  />
                )}
              </div>
            </>
          )}
        </>
      )}
    </main>
  );
}
