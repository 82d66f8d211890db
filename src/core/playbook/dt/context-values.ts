/**
 * Immutable updates and comparisons of context data (JSON-like values). Copies are shallow and
 * share everything they do not change. Keys are written with `defineProperty`, so a key named
 * `__proto__` (legal in JSON from a command's output) stays an ordinary own key and never
 * changes an object's prototype; reads only see own properties.
 */
import { LIMITS } from './dt-error.js';
import { defineOwn, getOwn, isRecord } from './expr/values.js';

export { getOwn, isRecord };

/** A copy of `obj` with `key` set to `value`; `obj` is not touched. */
export function withKey(obj: Readonly<Record<string, unknown>>, key: string, value: unknown): Record<string, unknown> {
  // Spread copies own properties with CreateDataProperty: an own "__proto__" key is copied as data.
  const copy: Record<string, unknown> = { ...obj };
  defineOwn(copy, key, value);
  return copy;
}

/** A copy of `obj` without `key`. */
export function withoutKey(obj: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  // Deleting a key that is not own (say "__proto__" on a plain object) does nothing, as wanted.
  delete copy[key];
  return copy;
}

let tooDeep = 0;

/**
 * A string equal for equal JSON values (object key order ignored; `1` and `"1"` differ), used to
 * deduplicate in one pass instead of comparing every pair. Values nested deeper than the limit
 * get a unique key, so they count as distinct rather than being walked without end.
 */
export function canonical(value: unknown, depth = 0): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return `n${value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (depth > LIMITS.valueDepth) return `\u0000deep${++tooDeep}`;
  if (Array.isArray(value)) return `[${(value as unknown[]).map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(getOwn(value, k), depth + 1)}`).join(',')}}`;
  }
  return `\u0000other${++tooDeep}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

/** The values of `list` without repeats (first occurrence kept). */
export function unique(list: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const k = canonical(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * `update` merged into `base`: objects are merged key by key, recursively; anything else
 * (scalars, lists) from `update` replaces what `base` had. Neither argument is touched.
 */
export function deepMerge(base: unknown, update: unknown, depth = 0): unknown {
  if (!isRecord(base) || !isRecord(update) || depth > LIMITS.valueDepth) return update;
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(update)) defineOwn(out, key, deepMerge(getOwn(base, key), getOwn(update, key), depth + 1));
  return out;
}

/** A value as a list: `undefined` → [], a list → itself, anything else → [it]. */
export function toList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}
