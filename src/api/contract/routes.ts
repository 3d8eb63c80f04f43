import { directoryRoutes } from './docs/directory';
import { identityRoutes } from './docs/identity';
import { runActionRoutes } from './docs/run-actions';
import { scheduleRoutes } from './docs/schedules';
import { webhookRoutes } from './docs/webhooks';
import { workRoutes } from './docs/work';
import type { RouteDoc } from './route-doc';

/** Every route of the API, as `/openapi.json` documents it. */
export const API_ROUTES: readonly RouteDoc[] = [
  ...workRoutes,
  ...runActionRoutes,
  ...scheduleRoutes,
  ...identityRoutes,
  ...directoryRoutes,
  ...webhookRoutes,
];
