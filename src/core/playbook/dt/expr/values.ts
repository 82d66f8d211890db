/**
 * JavaScript value semantics for the sandbox, written out instead of delegating to V8 whenever
 * V8 would run code found on an object (`toString`, `valueOf`, getters): the values here are
 * JSON-like context data, possibly null-prototype objects, and nothing reachable from them may
 * run. Native operators are only applied to primitives.
 */
import { DtError, LIMITS, checkedLength } from '../dt-error.js';

/** Runtime values the interpreter makes that are not JSON data. */
export abstract class Internal {
  abstract readonly callable: boolean;
  /** What `String(x)` gives. */
  abstract describe(): string;
}

export interface CallSite {
  readonly pos: number;
  charge(steps: number): void;
  call(fn: unknown, args: readonly unknown[]): unknown;
}

/** A function of the allow-list (`parseInt`, `Math.max`, …). */
export class Builtin extends Internal {
  readonly callable = true;
  constructor(
    readonly name: string,
    readonly run: (args: readonly unknown[], site: CallSite) => unknown,
  ) {
    super();
  }
  describe(): string {
    return `function ${this.name}() { [native code] }`;
  }
}

/** `Math`, `JSON`, `Array`, `Object`: only their allowed members exist. */
export class Namespace extends Internal {
  readonly callable = false;
  constructor(
    readonly name: string,
    readonly members: ReadonlyMap<string, unknown>,
  ) {
    super();
  }
  describe(): string {
    return `[object ${this.name}]`;
  }
}

export type Primitive = string | number | boolean | null | undefined;

/** A data object: neither an array nor one of ours. Its prototype is never consulted. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Internal);
}

export function isPrimitive(v: unknown): v is Primitive {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/** Property names that would reach into the prototype machinery in real JavaScript. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

export function checkKey(key: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new DtError('forbidden', `access to "${key}" is not allowed`);
}

export function typeOf(v: unknown): string {
  if (v === null) return 'object';
  if (v instanceof Internal) return v.callable ? 'function' : 'object';
  return typeof v;
}

export function truthy(v: unknown): boolean {
  return isPrimitive(v) ? Boolean(v) : true;
}

/** `Array.prototype.join`, applied by hand so no element's own `toString` runs. */
export function joinArray(items: readonly unknown[], sep: string, depth = 0): string {
  if (depth > LIMITS.valueDepth) throw new DtError('limit', 'arrays nested too deeply to convert to a string');
  let out = '';
  for (let k = 0; k < items.length; k++) {
    if (k > 0) out += sep;
    const item = items[k];
    if (item !== null && item !== undefined) out += Array.isArray(item) ? joinArray(item, ',', depth + 1) : toStr(item);
    checkedLength(out.length);
  }
  return out;
}

export function toPrimitive(v: unknown): Primitive {
  if (isPrimitive(v)) return v;
  if (Array.isArray(v)) return joinArray(v, ',');
  if (v instanceof Internal) return v.describe();
  return '[object Object]';
}

export function toStr(v: unknown): string {
  const p = toPrimitive(v);
  return typeof p === 'string' ? p : String(p);
}

export function toNum(v: unknown): number {
  return Number(toPrimitive(v));
}

/** ES ToIntegerOrInfinity, for positions and counts passed to string and array methods. */
export function toInt(v: unknown): number {
  const n = toNum(v);
  return Number.isNaN(n) ? 0 : Math.trunc(n);
}

/** The abstract equality algorithm (`==`), with our own ToPrimitive. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const aObj = !isPrimitive(a);
  const bObj = !isPrimitive(b);
  if (aObj && bObj) return a === b;
  const pa = aObj ? toPrimitive(a) : a;
  const pb = bObj ? toPrimitive(b) : b;
  if (pa === null || pa === undefined || pb === null || pb === undefined) return false;
  if (typeof pa === typeof pb) return pa === pb;
  return Number(pa) === Number(pb); // string/number/boolean mixes all compare as numbers
}

export function compare(a: unknown, b: unknown, op: '<' | '>' | '<=' | '>='): boolean {
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  let x: string | number;
  let y: string | number;
  if (typeof pa === 'string' && typeof pb === 'string') [x, y] = [pa, pb];
  else [x, y] = [Number(pa), Number(pb)];
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
}

export function add(a: unknown, b: unknown): string | number {
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  if (typeof pa === 'string' || typeof pb === 'string') {
    const sa = toStr(pa);
    const sb = toStr(pb);
    checkedLength(sa.length + sb.length);
    return sa + sb;
  }
  return Number(pa) + Number(pb);
}

export function arithmetic(op: string, a: unknown, b: unknown): number {
  const x = toNum(a);
  const y = toNum(b);
  switch (op) {
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    default:
      return x ** y;
  }
}

/** A property key as JavaScript would compute it from a value (`a[1]` reads key "1"). */
export function propertyKey(v: unknown): string {
  return toStr(v);
}

export function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d{0,15})$/.test(key);
}

/** The value of an own data property: nothing inherited, and no getter is ever run. */
export function getOwn(obj: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  return d && 'value' in d ? (d.value as unknown) : undefined;
}

/** Adds a property without ever invoking the `__proto__` setter. */
export function defineOwn(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
