import {
  checkExpression,
  evaluateCondition,
  fieldInfo,
  formatExpression,
  parseExpression,
  tokenize,
  type EvaluationContext,
  type Expression,
  type FieldInfo,
  type IntakeField,
} from '../../src/dsl';

function parse(source: string): Expression {
  const result = parseExpression(source);
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.start}`);
  return result.expression;
}

function parseError(source: string): { message: string; start: number } {
  const result = parseExpression(source);
  if (result.ok) throw new Error(`expected ${source} not to parse`);
  return result.error;
}

const intake: IntakeField[] = [
  { name: 'amount', type: 'money' },
  { name: 'count', type: 'number' },
  { name: 'vendor', type: 'text' },
  { name: 'severity', type: 'choice', options: ['low', 'medium', 'high'] },
  { name: 'urgent', type: 'boolean' },
  { name: 'start_date', type: 'date' },
];
const fields = new Map<string, FieldInfo>(intake.map((field) => [field.name, fieldInfo(field)]));

function typeErrors(source: string): { code: string; message: string; start: number }[] {
  return checkExpression(parse(source), fields).map(({ code, message, start }) => ({
    code,
    message,
    start,
  }));
}

describe('tokenize', () => {
  it('splits numbers, strings, names, operators and punctuation with their offsets', () => {
    const result = tokenize('amount >= 10.5 and step_1.approved in ["a", \'b\']');
    expect(
      result.ok && result.tokens.map((token) => [token.kind, token.text, token.start]),
    ).toEqual([
      ['identifier', 'amount', 0],
      ['operator', '>=', 7],
      ['number', '10.5', 10],
      ['identifier', 'and', 15],
      ['identifier', 'step_1', 19],
      ['dot', '.', 25],
      ['identifier', 'approved', 26],
      ['identifier', 'in', 35],
      ['lbracket', '[', 38],
      ['string', '"a"', 39],
      ['comma', ',', 42],
      ['string', "'b'", 44],
      ['rbracket', ']', 47],
      ['end', '', 48],
    ]);
  });

  it('reads escaped quotes inside strings', () => {
    const result = tokenize('"say \\"hi\\""');
    expect(result.ok && result.tokens[0]?.value).toBe('say "hi"');
  });

  it.each([
    ['amount = 5', 7, /write ==/],
    ['amount > $10,000', 9, /plain number/],
    ['a && b', 2, /write and/],
    ['vendor == "open', 10, /not closed/],
    ['10k > amount', 0, /not a number or a name/],
    ['amount # 5', 7, /unexpected "#"/],
  ])('reports %j at offset %i', (source, start, message) => {
    const result = tokenize(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.start).toBe(start);
      expect(result.error.message).toMatch(message);
    }
  });
});

describe('parseExpression', () => {
  it('parses a comparison into an AST with positions', () => {
    expect(parse('amount > 10000')).toEqual({
      kind: 'compare',
      operator: '>',
      left: { kind: 'field', name: 'amount', start: 0, end: 6 },
      right: { kind: 'literal', value: 10000, start: 9, end: 14 },
      start: 0,
      end: 14,
    });
  });

  it('binds and tighter than or, and not looser than a comparison', () => {
    expect(formatExpression(parse('a > 1 or b > 2 and not c == 3'))).toBe(
      'a > 1 or b > 2 and not c == 3',
    );
    const tree = parse('a > 1 or b > 2 and not c == 3');
    expect(tree.kind === 'logical' && tree.operator).toBe('or');
    expect(tree.kind === 'logical' && tree.right.kind === 'logical' && tree.right.operator).toBe(
      'and',
    );
    const negation = parse('not amount > 5');
    expect(negation.kind === 'not' && negation.operand.kind).toBe('compare');
  });

  it('honours parentheses', () => {
    const tree = parse('(a or b) and c');
    expect(tree.kind === 'logical' && tree.operator).toBe('and');
    expect(formatExpression(tree)).toBe('(a or b) and c');
  });

  it('parses outcomes, bare and of a named step', () => {
    expect(parse('rejected')).toMatchObject({ kind: 'outcome', outcome: 'rejected' });
    expect(parse('manager_approval.timed_out')).toMatchObject({
      kind: 'outcome',
      outcome: 'timed_out',
      step: 'manager_approval',
    });
  });

  it('parses in and not in lists, negative numbers and booleans', () => {
    expect(parse('severity in ["high", "medium"]')).toMatchObject({ kind: 'in', negated: false });
    expect(parse('count not in [-1, 0]')).toMatchObject({
      kind: 'in',
      negated: true,
      list: [{ value: -1 }, { value: 0 }],
    });
    expect(parse('urgent == true')).toMatchObject({ right: { value: true } });
  });

  it.each([
    ['', 0, /expected a value/],
    ['amount >', 8, /expected a value, found end/],
    ['amount > 5 > 3', 11, /do not chain/],
    ['(amount > 5', 11, /expected "\)"/],
    ['amount > 5 urgent', 11, /unexpected "urgent"/],
    ['severity in "high"', 12, /expected "\["/],
    ['severity in [high]', 13, /only numbers, strings/],
    ['severity in ["a" "b"]', 17, /expected "," or "\]"/],
    ['and urgent', 0, /found "and"/],
    ['step.finished', 5, /approved, rejected or timed_out/],
    ['- amount', 2, /number after "-"/],
  ])('reports a syntax error in %j at offset %i', (source, start, message) => {
    const error = parseError(source);
    expect(error.start).toBe(start);
    expect(error.message).toMatch(message);
  });

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    expect(parseError(`${'not '.repeat(200)}urgent`).message).toMatch(/nested too deeply/);
    expect(parseError(`${'('.repeat(200)}urgent${')'.repeat(200)}`).message).toMatch(
      /nested too deeply/,
    );
  });
});

describe('formatExpression', () => {
  it('prints canonical spacing and can leave plain-word strings bare, as the outline does', () => {
    const tree = parse('status=="resolved"   and(amount>=200)');
    expect(formatExpression(tree)).toBe('status == "resolved" and amount >= 200');
    expect(formatExpression(tree, { bareStrings: true })).toBe(
      'status == resolved and amount >= 200',
    );
  });

  it('keeps quotes on strings that would read as something else', () => {
    const tree = parse('vendor in ["two words", "and", "42", "x\\"y"]');
    expect(formatExpression(tree, { bareStrings: true })).toBe(
      'vendor in ["two words", "and", "42", "x\\"y"]',
    );
  });

  it('prints what parses back to the same tree', () => {
    for (const source of [
      'not (a or b)',
      'a and (b and c)',
      '(not a) == true',
      'x.approved or not y.rejected',
    ]) {
      const tree = parse(source);
      expect(formatExpression(parse(formatExpression(tree)))).toBe(formatExpression(tree));
    }
  });
});

describe('checkExpression', () => {
  it('accepts well-typed conditions', () => {
    for (const source of [
      'amount > 10000',
      'amount >= count and not urgent',
      'severity == "high" or severity in ["medium"]',
      'start_date < "2025-06-01"',
      'status == "resolved" and priority != "low"',
      'approved and step_x.timed_out',
      'urgent',
    ]) {
      expect(typeErrors(source)).toEqual([]);
    }
  });

  it('refuses comparing a money field with a string', () => {
    expect(typeErrors('amount > "10000"')).toEqual([
      { code: 'type-mismatch', message: 'cannot compare amount (money) with "10000"', start: 0 },
    ]);
  });

  it('refuses ordering text', () => {
    const errors = typeErrors('vendor > "m"');
    expect(errors.map((error) => error.code)).toEqual(['type-mismatch']);
    expect(errors[0]?.message).toMatch(/numbers or dates/);
  });

  it('names an unknown field at its position', () => {
    expect(typeErrors('urgent and not budget')).toEqual([
      { code: 'unknown-field', message: 'unknown field "budget"', start: 15 },
    ]);
  });

  it('suggests quotes when an unknown name is compared, as in status == resolved', () => {
    expect(typeErrors('status == resolved')).toEqual([
      {
        code: 'unknown-field',
        message: 'unknown field "resolved" (if you meant the text, quote it: "resolved")',
        start: 10,
      },
    ]);
  });

  it('refuses a choice value that is not an option', () => {
    expect(typeErrors('severity == "critical"')).toEqual([
      expect.objectContaining({ code: 'not-an-option', start: 12 }),
    ]);
    expect(typeErrors('priority in ["urgent", "asap"]')).toEqual([
      expect.objectContaining({ code: 'not-an-option', start: 23 }),
    ]);
  });

  it('refuses a string that is not a date next to a date field', () => {
    const errors = typeErrors('start_date > "tomorrow"');
    expect(errors.map((error) => [error.code, error.start])).toEqual([['type-mismatch', 13]]);
    expect(errors[0]?.message).toMatch(/not a date/);
  });

  it('refuses non-boolean conditions and operands of and/or/not', () => {
    expect(typeErrors('amount')).toEqual([
      expect.objectContaining({ code: 'type-mismatch', start: 0 }),
    ]);
    expect(typeErrors('urgent and vendor')).toEqual([expect.objectContaining({ start: 11 })]);
    expect(typeErrors('not count')).toEqual([expect.objectContaining({ start: 4 })]);
  });

  it('refuses mixed-type lists and empty lists', () => {
    expect(typeErrors('count in [1, "two"]')).toEqual([expect.objectContaining({ start: 13 })]);
    expect(typeErrors('count in []')).toEqual([
      expect.objectContaining({ message: 'the list is empty' }),
    ]);
  });
});

describe('evaluateCondition', () => {
  const context: EvaluationContext = {
    fields: {
      amount: 12000,
      vendor: 'Acme',
      severity: 'high',
      urgent: false,
      start_date: '2025-03-01',
      status: 'open',
    },
    lastDecision: 'approved',
    lastTimedOut: false,
    outcomes: { manager_approval: { decision: 'rejected', timedOut: true } },
  };
  const holds = (source: string, ctx: EvaluationContext = context): boolean =>
    evaluateCondition(parse(source), ctx);

  it('compares numbers, strings, booleans and dates', () => {
    expect(holds('amount > 10000')).toBe(true);
    expect(holds('amount <= 10000')).toBe(false);
    expect(holds('vendor == "Acme" and severity != "low"')).toBe(true);
    expect(holds('urgent == false')).toBe(true);
    expect(holds('start_date < "2025-03-02"')).toBe(true);
    expect(holds('start_date >= "2025-03-01T00:00:00Z"')).toBe(true);
  });

  it('applies and, or, not and in', () => {
    expect(holds('urgent or amount > 100')).toBe(true);
    expect(holds('not urgent and severity in ["high", "medium"]')).toBe(true);
    expect(holds('severity not in ["high"]')).toBe(false);
  });

  it('reads outcomes of the most recent step and of named steps', () => {
    expect(holds('approved')).toBe(true);
    expect(holds('rejected')).toBe(false);
    expect(holds('timed_out')).toBe(false);
    expect(holds('manager_approval.rejected and manager_approval.timed_out')).toBe(true);
    expect(holds('other_step.approved')).toBe(false);
    expect(holds('approved', { fields: {} })).toBe(false);
  });

  it('treats a missing field as matching only != and not in', () => {
    expect(holds('count > 0')).toBe(false);
    expect(holds('count == 0')).toBe(false);
    expect(holds('count != 0')).toBe(true);
    expect(holds('count in [1]')).toBe(false);
    expect(holds('count not in [1]')).toBe(true);
  });

  it('does not reach the prototype through field names', () => {
    expect(holds('constructor == "x"', { fields: {} })).toBe(false);
    expect(holds('to_string != "x"', { fields: {} })).toBe(true);
  });

  it('never coerces: a number held as text does not equal the number', () => {
    expect(holds('amount == 12000', { fields: { amount: '12000' } })).toBe(false);
  });

  it('gives the same answer every time for the same input', () => {
    const tree = parse('amount > 100 and (severity == "high" or approved)');
    const answers = Array.from({ length: 5 }, () => evaluateCondition(tree, context));
    expect(new Set(answers).size).toBe(1);
  });
});
