import { Router } from 'express';
import { diagram } from '../dsl';
import { compileHybrid, type AnswerCache } from '../nl-compiler/model/hybrid';
import type { ModelClient } from '../nl-compiler/model/model-client';
import { ApiError } from './errors';
import { CompileRequest } from './flow-request';
import { parseInput } from './parse-input';

/** The model the API compiles with, if one is configured, and where its answers are kept. */
export interface ModelDeps {
  model?: ModelClient;
  modelCache?: AnswerCache;
}

/**
 * English compiled the way the API compiles it: the grammar, and the configured model where the
 * grammar is unsure (or `llm` asks for it; 400 `model_not_configured` without a model).
 */
export async function compileText(
  body: { text: string; name?: string; ownerTeam?: string; llm?: boolean },
  { model, modelCache }: ModelDeps,
) {
  if (body.llm && !model) {
    throw new ApiError(
      'model_not_configured',
      'No model is configured on this server (OPENAI_API_KEY); send the request without "llm"',
    );
  }
  return compileHybrid(
    body.text,
    {
      ...(body.name ? { name: body.name } : {}),
      ...(body.ownerTeam ? { ownerTeam: body.ownerTeam } : {}),
      ...(body.llm ? { llm: true } : {}),
    },
    model,
    modelCache,
  );
}

/**
 * `POST /compile`: what English would become, stored nowhere: the flow, its explanation, outline
 * and Mermaid diagram, each step's source span, and the diagnostics and questions with theirs;
 * `model` says what the model did when it was asked. `deployable` says whether `POST /flows`
 * would take the same body (no errors, no questions).
 */
export function compilePreviewRouter(deps: ModelDeps): Router {
  const router = Router();

  router.post('/compile', async (req, res) => {
    const body = parseInput(CompileRequest, req.body ?? {}, 'The compile request');
    const result = await compileText(body, deps);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    res.json({
      deployable: result.flow !== undefined && errors === 0 && result.questions.length === 0,
      flow: result.flow ?? null,
      explanation: result.explanation,
      outline: result.outline,
      diagram: result.flow ? diagram(result.flow) : null,
      spans: result.spans,
      diagnostics: result.diagnostics,
      questions: result.questions,
      model: result.model ?? null,
    });
  });

  return router;
}
