import express, { type Request, type RequestHandler } from 'express';
import { ApiError } from './errors';

const JSON_TYPE = 'application/json';

// `Content-Length: 0` (a bare POST) is no body; a chunked one has no length but is a body.
const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;

// express.json leaves a body of another type unread, and the route would take it for `{}`.
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (hasBody(req) && !req.is(JSON_TYPE)) {
    const given = req.get('content-type');
    const what = given === undefined ? 'it has no Content-Type' : `not ${given}`;
    next(new ApiError('unsupported_media_type', `The body must be ${JSON_TYPE}; ${what}`));
    return;
  }
  next();
};

/** Reads JSON request bodies of up to `limit`; a body of any other media type is a 415. */
export function jsonBody(limit: string): RequestHandler[] {
  return [jsonOnly, express.json({ limit, type: JSON_TYPE })];
}
