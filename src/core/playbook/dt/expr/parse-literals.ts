/**
 * The parts of the grammar with their own shapes: array and object literals, and arrow
 * functions, whose parameter list can only be told from a parenthesised expression by reading
 * on to the `=>` (so the lexer state is saved and restored).
 */
import type { DtError } from '../dt-error.js';
import type { Node } from './ast.js';
import { type Lexer, type Token, describe } from './lexer.js';

/** What these helpers need of the parser (an interface, so the two modules do not import each other). */
export interface ParserApi {
  readonly lexer: Lexer;
  fail(message: string, at: Token | number, kind?: 'syntax' | 'forbidden' | 'limit'): DtError;
  isPunct(value: string): boolean;
  eat(value: string): boolean;
  expect(value: string): Token;
  assignment(): Node;
  expression(): Node;
  isBindable(t: Token): boolean;
  checkName(name: string, pos: number): void;
}

/** After `[`: the elements up to `]`. Holes (`[1,,2]`) and spread are not supported. */
export function parseArray(p: ParserApi, pos: number): Node {
  const items: Node[] = [];
  while (!p.isPunct(']')) {
    if (p.isPunct(',') || p.isPunct('...')) throw p.fail(p.isPunct(',') ? 'array holes are not supported' : 'spread is not supported', p.lexer.peek());
    items.push(p.assignment());
    if (!p.eat(',')) break;
  }
  p.expect(']');
  return { type: 'array', pos, items };
}

/** After `{`: `key: value`, `"key": value`, `[expr]: value` and shorthand `{val}`, up to `}`. */
export function parseObject(p: ParserApi, pos: number): Node {
  const props: { key: string | Node; value: Node }[] = [];
  while (!p.isPunct('}')) {
    const t = p.lexer.next();
    let key: string | Node;
    if (t.kind === 'ident' || t.kind === 'str') key = t.value;
    else if (t.kind === 'num') key = String(t.value);
    else if (t.kind === 'punct' && t.value === '[') {
      key = p.assignment();
      p.expect(']');
    } else throw p.fail(`expected a property name but found ${describe(t)}`, t);
    if (typeof key === 'string') p.checkName(key, t.pos);
    if (p.eat(':')) props.push({ key, value: p.assignment() });
    else if (t.kind === 'ident' && p.isBindable(t) && (p.isPunct(',') || p.isPunct('}'))) props.push({ key: t.value, value: { type: 'ident', pos: t.pos, name: t.value } });
    else throw p.fail(`expected ":" but found ${describe(p.lexer.peek())}`, p.lexer.peek());
    if (!p.eat(',')) break;
  }
  p.expect('}');
  return { type: 'object', pos, props };
}

/**
 * If an arrow function starts here (`x =>`, `(a, b) =>`, `() =>`), consumes its parameters and
 * the arrow and returns the names; otherwise leaves the lexer where it was.
 */
export function tryArrowParams(p: ParserApi): string[] | undefined {
  const lexer = p.lexer;
  const first = lexer.peek();
  if (first.kind !== 'ident' && !(first.kind === 'punct' && first.value === '(')) return undefined;
  const state = lexer.save();
  const params: Token[] = [];
  lexer.next();
  if (first.kind === 'ident') {
    params.push(first);
  } else {
    while (!p.isPunct(')')) {
      const t = lexer.next();
      if (t.kind !== 'ident') {
        lexer.restore(state);
        return undefined;
      }
      params.push(t);
      if (!p.eat(',')) break;
    }
    if (!p.eat(')')) {
      lexer.restore(state);
      return undefined;
    }
  }
  if (!p.eat('=>')) {
    lexer.restore(state);
    return undefined;
  }
  const names: string[] = [];
  for (const t of params) {
    if (t.kind !== 'ident' || !p.isBindable(t)) throw p.fail(`${describe(t)} cannot be a parameter name`, t);
    p.checkName(t.value, t.pos);
    if (names.includes(t.value)) throw p.fail(`duplicate parameter "${t.value}"`, t);
    names.push(t.value);
  }
  return names;
}

/** An arrow body (an expression) or a function body, which may only be `{ return …; }`. */
export function parseArrowBody(p: ParserApi): Node {
  const open = p.lexer.peek();
  if (!p.eat('{')) return p.assignment();
  const kw = p.lexer.next();
  if (kw.kind === 'punct' && kw.value === '}') return { type: 'literal', pos: kw.pos, value: undefined };
  if (kw.kind !== 'ident' || kw.value !== 'return') throw p.fail('a function body can only be "{ return …; }"', kw);
  const body = p.expression();
  p.eat(';');
  if (!p.isPunct('}')) throw p.fail('a function body can only be "{ return …; }"', p.lexer.peek().pos || open.pos);
  p.lexer.next();
  return body;
}
