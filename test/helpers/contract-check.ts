import { API_ROUTES } from '../../src/api/contract/routes';
import { ErrorBody, errorsOf, type RouteDoc } from '../../src/api/contract/route-doc';

const patterns = API_ROUTES.map((route) => ({
  route,
  regex: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
}));

/** The documented route a request reaches, if any. */
function routeOf(method: string, url: string): RouteDoc | undefined {
  const path = url.split('?')[0]!;
  return patterns.find((p) => p.route.method === method.toLowerCase() && p.regex.test(path))?.route;
}

/**
 * Why an answer does not match what `/openapi.json` documents for its route (undefined when it
 * does): a success body must pass the status's schema, an error must be `{ error: … }` with a
 * code the route lists.
 */
export function contractProblem(
  method: string,
  url: string,
  status: number,
  body: unknown,
): string | undefined {
  const route = routeOf(method, url);
  if (!route) return undefined;
  const where = `${method} ${url} answered ${status}`;
  const doc = route.responses[status];
  if (!doc && status >= 400) {
    const error = ErrorBody.safeParse(body);
    if (!error.success) return `${where}: not the error format: ${error.error.message}`;
    const { code } = error.data.error;
    return errorsOf(route).has(code)
      ? undefined
      : `${where} with ${code}, which ${route.path} does not document`;
  }
  if (!doc) return `${where}, a status ${route.path} does not document`;
  if (!doc.schema) return undefined;
  const parsed = doc.schema.safeParse(body);
  return parsed.success ? undefined : `${where}: ${parsed.error.message}`;
}
