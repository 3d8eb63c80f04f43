import { withKey } from '../helpers/identity';
import type { TestStack } from '../helpers/stack';
import fc from 'fast-check';
import { parseFlow } from '../../src/dsl';
import { validFlowArb } from '../dsl/arbitraries';
import {
  callsNoOne,
  englishFlow,
  FUZZ_AUTHOR,
  FUZZ_MEMBER,
  FUZZ_ROLE,
  FUZZ_TEAM,
  fuzzFlowDocuments,
  fuzzFlowOf,
} from './fuzz-flows';
import { FuzzWorld } from './fuzz-world';

const GENERATED_FLOWS = 12;
const VICTIMS = ['fz-victim-1@example.com', 'fz-victim-2@example.com', 'fz-victim-3@example.com'];

/** Calls the API as `key` and fails unless it answers `expected`; returns the JSON answer. */
async function call(
  stack: TestStack,
  key: string,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: withKey(key),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== expected) {
    throw new Error(
      `fuzz setup: ${method} ${path} answered ${res.status}, not ${expected}: ${text}`,
    );
  }
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/**
 * The world the fuzzer starts from, made through the API: keys for every persona, users it may
 * abuse, the directory its flows address, its flows deployed, a session and a few runs waiting.
 */
export async function setUpWorld(stack: TestStack, suffix: string): Promise<FuzzWorld> {
  const admin = stack.adminKey;
  const author = await stack.keyFor(FUZZ_AUTHOR, 'author');
  const member = await stack.keyFor(FUZZ_MEMBER, 'member');
  const victimKey = await stack.keyFor(VICTIMS[0]!, 'member');
  for (const victim of VICTIMS.slice(1)) await stack.keyFor(victim, 'member');
  const revokedKey = await stack.keyFor('fz-revoked@example.com');
  await stack.prisma.apiKey.updateMany({
    where: { user: { email: 'fz-revoked@example.com' } },
    data: { revokedAt: new Date() },
  });
  for (const victim of VICTIMS) {
    for (let i = 0; i < 3; i += 1)
      await call(stack, admin, 'POST', '/keys', { name: `spare ${i}`, email: victim }, 201);
  }
  const victimKeyIds = (
    await stack.prisma.apiKey.findMany({
      where: { user: { email: { in: VICTIMS } } },
      select: { id: true },
    })
  ).map((k) => k.id);

  const people = [FUZZ_MEMBER, FUZZ_AUTHOR];
  await call(stack, admin, 'PUT', `/directory/teams/${FUZZ_TEAM}`, { members: people }, 201);
  await call(stack, admin, 'PUT', `/directory/roles/${FUZZ_ROLE}`, { members: people }, 201);
  await call(stack, admin, 'PUT', '/directory/roles/cfo', { members: [FUZZ_MEMBER] }, 201);

  const documents = fuzzFlowDocuments(suffix);
  for (const flow of documents) await call(stack, author, 'POST', '/flows', { flow }, 201);
  const english = englishFlow(`fz-english-${suffix}`);
  await call(stack, author, 'POST', '/flows', english, 201);
  const compiled = parseFlow(
    (await call(stack, author, 'GET', `/flows/${english.name}`, undefined, 200)).flow,
  );
  if (!compiled.ok) throw new Error('fuzz setup: the compiled English flow does not parse');
  // Valid flows of every construct (the DSL's own generator), renamed to be this run's.
  const generated = fc
    .sample(validFlowArb, { numRuns: 80, seed: 20_260_101 })
    .filter(callsNoOne)
    .slice(0, GENERATED_FLOWS)
    .map((flow, i) => ({ ...flow, name: `fz-gen-${suffix}-${i}` }));
  for (const flow of generated) await call(stack, author, 'POST', '/flows', { flow }, 201);
  const flows = [...documents, compiled.flow, ...generated].map(fuzzFlowOf);

  const world = new FuzzWorld(
    { admin, author, member, victim: victimKey },
    revokedKey,
    flows,
    VICTIMS,
    victimKeyIds,
    people,
  );
  const session = await fetch(`${stack.apiUrl}/auth/session`, {
    method: 'POST',
    headers: withKey(member),
    body: JSON.stringify({ key: member }),
  });
  const cookie = /plainflow_session=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')?.[1];
  if (cookie) world.sessions.push(cookie);

  for (const fuzzFlow of flows.filter((f) => f.flow.trigger.type !== 'schedule')) {
    for (let i = 0; i < 3; i += 1) {
      const started = await call(
        stack,
        member,
        'POST',
        `/flows/${fuzzFlow.flow.name}/runs`,
        { fields: fuzzFlow.fields },
        201,
      );
      world.addRun(String(started.id), fuzzFlow);
    }
  }
  return world;
}
