import { randomUUID } from 'node:crypto';
import type { RawRequest } from '../helpers/raw-request';
import { routeParams, type RegisteredRoute } from '../helpers/routes';
import { FUZZ_AUTHOR, FUZZ_MEMBER, FUZZ_ROLE, FUZZ_TEAM } from './fuzz-flows';
import { pickOf, type FuzzWorld, type KnownRun, type Persona } from './fuzz-world';
import type { AuthSpec } from './header-arbitraries';
import type { ParamSpec, PathTweak, RequestSpec } from './request-spec';
import { bodyBytes, encoded, headersOf } from './wire-parts';
import { pathSegment } from './text-arbitraries';
import type { CurrentStep } from '../../src/workflows';

/** A request ready to send, and what it is about: its route and the run it names, if known. */
export interface BuiltRequest {
  request: RawRequest;
  route: RegisteredRoute;
  runId?: string;
}

const STANDARD_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const UNKNOWN_ENCODINGS = [
  'compress',
  'zstd',
  'x-gzip',
  'gzip, identity',
  '*',
  '',
  'GZIP',
  'br;q=1',
];

// The step type an action on a step is for, so runs waiting on such a step are picked.
const STEP_TYPE_OF: Record<string, CurrentStep['type']> = {
  complete: 'task',
  claim: 'task',
  decide: 'approval',
  delegate: 'approval',
  accept: 'handoff',
  reassign: 'approval',
  events: 'wait',
};

/** `spec` made into a request for `route` against what `world` knows now; `base` is the API URL. */
export function buildRequest(
  spec: RequestSpec,
  route: RegisteredRoute,
  world: FuzzWorld,
  base: string,
): BuiltRequest {
  const names = routeParams(route.path);
  const run = route.path.startsWith('/runs/:id')
    ? world.pickRun(firstKnownPick(spec.params), STEP_TYPE_OF[route.path.split('/').at(-1) ?? ''])
    : undefined;
  const known: Record<string, string | undefined> = {};
  let path = route.path;
  names.forEach((name, i) => {
    const param = spec.params[i] ?? { kind: 'known', pick: 0 };
    const value =
      param.kind === 'known' ? knownParam(name, route.path, param.pick, world, run) : undefined;
    if (value !== undefined) known[name] = value;
    const segment = value === undefined ? fuzzedSegment(param) : encodeURIComponent(value);
    path = path.replace(`:${name}`, segment);
  });
  path = tweaked(path, spec.tweak, base);
  const method = spec.method ?? route.method;
  const payload = bodyBytes(spec, route, world, known);
  const auth: AuthSpec =
    spec.auth.kind === 'pending'
      ? { kind: 'key', persona: pendingPersona(run, known.stepId, spec.auth.persona), style: 0 }
      : spec.auth;
  const headers = headersOf({ ...spec, auth }, world, payload !== undefined);
  const compressed = payload === undefined ? undefined : encoded(payload, spec.encoding, world);
  if (compressed?.header !== undefined) {
    headers.push([
      'content-encoding',
      compressed.header ?? pickOf(UNKNOWN_ENCODINGS, spec.encodingName),
    ]);
  }
  // fetch sends only what it can: no body on GET, no odd methods or absolute paths, and a
  // header with a control character goes to node:http, which refuses it as not sendable
  // (fetch would send it, for Node's parser to drop the connection).
  const viaFetch =
    spec.viaFetch &&
    STANDARD_METHODS.has(method) &&
    !((method === 'GET' || method === 'HEAD') && compressed !== undefined) &&
    spec.tweak !== 'absolute-form' &&
    !headers.some(([name, value]) => name === 'expect' || hasControl(value));
  return {
    request: {
      method,
      path,
      headers,
      ...(compressed === undefined ? {} : { body: compressed.bytes }),
      transport: viaFetch ? 'fetch' : 'http',
      chunked: spec.chunked,
    },
    route,
    ...(run && known.id === run.id ? { runId: run.id } : {}),
  };
}

function hasControl(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return (code < 0x20 && code !== 0x09) || code === 0x7f;
  });
}

