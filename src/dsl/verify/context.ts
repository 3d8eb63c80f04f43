import type { Flow } from '../flow';
import type { IntakeField } from '../intake-field';
import { jsonPath, Severity, type Issue, type PathSegment } from '../issue';
import type { Step } from '../steps/step';
import type { FieldInfo } from '../expression/type-check';
import type { VerifyCode } from './codes';
import type { VerifyOptions } from './options';

/** A field declared by the intake form or by a task's completion form. */
export interface DeclaredField {
  readonly field: IntakeField;
  readonly info: FieldInfo;
  readonly path: readonly PathSegment[];
  /** The id of the task whose form declares it; undefined for intake fields. */
  readonly stepId?: string;
}

/** A step by id, with where it is. */
export interface DeclaredStep {
  readonly step: Step;
  readonly path: readonly PathSegment[];
}

/** What the checks share: the flow, the options, its declarations, and the issues found so far. */
export class VerifyContext {
  readonly issues: Issue[] = [];
  readonly fields = new Map<string, DeclaredField>();
  readonly steps = new Map<string, DeclaredStep>();
  readonly destinations = new Set<string>();

  constructor(
    readonly flow: Flow,
    readonly options: VerifyOptions,
  ) {}

  /** Records an error. */
  error(code: VerifyCode, message: string, path: readonly PathSegment[], position?: number): void {
    this.add(code, message, path, Severity.error, position);
  }

  /** Records a warning. */
  warning(
    code: VerifyCode,
    message: string,
    path: readonly PathSegment[],
    position?: number,
  ): void {
    this.add(code, message, path, Severity.warning, position);
  }

  private add(
    code: VerifyCode,
    message: string,
    path: readonly PathSegment[],
    severity: Severity,
    position: number | undefined,
  ): void {
    this.issues.push({
      code,
      message,
      path: jsonPath(path),
      severity,
      ...(position === undefined ? {} : { position }),
    });
  }
}
