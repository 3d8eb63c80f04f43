import type { FlowInsights } from '../api/insights';
import type { PersonLoad, TeamLoad } from '../api/workload';
import type { AtRiskItem } from '../insights/at-risk';
import type { WatchRoundResult } from '../insights/watch';

/** The CLI's commands that ask a running API (`PLAINFLOW_API_URL`, `PLAINFLOW_API_KEY`). */
export const API_COMMANDS = ['insights', 'at-risk', 'workload', 'watch'] as const;
export type ApiCommand = (typeof API_COMMANDS)[number];

export const isApiCommand = (name: string): name is ApiCommand =>
  (API_COMMANDS as readonly string[]).includes(name);

/** What an API command answers: its text, or why it could not (a usage error, or a refused request). */
export type ApiOutcome =
  { ok: true; text: string } | { ok: false; usage: boolean; message: string };

/** The options each command takes (`--name value`), and its flags (`--name`). */
const OPTIONS: Record<ApiCommand, { values: string[]; flags: string[]; positional: number }> = {
  insights: { values: ['since', 'until'], flags: ['json'], positional: 1 },
  'at-risk': { values: ['flow', 'limit'], flags: ['json'], positional: 0 },
  workload: { values: ['team', 'limit'], flags: ['json'], positional: 0 },
  watch: { values: [], flags: ['dry-run', 'json'], positional: 0 },
};

interface Parsed {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

function parseArgs(command: ApiCommand, args: readonly string[]): Parsed | string {
  const spec = OPTIONS[command];
  const parsed: Parsed = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (spec.flags.includes(name)) {
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      parsed.values.set(name, value);
      i += 1;
    } else {
      return `${command} has no option ${arg}`;
    }
  }
  if (parsed.positional.length !== spec.positional) {
    return spec.positional === 0
      ? `${command} takes no arguments but options`
      : `${command} takes one flow name`;
  }
  return parsed;
}

/** Runs an API command against the API `env` names; answers its text or why it failed. */
export async function apiCommand(
  command: ApiCommand,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ApiOutcome> {
  const parsed = parseArgs(command, args);
  if (typeof parsed === 'string') return { ok: false, usage: true, message: parsed };
  const key = env.PLAINFLOW_API_KEY;
  if (!key) {
    return {
      ok: false,
      usage: true,
      message: `${command} asks the API: set PLAINFLOW_API_KEY to an API key (npm start prints the first admin's) and PLAINFLOW_API_URL if it is not http://127.0.0.1:${env.PORT ?? 3000}`,
    };
  }
  const base = (env.PLAINFLOW_API_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`).replace(
    /\/+$/,
    '',
  );
  const request = requestOf(command, parsed, new URLSearchParams([...parsed.values]));
  let res: Response;
  try {
    res = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${key}` },
    });
  } catch (err) {
    // fetch fails with a TypeError whose cause says why (ECONNREFUSED, a DNS error, ...).
    const why = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = why?.code ?? why?.message;
    const cause = typeof detail === 'string' ? `: ${detail}` : '';
    return { ok: false, usage: false, message: `cannot reach the API at ${base}${cause}` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    return {
      ok: false,
      usage: false,
      message: `the API answered ${res.status}${error ? ` ${error.code}: ${error.message}` : ''}`,
    };
  }
  if (parsed.flags.has('json')) return { ok: true, text: JSON.stringify(body, null, 2) };
  return { ok: true, text: render(command, body) };
}

function requestOf(command: ApiCommand, parsed: Parsed, query: URLSearchParams) {
  const search = (q: URLSearchParams) => (q.size > 0 ? `?${q.toString()}` : '');
  switch (command) {
    case 'insights':
      return {
        method: 'GET',
        path: `/flows/${encodeURIComponent(parsed.positional[0] ?? '')}/insights${search(query)}`,
      };
    case 'at-risk':
      return { method: 'GET', path: `/insights/at-risk${search(query)}` };
    case 'workload':
      return { method: 'GET', path: `/insights/workload${search(query)}` };
    case 'watch':
      return {
        method: 'POST',
        path: `/watcher/run?dryRun=${parsed.flags.has('dry-run') ? 'true' : 'false'}`,
      };
  }
}

function render(command: ApiCommand, body: unknown): string {
  switch (command) {
    case 'insights':
      return renderInsights(body as FlowInsights);
    case 'at-risk':
      return renderAtRisk(body as { at: string; total: number; items: AtRiskItem[] });
    case 'workload':
      return renderWorkload(
        body as { at: string; people: PersonLoad[]; totalPeople: number; teams: TeamLoad[] },
      );
    case 'watch':
      return renderWatch(body as WatchRoundResult & { dryRun: boolean });
  }
}

/** A duration for people: hours up to two days, then days. */
export function duration(ms: number | null): string {
  if (ms === null) return '-';
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);

