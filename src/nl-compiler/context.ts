import type { IntakeField, Step } from '../dsl';
import type { AnswerForm, CompileDiagnostic, CompileQuestion, SourceSpan } from './diagnostic';

/** Just the offsets of a span (a segment also carries its text). */
function spanOf({ start, end }: SourceSpan): SourceSpan {
  return { start, end };
}

/** What the compiler knows while it reads one description. */
export class CompileContext {
  readonly fields: IntakeField[] = [];
  readonly diagnostics: CompileDiagnostic[] = [];
  readonly questions: CompileQuestion[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly source: string) {}

  /** A fresh step id: `approval_1`, `task_2`, … */
  nextId(type: Step['type']): string {
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    return `${type}_${n}`;
  }

  error(code: string, message: string, at: SourceSpan): void {
    this.diagnostics.push({ code, message, span: spanOf(at), severity: 'error' });
  }

  warn(code: string, message: string, at: SourceSpan): void {
    this.diagnostics.push({ code, message, span: spanOf(at), severity: 'warning' });
  }

  ask(code: string, question: string, at: SourceSpan, answer?: AnswerForm): void {
    this.questions.push({ code, question, span: spanOf(at), ...(answer ? { answer } : {}) });
  }

  addFields(fields: readonly IntakeField[]): void {
    for (const field of fields) {
      if (!this.fields.some((known) => known.name === field.name)) this.fields.push(field);
    }
  }
}
