import { diagram } from '../dsl/diagram';
import { explain } from '../dsl/explain';
import { hasErrors, type Issue } from '../dsl/issue';
import { flowJsonSchema } from '../dsl/json-schema';
import { outline } from '../dsl/outline';
import { parseFlow } from '../dsl/parse-flow';
import { verifyFlow } from '../dsl/verify/verify';
import type { Flow } from '../dsl/flow';
import { compileBatchLine, compileBatchLineWith, describeProblem } from '../nl-compiler/batch';
import { DEFAULT_CACHE_DIR, fileCache } from '../nl-compiler/model/file-cache';
import { compileHybrid } from '../nl-compiler/model/hybrid';
import { ModelClient, modelSettingsFrom } from '../nl-compiler/model/model-client';
import { apiCommand, isApiCommand } from './insights';

/** Exit codes: 0 ok, 1 the flow has errors, 2 the command was used wrongly, 3 the API refused or is unreachable. */
export const ExitCode = { ok: 0, flowErrors: 1, usage: 2, apiFailed: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where the CLI reads and writes, so tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's text; `-` is standard input. Rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
  /** Where a model is configured (`OPENAI_API_KEY`, …); default the process's environment. */
  env?: NodeJS.ProcessEnv;
}

async function compileCommand(rest: readonly string[], io: CliIo): Promise<ExitCode> {
  const json = rest.includes('--json');
  const llm = rest.includes('--llm');
  const args = rest.filter((arg) => arg !== '--json' && arg !== '--llm');
  let text: string;
  if (args[0] === '-f' && args.length === 2 && args[1] !== undefined) {
    try {
      text = await io.readFile(args[1]);
    } catch (err) {
      io.stderr(`plainflow: cannot read ${args[1]}: ${(err as Error).message}\n`);
      return ExitCode.usage;
    }
  } else if (args.length === 1 && args[0] !== undefined && !args[0].startsWith('-')) {
    text = args[0];
  } else {
    io.stderr(`plainflow: compile takes "TEXT" or -f FILE\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const settings = modelSettingsFrom(io.env ?? process.env);
  if (llm && !settings) {
    io.stderr(
      'plainflow: --llm needs a model: set OPENAI_API_KEY (and PLAINFLOW_LLM_MODEL, OPENAI_BASE_URL)\n',
    );
    return ExitCode.usage;
  }
  const result = await compileHybrid(
    text,
    { llm },
    settings && new ModelClient(settings),
    cacheOf(io),
  );
  if (result.model) {
    const { model, rounds, usage, latencyMs, cached } = result.model;
    io.stderr(
      `model ${model}: ${cached ? 'cached answer' : `${rounds} round(s), ${usage.promptTokens}+${usage.completionTokens} tokens, ${Math.round(latencyMs)} ms`}\n`,
    );
  }
  if (json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    if (result.flow)
      io.stdout(`${result.explanation.join('\n')}\n\nOutline:\n${result.outline.join('\n')}\n`);
    for (const problem of [...result.diagnostics, ...result.questions]) {
      io.stderr(`${describeProblem(problem, text)}\n`);
    }
  }
  return result.flow && !result.diagnostics.some((d) => d.severity === 'error')
    ? ExitCode.ok
    : ExitCode.flowErrors;
}

/** The CLI's cache of the model's answers: `PLAINFLOW_LLM_CACHE_DIR`, default `.data/llm-cache`. */
function cacheOf(io: CliIo) {
  return fileCache((io.env ?? process.env).PLAINFLOW_LLM_CACHE_DIR ?? DEFAULT_CACHE_DIR);
}

// Descriptions compiled at once with a model: its calls wait on the network, not on this process.
const MODEL_CONCURRENCY = 6;

async function outlineBatch(rest: readonly string[], io: CliIo): Promise<ExitCode> {
  const withModel = rest.includes('--model');
  const settings = modelSettingsFrom(io.env ?? process.env);
  if (withModel && !settings) {
    io.stderr(
      'plainflow: --model needs a model: set OPENAI_API_KEY (and PLAINFLOW_LLM_MODEL, OPENAI_BASE_URL)\n',
    );
    return ExitCode.usage;
  }
  const input = await io.readFile('-');
  const lines = input.split('\n').filter((line) => line.trim());
  if (!withModel || !settings) {
    for (const [index, line] of lines.entries())
      io.stdout(`${JSON.stringify(compileBatchLine(line, index))}\n`);
    return ExitCode.ok;
  }
  const client = new ModelClient(settings);
  const cache = cacheOf(io);
  const results: string[] = new Array<string>(lines.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < lines.length; index = next++) {
      const line = await compileBatchLineWith(lines[index]!, index, (text) =>
        compileHybrid(text, {}, client, cache),
      );
      results[index] = JSON.stringify(line);
    }
  };
  await Promise.all(Array.from({ length: MODEL_CONCURRENCY }, worker));
  for (const line of results) io.stdout(`${line}\n`);
  return ExitCode.ok;
}

export const USAGE = `usage: plainflow <command> [FILE]

  schema          print the JSON Schema of a flow document
  verify FILE     check a flow; print each problem with its JSON path
  explain FILE    describe a flow in numbered plain English
  diagram FILE    draw a flow as a Mermaid flowchart
  outline FILE    print a flow's outline (the format of shared/eval/OUTLINE.md)
  compile "TEXT"  compile English into a flow: explanation, outline, diagnostics
  compile -f FILE   the same from a file; --json prints the whole result; --llm asks
                    the configured model even when the grammar read everything
  outline --jsonl   batch: {"id","text"} lines on stdin, {"id","outline","diagnostics"} out;
                    --model: the hybrid compiler with the configured model (and "model" per line)

Asking a running API (PLAINFLOW_API_URL, default http://127.0.0.1:$PORT; PLAINFLOW_API_KEY):
  insights FLOW [--since ISO] [--until ISO]   runs per version, where work waits (bottlenecks)
  at-risk [--flow NAME] [--limit N]           open work late or predicted late, and why
  workload [--team NAME] [--limit N]          open work per person and team against capacity
  watch [--dry-run]                           a watcher round now (admins), or what it would do
  each takes --json for the API's answer as it is

FILE is a flow document in JSON, or - for standard input.
Exit codes: 0 ok, 1 the flow has errors, 2 usage, 3 the API refused or could not be reached.
`;

/** One problem per line: severity, code, JSON path, message. */
export function formatIssue(issue: Issue): string {
  const at = issue.position === undefined ? '' : ` (at character ${issue.position})`;
  return `${issue.severity}  ${issue.code}  ${issue.path}  ${issue.message}${at}`;
}

type Loaded = { ok: true; flow: Flow; warnings: Issue[] } | { ok: false; code: ExitCode };

async function loadFlow(file: string, io: CliIo): Promise<Loaded> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (err) {
    io.stderr(`plainflow: cannot read ${file}: ${(err as Error).message}\n`);
    return { ok: false, code: ExitCode.usage };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    io.stderr(`${file}: not valid JSON: ${(err as Error).message}\n`);
    return { ok: false, code: ExitCode.flowErrors };
  }
  const parsed = parseFlow(json);
  const issues = parsed.ok ? verifyFlow(parsed.flow) : parsed.errors;
  if (!parsed.ok || hasErrors(issues)) {
    for (const issue of issues) io.stderr(`${file}: ${formatIssue(issue)}\n`);
    return { ok: false, code: ExitCode.flowErrors };
  }
  return { ok: true, flow: parsed.flow, warnings: issues };
}

const commands = {
  verify: (flow: Flow) => `ok: ${flow.name} v${flow.version} has no errors`,
  explain: (flow: Flow) => explain(flow).join('\n'),
  diagram: (flow: Flow) => diagram(flow),
  outline: (flow: Flow) => outline(flow).join('\n'),
} as const;

const isFileCommand = (name: string): name is keyof typeof commands => name in commands;

/** Runs `plainflow <argv>`; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    if (command === undefined) {
      io.stderr(USAGE);
      return ExitCode.usage;
    }
    io.stdout(USAGE);
    return ExitCode.ok;
  }
  if (command === 'compile') return compileCommand(rest, io);
  if (isApiCommand(command)) {
    const outcome = await apiCommand(command, rest, io.env ?? process.env);
    if (outcome.ok) {
      io.stdout(`${outcome.text}\n`);
      return ExitCode.ok;
    }
    io.stderr(`plainflow: ${outcome.message}\n${outcome.usage ? `\n${USAGE}` : ''}`);
    return outcome.usage ? ExitCode.usage : ExitCode.apiFailed;
  }
  if (
    command === 'outline' &&
    rest[0] === '--jsonl' &&
    rest.slice(1).every((a) => a === '--model')
  ) {
    return outlineBatch(rest, io);
  }
  if (command === 'schema' && rest.length === 0) {
    io.stdout(`${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
    return ExitCode.ok;
  }
  if (isFileCommand(command) && rest.length === 1 && rest[0] !== undefined) {
    const file = rest[0];
    const loaded = await loadFlow(file, io);
    if (!loaded.ok) return loaded.code;
    for (const warning of loaded.warnings) io.stderr(`${file}: ${formatIssue(warning)}\n`);
    io.stdout(`${commands[command](loaded.flow)}\n`);
    return ExitCode.ok;
  }
  io.stderr(
    `plainflow: ${isFileCommand(command) || command === 'schema' ? `wrong arguments for ${command}` : `unknown command "${command}"`}\n\n${USAGE}`,
  );
  return ExitCode.usage;
}
