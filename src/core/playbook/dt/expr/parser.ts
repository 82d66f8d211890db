/**
 * Pratt parser for the expression subset. Whatever would let an expression reach outside the
 * sandbox or change state is refused here, by name, before anything runs: assignment, `new`,
 * `this`, statements and loops, and the `constructor` / `__proto__` / `prototype` keys.
 */
import { DtError, LIMITS } from '../dt-error.js';
import type { BinaryOp, FunctionDecl, Node, Program } from './ast.js';
import { Lexer, type Token, describe } from './lexer.js';
import { parseArray, parseArrowBody, parseObject, tryArrowParams } from './parse-literals.js';
import { SafeRegex } from './safe-regex.js';
import { FORBIDDEN_KEYS } from './values.js';

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '??': 1, '||': 2, '&&': 3, '|': 4, '^': 5, '&': 6, '==': 7, '!=': 7, '===': 7, '!==': 7,
  '<': 8, '>': 8, '<=': 8, '>=': 8, in: 8, instanceof: 8, '<<': 9, '>>': 9, '>>>': 9,
  '+': 10, '-': 10, '*': 11, '/': 11, '%': 11, '**': 12,
};
const UNSUPPORTED_OPERATORS = new Set(['|', '^', '&', '<<', '>>', '>>>', '~', 'instanceof']);
const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??=', '&=', '|=', '^=', '<<=', '>>=', '>>>=', '++', '--']);
/** Words that start statements, declarations or object creation: none of it exists here. */
const REFUSED_WORDS = new Set([
  'new', 'this', 'delete', 'class', 'import', 'export', 'var', 'let', 'const', 'while', 'for', 'do', 'if', 'switch', 'throw',
  'try', 'with', 'yield', 'await', 'async', 'super', 'debugger', 'return', 'function', 'arguments',
]);
const LITERAL_WORDS: ReadonlyMap<string, string | number | boolean | null | undefined> = new Map<string, string | number | boolean | null | undefined>([
  ['true', true], ['false', false], ['null', null], ['undefined', undefined], ['NaN', NaN], ['Infinity', Infinity],
]);

export class Parser {
  readonly lexer: Lexer;
  #depth = 0;

  constructor(src: string, start = 0) {
    if (src.length > LIMITS.sourceLength) throw new DtError('limit', `DT text longer than ${LIMITS.sourceLength} characters`);
    this.lexer = new Lexer(src, start);
  }

  fail(message: string, at: Token | number, kind: 'syntax' | 'forbidden' | 'limit' = 'syntax'): DtError {
    return this.lexer.fail(message, typeof at === 'number' ? at : at.pos, kind);
  }

  isPunct(value: string): boolean {
    const t = this.lexer.peek();
    return t.kind === 'punct' && t.value === value;
  }

  eat(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.lexer.next();
    return true;
  }

  expect(value: string): Token {
    const t = this.lexer.peek();
    if (t.kind !== 'punct' || t.value !== value) throw this.fail(`expected "${value}" but found ${describe(t)}`, t);
    return this.lexer.next();
  }

  isBindable(t: Token): boolean {
    return t.kind === 'ident' && !REFUSED_WORDS.has(t.value) && !LITERAL_WORDS.has(t.value);
  }

  /** A name that may be bound (a parameter or function): never one of the refused keys. */
  bindingName(): string {
    const t = this.lexer.next();
    if (t.kind !== 'ident' || !this.isBindable(t)) throw this.fail(`expected a name but found ${describe(t)}`, t);
    this.checkName(t.value, t.pos);
    return t.value;
  }

  checkName(name: string, pos: number): void {
    if (FORBIDDEN_KEYS.has(name)) throw this.fail(`access to "${name}" is not allowed`, pos, 'forbidden');
  }

  #enter(pos: number): void {
    if (++this.#depth > LIMITS.parseDepth) throw this.fail(`expression nested deeper than ${LIMITS.parseDepth}`, pos, 'limit');
  }

