import { contractProblem } from './contract-check';

// Every answer an integration test fetches from the API is held to `/openapi.json`: its status is
// documented for its route, a success body passes the documented schema, an error is `{ error }`
// with a code the route lists. A test whose answers break the contract fails after it ran.

const problems: string[] = [];
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** The method and URL of a fetch call. */
function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit) {
  if (input instanceof Request) return { method: init?.method ?? input.method, url: input.url };
  return { method: init?.method ?? 'GET', url: input instanceof URL ? input.href : input };
}

globalThis.fetch = async (input, init) => {
  const res = await realFetch(input, init);
  const { method, url } = requestOf(input, init);
  const { hostname, pathname, search } = new URL(url);
  if (LOOPBACK.has(hostname) && res.headers.get('content-type')?.includes('application/json')) {
    const text = await res.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const problem = contractProblem(method.toUpperCase(), `${pathname}${search}`, res.status, body);
    if (problem) problems.push(problem);
  }
  return res;
};

afterEach(() => {
  const found = problems.splice(0);
  expect(found).toEqual([]);
});
