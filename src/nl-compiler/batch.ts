import { compile } from './compile';
import type { CompileDiagnostic, CompileQuestion } from './diagnostic';

/** One line of the batch interface of shared/eval/OUTLINE.md. */
export interface BatchResult {
  id: string;
  outline: string;
  diagnostics: string[];
}

/** A diagnostic or question as one line: code, the words it is about, the message. */
export function describeProblem(
  problem: CompileDiagnostic | CompileQuestion,
  source: string,
): string {
  const words = source.slice(problem.span.start, problem.span.end);
  const text = 'message' in problem ? problem.message : problem.question;
  return `${problem.code} [${problem.span.start}-${problem.span.end}] "${words.length > 80 ? `${words.slice(0, 77)}...` : words}": ${text}`;
}

/** Compiles one `{"id","text"}` line; a line that is not such an object gets a diagnostic, not a crash. */
export function compileBatchLine(line: string, index: number): BatchResult {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return {
      id: `line-${index + 1}`,
      outline: '',
      diagnostics: [`bad-input: line ${index + 1} is not JSON: ${(err as Error).message}`],
    };
  }
  const record =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const id = typeof record.id === 'string' ? record.id : `line-${index + 1}`;
  if (typeof record.text !== 'string') {
    return { id, outline: '', diagnostics: [`bad-input: line ${index + 1} has no "text" string`] };
  }
  const result = compile(record.text);
  return {
    id,
    outline: result.outline.join('\n'),
    diagnostics: [...result.diagnostics, ...result.questions].map((p) =>
      describeProblem(p, record.text as string),
    ),
  };
}