function firstKnownPick(params: ParamSpec[]): number {
  const first = params[0];
  return first?.kind === 'known' ? first.pick : 0;
}

/** A value of parameter `name` of `path` that the server knows (or, rarely, one it does not). */
function knownParam(
  name: string,
  path: string,
  pick: number,
  world: FuzzWorld,
  run: KnownRun | undefined,
): string {
  const unknown = pick % 11 === 0;
  switch (name) {
    case 'id':
      if (path.startsWith('/keys'))
        return unknown ? randomUUID() : pickOf(world.victimKeyIds, pick);
      if (unknown) return pickOf(['run-none', ...world.intakeRuns], pick);
      return run?.id ?? 'run-none';
    case 'stepId': {
      const current = run?.current.map((c) => c.stepId) ?? [];
      if (current.length > 0 && pick % 5 !== 0) return pickOf(current, pick);
      const all = run ? Object.values(run.flow.steps).flat() : [];
      return all.length > 0 && !unknown ? pickOf(all, pick) : 'no_such_step';
    }
    case 'name':
      if (path.startsWith('/directory')) {
        return pickOf([FUZZ_TEAM, FUZZ_ROLE, 'cfo', 'fz-new-group', 'none'], pick);
      }
      if (unknown) return 'none';
      // Schedule routes mostly name the scheduled flow, so they reach the schedule.
      if (path.includes('schedule') && pick % 3 !== 0) return world.scheduledFlow.flow.name;
      return pickOf(
        world.flows.map((f) => f.flow.name),
        pick,
      );
    case 'version':
      return unknown ? '999' : String(1 + (pick % 3));
    case 'email':
      if (path.startsWith('/users')) return pickOf(world.victims, pick);
      return pickOf([...world.victims, FUZZ_MEMBER, FUZZ_AUTHOR], pick);
    case 'party':
      return pickOf(
        [
          `person:${pickOf(world.victims, pick)}`,
          `role:${FUZZ_ROLE}`,
          `team:${FUZZ_TEAM}`,
          'manager',
          'requester',
          'role:cfo',
        ],
        pick,
      );
    default:
      return 'x';
  }
}

/** The persona a step of `run` waits on (the member when unknown), else `fallback`. */
function pendingPersona(
  run: KnownRun | undefined,
  stepId: string | undefined,
  fallback: Persona,
): Persona {
  if (!run) return fallback;
  const pending = run.current.find((c) => c.stepId === stepId)?.pending ?? [];
  if (pending.includes(`person:${FUZZ_AUTHOR}`)) return 'author';
  return pending.length === 0 || pending.some((p) => PEOPLE_OF_MEMBER.has(p)) ? 'member' : fallback;
}

// The parties the fuzzer's member acts as: in person, and as a member of its team and roles.
const PEOPLE_OF_MEMBER = new Set([
  `person:${FUZZ_MEMBER}`,
  `team:${FUZZ_TEAM}`,
  `role:${FUZZ_ROLE}`,
  'role:cfo',
]);

function fuzzedSegment(param: ParamSpec): string {
  return param.kind === 'fuzzed' ? pathSegment(param.text, param.encoding) : 'x';
}

function tweaked(path: string, tweak: PathTweak, base: string): string {
  switch (tweak) {
    case 'none':
      return path;
    case 'trailing-slash':
      return `${path}/`;
    case 'double-slash':
      return `/${path}`;
    case 'query':
      return `${path}?a=1&b=%zz&c&__proto__[x]=1`;
    case 'dot-segments':
      return `/x/..${path}/.`;
    case 'extra-segment':
      return `${path}/extra`;
    case 'upper-case':
      return path.toUpperCase();
    case 'long-tail':
      // Over Node's 16 KB header limit for odd lengths, under it for even ones.
      return `${path}/${'a'.repeat(path.length % 2 === 1 ? 20_000 : 3_000)}`;
    case 'absolute-form':
      return `${base}${path}`;
    case 'fragment':
      return `${path}#frag`;
    case 'encoded-route':
      return path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
    case 'semicolon':
      return `${path};jsessionid=1`;
    case 'backslash':
      return path.replace(/\/(?=[^/]*$)/, '\\');
  }
}
