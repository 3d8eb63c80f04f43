import type { ModelUse } from './hybrid';

/** One line of `plainflow outline --jsonl --model`. */
export interface BatchLine {
  id: string;
  diagnostics: string[];
  model?: ModelUse;
}

/** USD per million tokens, input and output. */
export interface Price {
  input: number;
  output: number;
}

// Published list prices of a few models, USD per million tokens (input, output).
const KNOWN: Record<string, Price> = {
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

/** The price of `model`: `PLAINFLOW_LLM_PRICE="<input>,<output>"` when given, else a known one. */
export function priceOf(model: string, configured: string | undefined): Price | undefined {
  if (configured !== undefined) {
    const [input, output] = configured.split(',').map(Number);
    if (input !== undefined && output !== undefined && input >= 0 && output >= 0) {
      return { input, output };
    }
  }
  return KNOWN[model];
}

/** What a batch's descriptions cost: counts, tokens, time and (with a price) dollars. */
export function summarise(lines: readonly BatchLine[], price: Price | undefined) {
  const asked = lines.filter((line) => line.model !== undefined);
  const sum = (pick: (use: ModelUse) => number) =>
    asked.reduce((total, line) => total + pick(line.model!), 0);
  const promptTokens = sum((use) => use.usage.promptTokens);
  const completionTokens = sum((use) => use.usage.completionTokens);
  const latencies = asked.map((line) => Math.round(line.model!.latencyMs)).sort((a, b) => a - b);
  const per = (total: number) => (asked.length === 0 ? 0 : Math.round(total / asked.length));
  const costUsd = price
    ? (promptTokens * price.input + completionTokens * price.output) / 1_000_000
    : undefined;
  return {
    descriptions: lines.length,
    asked: asked.length,
    rounds: sum((use) => use.rounds),
    failed: asked.filter((line) =>
      line.diagnostics.some((d) =>
        /^model-(auth|unknown|refused|truncated|unavailable|rejected)/.test(d),
      ),
    ).length,
    promptTokens,
    completionTokens,
    perAsked: { promptTokens: per(promptTokens), completionTokens: per(completionTokens) },
    latencyMs: {
      p50: latencies[Math.floor((latencies.length - 1) / 2)] ?? 0,
      max: latencies[latencies.length - 1] ?? 0,
    },
    costUsd,
    perDescriptionUsd: costUsd === undefined ? undefined : costUsd / Math.max(1, lines.length),
  };
}
