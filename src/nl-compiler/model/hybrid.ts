import { createHash } from 'node:crypto';
import {
  explain,
  hasErrors,
  outline,
  parseFlow,
  verifyFlow,
  type Flow,
  type Step,
} from '../../dsl';
import { forEachStep } from '../../dsl/walk-steps';
import { compile, flowName, type CompileOptions, type CompileResult } from '../compile';
import type { CompileDiagnostic, SourceSpan } from '../diagnostic';
import { crossCheck, groundQuotes, uncitedSentences } from './grounding';
import { ModelError, type ChatMessage, type ModelClient, type Usage } from './model-client';
import { CONVENTIONS } from './conventions';
import { decodeAnswer, MODEL_SCHEMA_VERSION, modelAnswerSchema } from './strict-schema';

/** Rounds after the first in which the model is asked to repair what failed. */
export const REPAIR_ROUNDS = 2;

/** What asking the model cost and gave. */
export interface ModelUse {
  model: string;
  /** Calls made (0 when the answer came from the cache). */
  rounds: number;
  usage: Usage;
  latencyMs: number;
  cached: boolean;
  /** The ids of the steps the model wrote; the explanation marks them. */
  steps: string[];
}

/** A compile result, and what the model did when it was asked. */
export interface HybridResult extends CompileResult {
  model?: ModelUse;
}

/** Where answers are kept, so the same text costs once per model and schema version. */
export interface AnswerCache {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, answer: string): Promise<void> | void;
}

/** A cache in this process's memory. */
export function memoryCache(): AnswerCache {
  const answers = new Map<string, string>();
  return { get: (key) => answers.get(key), set: (key, answer) => void answers.set(key, answer) };
}

/** Options of {@link compileHybrid}. */
export interface HybridOptions extends CompileOptions {
  /** Ask the model even when the grammar read everything. */
  llm?: boolean;
}

const whole = (source: string): SourceSpan => ({ start: 0, end: source.length });

/** The deterministic draft as the model is shown it: outline, spans, diagnostics, questions. */
function draftMessage(source: string, draft: CompileResult): string {
  const quoted = (span: SourceSpan) => JSON.stringify(source.slice(span.start, span.end));
  const lines = [
    'Description:',
    '"""',
    source,
    '"""',
    '',
    'What the grammar read (the outline of its draft, one step per line):',
    ...(draft.outline.length > 0 ? draft.outline : ['(no flow)']),
    '',
    'Each draft step and the words it came from:',
    ...Object.entries(draft.spans).map(([id, span]) => `- ${id}: ${quoted(span)}`),
    '',
    'What the grammar could not read or decide:',
    ...draft.diagnostics.map((d) => `- ${d.severity} ${d.code} at ${quoted(d.span)}: ${d.message}`),
    ...draft.questions.map((q) => `- question ${q.code} at ${quoted(q.span)}: ${q.question}`),
  ];
  if (draft.flow) lines.push('', 'The draft flow:', JSON.stringify(draft.flow));
  lines.push(
    '',
    'Write the whole flow the description asks for. Quote, for every step, the exact words it comes from.',
  );
  return lines.join('\n');
}

/** The cache key of a compile: text, model and schema version (names are set after the answer). */
function cacheKey(source: string, model: string): string {
  return createHash('sha256')
    .update(JSON.stringify([source, model, MODEL_SCHEMA_VERSION]))
    .digest('hex');
}

/** One answer checked: the flow and what to report, or what to send back for repair. */
interface Checked {
  flow?: Flow;
  diagnostics: CompileDiagnostic[];
  repairs: string[];
}

function check(
  source: string,
  text: string,
  options: HybridOptions,
  draft: CompileResult,
): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      diagnostics: [
        {
          code: 'model-malformed',
          message: 'The model did not answer in JSON',
          span: whole(source),
          severity: 'error',
        },
      ],
      repairs: [
        'Your answer was not valid JSON. Answer with one JSON object in the required schema.',
      ],
    };
  }
  const answer = decodeAnswer(json) as Record<string, unknown>;
  const grounded = groundQuotes(source, answer);
  // Destinations are the operator's to declare: the model may only call those the grammar's draft has.
  const written = Object.fromEntries(
    Object.entries(grounded.flow).filter(([key]) => key !== 'destinations'),
  );
  const document = {
    ...written,
    ...(draft.flow?.destinations ? { destinations: draft.flow.destinations } : {}),
    name: options.name ?? draft.flow?.name ?? flowName(source),
    description: source.slice(0, 5000),
    version: 1,
    ownerTeam: options.ownerTeam ?? draft.flow?.ownerTeam ?? 'unassigned',
  };
  const parsed = parseFlow(document);
  const issues = parsed.ok ? verifyFlow(parsed.flow) : parsed.errors;
  const repairs = [...grounded.repairs];
  const diagnostics = [...grounded.diagnostics];
  for (const issue of issues.filter((i) => i.severity === 'error')) {
    diagnostics.push({
      code: `model-${issue.code}`,
      message: `The model's flow is invalid at ${issue.path}: ${issue.message}`,
      span: whole(source),
      severity: 'error',
    });
    repairs.push(`At ${issue.path}: ${issue.message}`);
  }
  if (!parsed.ok || hasErrors(issues)) return { diagnostics, repairs };
  if (parsed.flow.steps.length === 0) {
    diagnostics.push({
      code: 'no-steps',
      message: 'The model found no step the text supports',
      span: whole(source),
      severity: 'error',
    });
    return { diagnostics, repairs };
  }
  const checked = crossCheck(source, parsed.flow, grounded.triggerSpan);
  diagnostics.push(...checked.diagnostics, ...uncitedSentences(source, grounded.cited));
  repairs.push(...checked.repairs);
  return { flow: parsed.flow, diagnostics, repairs };
}

