/**
 * Recursive-descent parser over the lexer's tokens. Grammar (NOT binds tighter than AND,
 * AND tighter than OR; two terms side by side are ANDed):
 *
 *   query   := or EOF
 *   or      := and (OR and)*
 *   and     := unary ([AND] unary)*
 *   unary   := (NOT | '-') unary | primary
 *   primary := '(' or ')' | field-term | word | phrase
 */
import type { QueryNode, TextTerm } from './ast.js';
import { QUERY_LIMITS } from './ast.js';
import { invalid, show, tokenize, type Token } from './lexer.js';

/** A word is a run of Unicode letters and digits (combining marks stay with their letter). */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** How a token reads in an error message. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'minus':
      return '"-"';
    case 'and':
    case 'or':
    case 'not':
    case 'word':
      return show(token.text);
    case 'phrase':
      return show(`"${token.text}"`);
    case 'field':
      return show(`${token.field}:`);
    case 'eof':
      return 'end of query';
  }
}

/** Tokens that can start an operand, and therefore also an implicit AND. */
function startsOperand(token: Token): boolean {
  return (
    token.kind === 'lparen' ||
    token.kind === 'minus' ||
    token.kind === 'not' ||
    token.kind === 'field' ||
    token.kind === 'word' ||
    token.kind === 'phrase'
  );
}

class Parser {
  private index = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // The token list always ends with `eof` and the parser never moves past it.
    return this.tokens[this.index] ?? { kind: 'eof', pos: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  parseQuery(): QueryNode {
    const node = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'eof') throw invalid(`unexpected ${describe(token)} at position ${token.pos}`);
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek().kind === 'or') {
      const op = this.next();
      children.push(this.parseAnd(op));
    }
    return join('or', children);
  }

  /** `after` is the operator that demanded this operand, for the "expected a term" message. */
  private parseAnd(after?: Token): QueryNode {
    const children = [this.parseUnary(after)];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'and') {
        this.next();
        children.push(this.parseUnary(token));
      } else if (startsOperand(token)) {
        children.push(this.parseUnary());
      } else {
        return join('and', children);
      }
    }
  }

  private parseUnary(after?: Token): QueryNode {
    const token = this.peek();
    if (token.kind === 'not' || token.kind === 'minus') {
      this.next();
      this.enter(token);
      const child = this.parseUnary(token);
      this.depth--;
      return { kind: 'not', child };
    }
    return this.parsePrimary(after);
  }

  private parsePrimary(after?: Token): QueryNode {
    const token = this.next();
    switch (token.kind) {
      case 'lparen': {
        this.enter(token);
        const node = this.parseOr();
        const close = this.next();
        if (close.kind !== 'rparen') {
          throw invalid(
            close.kind === 'eof'
              ? `missing ")" for "(" at position ${token.pos}`
              : `unexpected ${describe(close)} at position ${close.pos}`,
          );
        }
        this.depth--;
        return node;
      }
      case 'field':
        this.count(token);
        return {
          kind: 'field',
          field: token.field,
          op: token.op,
          value: token.value,
          quoted: token.quoted,
          wildcard: !token.quoted && token.value.includes('*'),
          position: token.pos,
          valuePosition: token.valuePos,
        };
      case 'word':
      case 'phrase':
        this.count(token);
        return textTerm(token.kind === 'word' ? token.text : `"${token.text}"`, token.kind === 'word', token.pos);
      default:
        if (token.kind === 'eof' && after) {
          throw invalid(`expected a term after ${describe(after)} at position ${token.pos}`);
        }
        throw invalid(`unexpected ${describe(token)} at position ${token.pos}`);
    }
  }

  /** Both parentheses and negations nest the generated SQL, so both count toward the limit. */
  private enter(token: Token): void {
    this.depth++;
    if (this.depth > QUERY_LIMITS.maxDepth) {
      throw invalid(`query nests deeper than ${QUERY_LIMITS.maxDepth} levels at position ${token.pos}`);
    }
  }

  private count(token: Token): void {
    this.terms++;
    if (this.terms > QUERY_LIMITS.maxTerms) {
      throw invalid(`query has more than ${QUERY_LIMITS.maxTerms} terms: ${describe(token)} at position ${token.pos}`);
    }
  }
}

function textTerm(raw: string, bare: boolean, position: number): TextTerm {
  const words = splitWords(raw);
  if (words.length === 0) throw invalid(`search term ${show(raw)} has no words at position ${position}`);
  return { kind: 'text', words, prefix: bare && raw.endsWith('*'), raw, position };
}

/** Builds an AND/OR node, flattening same-kind children so the SQL nests no deeper than needed. */
function join(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const child of children) {
    if (child.kind === kind) flat.push(...child.children);
    else flat.push(child);
  }
  const [first] = flat;
  if (flat.length === 1 && first) return first;
  return { kind, children: flat };
}

/** Parses non-empty query text (length limits are checked by the caller). */
export function parseTokens(text: string): QueryNode {
  return new Parser(tokenize(text)).parseQuery();
}