/** Rows under a header, each column as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const version = (v: number | null) => (v === null ? '-' : `v${v}`);

function renderInsights(answer: FlowInsights): string {
  const runs = table(
    ['version', 'started', 'finished', 'open'],
    answer.runs.map((r) => [version(r.version), `${r.started}`, `${r.finished}`, `${r.open}`]),
  );
  const steps = table(
    [
      'step',
      'version',
      'kind',
      'closed',
      'open',
      'overdue',
      'p50',
      'p95',
      'total wait',
      'escalations',
      'rejected',
      'timed out',
    ],
    answer.steps.map((s) => [
      s.step,
      version(s.version),
      s.kind,
      `${s.finished}`,
      `${s.open}`,
      `${s.overdue}`,
      duration(s.waitMs.p50),
      duration(s.waitMs.p95),
      duration(s.totalWaitMs),
      `${s.escalations}`,
      percent(s.outcomes?.rejectedShare ?? null),
      percent(s.outcomes?.timedOutShare ?? null),
    ]),
  );
  return [
    `${answer.flow}: runs started ${answer.since} to ${answer.until}`,
    '',
    answer.runs.length === 0 ? 'No runs started in the window.' : runs,
    '',
    'Where work waits, longest total first:',
    answer.steps.length === 0 ? 'No work opened in the window.' : steps,
  ].join('\n');
}

function renderAtRisk(answer: { at: string; total: number; items: AtRiskItem[] }): string {
  if (answer.total === 0) return `Nothing is late or predicted late (as of ${answer.at}).`;
  const lines = [
    `${answer.total} late or predicted late (as of ${answer.at})${answer.items.length < answer.total ? `, the ${answer.items.length} latest:` : ':'}`,
  ];
  for (const item of answer.items) {
    lines.push(
      '',
      `${item.reason.replaceAll('_', ' ')}  ${item.flow} ${version(item.version)} / ${item.step}  ${item.assignee}  run ${item.runId}`,
      `  ${item.because}`,
    );
  }
  return lines.join('\n');
}

function renderWorkload(answer: {
  at: string;
  people: PersonLoad[];
  totalPeople: number;
  teams: TeamLoad[];
}): string {
  const people = table(
    ['person', 'open', 'overdue', 'due in 24 h', 'capacity', 'away until', 'available'],
    answer.people.map((p) => [
      p.email,
      `${p.open}`,
      `${p.overdue}`,
      `${p.dueSoon}`,
      p.capacity === null ? '-' : `${p.capacity}`,
      p.away?.until ?? '-',
      p.available ? 'yes' : 'no',
    ]),
  );
  const teams = table(
    ['team', 'members', 'available', 'queued', 'members open', 'capacity'],
    answer.teams.map((t) => [
      t.team,
      `${t.members}`,
      `${t.available}`,
      `${t.queue.open}`,
      `${t.membersOpen}`,
      t.capacity === null ? '-' : `${t.capacity}`,
    ]),
  );
  return [
    `Workload as of ${answer.at}, most loaded first (${answer.people.length} of ${answer.totalPeople} people):`,
    answer.people.length === 0 ? 'Nobody holds open work.' : people,
    '',
    answer.teams.length === 0 ? 'No teams in the directory.' : teams,
  ].join('\n');
}

function renderWatch(answer: WatchRoundResult & { dryRun: boolean }): string {
  const would = answer.dryRun ? 'would ' : '';
  const lines = [
    answer.dryRun
      ? `Dry run at ${answer.at}: nothing was changed.`
      : `Round at ${answer.at}: ${answer.raised} flagged, ${answer.prompted} prompted, ${answer.moved} moved.`,
  ];
  for (const flag of answer.flags) {
    lines.push(
      `${would}flag ${flag.reason.replaceAll('_', ' ')}: ${flag.flow} / ${flag.step}, run ${flag.runId}, to ${flag.recipients.join(', ')}`,
    );
  }
  for (const prompt of answer.prompts) {
    lines.push(
      `${would}prompt ${prompt.assignee}: ${prompt.flow} / ${prompt.step}, run ${prompt.runId}, idle since ${prompt.lastActivityAt}`,
    );
  }
  for (const move of answer.moves) {
    lines.push(
      `${would}move ${move.flow} / ${move.step}, run ${move.runId}: ${move.from} -> ${move.to} (${move.because})`,
    );
  }
  for (const stay of answer.stays) {
    lines.push(
      `stays ${stay.flow} / ${stay.step}, run ${stay.runId} with ${stay.from} (${stay.because})`,
    );
  }
  for (const refused of answer.refused) {
    lines.push(`refused to move task ${refused.taskId}: ${refused.problem}`);
  }
  if (lines.length === 1) lines.push('Nothing to flag, prompt or move.');
  return lines.join('\n');
}
