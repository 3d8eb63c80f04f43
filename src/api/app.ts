import express, { type Express } from 'express';
import type { Logger } from '../logger';
import { directoryRouter } from './directory';
import { errorHandler, notFound } from './errors';
import { flowsRouter, type FlowsDeps } from './flows';
import { runActionsRouter } from './run-actions';
import { runsRouter, type RunsDeps } from './runs';
import { schedulesRouter, type SchedulesDeps } from './schedules';
import { webhooksRouter } from './webhooks';

/** The Express application: JSON in, JSON out, one error middleware. */
export function createApp(
  deps: RunsDeps & FlowsDeps & SchedulesDeps & { logger: Logger },
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(runsRouter(deps));
  app.use(runActionsRouter(deps));
  app.use(webhooksRouter(deps));
  app.use(flowsRouter(deps));
  app.use(schedulesRouter(deps));
  app.use(directoryRouter(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
