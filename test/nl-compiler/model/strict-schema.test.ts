import { parseFlow } from '../../../src/dsl';
import { priceOf, summarise } from '../../../src/nl-compiler/model/eval-summary';
import { decodeAnswer, modelAnswerSchema } from '../../../src/nl-compiler/model/strict-schema';

type Json = Record<string, unknown>;

/** Every object schema in `node`, with where it is. */
function objects(node: unknown, at = '#'): [string, Json][] {
  if (Array.isArray(node)) return node.flatMap((item, i) => objects(item, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const here: [string, Json][] = (node as Json).type === 'object' ? [[at, node as Json]] : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([key, value]) => objects(value, `${at}/${key}`)),
  ];
}

describe("the model's answer schema", () => {
  const schema = modelAnswerSchema();

  it('is strict everywhere: every property required, nothing more allowed, no unsupported keyword', () => {
    const loose = objects(schema).filter(
      ([, object]) =>
        object.additionalProperties !== false ||
        JSON.stringify(Object.keys((object.properties ?? {}) as Json)) !==
          JSON.stringify(object.required),
    );
    expect(loose.map(([at]) => at)).toEqual([]);
    const text = JSON.stringify(schema);
    for (const keyword of ['"oneOf"', '"const"', '"default"', '"propertyNames"', '"minLength"']) {
      expect([keyword, text.includes(keyword)]).toEqual([keyword, false]);
    }
    expect(text).toContain('"quote"');
    expect(text).not.toContain('"span"');
  });

  it('decodes an answer back into the DSL: nulls dropped, key/value pairs a map again', () => {
    const decoded = decodeAnswer({
      name: 'x',
      description: 'd',
      version: 1,
      ownerTeam: 'ops',
      timeZone: null,
      trigger: { type: 'request', fields: [{ name: 'amount', type: 'number', optional: null }] },
      steps: [
        {
          type: 'set',
          id: 'mark',
          fields: [{ record_key: 'amount', record_value: 5 }],
          status: null,
          priority: 'high',
        },
      ],
    });
    const parsed = parseFlow(decoded);
    expect(parsed.ok).toBe(true);
    expect((decoded as { steps: unknown[] }).steps[0]).toEqual({
      type: 'set',
      id: 'mark',
      fields: { amount: 5 },
      priority: 'high',
    });
  });
});

describe('the evaluation summary', () => {
  it('adds tokens, rounds and time of the descriptions the model was asked about, and prices them', () => {
    const use = (prompt: number, completion: number, latencyMs: number) => ({
      model: 'gpt-4.1-mini',
      rounds: 1,
      usage: { promptTokens: prompt, completionTokens: completion },
      latencyMs,
      cached: false,
      steps: [],
    });
    const summary = summarise(
      [
        { id: 'a', diagnostics: [], model: use(1000, 100, 300) },
        {
          id: 'b',
          diagnostics: ['model-unavailable [0-4] "text": no answer'],
          model: use(3000, 300, 900),
        },
        { id: 'c', diagnostics: [] },
      ],
      priceOf('gpt-4.1-mini', undefined),
    );
    expect(summary).toMatchObject({
      descriptions: 3,
      asked: 2,
      rounds: 2,
      failed: 1,
      promptTokens: 4000,
      completionTokens: 400,
      perAsked: { promptTokens: 2000, completionTokens: 200 },
      latencyMs: { p50: 300, max: 900 },
    });
    expect(summary.costUsd).toBeCloseTo((4000 * 0.4 + 400 * 1.6) / 1e6);
    expect(priceOf('local-llama', undefined)).toBeUndefined();
    expect(priceOf('local-llama', '0,0')).toEqual({ input: 0, output: 0 });
  });
});
