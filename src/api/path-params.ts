import { Router, type RequestHandler } from 'express';
import { textProblem } from '../dsl/safe-text';
import { ApiError } from './errors';

/**
 * The longest each path parameter may be: run ids are `run-` and an Idempotency-Key (200) or a
 * UUID, step ids and names are at most 64 (the DSL's limits), parties `person:` and an email.
 * A route with a new parameter adds it here and its prefix to {@link PARAMETERISED}.
 */
const PARAM_MAX: Record<string, number> = {
  id: 300,
  stepId: 64,
  name: 64,
  version: 10,
  party: 400,
  email: 320,
};

// Every parameterised path of the API, as a prefix: a parameter is checked once per request.
const PARAMETERISED = [
  '/runs/:id',
  '/runs/:id/steps/:stepId',
  '/flows/:name',
  '/flows/:name/versions/:version',
  // Spelled out: a `/directory/:kind/:name` would hold a person's email to a name's 64.
  '/directory/teams/:name',
  '/directory/roles/:name',
  '/directory/people/:email',
  '/webhooks/:party',
  '/users/:email',
  '/keys/:id',
];

const pass: RequestHandler = (_req, _res, next) => {
  next();
};

/**
 * Checks the path parameters before any route uses them: a 400 `invalid_path` naming the
 * parameter when it is too long or holds a control character or a lone surrogate, so that no
 * such id reaches Temporal or the database. (Bad percent-encoding fails in the router itself,
 * a `URIError` the error middleware answers with the same 400.)
 */
export function pathParamsGuard(): Router {
  const router = Router();
  for (const [name, max] of Object.entries(PARAM_MAX)) {
    router.param(name, (_req, _res, next, value: string) => {
      const problem =
        value.length > max ? `is longer than ${max} characters` : textProblem(value, 'line');
      if (!problem) {
        next();
        return;
      }
      next(
        new ApiError('invalid_path', `The path parameter "${name}" ${problem}`, [
          { path: name, message: problem },
        ]),
      );
    });
  }
  // One layer each: a layer of several paths would stop at the first that matches.
  for (const path of PARAMETERISED) router.use(path, pass);
  return router;
}
