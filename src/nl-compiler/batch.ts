import { compile, type CompileResult } from './compile';
import { answered, type CompileDiagnostic, type CompileQuestion } from './diagnostic';

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
  const said = `${problem.code} [${problem.span.start}-${problem.span.end}] "${words.length > 80 ? `${words.slice(0, 77)}...` : words}": ${text}`;
  if (!('answer' in problem) || !problem.answer) return said;
  // Where the answer goes: the question's words with "<who>" put in its place.
  const form = problem.answer;
  const start = Math.min(problem.span.start, form.span.start);
  const end = Math.max(problem.span.end, form.span.end);
  const grown = answered(source, form, '<who>');
  return `${said} (answer as: "${grown.slice(start, end + grown.length - source.length)}")`;
}

type Parsed = { id: string; text: string } | BatchResult;

/** The id and text of one `{"id","text"}` line, or the result that says what is wrong with it. */
function parseLine(line: string, index: number): Parsed {
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
  return { id, text: record.text };
}

function resultOf(id: string, text: string, result: CompileResult): BatchResult {
  return {
    id,
    outline: result.outline.join('\n'),
    diagnostics: [...result.diagnostics, ...result.questions].map((p) => describeProblem(p, text)),
  };
}

/** Compiles one `{"id","text"}` line; a line that is not such an object gets a diagnostic, not a crash. */
export function compileBatchLine(line: string, index: number): BatchResult {
  const parsed = parseLine(line, index);
  return 'text' in parsed ? resultOf(parsed.id, parsed.text, compile(parsed.text)) : parsed;
}

/** {@link compileBatchLine} with another compiler (the hybrid one); its `model` use goes along. */
export async function compileBatchLineWith<R extends CompileResult & { model?: unknown }>(
  line: string,
  index: number,
  compileText: (text: string) => Promise<R>,
): Promise<BatchResult & { model?: unknown }> {
  const parsed = parseLine(line, index);
  if (!('text' in parsed)) return parsed;
  const result = await compileText(parsed.text);
  return {
    ...resultOf(parsed.id, parsed.text, result),
    ...(result.model === undefined ? {} : { model: result.model }),
  };
}
