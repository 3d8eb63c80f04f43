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

/** A missing essential the author can answer ("Who approves it?"). */
export interface CompileQuestion {
  readonly code: string;
  readonly question: string;
  readonly span: SourceSpan;
}
