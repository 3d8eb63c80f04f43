import { explain, forEachStep, hasErrors, outline, parseFlow, verifyFlow, type Flow } from '../dsl';
import { CompileContext } from './context';
import type { CompileDiagnostic, CompileQuestion, SourceSpan } from './diagnostic';
import { slugify } from './parties';
import { readFlow } from './frames/discourse';
import { lowerNodes, lowerTrigger } from './frames/lower';
import { forgetTagging } from './text/tokens';

/** What the compiler made of a description. */
export interface CompileResult {
  /** The flow, when at least one step compiled and it verifies; absent otherwise. */
  readonly flow?: Flow;
  /** Each step id's source span. */
  readonly spans: Record<string, SourceSpan>;
  readonly diagnostics: CompileDiagnostic[];
  readonly questions: CompileQuestion[];
  /** `explain(flow)` and `outline(flow)`, when there is a flow. */
  readonly explanation: string[];
  readonly outline: string[];
}

export interface CompileOptions {
  /** The flow's name; by default a slug of the description's first words. */
  readonly name?: string;
  readonly ownerTeam?: string;
}

/** A flow name from the first words of a description. */
export function flowName(source: string): string {
  const words = slugify(source.split(/[.,;:]/)[0] ?? '')
    .split('-')
    .filter((w) => !/^(?:when|a|an|the|every|each|if|at|on)$/.test(w));
  return words.slice(0, 5).join('-').slice(0, 60).replace(/-+$/, '') || 'flow';
}

/** Compiles an English description into a flow, or says exactly what it could not understand. */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  forgetTagging();
  const ctx = new CompileContext(source);
  const reading = readFlow(source, ctx);
  if (reading.trigger?.type === 'schedule' && reading.trigger.schedule.assumedTime) {
    const [minute, hour] = reading.trigger.schedule.cron?.split(' ') ?? [];
    ctx.warn(
      'assumed-time',
      `No exact time of day is said; runs start at ${hour?.padStart(2, '0')}:${minute?.padStart(2, '0')}`,
      reading.trigger.span,
    );
  }
  const steps = lowerNodes(reading.nodes, ctx);
  const trigger = lowerTrigger(reading.trigger, ctx.fields, steps.length > 0);
  const empty = { spans: {}, explanation: [], outline: [] };
  if (steps.length === 0) {
    if (ctx.diagnostics.length === 0 && ctx.questions.length === 0) {
      ctx.error('no-steps', 'No step of a flow was found in the description', {
        start: 0,
        end: source.length,
      });
    }
    return { ...empty, diagnostics: ctx.diagnostics, questions: ctx.questions };
  }
  const document = {
    name: options.name ?? flowName(source),
    description: source.slice(0, 5000),
    version: 1,
    ownerTeam: options.ownerTeam ?? 'unassigned',
    trigger,
    ...(reading.rebalance ? { rebalance: true } : {}),
    steps,
  };
  const parsed = parseFlow(document);
  const issues = parsed.ok ? verifyFlow(parsed.flow) : parsed.errors;
  if (!parsed.ok || hasErrors(issues)) {
    for (const issue of issues.filter((i) => i.severity === 'error')) {
      ctx.error(
        `flow-${issue.code}`,
        `The compiled flow would be invalid at ${issue.path}: ${issue.message}`,
        { start: 0, end: source.length },
      );
    }
    return { ...empty, diagnostics: ctx.diagnostics, questions: ctx.questions };
  }
  if (reading.rebalance && issues.some((issue) => issue.code === 'rebalance-without-team')) {
    ctx.warn(
      'rebalance-without-team',
      'Work may move off people who are away or over capacity only when it goes to a team, and no step here does',
      reading.rebalance,
    );
  }
  const spans: Record<string, SourceSpan> = {};
  forEachStep(parsed.flow.steps, (step) => {
    if (step.span) spans[step.id] = step.span;
  });
  return {
    flow: parsed.flow,
    spans,
    diagnostics: ctx.diagnostics,
    questions: ctx.questions,
    explanation: explain(parsed.flow),
    outline: outline(parsed.flow),
  };
}
