/**
 * Splits query text into tokens. The lexer is context-sensitive on purpose: once it has seen
 * `field:`, everything up to the next space or parenthesis is the value, so that dates
 * (`created:>=2026-01-01T10:00:00Z`, which hold `:` and `-`) need no quoting. A whole
 * `field:[op]value` therefore comes out as one token, and the parser only deals with structure.
 */
import { AppError } from '../errors.js';
import type { Comparison } from './ast.js';

/** Positions are 1-based, ready for error messages. */
export type Token =
  | { kind: 'lparen'; pos: number }
  | { kind: 'rparen'; pos: number }
  /** `-` directly before a term, a phrase or `(`. */
  | { kind: 'minus'; pos: number }
  /** `and`, `or`, `not` in any letter case; `text` keeps the spelling for messages. */
  | { kind: 'and' | 'or' | 'not'; pos: number; text: string }
  | {
      kind: 'field';
      pos: number;
      field: string;
      op: Comparison;
      value: string;
      quoted: boolean;
      valuePos: number;
    }
  | { kind: 'word'; pos: number; text: string }
  | { kind: 'phrase'; pos: number; text: string }
  | { kind: 'eof'; pos: number };

const KEYWORDS: ReadonlyMap<string, 'and' | 'or' | 'not'> = new Map([
  ['and', 'and'],
  ['or', 'or'],
  ['not', 'not'],
]);

/** Longest first, so `>=` is not read as `>` followed by a value starting with `=`. */
const OPERATORS: readonly (readonly [string, Comparison])[] = [
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['>', 'gt'],
  ['<', 'lt'],
];

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

/** Characters that end an unquoted word or value. */
function isBreak(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
}

export function invalid(message: string): AppError {
  return new AppError('invalid_query', message);
}

/**
 * Quotes a token for an error message: JSON quoting so quotes and control characters inside
 * stay unambiguous, shortened so a huge token cannot flood a response or a log line.
 */
export function show(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  /** Reads a quoted string whose `"` is at `i`; `\` escapes the next character. */
  const readQuoted = (): string => {
    const start = i;
    let out = '';
    i++;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\' && i + 1 < text.length) {
        out += text.charAt(i + 1);
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    throw invalid(`unterminated quoted value at position ${start + 1}`);
  };

  /** Reads up to the next break character (or `:` when `stopAtColon`). */
  const readRun = (stopAtColon: boolean): string => {
    const start = i;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (isBreak(ch) || (stopAtColon && ch === ':')) break;
      i++;
    }
    return text.slice(start, i);
  };

  while (i < text.length) {
    const ch = text.charAt(i);
    const pos = i + 1;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({ kind: 'lparen', pos });
      i++;
    } else if (ch === ')') {
      tokens.push({ kind: 'rparen', pos });
      i++;
    } else if (ch === '-' && i + 1 < text.length && !isSpace(text.charAt(i + 1)) && text.charAt(i + 1) !== ')') {
      tokens.push({ kind: 'minus', pos });
      i++;
    } else if (ch === '"') {
      tokens.push({ kind: 'phrase', pos, text: readQuoted() });
    } else if (ch === ':') {
      throw invalid(`unexpected ":" at position ${pos}: expected a field name before it`);
    } else {
      const run = readRun(true);
      if (text.charAt(i) !== ':') {
        const keyword = KEYWORDS.get(run.toLowerCase());
        tokens.push(keyword ? { kind: keyword, pos, text: run } : { kind: 'word', pos, text: run });
        continue;
      }
      i++; // the colon
      let op: Comparison = 'eq';
      let opText = '';
      for (const [symbol, comparison] of OPERATORS) {
        if (text.startsWith(symbol, i)) {
          op = comparison;
          opText = symbol;
          i += symbol.length;
          break;
        }
      }
      const valuePos = i + 1;
      if (text.charAt(i) === '"') {
        const value = readQuoted();
        tokens.push({ kind: 'field', pos, field: run, op, value, quoted: true, valuePos });
        continue;
      }
      const value = readRun(false);
      if (value === '') {
        throw invalid(`expected a value after ${show(`${run}:${opText}`)} at position ${valuePos}`);
      }
      tokens.push({ kind: 'field', pos, field: run, op, value, quoted: false, valuePos });
    }
  }
  tokens.push({ kind: 'eof', pos: text.length + 1 });
  return tokens;
}
