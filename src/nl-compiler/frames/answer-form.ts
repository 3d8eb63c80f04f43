import type { AnswerForm, SourceSpan } from '../diagnostic';
import type { Token } from '../text/tokens';
import type { Predicate } from './predicate';

/** The acts whose "who" the compiler asks for. */
export type AskedAct = 'approve' | 'work' | 'notify' | 'handoff';

/** Whether the text before `at` ends a sentence (or there is none). */
function opensSentence(source: string, at: number): boolean {
  return /(?:^|[.!?:;]\s*|\n\s*)$/.test(source.slice(0, at));
}

/**
 * Where and how the answer to "who approves / does / is told / is handed it?" goes into the
 * clause, so that the text says it the way the compiler reads it: after a passive verb ("is
 * reviewed" → "is reviewed by legal"), after the noun ("needs approval" → "needs approval from
 * the CFO"), as the subject of a command ("review the contract" → "legal must review the
 * contract", whatever the verb and however many the answer names), or as whom a message or a
 * hand-off goes to ("notify" → "notify the team", "hand it over" → "hand it over to IT").
 * Undefined where the clause has no such place (a subject that names no one: the author
 * rewrites that clause).
 */
export function answerForm(
  source: string,
  tokens: readonly Token[],
  predicate: Predicate,
  act: AskedAct,
  clause: SourceSpan,
): AnswerForm | undefined {
  const first = tokens[predicate.from];
  // "it gets sorted out": the answer goes after the verb's particle ("sorted out by facilities").
  let to = predicate.to;
  while (tokens[to]?.pos === 'PART' && tokens[to]?.lower !== 'to') to += 1;
  const last = tokens[to - 1];
  if (!first || !last) return undefined;
  const after = (at: number, before: string): AnswerForm => ({
    span: { start: at, end: at },
    before,
    after: '',
    capitalize: false,
  });
  const end =
    clause.start + source.slice(clause.start, clause.end).replace(/[\s,.;:!?]+$/, '').length;
  const towards = act === 'notify' || act === 'handoff';
  switch (predicate.voice) {
    case 'passive':
      return towards ? after(end, ' to ') : after(last.end, ' by ');
    case 'noun':
      if (act === 'approve') return after(last.end, ' from ');
      return act === 'handoff' ? after(last.end, ' to ') : undefined;
    case 'imperative': {
      if (act === 'handoff') return after(end, ' to ');
      if (act === 'notify') return last.end === end ? after(last.end, ' ') : after(end, ' to ');
      return {
        span: { start: first.start, end: first.end },
        before: '',
        after: ` must ${first.lower}`,
        capitalize: opensSentence(source, first.start),
      };
    }
    case 'active':
      return undefined;
  }
}
