/**
 * How operators read their operands. XSOAR casts values to the type an operator needs (string,
 * number, boolean, date, list) and fails the task when a cast fails, so the readers here throw
 * `OperatorError` for values that cannot be cast, and report a missing value (a context path
 * that found nothing, or an empty string for numbers) as `undefined` for the caller to decide.
 */
import { canonicalJson } from '../../content/hash.js';
import { isRecord } from '../../content/content-error.js';
import { OperatorError } from './operator-error.js';

/** Nesting deeper than this is treated as a malformed value rather than walked. */
const MAX_DEPTH = 64;

/** null and undefined: what a context path that found nothing resolves to. */
export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/**
 * The items a value stands for: a list's items with nested lists flattened (DT flattens paths
 * across lists) and missing items dropped, a scalar or an object as one item, nothing as none.
 */
export function itemsOf(value: unknown): unknown[] {
  const out: unknown[] = [];
  collect(value, out, 0);
  return out;
}

function collect(value: unknown, out: unknown[], depth: number): void {
  if (isMissing(value)) return;
  if (!Array.isArray(value)) {
    out.push(value);
    return;
  }
  if (depth > MAX_DEPTH) throw new OperatorError('value', 'lists nested too deeply');
  for (const item of value) collect(item, out, depth + 1);
}

/** A scalar's text as XSOAR casts it; undefined for objects and lists, which do not cast. */
export function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** A value as text, or an `OperatorError` naming the operator when it is an object or a list. */
export function toText(operator: string, value: unknown): string {
  if (isMissing(value)) return '';
  const text = scalarText(value);
  if (text === undefined) throw new OperatorError(operator, `cannot read ${Array.isArray(value) ? 'a list' : 'an object'} as text`);
  return text;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A value as a number: numbers, and numeric text (YAML and most integrations give numbers as
 * strings). Missing values and empty text are `undefined`; anything else that is not a number
 * is a cast failure.
 */
export function toNumber(operator: string, value: unknown): number | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new OperatorError(operator, 'cannot read NaN as a number');
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    if (NUMBER.test(text)) return Number(text);
  }
  throw new OperatorError(operator, `cannot read ${describe(value)} as a number`);
}

/** `toNumber` for a value that may not be missing. */
export function requireNumber(operator: string, value: unknown, what: string): number {
  const n = toNumber(operator, value);
  if (n === undefined) throw new OperatorError(operator, `${what} is missing`);
  return n;
}

/** The same as `toNumber` but undefined instead of an error: for "does this look numeric". */
export function numericOrUndefined(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string' && NUMBER.test(value.trim())) return Number(value.trim());
  return undefined;
}

// The spellings Go's strconv.ParseBool accepts, which is how the server casts to boolean.
const TRUE = new Set(['1', 't', 'true']);
const FALSE = new Set(['0', 'f', 'false']);

/** true/false for booleans and boolean text (`true`, `False`, `1`, `t`, …); else undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/** Text compared the way `ignorecase` asks. */
export function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

/**
 * General equality (`isEqual`, `containsGeneral`, `in`): lists item by item, objects key by
 * key, numbers and numeric text by value (`4` equals `"4"` and `"4.0"`), other scalars by text.
 */
export function looseEqual(a: unknown, b: unknown, ignoreCase: boolean, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => looseEqual(item, b[i], ignoreCase, depth + 1));
  }
  if (isRecord(a) || isRecord(b)) {
    if (!isRecord(a) || !isRecord(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && looseEqual(a[k], b[k], ignoreCase, depth + 1));
  }
  const na = numericOrUndefined(a);
  const nb = numericOrUndefined(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  const ta = scalarText(a);
  const tb = scalarText(b);
  return ta !== undefined && tb !== undefined && fold(ta, ignoreCase) === fold(tb, ignoreCase);
}

/** A key equal for values that are the same data (types kept: `1` and `"1"` differ). */
export function identityKey(value: unknown): string {
  return canonicalJson(value);
}

/** How a value reads in an error message. */
export function describe(value: unknown): string {
  if (isMissing(value)) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = scalarText(value) ?? typeof value;
  return typeof value === 'string' ? JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text) : text;
}
