import fc from 'fast-check';
import {
  evaluateCondition,
  formatExpression,
  outline,
  parseExpression,
  parseFlow,
  verify,
  type Issue,
} from '../../src/dsl';
import { validFlowArb } from './arbitraries';
import { exampleFlows } from './fixtures';

const RUNS = { numRuns: 300 };

/** Replaces the value at one path of a JSON document, for mutation testing. */
function replaceAt(document: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(document) && typeof head === 'number') {
    const items: unknown[] = document;
    return items.map((item, index) => (index === head ? replaceAt(item, rest, value) : item));
  }
  if (typeof document === 'object' && document !== null && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(document as Record<string, unknown>) };
    copy[head] = replaceAt(copy[head], rest, value);
    return copy;
  }
  return document;
}

/** Every path into a JSON document, the root included. */
function pathsOf(document: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(document)) {
    return here.concat(...document.map((item, index) => pathsOf(item, [...prefix, index])));
  }
  if (typeof document === 'object' && document !== null) {
    return here.concat(
      ...Object.entries(document).map(([key, item]) => pathsOf(item, [...prefix, key])),
    );
  }
  return here;
}

function isIssue(issue: Issue): boolean {
  return (
    typeof issue.code === 'string' &&
    typeof issue.message === 'string' &&
    issue.path.startsWith('$') &&
    (issue.severity === 'error' || issue.severity === 'warning')
  );
}

describe('generated valid flows', () => {
  it('survive a JSON round trip through parseFlow unchanged', () => {
    fc.assert(
      fc.property(validFlowArb, (flow) => {
        const result = parseFlow(JSON.parse(JSON.stringify(flow)));
        expect(result).toEqual({ ok: true, flow });
      }),
      RUNS,
    );
  });

  it('verify clean', () => {
    fc.assert(
      fc.property(validFlowArb, (flow) => {
        expect(verify(flow)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('have an outline with one indented line per node', () => {
    fc.assert(
      fc.property(validFlowArb, (flow) => {
        for (const line of outline(flow)) expect(line).toMatch(/^( {2})*[a-z]+( \S.*)?$/);
      }),
      RUNS,
    );
  });
});

describe('bad input', () => {
  it('never makes parseFlow or verify throw, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const parsed = parseFlow(json);
        expect(parsed.ok).toBe(false);
        const issues = verify(json);
        expect(issues.length).toBeGreaterThan(0);
        expect(issues.every(isIssue)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never makes parseFlow or verify throw, for any JavaScript value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }),
        (value) => {
          expect(() => parseFlow(value)).not.toThrow();
          expect(Array.isArray(verify(value))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('yields issues, not exceptions, when any part of a valid flow is replaced by random JSON', () => {
    const documents = [...Object.values(exampleFlows)].map(
      (flow) => JSON.parse(JSON.stringify(flow)) as unknown,
    );
    const mutation = fc
      .constantFrom(...documents)
      .chain((document) =>
        fc.tuple(fc.constant(document), fc.constantFrom(...pathsOf(document)), fc.jsonValue()),
      );
    fc.assert(
      fc.property(mutation, ([document, path, value]) => {
        const mutated = replaceAt(document, path, value);
        const issues = verify(mutated);
        expect(issues.every(isIssue)).toBe(true);
        const parsed = parseFlow(mutated);
        if (parsed.ok) expect(() => outline(parsed.flow)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('expressions', () => {
  it('parse any text into an AST or an error located inside it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (source) => {
        const result = parseExpression(source);
        if (!result.ok) {
          expect(result.error.start).toBeGreaterThanOrEqual(0);
          expect(result.error.start).toBeLessThanOrEqual(source.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('parse text built from the language’s own tokens without throwing, and print back stably', () => {
    const token = fc.constantFrom(
      'amount',
      'urgent',
      'approved',
      'step.rejected',
      'and',
      'or',
      'not',
      'in',
      '(',
      ')',
      '[',
      ']',
      ',',
      '>',
      '>=',
      '==',
      '!=',
      '<',
      '10',
      '-3',
      '"x"',
      'true',
      'false',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const result = parseExpression(tokens.join(' '));
        if (result.ok) {
          const printed = formatExpression(result.expression);
          const again = parseExpression(printed);
          expect(again.ok && formatExpression(again.expression)).toBe(printed);
          const context = {
            fields: { amount: 5, urgent: true },
            lastDecision: 'approved' as const,
          };
          expect(typeof evaluateCondition(result.expression, context)).toBe('boolean');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
