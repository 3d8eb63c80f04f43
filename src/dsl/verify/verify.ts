import type { Flow } from '../flow';
import type { Issue } from '../issue';
import { parseFlow } from '../parse-flow';
import { checkHeader } from './check-header';
import { checkDeadline } from './check-actions';
import { checkSteps } from './check-steps';
import { collectDeclarations } from './collect-declarations';
import { VerifyContext } from './context';
import type { VerifyOptions } from './options';
import { initialScope } from './scope';

/**
 * Checks a flow document: first against the schema (any JSON is accepted and never throws),
 * then semantically. Returns every issue found, errors and warnings; none means clean.
 */
export function verify(input: unknown, options: VerifyOptions = {}): Issue[] {
  const parsed = parseFlow(input);
  if (!parsed.ok) return parsed.errors;
  return verifyFlow(parsed.flow, options);
}

/** The semantic checks of an already parsed flow. */
export function verifyFlow(flow: Flow, options: VerifyOptions = {}): Issue[] {
  const ctx = new VerifyContext(flow, options);
  collectDeclarations(ctx);
  checkHeader(ctx);
  checkSteps(ctx);
  // The deadline can fire at any point, when any field may be filled and someone holds the item.
  const anytime = initialScope(ctx.fields.keys());
  anytime.holder = true;
  checkDeadline(ctx, anytime);
  return ctx.issues;
}
