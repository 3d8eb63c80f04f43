import type { ExpressionError } from './ast';

/** The kinds of token an expression is made of. */
export type TokenKind =
  | 'number'
  | 'string'
  | 'identifier'
  | 'operator'
  | 'minus'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'comma'
  | 'dot'
  | 'end';

/** A token with its source text and offsets; `value` holds a number's or string's value. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value?: string | number;
  readonly start: number;
  readonly end: number;
}

/** The result of {@link tokenize}. */
export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: ExpressionError };

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
  '.': 'dot',
  '-': 'minus',
};

// Common slips, with the spelling the language wants instead.
const HINTS: Readonly<Record<string, string>> = {
  '=': 'write == to compare',
  '&': 'write and',
  '|': 'write or',
  '!': 'write not (or != to compare)',
  $: 'write money as a plain number (10000, not $10,000)',
};

function fail(message: string, start: number, end = start + 1): TokenizeResult {
  return { ok: false, error: { message, start, end } };
}

/** Splits an expression into tokens; the last token is always `end`. */
export function tokenize(source: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    const two = source.slice(i, i + 2);
    if (two === '>=' || two === '<=' || two === '==' || two === '!=') {
      tokens.push({ kind: 'operator', text: two, start, end: i + 2 });
      i += 2;
    } else if (char === '>' || char === '<') {
      tokens.push({ kind: 'operator', text: char, start, end: i + 1 });
      i += 1;
    } else if (/[0-9]/.test(char)) {
      const match = /^\d+(?:\.\d+)?/.exec(source.slice(i)) ?? ['0'];
      const text = match[0];
      i += text.length;
      if (/[A-Za-z_]/.test(source[i] ?? '')) {
        return fail(`"${text}${source[i] ?? ''}…" is not a number or a name`, start, i + 1);
      }
      tokens.push({ kind: 'number', text, value: Number(text), start, end: i });
    } else if (char === '"' || char === "'") {
      const read = readString(source, i);
      if (typeof read === 'string') return fail(read, start, source.length);
      tokens.push({
        kind: 'string',
        text: source.slice(start, read.end),
        value: read.value,
        start,
        end: read.end,
      });
      i = read.end;
    } else if (/[A-Za-z_]/.test(char)) {
      const text = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) ?? [char])[0];
      i += text.length;
      tokens.push({ kind: 'identifier', text, start, end: i });
    } else if (PUNCTUATION[char] !== undefined) {
      tokens.push({ kind: PUNCTUATION[char], text: char, start, end: i + 1 });
      i += 1;
    } else {
      const hint = HINTS[char];
      return fail(`unexpected "${char}"${hint ? `: ${hint}` : ''}`, start);
    }
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return { ok: true, tokens };
}

function readString(source: string, open: number): { value: string; end: number } | string {
  const quote = source[open];
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    const char = source[i];
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) break;
      // Only quotes and backslashes are escaped; the language has no other escapes.
      if (next !== '"' && next !== "'" && next !== '\\') {
        return `unknown escape "\\${next}" in a string`;
      }
      value += next;
      i += 2;
      continue;
    }
    value += char;
    i += 1;
  }
  return 'the string is not closed';
}
