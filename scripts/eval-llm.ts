// `npm run eval:llm -- --corpus ../shared/eval/dev2.jsonl [--each]`: the hybrid compiler with the
// configured model (OPENAI_API_KEY, OPENAI_BASE_URL, PLAINFLOW_LLM_MODEL), scored by the shared
// scorer, with what the model cost. The descriptions are first compiled once with a fresh answer
// cache (what a first compile costs: tokens, time, rounds per description), then scored by the
// scorer running the same batch, which now answers from that cache.
// `--each` also prints every description the model was asked about. Cost:
// PLAINFLOW_LLM_PRICE="<input>,<output>" in USD per million tokens (a few models are known).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelSettingsFrom } from '../src/nl-compiler/model/model-client';
import { priceOf, summarise, type BatchLine } from '../src/nl-compiler/model/eval-summary';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const corpus = path.resolve(option('corpus', path.join(root, '../shared/eval/dev2.jsonl')));
const scorer = path.resolve(option('scorer', path.join(root, '../shared/eval/score.mjs')));

const settings = modelSettingsFrom(process.env);
if (!settings) {
  process.stderr.write(
    'eval:llm needs a model: set OPENAI_API_KEY (and PLAINFLOW_LLM_MODEL, OPENAI_BASE_URL)\n',
  );
  process.exit(2);
}
for (const file of [corpus, scorer]) {
  if (!fs.existsSync(file)) {
    process.stderr.write(`eval:llm: ${file} does not exist (--corpus FILE, --scorer FILE)\n`);
    process.exit(2);
  }
}

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plainflow-eval-llm-'));
const env = { ...process.env, PLAINFLOW_LLM_CACHE_DIR: cacheDir };
const batch = `node ${JSON.stringify(path.join(root, 'bin/plainflow.cjs'))} outline --jsonl --model`;
const input = fs
  .readFileSync(corpus, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => {
    const { id, text } = JSON.parse(line) as { id: string; text: string };
    return JSON.stringify({ id, text });
  })
  .join('\n');

try {
  const started = Date.now();
  const first = spawnSync(batch, {
    shell: true,
    input,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (first.status !== 0) {
    process.stderr.write(first.stderr);
    process.exit(1);
  }
  const lines = first.stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as BatchLine);
  const scored = spawnSync(process.execPath, [scorer, '--corpus', corpus, '--cmd', batch], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  process.stdout.write(scored.stdout);
  const price = priceOf(settings.model, process.env.PLAINFLOW_LLM_PRICE);
  const summary = summarise(lines, price);
  if (args.includes('--each')) {
    for (const line of lines.filter((l) => l.model)) {
      const { rounds, usage, latencyMs } = line.model!;
      const cost = price
        ? ` $${((usage.promptTokens * price.input + usage.completionTokens * price.output) / 1e6).toFixed(5)}`
        : '';
      process.stdout.write(
        `${line.id}: ${rounds} call(s), ${usage.promptTokens}+${usage.completionTokens} tokens, ${Math.round(latencyMs)} ms${cost}\n`,
      );
    }
  }
  process.stdout.write(
    [
      `model ${settings.model}${settings.baseURL ? ` at ${settings.baseURL}` : ''}: asked for ${summary.asked} of ${summary.descriptions} descriptions, ${summary.rounds} calls (${summary.failed} answered with a model error)`,
      `tokens: ${summary.promptTokens} in + ${summary.completionTokens} out; per description asked: ${summary.perAsked.promptTokens} + ${summary.perAsked.completionTokens}`,
      `model time per description asked: p50 ${summary.latencyMs.p50} ms, max ${summary.latencyMs.max} ms; the first pass took ${Math.round((Date.now() - started) / 1000)} s`,
      summary.costUsd === undefined
        ? 'cost: unknown for this model (set PLAINFLOW_LLM_PRICE="<input>,<output>" USD per million tokens)'
        : `cost: $${summary.costUsd.toFixed(4)} in all, $${summary.perDescriptionUsd!.toFixed(5)} per description`,
      '',
    ].join('\n'),
  );
  process.exitCode = scored.status ?? 1;
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
