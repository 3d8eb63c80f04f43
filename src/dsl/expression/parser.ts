import {
  Outcome,
  type CompareOperator,
  type Expression,
  type ExpressionError,
  type LiteralNode,
} from './ast';
import { tokenize, type Token } from './tokenizer';

/** The result of {@link parseExpression}. */
export type ParseExpressionResult =
  { ok: true; expression: Expression } | { ok: false; error: ExpressionError };

/** Words with a meaning of their own; they cannot name fields. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'true',
  'false',
  ...Object.values(Outcome),
]);

const COMPARE_OPERATORS: readonly string[] = ['>', '>=', '<', '<=', '==', '!='];
const MAX_DEPTH = 64;

// Thrown inside the parser only, to unwind the recursion; parseExpression turns it into a result.
class ParseFailure extends Error {
  constructor(readonly error: ExpressionError) {
    super(error.message);
  }
}

/**
 * Parses a condition by recursive descent. Precedence, loosest first: `or`, `and`, `not`,
 * then one comparison or `in` (comparisons do not chain).
 */
export function parseExpression(source: string): ParseExpressionResult {
  const tokenized = tokenize(source);
  if (!tokenized.ok) return tokenized;
  const parser = new Parser(tokenized.tokens);
  try {
    const expression = parser.parseOr(0);
    const next = parser.peek();
    if (next.kind !== 'end') parser.fail(`unexpected ${describeToken(next)}`, next);
    return { ok: true, expression };
  } catch (failure) {
    if (failure instanceof ParseFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of the condition' : `"${token.text}"`;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1] ?? endToken;
  }

  fail(message: string, token: Token): never {
    throw new ParseFailure({
      message,
      start: token.start,
      end: Math.max(token.end, token.start + 1),
    });
  }

  parseOr(depth: number): Expression {
    let left = this.parseAnd(depth);
    while (this.isWord('or')) {
      this.index += 1;
      const right = this.parseAnd(depth);
      left = { kind: 'logical', operator: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(depth: number): Expression {
    let left = this.parseNot(depth);
    while (this.isWord('and')) {
      this.index += 1;
      const right = this.parseNot(depth);
      left = { kind: 'logical', operator: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(depth: number): Expression {
    const token = this.peek();
    if (depth > MAX_DEPTH) this.fail('the condition is nested too deeply', token);
    if (token.kind === 'identifier' && token.text === 'not') {
      this.index += 1;
      const operand = this.parseNot(depth + 1);
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    return this.parseComparison(depth);
  }

  private parseComparison(depth: number): Expression {
    const left = this.parseOperand(depth);
    const token = this.peek();
    let result: Expression = left;
    if (token.kind === 'operator' && isCompareOperator(token.text)) {
      this.index += 1;
      const right = this.parseOperand(depth);
      const operator = token.text;
      result = { kind: 'compare', operator, left, right, start: left.start, end: right.end };
    } else if (this.isWord('in') || (this.isWord('not') && this.isWord('in', 1))) {
      const negated = this.isWord('not');
      this.index += negated ? 2 : 1;
      const { list, end } = this.parseList();
      result = { kind: 'in', negated, value: left, list, start: left.start, end };
    }
    const after = this.peek();
    if (result !== left && after.kind === 'operator') {
      this.fail('comparisons do not chain: join them with and', after);
    }
    return result;
  }

  private parseList(): { list: LiteralNode[]; end: number } {
    const open = this.peek();
    if (open.kind !== 'lbracket') {
      this.fail(`expected "[" to start a list, found ${describeToken(open)}`, open);
    }
    this.index += 1;
    const list: LiteralNode[] = [];
    while (this.peek().kind !== 'rbracket') {
      if (list.length > 0) {
        const comma = this.peek();
        if (comma.kind !== 'comma') {
          this.fail(`expected "," or "]", found ${describeToken(comma)}`, comma);
        }
        this.index += 1;
      }
      const item = this.parseOperand(0);
      if (item.kind !== 'literal') {
        this.fail(
          'a list holds only numbers, strings, true or false',
          this.tokens[this.index - 1] ?? open,
        );
      }
      list.push(item);
    }
    const close = this.peek();
    this.index += 1;
    return { list, end: close.end };
  }

  private parseOperand(depth: number): Expression {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: Number(token.value), start: token.start, end: token.end };
      case 'string':
        return { kind: 'literal', value: String(token.value), start: token.start, end: token.end };
      case 'minus': {
        const number = this.peek();
        if (number.kind !== 'number') this.fail('expected a number after "-"', number);
        this.index += 1;
        return {
          kind: 'literal',
          value: -Number(number.value),
          start: token.start,
          end: number.end,
        };
      }
      case 'lparen': {
        const inner = this.parseOr(depth + 1);
        const close = this.peek();
        if (close.kind !== 'rparen') {
          this.fail(`expected ")", found ${describeToken(close)}`, close);
        }
        this.index += 1;
        return { ...inner, start: token.start, end: close.end };
      }
      case 'identifier':
        return this.parseName(token);
      case 'operator':
      case 'rparen':
      case 'lbracket':
      case 'rbracket':
      case 'comma':
      case 'dot':
      case 'end':
        return this.fail(`expected a value, found ${describeToken(token)}`, token);
    }
  }

  private parseName(token: Token): Expression {
    const word = token.text;
    if (word === 'true' || word === 'false') {
      return { kind: 'literal', value: word === 'true', start: token.start, end: token.end };
    }
    if (isOutcome(word)) {
      return { kind: 'outcome', outcome: word, start: token.start, end: token.end };
    }
    if (RESERVED_WORDS.has(word)) this.fail(`expected a value, found "${word}"`, token);
    if (this.peek().kind !== 'dot') {
      return { kind: 'field', name: word, start: token.start, end: token.end };
    }
    this.index += 1;
    const outcome = this.peek();
    this.index += 1;
    if (outcome.kind !== 'identifier' || !isOutcome(outcome.text)) {
      this.fail(`after "${word}." write approved, rejected or timed_out`, outcome);
    }
    return {
      kind: 'outcome',
      outcome: outcome.text,
      step: word,
      start: token.start,
      end: outcome.end,
    };
  }

  private isWord(word: string, ahead = 0): boolean {
    const token = this.tokens[this.index + ahead];
    return token?.kind === 'identifier' && token.text === word;
  }
}

const endToken: Token = { kind: 'end', text: '', start: 0, end: 0 };

function isOutcome(word: string): word is Outcome {
  return Object.hasOwn(Outcome, word);
}

function isCompareOperator(text: string): text is CompareOperator {
  return COMPARE_OPERATORS.includes(text);
}
