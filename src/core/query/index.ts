/**
 * The incident query language, in the Lucene-like form XSOAR users already know. This module
 * is pure: it turns text into a `QueryNode` tree; `src/store/incident-query.ts` turns the tree
 * into SQL for one dialect.
 *
 * Summary of the language:
 * - `field:value`, `field:"two words"` (quoted values are literal, `\` escapes inside quotes),
 *   `field:""` (the empty value), `field:>=x`, `field:>x`, `field:<x`, `field:<=x`.
 * - `field:*phish*`: an unquoted value with `*` is a case-insensitive pattern; `field:*` alone
 *   means "has a value".
 * - A bare word or quoted phrase without `field:` is a full-text search over name and details;
 *   every word must match, and a bare word ending in `*` matches as a prefix.
 * - `-term`, `not term`, `a and b`, `a or b`, `a b` (implicit AND), parentheses.
 *   Precedence: NOT, then AND, then OR. Keywords are case-insensitive; quote them to search
 *   for the words themselves.
 * - Limits: 4,000 characters, 32 levels of parentheses and negations, 200 terms.
 *
 * Every syntax error is an `AppError('invalid_query')` naming the 1-based position.
 */
import { AppError } from '../errors.js';
import type { QueryNode } from './ast.js';
import { QUERY_LIMITS } from './ast.js';
import { parseTokens } from './parser.js';

export type { AndNode, Comparison, FieldTerm, NotNode, OrNode, QueryNode, TextTerm } from './ast.js';
export { QUERY_LIMITS } from './ast.js';
export { resolveDate, type ResolvedDate } from './dates.js';
export { splitWords } from './parser.js';

/**
 * Parses a query. Returns null for empty or whitespace-only text, which matches everything.
 * Throws `AppError('invalid_query')` for anything it cannot read, and nothing else.
 */
export function parseQuery(text: string): QueryNode | null {
  // Checked before any other work so an oversized query costs nothing.
  if (text.length > QUERY_LIMITS.maxLength) {
    throw new AppError('invalid_query', `query is longer than ${QUERY_LIMITS.maxLength} characters (${text.length})`);
  }
  if (text.trim() === '') return null;
  try {
    return parseTokens(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A parser bug must still answer 400 with a message, never crash the request with a 500.
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('invalid_query', `could not parse query: ${detail}`);
  }
}