  /** Comma-separated expressions (the comma operator). */
  expression(): Node {
    const first = this.assignment();
    if (!this.isPunct(',')) return first;
    const items = [first];
    while (this.eat(',')) items.push(this.assignment());
    return { type: 'sequence', pos: first.pos, items };
  }

  /** One expression without top-level commas: an arrow function or a conditional. */
  assignment(): Node {
    const start = this.lexer.peek();
    this.#enter(start.pos);
    const params = tryArrowParams(this);
    const node: Node = params ? { type: 'arrow', pos: start.pos, params, body: parseArrowBody(this) } : this.#conditional();
    const after = this.lexer.peek();
    if (after.kind === 'punct' && ASSIGNMENTS.has(after.value)) throw this.fail(`assignment ("${after.value}") is not allowed`, after, 'forbidden');
    this.#depth--;
    return node;
  }

  #conditional(): Node {
    const test = this.#binary(0);
    if (!this.isPunct('?')) return test;
    this.lexer.next();
    const then = this.assignment();
    this.expect(':');
    return { type: 'conditional', pos: test.pos, test, then, else: this.assignment() };
  }

  #binary(minPrecedence: number): Node {
    let left = this.#unary();
    for (;;) {
      const t = this.lexer.peek();
      const op = t.kind === 'punct' || (t.kind === 'ident' && (t.value === 'in' || t.value === 'instanceof')) ? t.value : undefined;
      const prec = op === undefined ? undefined : BINARY_PRECEDENCE[op];
      if (op === undefined || prec === undefined || prec < minPrecedence) return left;
      if (UNSUPPORTED_OPERATORS.has(op)) throw this.fail(`operator "${op}" is not supported`, t);
      this.lexer.next();
      const right = this.#binary(op === '**' ? prec : prec + 1);
      left =
        op === '&&' || op === '||' || op === '??'
          ? { type: 'logical', pos: t.pos, op, left, right }
          : { type: 'binary', pos: t.pos, op: op as BinaryOp, left, right };
    }
  }

  #unary(): Node {
    const t = this.lexer.peek();
    const op = t.kind === 'punct' || t.kind === 'ident' ? t.value : '';
    if (op === '!' || op === '-' || op === '+' || op === 'typeof' || op === 'void') {
      this.lexer.next();
      this.#enter(t.pos);
      const arg = this.#unary();
      this.#depth--;
      return { type: 'unary', pos: t.pos, op, arg };
    }
    if (t.kind === 'punct' && (op === '++' || op === '--')) throw this.fail(`assignment ("${op}") is not allowed`, t, 'forbidden');
    if (t.kind === 'punct' && op === '~') throw this.fail('operator "~" is not supported', t);
    return this.#postfix();
  }

  #postfix(): Node {
    let node = this.#primary();
    let chained = false;
    for (;;) {
      const t = this.lexer.peek();
      if (t.kind !== 'punct') break;
      const optional = t.value === '?.';
      if (t.value === '.' || optional) {
        this.lexer.next();
        chained ||= optional;
        if (optional && this.isPunct('(')) node = this.#call(node, true);
        else if (optional && this.isPunct('[')) node = this.#computed(node, true);
        else {
          const name = this.lexer.next();
          if (name.kind !== 'ident') throw this.fail(`expected a property name but found ${describe(name)}`, name);
          this.checkName(name.value, name.pos);
          node = { type: 'member', pos: name.pos, object: node, key: name.value, optional };
        }
      } else if (t.value === '[') node = this.#computed(node, false);
      else if (t.value === '(') node = this.#call(node, false);
      else break;
    }
    return chained ? { type: 'chain', pos: node.pos, expr: node } : node;
  }

  #computed(object: Node, optional: boolean): Node {
    const open = this.expect('[');
    const key = this.expression();
    this.expect(']');
    if (key.type === 'literal' && typeof key.value === 'string') this.checkName(key.value, key.pos);
    return { type: 'member', pos: open.pos, object, key, optional };
  }

  #call(callee: Node, optional: boolean): Node {
    const open = this.expect('(');
    const args: Node[] = [];
    while (!this.isPunct(')')) {
      args.push(this.assignment());
      if (!this.eat(',')) break;
    }
    this.expect(')');
    return { type: 'call', pos: open.pos, callee, args, optional };
  }

  #primary(): Node {
    const t = this.lexer.next();
    switch (t.kind) {
      case 'num':
      case 'str':
        return { type: 'literal', pos: t.pos, value: t.value };
      case 'bound':
        return { type: 'bound', pos: t.pos, path: t.path };
      case 'regex':
        try {
          return { type: 'regex', pos: t.pos, regex: SafeRegex.compile(t.source, t.flags) };
        } catch (e) {
          throw e instanceof DtError ? this.fail(e.detail, t, e.kind === 'limit' ? 'limit' : 'syntax') : e;
        }
      case 'ident': {
        if (LITERAL_WORDS.has(t.value)) return { type: 'literal', pos: t.pos, value: LITERAL_WORDS.get(t.value) };
        if (REFUSED_WORDS.has(t.value)) throw this.fail(`"${t.value}" is not supported in DT expressions`, t, 'forbidden');
        this.checkName(t.value, t.pos);
        return { type: 'ident', pos: t.pos, name: t.value };
      }
      case 'punct':
        if (t.value === '(') {
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        if (t.value === '[') return parseArray(this, t.pos);
        if (t.value === '{') return parseObject(this, t.pos);
        throw this.fail(`unexpected ${describe(t)}`, t);
      case 'eof':
        throw this.fail('unexpected end of expression', t);
    }
  }

  /** Statements up to the end: expressions and `function` declarations, `;`-separated. */
  program(): Program {
    const start = this.lexer.peek().pos;
    const body: Node[] = [];
    const functions = new Map<string, FunctionDecl>();
    for (let t = this.lexer.peek(); t.kind !== 'eof'; t = this.lexer.peek()) {
      if (this.eat(';')) continue;
      if (t.kind === 'ident' && t.value === 'function') {
        const decl = this.#functionDecl();
        functions.set(decl.name, decl);
        continue;
      }
      body.push(this.expression());
      const end = this.lexer.peek();
      if (end.kind !== 'eof' && !this.eat(';')) throw this.fail(`unexpected ${describe(end)}`, end);
    }
    if (body.length === 0) throw this.fail('empty expression', this.lexer.peek());
    return { source: this.lexer.src.slice(start), origin: this.lexer.src, body, functions };
  }

  #functionDecl(): FunctionDecl {
    const kw = this.lexer.next();
    const name = this.bindingName();
    this.expect('(');
    const params: string[] = [];
    while (!this.isPunct(')')) {
      params.push(this.bindingName());
      if (!this.eat(',')) break;
    }
    this.expect(')');
    if (!this.isPunct('{')) throw this.fail('expected "{" after the parameters', this.lexer.peek());
    return { name, params, body: parseArrowBody(this), pos: kw.pos };
  }
}

/** A whole program: a mutator (after `=`) or a standalone expression. */
export function parseProgram(src: string, start = 0): Program {
  return new Parser(src, start).program();
}

/**
 * A selector: the expression after `(` at `start`, up to its matching `)`. Returns the program
 * and the index just after that `)`, where the DT path continues.
 */
export function parseSelector(src: string, start: number): { program: Program; end: number } {
  const parser = new Parser(src, start);
  if (parser.isPunct(')')) throw parser.fail('empty selector', parser.lexer.peek());
  const expr = parser.expression();
  const close = parser.expect(')');
  return { program: { source: src.slice(start, close.pos), origin: src, body: [expr], functions: new Map() }, end: close.end };
}
