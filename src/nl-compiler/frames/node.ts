import type { SourceSpan } from '../diagnostic';
import type { Act, Limits } from './frame';

/** The shape of a flow as the discourse reads it: acts, branches, parallel work and loops. */
export type FlowNode =
  | { readonly kind: 'act'; act: Act; readonly span: SourceSpan; limits: Limits }
  | {
      readonly kind: 'if';
      readonly condition: string;
      readonly span: SourceSpan;
      readonly then: FlowNode[];
      else?: FlowNode[];
    }
  | { readonly kind: 'parallel'; readonly span: SourceSpan; readonly branches: FlowNode[][] }
  | {
      readonly kind: 'repeat';
      readonly span: SourceSpan;
      readonly every: string;
      readonly until: string;
      readonly body: FlowNode[];
    };
