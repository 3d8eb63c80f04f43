// `npm run bench:compile`: the compile time of one description over a corpus
// (shared/eval/dev2.jsonl beside the checkout, or the files given as arguments), and of
// 20,000 characters of hostile or long input. Times are CPU time of this process (user, ms),
// each the least of three runs, so that a busy machine or a garbage collection does not change
// them.
// `--json` prints one JSON object instead of lines.
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '../src/nl-compiler/compile';

const json = process.argv.includes('--json');
const files = process.argv.slice(2).filter((arg) => arg !== '--json');
const corpus = files.length > 0 ? files : [path.resolve(__dirname, '../../shared/eval/dev2.jsonl')];
const texts = corpus
  .filter((file) => fs.existsSync(file))
  .flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );

const cpuMs = (text: string): number => {
  const before = process.cpuUsage();
  compile(text);
  return process.cpuUsage(before).user / 1000;
};

const SIZE = 20_000;
const long = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const prose = long(
  'Supply requests come in with the item, the quantity and the cost. The stores lead approves ' +
    'within 2 days, otherwise escalate to the operations manager. If the cost is over $500, the ' +
    'finance team must also sign off. If rejected, tell the requester and close it. Then the ' +
    'stores team orders the item within 3 business days and notifies the requester. ',
);
const hostile: Record<string, string> = {
  spaces: ' '.repeat(SIZE),
  commas: long('a, '),
  parentheses: '('.repeat(SIZE),
  'one long word': 'a'.repeat(SIZE),
  'conditions without end': long('If the amount is over $5, '),
  '"and" without end': long('notify legal and '),
  'realistic prose': prose,
};

// Warm up the JIT and the tagger before measuring.
for (let i = 0; i < 3; i++) for (const text of [...texts, prose]) compile(text);

const samples = texts.map((text) => Math.min(cpuMs(text), cpuMs(text), cpuMs(text)));
samples.sort((a, b) => a - b);
const at = (q: number) =>
  samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
const long20k = Object.fromEntries(
  Object.entries(hostile).map(([name, text]) => [
    name,
    Math.min(cpuMs(text), cpuMs(text), cpuMs(text)),
  ]),
);

if (json) {
  process.stdout.write(
    `${JSON.stringify({ descriptions: texts.length, medianMs: at(0.5), p99Ms: at(0.99), long20kMs: long20k })}\n`,
  );
} else {
  process.stdout.write(
    `compile: ${texts.length} descriptions: median ${at(0.5).toFixed(2)} ms (target 5), p99 ${at(0.99).toFixed(2)} ms (CPU)\n`,
  );
  for (const [name, ms] of Object.entries(long20k)) {
    process.stdout.write(
      `compile: ${SIZE} characters of ${name}: ${ms.toFixed(0)} ms (CPU; target 200)\n`,
    );
  }
}
