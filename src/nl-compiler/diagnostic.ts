/** A stretch of the source text, as character offsets [start, end). */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

/** Something the compiler could not (fully) understand, with the words it is about. */
export interface CompileDiagnostic {
  /** Stable kebab-case code, e.g. `unrecognized-clause`, `vague-party`. */
  readonly code: string;
  readonly message: string;
  readonly span: SourceSpan;
  /** Errors mean words were not compiled; warnings mean they were, with an assumption. */
  readonly severity: 'error' | 'warning';
}

/**
 * Where the answer to a question goes in the text: `span` (often empty) is replaced by `before`,
 * the answer (its first letter a capital when `capitalize`) and `after`. See {@link answered}.
 */
export interface AnswerForm {
  readonly span: SourceSpan;
  readonly before: string;
  readonly after: string;
  readonly capitalize: boolean;
}

/** A missing essential the author can answer ("Who approves it?"). */
export interface CompileQuestion {
  readonly code: string;
  readonly question: string;
  readonly span: SourceSpan;
  /** How an answer goes into the text, where the clause has a place for it. */
  readonly answer?: AnswerForm;
}

/** The text with `answer` put where `form` says. */
export function answered(source: string, form: AnswerForm, answer: string): string {
  const said = answer.trim();
  // An address is written as it is: "dana@example.com" opens a sentence unchanged.
  const party =
    form.capitalize && !said.includes('@') ? said.charAt(0).toUpperCase() + said.slice(1) : said;
  return (
    source.slice(0, form.span.start) +
    form.before +
    party +
    form.after +
    source.slice(form.span.end)
  );
}
