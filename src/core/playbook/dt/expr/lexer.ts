/**
 * On-demand tokenizer for the expression subset. It is pulled by the parser token by token
 * because a selector is embedded in a DT path: after its closing `)` comes path text such as
 * `.Email/from`, which is not JavaScript and must not be read. Whether `/` starts a regex or
 * divides depends on the previous token, as in JavaScript.
 */
import { DtError } from '../dt-error.js';

export type Token =
  | { kind: 'num'; pos: number; end: number; value: number }
  | { kind: 'str'; pos: number; end: number; value: string }
  | { kind: 'ident'; pos: number; end: number; value: string }
  | { kind: 'punct'; pos: number; end: number; value: string }
  | { kind: 'regex'; pos: number; end: number; source: string; flags: string }
  /** `val1---Path.To.Value`, XSOAR's way to bind another context value inside a selector. */
  | { kind: 'bound'; pos: number; end: number; path: string }
  | { kind: 'eof'; pos: number; end: number };

/** Longest first. Assignment forms are read whole so the parser can refuse them by name. */
const PUNCTUATORS = [
  '>>>=', '===', '!==', '**=', '...', '&&=', '||=', '??=', '<<=', '>>=', '>>>', '=>', '==', '!=', '<=', '>=', '&&', '||', '??',
  '?.', '**', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '(', ')', '[', ']', '{', '}', ',', ';',
  ':', '?', '.', '+', '-', '*', '/', '%', '<', '>', '!', '=', '&', '|', '^', '~',
];
/** After these keywords an expression starts, so `/` begins a regex. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(['typeof', 'in', 'void', 'return', 'delete', 'instanceof', 'new', 'case', 'else', 'throw']);
const ID_START = /[\p{ID_Start}$_]/u;
const ID_PART = /[\p{ID_Continue}$\u200c\u200d]/u;
const BOUND_PATH = /^[\p{L}\p{N}_.[\]:/@#$-]*/u;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' };

export interface LexerState {
  pos: number;
  prev: Token | undefined;
}

export class Lexer {
  readonly src: string;
  #pos: number;
  #prev: Token | undefined;
  #peeked: Token | undefined;

  constructor(src: string, start = 0) {
    this.src = src;
    this.#pos = start;
  }

  fail(message: string, pos: number, kind: 'syntax' | 'forbidden' | 'limit' = 'syntax'): DtError {
    return new DtError(kind, message, pos, this.src);
  }

  save(): LexerState {
    return { pos: this.#pos, prev: this.#prev };
  }

  restore(state: LexerState): void {
    this.#pos = state.pos;
    this.#prev = state.prev;
    this.#peeked = undefined;
  }

  peek(): Token {
    this.#peeked ??= this.#read();
    return this.#peeked;
  }

  next(): Token {
    const t = this.peek();
    this.#peeked = undefined;
    this.#pos = t.end;
    this.#prev = t;
    return t;
  }

  #regexAllowed(): boolean {
    const p = this.#prev;
    if (!p) return true;
    if (p.kind === 'punct') return p.value !== ')' && p.value !== ']' && p.value !== '}';
    return p.kind === 'ident' && KEYWORDS_BEFORE_EXPRESSION.has(p.value);
  }

