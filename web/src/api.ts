import type { AnswerForm } from '../../src/nl-compiler/diagnostic';

/** A refusal of the API: its status, code and message, as `{ error: { code, message } }` has them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the API with the session cookie; answers its JSON, or throws an {@link ApiError}. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = (answer as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'error', error?.message ?? res.statusText);
  }
  return answer as T;
}

/** Who is signed in. */
export interface Me {
  email: string;
  role: 'member' | 'author' | 'admin';
}

/** `GET /auth/session`: whether this browser is signed in, and as whom. */
export type Session = ({ signedIn: true } & Me) | { signedIn: false; reason?: string };

/** One action on an inbox item, as `GET /inbox` offers it. */
export interface InboxAction {
  name: string;
  method: 'POST';
  href: string;
  body: Record<string, unknown>;
}

/** One field of a task's form. */
export interface FormField {
  name: string;
  type: 'text' | 'number' | 'money' | 'date' | 'boolean' | 'choice';
  label?: string;
  optional?: boolean;
  options?: string[];
  currency?: string;
}

/** One piece of work waiting on the signed-in person. */
export interface InboxItem {
  taskId: string;
  kind: 'task' | 'approval' | 'handoff';
  run: string;
  flow: { name: string; version: number | null };
  workItem: { title: string; requester: string; priority: string };
  step: string;
  title: string;
  assignee: string;
  since: string;
  dueAt: string | null;
  overdue: boolean;
  form: FormField[];
  actions: InboxAction[];
}

export interface Inbox {
  items: InboxItem[];
  total: number;
  nextCursor: string | null;
}

/** A stretch of the English text, by character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** What `POST /compile` answers: the flow the text reads as, and what is unclear in it. */
export interface CompilePreview {
  deployable: boolean;
  flow: { name: string; version: number } | null;
  explanation: string[];
  diagram: string | null;
  spans: Record<string, Span>;
  diagnostics: { code: string; message: string; span: Span; severity: 'error' | 'warning' }[];
  questions: { code: string; question: string; span: Span; answer?: AnswerForm }[];
}

/** What `POST /flows` answers when it deployed a flow. */
export interface Deployed {
  name: string;
  version: number;
}

/** One flow of `GET /flows`. */
export interface FlowSummary {
  name: string;
  description: string;
  ownerTeam: string | null;
  latestVersion: number | null;
  deployedAt: string | null;
  trigger: { type: 'manual' | 'request' | 'schedule'; fields?: FormField[] } | null;
  schedule: { state: string } | null;
}

/** One run of `GET /runs`. */
export interface RunSummary {
  id: string;
  flow: string;
  version: number | null;
  title: string;
  status: string;
  requester: string;
  startedAt: string;
  closedAt: string | null;
  waitingOn: { step: string; kind: string; assignee: string; overdue: boolean }[];
}

/** `GET /runs/:id`, the parts the run page shows. */
export interface Run {
  id: string;
  flowName: string | null;
  flowVersion: number | null;
  temporalUi: string | null;
  flowStatus: string | null;
  startedAt: string;
  closedAt: string | null;
  workItem: { title: string; requester: string; fields: Record<string, unknown> } | null;
}

/** One entry of `GET /runs/:id/timeline`. */
export interface TimelineEntry {
  seq: number;
  at: string;
  action: string;
  actor: string;
  step: string | null;
  summary: string;
}

/** Where a page of the app is: its path under /app. */
export type Go = (path: string) => void;

/** One step of `GET /flows/:name/insights`, where its work waited. */
export interface StepWaits {
  version: number | null;
  step: string;
  kind: string;
  finished: number;
  open: number;
  overdue: number;
  waitMs: { p50: number | null; p95: number | null };
  totalWaitMs: number;
  escalations: number;
  outcomes: { rejectedShare: number | null; timedOutShare: number | null } | null;
}

/** `GET /flows/:name/insights`, the parts the insights page shows. */
export interface FlowInsights {
  flow: string;
  since: string;
  until: string;
  runs: { version: number | null; started: number; finished: number; open: number }[];
  steps: StepWaits[];
}

/** One item of `GET /insights/at-risk`. */
export interface AtRiskItem {
  runId: string;
  title: string;
  flow: string;
  step: string;
  assignee: string;
  reason: 'overdue' | 'due_at_risk' | 'deadline_at_risk';
  because: string;
}

/** One flag of `GET /insights/flags`. */
export interface RaisedFlag {
  at: string;
  runId: string;
  title: string;
  flow: string;
  step: string;
  reason: AtRiskItem['reason'];
  because: string;
  recipients: string[];
  open: boolean;
  holder: string | null;
}

/** One person of `GET /insights/workload`. */
export interface PersonLoad {
  email: string;
  open: number;
  overdue: number;
  dueSoon: number;
  capacity: number | null;
  away: { from: string; until: string } | null;
  available: boolean;
}

/** One version of `GET /flows/:name/versions`. */
export interface VersionSummary {
  version: number;
  deployedAt: string;
  deployedBy: string | null;
  fromEnglish: boolean;
}

/** `GET /flows/:name/versions/:version`: one version with its English and diagram. */
export interface FlowVersion {
  version: number;
  deployedAt: string;
  deployedBy: string | null;
  sourceText: string | null;
  explanation: string[];
  diagram: string;
}

/** A step as `GET /flows/:name/diff` names it. */
export interface DiffStep {
  id: string;
  type: string;
  path: string;
}

/** `GET /flows/:name/diff`: what changed between two versions. */
export interface FlowDiff {
  from: number;
  to: number;
  added: DiffStep[];
  removed: DiffStep[];
  changed: (DiffStep & { fromPath?: string; changed: string[] })[];
  flowChanged: string[];
}
