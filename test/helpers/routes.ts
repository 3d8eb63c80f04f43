import type { Express } from 'express';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}

/** One route the app registers: an upper-case method and an Express path (`/runs/:id`). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

/** Every route the app registers, found by walking its routers; sorted by path, then method. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const found = new Map<string, RegisteredRoute>();
  const walk = (layers: RouteLayer[]) => {
    for (const layer of layers) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          const route = { method: method.toUpperCase(), path: layer.route.path };
          found.set(routeKey(route), route);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouteLayer[] } }).router.stack);
  return [...found.values()].sort((a, b) => routeKey(a).localeCompare(routeKey(b)));
}

/** `GET /runs/:id`: how a route is named in tables and messages. */
export function routeKey(route: RegisteredRoute): string {
  return `${route.method} ${route.path}`;
}

/** The names of a route path's parameters, in order: `/runs/:id/steps/:stepId` → id, stepId. */
export function routeParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
}
