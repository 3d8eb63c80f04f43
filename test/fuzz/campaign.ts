import fc from 'fast-check';
import {
  NoAnswer,
  NotSendable,
  sendRaw,
  type RawRequest,
  type RawResponse,
} from '../helpers/raw-request';
import { routeKey, type RegisteredRoute } from '../helpers/routes';
import { buildRequest, type BuiltRequest } from './build-request';
import type { FuzzWorld } from './fuzz-world';
import { focused, requestSpec, type RequestSpec } from './request-spec';

/** Something wrong the fuzzer saw, with the request that caused it. */
export interface Finding {
  kind: '5xx' | 'no answer' | 'not JSON' | 'connection failed';
  route: string;
  request: string;
  answer: string;
}

/** What a campaign sent and got back. */
export interface CampaignReport {
  seed: number;
  /** Requests that went on the wire (answered, cut off or unanswered). */
  sent: number;
  /** Requests the client refused to send (a NUL in a header): not counted in `sent`. */
  notSendable: number;
  byClass: Record<string, number>;
  byStatus: Record<number, number>;
  /** Error codes of the 4xx answers, `{ error: { code } }`. */
  byCode: Record<string, number>;
  /** Answers of Node's HTTP parser itself (no Date header): malformed requests, headers too big. */
  parserAnswers: number;
  /** Requests per route (`METHOD /path`) that reached it with its own method, and of those 2xx. */
  perRoute: Record<string, { sent: number; ok: number }>;
  findings: Finding[];
  /** The longest a request took to be answered, and which route it was. */
  slowest: { ms: number; route: string };
  ms: number;
}

/** How a campaign runs. */
export interface CampaignOptions {
  world: FuzzWorld;
  routes: RegisteredRoute[];
  apiUrl: string;
  total: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
}

/** Generated requests, `batch` at a time from consecutive seeds, for as long as they are wanted. */
function* specs(
  routes: readonly RegisteredRoute[],
  seed: number,
  batch: number,
): Generator<RequestSpec> {
  for (let round = 0; ; round += 1) {
    for (const spec of fc.sample(requestSpec(routes), { numRuns: batch, seed: seed + round })) {
      yield focused(spec);
    }
  }
}

/** Sends `total` fuzzed requests, `concurrency` at a time, and reports what came back. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const { world, routes, apiUrl, total, concurrency } = options;
  const report: CampaignReport = {
    seed: options.seed,
    sent: 0,
    notSendable: 0,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    byStatus: {},
    byCode: {},
    parserAnswers: 0,
    perRoute: Object.fromEntries(routes.map((r) => [routeKey(r), { sent: 0, ok: 0 }])),
    findings: [],
    slowest: { ms: 0, route: '' },
    ms: 0,
  };
  const started = Date.now();
  const source = specs(routes, options.seed, 500);
  let claimed = 0;
  const worker = async () => {
    while (claimed < total) {
      const spec = source.next().value as RequestSpec;
      const built = buildRequest(spec, routes[spec.route]!, world, apiUrl);
      claimed += 1;
      let response: RawResponse;
      try {
        response = await sendRaw(apiUrl, built.request, options.timeoutMs);
      } catch (err) {
        if (err instanceof NotSendable) {
          report.notSendable += 1;
          claimed -= 1;
          continue;
        }
        report.sent += 1;
        const kind = err instanceof NoAnswer ? 'no answer' : 'connection failed';
        report.findings.push(finding(kind, built, world, String(err)));
        continue;
      }
      report.sent += 1;
      record(report, built, response, world);
      learn(world, built, response);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  report.ms = Date.now() - started;
  return report;
}

function record(
  report: CampaignReport,
  built: BuiltRequest,
  response: RawResponse,
  world: FuzzWorld,
): void {
  const { status } = response;
  if (response.ms > report.slowest.ms) {
    report.slowest = {
      ms: response.ms,
      route: `${built.request.method} for ${routeKey(built.route)}`,
    };
  }
  report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  const statusClass = `${Math.floor(status / 100)}xx`;
  report.byClass[statusClass] = (report.byClass[statusClass] ?? 0) + 1;
  const own = built.request.method === built.route.method;
  const perRoute = report.perRoute[routeKey(built.route)];
  if (own && perRoute) {
    perRoute.sent += 1;
    if (status < 300) perRoute.ok += 1;
  }
  const fromParser = response.headers.date === undefined;
  if (fromParser) report.parserAnswers += 1;
  if (status >= 500) {
    report.findings.push(finding('5xx', built, world, answerText(response)));
  } else if (status >= 400 && !fromParser && built.request.method !== 'HEAD') {
    const code = errorCode(response);
    if (code === undefined) {
      report.findings.push(finding('not JSON', built, world, answerText(response)));
    } else {
      report.byCode[code] = (report.byCode[code] ?? 0) + 1;
    }
  }
}

/** The code of an error answer that is `{ error: { code, message } }` as JSON; else undefined. */
function errorCode(response: RawResponse): string | undefined {
  if (!(response.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const body = JSON.parse(response.body.toString('utf8')) as {
      error?: { code?: unknown; message?: unknown };
    };
    const { code, message } = body.error ?? {};
    return typeof code === 'string' && typeof message === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function answerText(response: RawResponse): string {
  const type = response.headers['content-type'] ?? 'no content-type';
  return `${response.status} (${type}) ${response.body.toString('utf8').slice(0, 300)}`;
}

function finding(
  kind: Finding['kind'],
  built: BuiltRequest,
  world: FuzzWorld,
  answer: string,
): Finding {
  return {
    kind,
    route: routeKey(built.route),
    request: describeRequest(built.request, world),
    answer,
  };
}

/** The request in a line or three, keys named by persona instead of shown, long parts cut. */
export function describeRequest(request: RawRequest, world: FuzzWorld): string {
  let headers = JSON.stringify(request.headers);
  for (const [persona, key] of Object.entries(world.keys))
    headers = headers.replaceAll(key, `<${persona} key>`);
  const path =
    request.path.length > 300
      ? `${request.path.slice(0, 300)}… (${request.path.length} chars)`
      : request.path;
  const body =
    request.body === undefined
      ? 'no body'
      : `body (${request.body.length} bytes): ${JSON.stringify(request.body.subarray(0, 400).toString('latin1'))}`;
  return `${request.method} ${path} via ${request.transport}${request.chunked ? ' (chunked)' : ''}\n  headers: ${headers.slice(0, 600)}\n  ${body}`;
}

/** Takes in what a successful answer tells about runs and sessions. */
function learn(world: FuzzWorld, built: BuiltRequest, response: RawResponse): void {
  if (built.request.method !== built.route.method) return;
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return;
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  const key = routeKey(built.route);
  const id = typeof answer.id === 'string' ? answer.id : undefined;
  if (key === 'POST /flows/:name/runs' && response.status === 201 && id) {
    const flow = world.flowNamed(String(answer.flow));
    if (flow) world.addRun(id, flow);
  } else if (
    key === 'POST /runs' &&
    response.status < 300 &&
    id &&
    !world.intakeRuns.includes(id)
  ) {
    world.intakeRuns.push(id);
  } else if (
    key === 'POST /flows/:name/schedule/trigger' &&
    typeof answer.workflowId === 'string'
  ) {
    world.addRun(answer.workflowId, world.scheduledFlow);
  } else if (key === 'POST /auth/session' && response.status === 201) {
    const cookie = /plainflow_session=([^;]+)/.exec(response.headers['set-cookie'] ?? '')?.[1];
    if (cookie && world.sessions.length < 20) world.sessions.push(cookie);
  }
  if (built.runId) world.learn(built.runId, answer);
}
