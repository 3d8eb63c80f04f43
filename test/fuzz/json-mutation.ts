import fc from 'fast-check';
import { longString, nastyString } from './text-arbitraries';

/** JSON text written as it is: numbers JSON.stringify cannot make (`1e309`, `-0`, 30 digits). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Arrays or objects nested `depth` deep, or `if` steps nested in each other's `then`. */
export class DeepJson {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object' | 'if-step',
  ) {}
}

/** A JSON value, possibly with parts no JSON.stringify would write. */
export type FuzzJson =
  null | boolean | number | string | RawJson | DeepJson | FuzzJson[] | { [key: string]: FuzzJson };

/** One change to a valid body: `path` picks keys or items on the way down (modulo their count). */
export interface Mutation {
  op: 'set' | 'add' | 'delete' | 'rename' | 'wrap' | 'replace';
  path: number[];
  key: string;
  value: FuzzJson;
}

const rawNumber = fc
  .constantFrom(
    '1e309',
    '-1e309',
    '-0',
    '1e-400',
    '123456789012345678901234567890',
    '9007199254740993',
    '-9007199254740993',
    '0.1e1',
    '1E2',
    '-0.0',
  )
  .map((text) => new RawJson(text));

const deepJson = fc
  .tuple(
    fc.oneof(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 300, max: 40_000 })),
    fc.constantFrom<DeepJson['kind']>('array', 'object', 'if-step'),
  )
  .map(([depth, kind]) => new DeepJson(depth, kind));

/** A value to put into a body: wrong types, hostile text, odd numbers, deep or long values. */
export const fuzzValue: fc.Arbitrary<FuzzJson> = fc.oneof(
  { arbitrary: nastyString(), weight: 8 },
  {
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e21)),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(null, true, false), weight: 2 },
  { arbitrary: rawNumber, weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<FuzzJson>, weight: 3 },
  { arbitrary: deepJson, weight: 1 },
  { arbitrary: longString, weight: 1 },
);

/** An object key: mostly names a schema knows or nearly knows, sometimes hostile. */
export const fuzzKey = fc.oneof(
  fc.constantFrom(
    'title',
    'fields',
    'flow',
    'text',
    'name',
    'comment',
    'decision',
    'to',
    'actor',
    'requester',
    'changedBy',
    'members',
    'manager',
    'url',
    'secret',
    'note',
    'reason',
    'key',
    'email',
    'role',
    'disabled',
    '__proto__',
    'constructor',
    'steps',
    'type',
    'id',
  ),
  nastyString(12),
);

/** One {@link Mutation}. */
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom<Mutation['op']>('set', 'set', 'add', 'delete', 'rename', 'wrap', 'replace'),
  path: fc.array(fc.nat(), { maxLength: 5 }),
  key: fuzzKey,
  value: fuzzValue,
});

type Container = FuzzJson[] | { [key: string]: FuzzJson };

const isContainer = (value: FuzzJson): value is Container =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof RawJson) &&
  !(value instanceof DeepJson);

/** `body` with `change` applied; `body` is left as it was. */
export function mutate(body: FuzzJson, change: Mutation): FuzzJson {
  if (change.op === 'replace' && change.path.length === 0) return change.value;
  const root = clone(body);
  if (!isContainer(root)) return change.value;
  let target: Container = root;
  for (const pick of change.path.slice(0, -1)) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const child = (target as Record<string, FuzzJson>)[keys[pick % keys.length]!]!;
    if (!isContainer(child)) break;
    target = child;
  }
  const record = target as Record<string, FuzzJson>;
  const keys = Object.keys(target);
  const picked = keys.length === 0 ? change.key : keys[(change.path.at(-1) ?? 0) % keys.length]!;
  if (Array.isArray(target)) {
    mutateArray(target, change);
    return root;
  }
  switch (change.op) {
    case 'add':
      put(record, change.key, change.value);
      break;
    case 'delete':
      delete record[picked];
      break;
    case 'rename': {
      const moved = record[picked] ?? null;
      delete record[picked];
      put(record, change.key, moved);
      break;
    }
    case 'wrap':
      put(record, picked, [record[picked] ?? null, change.value]);
      break;
    case 'set':
    case 'replace':
      put(record, picked, change.value);
      break;
  }
  return root;
}

// Items only: a named property on an array (`constructor`!) would break the array itself.
function mutateArray(items: FuzzJson[], change: Mutation): void {
  const index = items.length === 0 ? 0 : (change.path.at(-1) ?? 0) % items.length;
  switch (change.op) {
    case 'add':
    case 'rename':
      items.push(change.value);
      break;
    case 'delete':
      items.splice(index, 1);
      break;
    case 'wrap':
      items[index] = [items[index] ?? null, change.value];
      break;
    case 'set':
    case 'replace':
      items[index] = change.value;
      break;
  }
}

// defineProperty: a `__proto__` key becomes an own key, as JSON.parse makes it.
function put(record: Record<string, FuzzJson>, key: string, value: FuzzJson): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

// A deep copy that keeps RawJson and DeepJson (immutable) as they are.
function clone(value: FuzzJson): FuzzJson {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(clone);
  const copy: Record<string, FuzzJson> = {};
  for (const key of Object.keys(value)) put(copy, key, clone(value[key]!));
  return copy;
}

/** `value` as JSON text, {@link RawJson} verbatim and {@link DeepJson} spelled out. */
export function jsonText(value: FuzzJson): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof DeepJson) return deepText(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${jsonText(value[key]!)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function deepText({ depth, kind }: DeepJson): string {
  switch (kind) {
    case 'array':
      return '['.repeat(depth) + ']'.repeat(depth);
    case 'object':
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    case 'if-step':
      return (
        '[{"type":"if","id":"a","condition":"true","then":'.repeat(depth) +
        '[{"type":"end","id":"e","status":"completed"}]' +
        '}]'.repeat(depth)
      );
  }
}
