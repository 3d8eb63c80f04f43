import type { SourceSpan } from './diagnostic';
import { findTimeZone } from './phrases/time-zones';

/** A piece of the source text and where it stands. */
export interface Segment extends SourceSpan {
  readonly text: string;
}

// A period ends a sentence unless it sits inside a number, an email or a known abbreviation.
const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|inc|no)\.$/i;

/** The segment of `source` between `start` and `end`, with surrounding spaces trimmed. */
export function segment(source: string, start: number, end: number): Segment {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(source[s] ?? '')) s++;
  while (e > s && /\s/.test(source[e - 1] ?? '')) e--;
  return { text: source.slice(s, e), start: s, end: e };
}

/** Splits a description into sentences, keeping each one's offsets into the description. */
export function splitSentences(source: string): Segment[] {
  const sentences: Segment[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    const terminal = ch === '.' || ch === '!' || ch === '?' || ch === '\n';
    if (!terminal) continue;
    const next = source[i + 1];
    if (ch !== '\n' && next !== undefined && !/\s/.test(next)) continue;
    if (ch === '.' && ABBREVIATIONS.test(source.slice(Math.max(0, i - 8), i + 1))) {
      // "No. 5" is an abbreviation; "yes or no. Then …" ends a sentence.
      if (!/no\.$/i.test(source.slice(i - 2, i + 1)) || /^\s*\d/.test(source.slice(i + 1, i + 4)))
        continue;
    }
    // "at 8 a.m. London time": the time goes on with its zone, or in lowercase, not a sentence.
    if (ch === '.' && /\d\s?[ap]\.m\.$/i.test(source.slice(Math.max(0, i - 6), i + 1))) {
      const after = source.slice(i + 1, i + 40);
      if (/^\s+[a-z]/.test(after) || findTimeZone(after)?.start === /^\s*/.exec(after)?.[0].length)
        continue;
    }
    const piece = segment(source, start, ch === '\n' ? i : i + 1);
    if (piece.text.replace(/[.!?]+$/, '').trim()) sentences.push(piece);
    start = i + 1;
  }
  const rest = segment(source, start, source.length);
  if (rest.text) sentences.push(rest);
  return sentences;
}

/**
 * Lowercase with plain apostrophes, except a standalone "IT" (the department); same length,
 * so offsets still hold.
 */
export function lower(text: string): string {
  const lowered = text.toLowerCase().replace(/[’‘]/g, "'");
  if (!text.includes('IT')) return lowered;
  return lowered.replace(/\bit\b/g, (word, at: number) =>
    text.startsWith('IT', at) ? 'IT' : word,
  );
}
