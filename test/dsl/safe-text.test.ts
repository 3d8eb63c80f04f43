import { z } from 'zod';
import { Fields, manyLines, oneLine } from '../../src/api/safe-text';
import { parseFlow, textProblem } from '../../src/dsl';
import { requestTextProblem } from '../../src/workflows/interpreter/request-text';
import { purchaseFlow } from './fixtures';

describe('textProblem', () => {
  it('accepts ordinary text, emoji (surrogate pairs) and, in several lines, tab, LF and CR', () => {
    expect(textProblem('Laptop for Ann — 2 × €1 200 😀', 'line')).toBeUndefined();
    expect(textProblem('first line\r\n\tsecond line', 'lines')).toBeUndefined();
    expect(textProblem('', 'line')).toBeUndefined();
  });

  it('refuses a NUL in every kind of text, saying where it is', () => {
    for (const kind of ['line', 'lines', 'stored'] as const) {
      expect(textProblem('ab\u0000c', kind)).toBe(
        'contains a NUL character (U+0000) at position 2',
      );
    }
  });

  it('refuses a lone high or low surrogate in every kind of text', () => {
    expect(textProblem('a\ud800', 'stored')).toBe(
      'contains a lone surrogate (U+D800) at position 1, which is not valid Unicode',
    );
    expect(textProblem('\udc00b', 'line')).toMatch(/lone surrogate \(U\+DC00\) at position 0/);
    expect(textProblem('\ud83d\ud83d\ude00', 'lines')).toMatch(/U\+D83D\) at position 0/);
    expect(textProblem('\ude00\ud83d', 'lines')).toMatch(/U\+DE00\) at position 0/);
  });

  it('refuses line breaks in one line, other control characters where people read the text', () => {
    expect(textProblem('a\nb', 'line')).toBe(
      'contains a line break at position 1; it must be one line',
    );
    expect(textProblem('a\tb', 'line')).toBe('contains the control character U+0009 at position 1');
    expect(textProblem('bell\u0007', 'lines')).toBe(
      'contains the control character U+0007 at position 4',
    );
    expect(textProblem('escape\u001b[31m', 'stored')).toBeUndefined();
  });
});

describe('the API text checks', () => {
  const Body = z.object({
    title: z.string().trim().min(1).max(50).check(oneLine),
    comment: z.string().max(50).check(manyLines).optional(),
    fields: Fields.default({}),
  });
  const issues = (body: unknown) => {
    const result = Body.safeParse(body);
    return result.success
      ? []
      : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
  };

  it('accepts valid text and fields', () => {
    expect(issues({ title: 'Laptop', comment: 'ok\nthanks', fields: { a: 'x\ny', b: 1 } })).toEqual(
      [],
    );
  });

  it('names the field whose text is refused', () => {
    const [title, comment] = issues({ title: 'a\u0000', comment: 'b\ud800' });
    expect(title).toEqual({
      path: ['title'],
      message: 'contains a NUL character (U+0000) at position 1',
    });
    expect(comment).toEqual({
      path: ['comment'],
      message: 'contains a lone surrogate (U+D800) at position 1, which is not valid Unicode',
    });
  });

  it('names the field whose value or name is refused, with the value limit', () => {
    const long = 'x'.repeat(10_001);
    expect(issues({ title: 'T', fields: { note: 'a\u0000', 'bad\u0000': 1, long } })).toEqual([
      {
        path: ['fields', 'note'],
        message: 'the value contains a NUL character (U+0000) at position 1',
      },
      { path: ['fields', 'long'], message: 'the value is longer than 10000 characters' },
      {
        path: ['fields', 'bad\u0000'],
        message: 'the field name contains a NUL character (U+0000) at position 3',
      },
    ]);
    expect(issues({ title: 'T', fields: { '': 1 } })).toEqual([
      { path: ['fields', ''], message: 'the field name must have 1 to 100 characters' },
    ]);
  });
});

describe('parseFlow and text PostgreSQL cannot store', () => {
  it('refuses a NUL or a lone surrogate in any string or key, at its path', () => {
    const flow = structuredClone(purchaseFlow) as unknown as Record<string, unknown>;
    flow.description = 'Purchases\u0000';
    flow['odd\ud800'] = true;
    const result = parseFlow(flow);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const textErrors = errors.filter((e) => e.code === 'schema-invalid-text');
    expect(textErrors.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: '$',
        message:
          'the key "odd\\ud800" contains a lone surrogate (U+D800) at position 3, which is not valid Unicode',
      },
      {
        path: '$.description',
        message: 'the text contains a NUL character (U+0000) at position 9',
      },
    ]);
  });

  it('finds the text deep in steps, even when the flow is otherwise valid', () => {
    const flow = structuredClone(purchaseFlow);
    const notify = { type: 'notify', id: 'tell', to: [{ type: 'requester' }], message: 'Hi\u0000' };
    const result = parseFlow({ ...flow, steps: [...flow.steps, notify] });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ code: 'schema-invalid-text', path: '$.steps[4].message' }),
      ],
    });
  });
});

describe('the text of an update request from any Temporal client', () => {
  it('accepts a request whose text can be stored', () => {
    const request = { actor: 'ann@example.com', comment: 'ok\n', fields: { note: 'a\tb', n: 1 } };
    expect(requestTextProblem(request)).toBeUndefined();
  });

  it('names the comment, the target or the field whose text is refused', () => {
    expect(requestTextProblem({ comment: 'x\u0000' })).toBe(
      'comment contains a NUL character (U+0000) at position 1',
    );
    expect(requestTextProblem({ to: 'role:cfo\n' })).toMatch(/^to contains a line break/);
    expect(requestTextProblem({ fields: { note: '\ud800' } })).toMatch(
      /^field "note" contains a lone surrogate/,
    );
    expect(requestTextProblem({ fields: { 'a\u0000': 1 } })).toBe(
      'the field name "a\\u0000" contains a NUL character (U+0000) at position 1',
    );
  });
});
