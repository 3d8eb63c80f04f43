import { Router } from 'express';
import { diagram } from '../dsl';
import { compile } from '../nl-compiler/compile';
import { CompileRequest } from './flow-request';
import { parseInput } from './parse-input';

/**
 * `POST /compile`: what English would become, stored nowhere: the flow, its explanation, outline
 * and Mermaid diagram, each step's source span, and the diagnostics and questions with theirs.
 * `deployable` says whether `POST /flows` would take the same body (no errors, no questions).
 */
export function compilePreviewRouter(): Router {
  const router = Router();

  router.post('/compile', (req, res) => {
    const body = parseInput(CompileRequest, req.body ?? {}, 'The compile request');
    const result = compile(body.text, {
      ...(body.name ? { name: body.name } : {}),
      ...(body.ownerTeam ? { ownerTeam: body.ownerTeam } : {}),
    });
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
    });
  });

  return router;
}
