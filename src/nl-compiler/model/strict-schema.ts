import { flowJsonSchema } from '../../dsl/json-schema';

/** Changes whenever the schema the model answers in changes: part of the answer cache's key. */
export const MODEL_SCHEMA_VERSION = 1;

type Json = Record<string, unknown>;

// Keywords OpenAI's strict structured outputs accept on strings, numbers and arrays.
const KEPT = new Set([
  'type',
  'description',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'items',
  'anyOf',
  '$ref',
  'properties',
  'required',
  'additionalProperties',
]);
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uuid']);

/** The property a step cites its words with, in place of the DSL's `span`. */
export const QUOTE = 'quote';
const RECORD_KEY = 'record_key';
const RECORD_VALUE = 'record_value';

const QUOTE_SCHEMA = {
  type: 'string',
  description: 'the exact words of the description this step comes from, copied as they are',
};

/**
 * `node` (a zod-generated JSON Schema) in the strict form: every property required (an optional
 * one may be null), no additional properties, `oneOf` as `anyOf`, `const` as a one-value enum, a
 * record as a list of key/value pairs, and a step's `span` asked for as the `quote` it came from.
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as Json;
  if (source.type === 'object' && source.properties === undefined && source.additionalProperties) {
    const key = { ...(source.propertyNames as Json | undefined), type: 'string' };
    return {
      type: 'array',
      description: 'a map, as key/value pairs (null rather than none)',
      minItems: 1,
      items: strictObject({ [RECORD_KEY]: key, [RECORD_VALUE]: source.additionalProperties }, [
        RECORD_KEY,
        RECORD_VALUE,
      ]),
    };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'const') out.enum = [value];
    else if (key === 'oneOf') out.anyOf = strict(value);
    else if (key === 'format' && typeof value === 'string' && FORMATS.has(value))
      out.format = value;
    else if (KEPT.has(key) && key !== 'properties' && key !== 'required') out[key] = strict(value);
  }
  if (source.properties !== undefined) {
    const properties = { ...(source.properties as Json) };
    const required = new Set((source.required as string[] | undefined) ?? []);
    if ('span' in properties) {
      delete properties.span;
      properties[QUOTE] = QUOTE_SCHEMA;
      required.add(QUOTE);
    }
    return { ...out, ...strictObject(properties, [...required]) };
  }
  return out;
}

function strictObject(properties: Json, required: readonly string[]): Json {
  const shown: Json = {};
  for (const [name, schema] of Object.entries(properties)) {
    const converted = strict(schema);
    shown[name] = required.includes(name) ? converted : { anyOf: [converted, { type: 'null' }] };
  }
  return {
    type: 'object',
    properties: shown,
    required: Object.keys(shown),
    additionalProperties: false,
  };
}

/**
 * The strict JSON Schema the model answers in, derived from the DSL's zod schemas: `{ flow,
 * trigger_quote, notes }`, the flow as the DSL has it but each step citing its words (`quote`).
 */
export function modelAnswerSchema(): Json {
  const { $defs, ...flow } = flowJsonSchema();
  delete flow.$schema;
  const defs = Object.fromEntries(
    Object.entries(($defs ?? {}) as Json).map(([name, def]) => [name, strict(def)]),
  );
  return {
    ...strictObject(
      {
        flow,
        trigger_quote: {
          type: 'string',
          description: 'the exact words saying when runs start and what a request holds',
        },
        notes: {
          type: 'array',
          description: 'anything of the description the flow could not hold, in a few words each',
          items: { type: 'string' },
        },
      },
      ['flow', 'trigger_quote', 'notes'],
    ),
    $defs: defs,
  };
}

/** An answer in the strict form back in the DSL's: nulls dropped, key/value pairs a map again. */
export function decodeAnswer(value: unknown): unknown {
  if (Array.isArray(value)) {
    const pairs = value.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        Object.keys(item).sort().join() === `${RECORD_KEY},${RECORD_VALUE}`,
    );
    if (pairs && value.length > 0) {
      return Object.fromEntries(
        (value as Json[]).map((pair) => [
          String(pair[RECORD_KEY]),
          decodeAnswer(pair[RECORD_VALUE]),
        ]),
      );
    }
    return value.map(decodeAnswer);
  }
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, decodeAnswer(inner)]),
  );
}