  #skipSpace(from: number): number {
    const s = this.src;
    let i = from;
    for (;;) {
      const c = s[i];
      if (c === undefined) return i;
      if (/\s/u.test(c)) i++;
      else if (c === '/' && s[i + 1] === '/') {
        while (i < s.length && s[i] !== '\n') i++;
      } else if (c === '/' && s[i + 1] === '*') {
        const close = s.indexOf('*/', i + 2);
        if (close < 0) throw this.fail('unterminated comment', i);
        i = close + 2;
      } else return i;
    }
  }

  #read(): Token {
    const s = this.src;
    const pos = this.#skipSpace(this.#pos);
    const c = s[pos];
    if (c === undefined) return { kind: 'eof', pos, end: pos };
    if (c === '"' || c === "'" || c === '`') return this.#string(pos, c);
    if (/\d/.test(c) || (c === '.' && /\d/.test(s[pos + 1] ?? ''))) return this.#number(pos);
    if (ID_START.test(c)) return this.#identifier(pos);
    if (c === '/' && this.#regexAllowed()) return this.#regex(pos);
    for (const p of PUNCTUATORS) {
      if (!s.startsWith(p, pos)) continue;
      if (p === '?.' && /\d/.test(s[pos + 2] ?? '')) continue; // `a ?.5 : b` is a conditional
      return { kind: 'punct', pos, end: pos + p.length, value: p };
    }
    throw this.fail(`unexpected character ${JSON.stringify(c)}`, pos);
  }

  #number(pos: number): Token {
    const m = NUMBER.exec(this.src.slice(pos, pos + 400));
    const text = m?.[0] ?? '';
    if (/^0\d/.test(text)) throw this.fail('legacy octal literals are not allowed', pos);
    const end = pos + text.length;
    if (ID_START.test(this.src[end] ?? '') || /\d/.test(this.src[end] ?? '')) throw this.fail('identifier starts immediately after a number', end);
    return { kind: 'num', pos, end, value: Number(text) };
  }

  #identifier(pos: number): Token {
    const s = this.src;
    let end = pos + 1;
    while (end < s.length && ID_PART.test(s[end] ?? '')) end++;
    const value = s.slice(pos, end);
    if (/^val\d*$/.test(value) && s.startsWith('---', end)) {
      const path = BOUND_PATH.exec(s.slice(end + 3))?.[0] ?? '';
      if (!path || path === '.') throw this.fail(`"${value}---" must be followed by a context path`, end);
      return { kind: 'bound', pos, end: end + 3 + path.length, path };
    }
    return { kind: 'ident', pos, end, value };
  }

  #string(pos: number, quote: string): Token {
    const s = this.src;
    let out = '';
    let i = pos + 1;
    for (;;) {
      const c = s[i];
      if (c === undefined || (quote !== '`' && (c === '\n' || c === '\r'))) throw this.fail('unterminated string', pos);
      if (c === quote) return { kind: 'str', pos, end: i + 1, value: out };
      if (quote === '`' && c === '$' && s[i + 1] === '{') throw this.fail('template literal substitutions are not supported', i);
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const [text, next] = this.#escape(i + 1);
      out += text;
      i = next;
    }
  }

  /** The escape sequence whose letter is at `i`: its text and the index after it. */
  #escape(i: number): [string, number] {
    const s = this.src;
    const e = s[i];
    if (e === undefined) throw this.fail('unterminated string', i);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return [simple, i + 1];
    if (e === '\r') return ['', s[i + 1] === '\n' ? i + 2 : i + 1]; // line continuation
    if (e === '\n' || e === '\u2028' || e === '\u2029') return ['', i + 1];
    if (e === '0' && !/\d/.test(s[i + 1] ?? '')) return ['\0', i + 1];
    if (/\d/.test(e)) throw this.fail('octal escape sequences are not allowed', i - 1);
    if (e === 'x' || e === 'u') {
      const braced = e === 'u' && s[i + 1] === '{' ? /^\{([0-9a-fA-F]{1,6})\}/.exec(s.slice(i + 1, i + 10)) : null;
      const digits = braced ? braced[1] : s.slice(i + 1, i + (e === 'x' ? 3 : 5));
      const ok = braced ? true : /^[0-9a-fA-F]+$/.test(digits ?? '') && digits?.length === (e === 'x' ? 2 : 4);
      const code = ok ? parseInt(digits ?? '', 16) : NaN;
      if (!ok || code > 0x10ffff) throw this.fail(`invalid \\${e} escape sequence`, i - 1);
      return [String.fromCodePoint(code), i + 1 + (braced ? braced[0].length : (digits ?? '').length)];
    }
    return [e, i + 1];
  }

  #regex(pos: number): Token {
    const s = this.src;
    let i = pos + 1;
    let inClass = false;
    for (;;) {
      const c = s[i];
      if (c === undefined || c === '\n' || c === '\r') throw this.fail('unterminated regular expression', pos);
      if (c === '\\') i++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i++;
    }
    const source = s.slice(pos + 1, i);
    let end = i + 1;
    while (end < s.length && ID_PART.test(s[end] ?? '')) end++;
    return { kind: 'regex', pos, end, source, flags: s.slice(i + 1, end) };
  }
}

/** A token as error messages name it. */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the expression';
    case 'str':
      return 'a string';
    case 'num':
      return 'a number';
    case 'regex':
      return 'a regular expression';
    case 'bound':
      return `"${t.path}"`;
    default:
      return `"${t.value}"`;
  }
}
