import express, { type Express } from 'express';
import { authenticate } from '../auth/authenticate';
import { parseAllowList } from '../activities/destinations';
import { DEFAULT_RATE_LIMIT } from '../config';
import type { Logger } from '../logger';
import { directoryRouter } from './directory';
import { atRiskRouter } from './at-risk';
import { auditRouter } from './audit';
import { compilePreviewRouter } from './compile-preview';
import { memoryCache } from '../nl-compiler/model/hybrid';
import { ModelClient, modelSettingsFrom } from '../nl-compiler/model/model-client';
import { docsRouter } from './docs';
import { errorHandler, notFound } from './errors';
import { flowListRouter } from './flow-list';
import { flowsRouter, type FlowsDeps } from './flows';
import { inboxRouter } from './inbox';
import { insightsRouter } from './insights';
import { healthRouter } from './health';
import { identityRouter, signInRouter } from './identity';
import { jsonBody } from './json-body';
import { pathParamsGuard } from './path-params';
import { rateLimit, type RateLimit } from './rate-limit';
import { runActionsRouter } from './run-actions';
import { runCancelRouter } from './run-cancel';
import { runListRouter } from './run-list';
import { runsRouter, type RunsDeps } from './runs';
import { schedulesRouter, type SchedulesDeps } from './schedules';
import { watcherRouter } from './watcher';
import { webAppRouter } from './web-app';
import { webhooksRouter } from './webhooks';
import { workloadRouter } from './workload';

/** The Express application: JSON in, JSON out; every route but `/health`, `/ready`, the contract (`/openapi.json`, `/docs`), the web app's page (`/app`) and signing in needs a credential. */
export function createApp(
  options: RunsDeps &
    Omit<FlowsDeps, 'callAllowList'> &
    SchedulesDeps & {
      logger: Logger;
      rateLimit?: RateLimit;
      callAllowList?: readonly string[];
      watchIdleHours?: number;
    },
): Express {
  const settings = modelSettingsFrom(process.env);
  const deps = {
    ...options,
    // The API refuses destinations the worker would refuse; both read the same allow-list.
    callAllowList: options.callAllowList ?? parseAllowList(process.env.PLAINFLOW_CALL_ALLOWLIST),
    // The model compiles English where the grammar is unsure; none without OPENAI_API_KEY.
    model: 'model' in options ? options.model : settings && new ModelClient(settings),
    modelCache: options.modelCache ?? memoryCache(),
  };
  const app = express();
  app.disable('x-powered-by');
  app.use(jsonBody('256kb'));
  app.use(pathParamsGuard());
  app.use(healthRouter(deps));
  app.use(docsRouter());
  app.use(webAppRouter());
  app.use(signInRouter(deps));
  app.use(authenticate(deps));
  app.use(rateLimit(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  app.use(identityRouter(deps));
  app.use(compilePreviewRouter(deps));
  app.use(inboxRouter(deps));
  app.use(runsRouter(deps));
  app.use(runListRouter(deps));
  app.use(runActionsRouter(deps));
  app.use(runCancelRouter(deps));
  app.use(auditRouter(deps));
  app.use(webhooksRouter(deps));
  app.use(flowsRouter(deps));
  app.use(flowListRouter(deps));
  app.use(insightsRouter(deps));
  app.use(workloadRouter(deps));
  app.use(atRiskRouter(deps));
  app.use(watcherRouter(deps));
  app.use(schedulesRouter(deps));
  app.use(directoryRouter(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