/**
 * The hybrid compiler: the grammar first; the model only when the grammar's result has errors or
 * questions (or `llm` asks for it). The model gets the text, the draft with its spans, the
 * diagnostics and the DSL's conventions, and answers with a whole flow in the strict schema;
 * each step must quote its words (a quote not in the text drops the step), durations, amounts
 * and people are checked against the quoted words, and a failed check goes back to the model for
 * at most {@link REPAIR_ROUNDS} more rounds. Without a model, the grammar's result as it is.
 */
export async function compileHybrid(
  source: string,
  options: HybridOptions,
  model: ModelClient | undefined,
  cache: AnswerCache = memoryCache(),
): Promise<HybridResult> {
  const draft = compile(source, options);
  const unsure =
    !draft.flow ||
    draft.diagnostics.some((d) => d.severity === 'error') ||
    draft.questions.length > 0;
  if (!model || (!unsure && !options.llm)) return draft;
  const use: ModelUse = {
    model: model.settings.model,
    rounds: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    latencyMs: 0,
    cached: false,
    steps: [],
  };
  const key = cacheKey(source, model.settings.model);
  const kept = await cache.get(key);
  if (kept !== undefined) {
    const checked = check(source, kept, options, draft);
    if (checked.flow && checked.repairs.length === 0) {
      return finished(checked, draft, { ...use, cached: true });
    }
  }
  const messages: ChatMessage[] = [
    { role: 'system', content: CONVENTIONS },
    { role: 'user', content: draftMessage(source, draft) },
  ];
  const schema = modelAnswerSchema();
  let last: Checked = { diagnostics: [], repairs: [] };
  for (let round = 0; round <= REPAIR_ROUNDS; round++) {
    let reply;
    try {
      reply = await model.ask(messages, schema);
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      return withModelError(draft, err, use, source);
    }
    use.rounds += 1;
    use.usage.promptTokens += reply.usage.promptTokens;
    use.usage.completionTokens += reply.usage.completionTokens;
    use.latencyMs += reply.latencyMs;
    last = check(source, reply.text, options, draft);
    if (last.flow && last.repairs.length === 0) {
      await cache.set(key, reply.text);
      return finished(last, draft, use);
    }
    messages.push(
      { role: 'assistant', content: reply.text },
      {
        role: 'user',
        content: `Your flow has these problems; answer with the whole corrected flow:\n${last.repairs.map((r) => `- ${r}`).join('\n')}`,
      },
    );
  }
  // Still failing after the repairs: the grammar's result as it was, and what the model got wrong.
  return { ...draft, diagnostics: [...draft.diagnostics, ...last.diagnostics], model: use };
}

/** A step without its span: what it says, to compare the model's step with the grammar's. */
const said = ({ span: _span, ...step }: Step) => JSON.stringify(step);

function finished(checked: Checked, draft: CompileResult, use: ModelUse): HybridResult {
  const flow = checked.flow!;
  const fromGrammar = new Set<string>();
  if (draft.flow) forEachStep(draft.flow.steps, (step) => fromGrammar.add(said(step)));
  const spans: Record<string, SourceSpan> = {};
  const steps: string[] = [];
  forEachStep(flow.steps, (step) => {
    if (step.span) spans[step.id] = step.span;
    if (!fromGrammar.has(said(step))) steps.push(step.id);
  });
  const marked =
    steps.length > 0
      ? [
          `Read by the model ${use.model}, and checked against the words they quote: ${steps.join(', ')}.`,
        ]
      : [];
  return {
    flow,
    spans,
    diagnostics: checked.diagnostics,
    questions: [],
    explanation: [...explain(flow), ...marked],
    outline: outline(flow),
    model: { ...use, steps },
  };
}

function withModelError(
  draft: CompileResult,
  err: ModelError,
  use: ModelUse,
  source: string,
): HybridResult {
  return {
    ...draft,
    diagnostics: [
      ...draft.diagnostics,
      {
        code: err.code.replace(/_/g, '-'),
        message: err.message,
        span: whole(source),
        severity: 'error',
      },
    ],
    model: use,
  };
}
