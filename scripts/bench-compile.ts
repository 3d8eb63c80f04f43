// `npm run bench:compile`: median and p99 time to compile one description, over the dev corpus
// (shared/eval/dev.jsonl beside the checkout) or the files given as arguments.
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '../src/nl-compiler/compile';

const ROUNDS = 200;
const files = process.argv.slice(2);
const corpus = files.length > 0 ? files : [path.resolve(__dirname, '../../shared/eval/dev.jsonl')];
const texts = corpus.flatMap((file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text),
);

// Warm up the JIT and the regex caches before measuring.
for (let i = 0; i < 20; i++) for (const text of texts) compile(text);

const samples: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const text of texts) {
    const start = process.hrtime.bigint();
    compile(text);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
samples.sort((a, b) => a - b);
const at = (q: number) =>
  samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
process.stdout.write(
  `compile: ${texts.length} descriptions x ${ROUNDS} rounds: median ${at(0.5).toFixed(3)} ms, ` +
    `p99 ${at(0.99).toFixed(3)} ms, max ${at(1).toFixed(3)} ms\n`,
);
