/**
 * Which control characters a text may hold: `line` none (titles, names); `lines` tab, newline
 * and carriage return (comments, descriptions, field values); `stored` all but NUL (flow
 * documents, whose older versions may hold others). No kind may hold a lone surrogate.
 */
export type TextKind = 'line' | 'lines' | 'stored';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function refusedControl(code: number, kind: TextKind): boolean {
  if (code >= 0x20) return false;
  if (code === 0 || kind === 'line') return true;
  return kind === 'lines' && code !== TAB && code !== LF && code !== CR;
}

/**
 * Why `text` is refused as a `kind` of text, or undefined when it is fine: PostgreSQL stores
 * no NUL and no lone surrogate (half of a UTF-16 pair), and control characters garble what
 * people read.
 */
export function textProblem(text: string, kind: TextKind): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const at = `at position ${i}`;
    if (refusedControl(code, kind)) {
      if (code === 0) return `contains a NUL character (U+0000) ${at}`;
      if (code === LF || code === CR) return `contains a line break ${at}; it must be one line`;
      return `contains the control character ${codePoint(code)} ${at}`;
    }
    if (isHigh(code) && isLow(text.charCodeAt(i + 1))) {
      i += 1;
    } else if (isHigh(code) || isLow(code)) {
      return `contains a lone surrogate (${codePoint(code)}) ${at}, which is not valid Unicode`;
    }
  }
  return undefined;
}
