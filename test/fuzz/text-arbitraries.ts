import fc from 'fast-check';

// Characters that break naive handling: controls, NUL, lone surrogates, separators, BOM, RTL.
const SPECIAL_CHARS = [
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '%',
  '/',
  '\\',
  '.',
  '?',
  '#',
  ' ',
  '"',
  "'",
  '<',
  '{',
  '}',
  ':',
  '@',
  '+',
  '&',
  '=',
  ';',
  ',',
];

/** One lone UTF-16 surrogate: half of a pair, not valid Unicode on its own. */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

/** One character of any kind: mostly plain, often hostile (controls, surrogates, astral, specials). */
export const nastyChar: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.constantFrom(...SPECIAL_CHARS), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: fc.constantFrom('😀', '👩‍💻', '𝕏', 'é', 'ß', 'Ω', '中', 'ﷺ'), weight: 1 },
);

// Whole strings that mean something to routers, decoders and databases.
const SPECIAL_STRINGS = [
  '',
  ' ',
  '..',
  '.',
  '../..',
  '%',
  '%%',
  '%zz',
  '%E2%82',
  '%C0%AF',
  '%ED%A0%80',
  '%2F',
  '%2e%2e',
  '%00',
  '%u0041',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '{{amount}}',
  '<script>alert(1)</script>',
  'role:cfo',
  'person:fz-member@example.com',
  'team:',
  'manager',
  'requester',
  'run-',
  'a@b',
  'ann@example.com',
];

/** Text up to `maxLength` characters, mostly short, built from {@link nastyChar}s or special strings. */
export function nastyString(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.array(nastyChar, { maxLength }).map((chars) => chars.join('')), weight: 6 },
    { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 2 },
    { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/), weight: 2 },
  );
}

/** A length just under, at or just over one of the API's limits (and the 256 KB body limit). */
export const limitLength = fc
  .constantFrom(64, 100, 200, 300, 320, 400, 500, 2000, 5000, 10_000, 20_000, 262_100, 262_200)
  .chain((limit) => fc.integer({ min: limit - 1, max: limit + 1 }));

/** A string of a {@link limitLength}: one repeated character, plain or multi-byte. */
export const longString = fc
  .tuple(limitLength, fc.constantFrom('a', 'é', '😀', ' ', '\u0000', '\ud800'))
  .map(([length, char]) => char.repeat(Math.ceil(length / char.length)).slice(0, length));

/** `text` percent-encoded byte by byte as UTF-8, lone surrogates as their 3-byte (WTF-8) form. */
export function percentEncodeAll(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i += 1;
    for (const byte of utf8Bytes(code))
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function utf8Bytes(code: number): number[] {
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  if (code < 0x10000) {
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  }
  return [
    0xf0 | (code >> 18),
    0x80 | ((code >> 12) & 0x3f),
    0x80 | ((code >> 6) & 0x3f),
    0x80 | (code & 0x3f),
  ];
}

/**
 * `text` as a path segment: `component` percent-encodes it properly (lone surrogates as WTF-8),
 * `raw` keeps printable ASCII as it is (so `/`, `%` and `..` reach the router unescaped) and
 * percent-encodes the rest (raw bytes over 0x7f only get Node's parser's own 400).
 */
export function pathSegment(text: string, mode: 'component' | 'raw'): string {
  if (mode === 'component') {
    try {
      return encodeURIComponent(text);
    } catch {
      return percentEncodeAll(text);
    }
  }
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const keep = code >= 0x21 && code <= 0x7e && char !== '?' && char !== '#';
    out += keep ? char : percentEncodeAll(char);
  }
  return out;
}
