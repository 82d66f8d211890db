/**
 * The global names a DT expression can use: the conversion functions, `JSON`, `Math`,
 * `Array.isArray` and `Object.keys/values/entries`. Each is a `Builtin` that converts its
 * arguments with our own ToString/ToNumber, so no object's methods ever run.
 */
import { DtError, asDtError, checkedLength } from '../dt-error.js';
import { SafeRegex } from './safe-regex.js';
import { Builtin, type CallSite, Internal, Namespace, isRecord, toInt, toNum, toStr, truthy } from './values.js';

/** Charged per element for work done natively on whole arrays or strings. */
export const ELEMENTS_PER_STEP = 16;

function runtime(message: string, site: CallSite): DtError {
  return new DtError('runtime', message, site.pos);
}

function keysOf(v: unknown, site: CallSite): string[] {
  if (v === null || v === undefined) throw runtime(`cannot convert ${String(v)} to object`, site);
  const length = typeof v === 'string' || Array.isArray(v) ? v.length : 0;
  site.charge(Math.ceil(length / ELEMENTS_PER_STEP));
  checkedLength(length, 'array');
  if (typeof v === 'string' || Array.isArray(v)) return Array.from({ length }, (_, k) => String(k));
  if (!isRecord(v)) return [];
  const keys = Object.keys(v);
  site.charge(Math.ceil(keys.length / ELEMENTS_PER_STEP));
  return keys;
}

function jsonStringify(args: readonly unknown[], site: CallSite): string | undefined {
  const [value, replacer, space] = args;
  if (replacer !== undefined && replacer !== null) throw runtime('JSON.stringify replacers are not supported', site);
  const indent = typeof space === 'number' ? Math.max(0, Math.min(10, Math.trunc(space))) : typeof space === 'string' ? space.slice(0, 10) : undefined;
  let out: string | undefined;
  try {
    out = JSON.stringify(value, (_key, v: unknown) => (v instanceof SafeRegex ? {} : v instanceof Internal ? undefined : v), indent);
  } catch (e) {
    throw asDtError(e);
  }
  if (out !== undefined) {
    site.charge(Math.ceil(out.length / (ELEMENTS_PER_STEP * 8)));
    checkedLength(out.length);
  }
  return out;
}

function jsonParse(args: readonly unknown[], site: CallSite): unknown {
  if (args[1] !== undefined) throw runtime('JSON.parse revivers are not supported', site);
  const text = toStr(args[0]);
  site.charge(Math.ceil(text.length / (ELEMENTS_PER_STEP * 8)));
  try {
    // JSON.parse defines keys as own data properties, so a "__proto__" key stays plain data.
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (e instanceof SyntaxError) throw runtime(`JSON.parse: ${e.message}`, site);
    throw asDtError(e);
  }
}

function uri(name: string, f: (s: string) => string): Builtin {
  return new Builtin(name, (args, site) => {
    try {
      return f(toStr(args[0]));
    } catch (e) {
      throw e instanceof URIError ? runtime(`${name}: malformed URI`, site) : e;
    }
  });
}

const numbers = (args: readonly unknown[]): number[] => args.map(toNum);
const math1 = (name: string, f: (x: number) => number): [string, Builtin] => [name, new Builtin(`Math.${name}`, (args) => f(toNum(args[0])))];

const MATH = new Namespace(
  'Math',
  new Map<string, unknown>([
    ['PI', Math.PI],
    ['E', Math.E],
    ['min', new Builtin('Math.min', (args) => Math.min(...numbers(args)))],
    ['max', new Builtin('Math.max', (args) => Math.max(...numbers(args)))],
    ['pow', new Builtin('Math.pow', (args) => toNum(args[0]) ** toNum(args[1]))],
    math1('abs', Math.abs),
    math1('round', Math.round),
    math1('floor', Math.floor),
    math1('ceil', Math.ceil),
    math1('trunc', Math.trunc),
    math1('sign', Math.sign),
    math1('sqrt', Math.sqrt),
    math1('log', Math.log),
    math1('log10', Math.log10),
    math1('log2', Math.log2),
    math1('exp', Math.exp),
  ]),
);

const JSON_NS = new Namespace(
  'JSON',
  new Map<string, unknown>([
    ['stringify', new Builtin('JSON.stringify', jsonStringify)],
    ['parse', new Builtin('JSON.parse', jsonParse)],
  ]),
);

const ARRAY_NS = new Namespace('Array', new Map<string, unknown>([['isArray', new Builtin('Array.isArray', (args) => Array.isArray(args[0]))]]));

const OBJECT_NS = new Namespace(
  'Object',
  new Map<string, unknown>([
    ['keys', new Builtin('Object.keys', (args, site) => keysOf(args[0], site))],
    ['values', new Builtin('Object.values', (args, site) => keysOf(args[0], site).map((k) => valueAt(args[0], k)))],
    ['entries', new Builtin('Object.entries', (args, site) => keysOf(args[0], site).map((k) => [k, valueAt(args[0], k)]))],
  ]),
);

function valueAt(container: unknown, key: string): unknown {
  if (typeof container === 'string') return container[Number(key)];
  if (Array.isArray(container)) return container[Number(key)] as unknown;
  return isRecord(container) ? Object.getOwnPropertyDescriptor(container, key)?.value : undefined;
}

export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['Math', MATH],
  ['JSON', JSON_NS],
  ['Array', ARRAY_NS],
  ['Object', OBJECT_NS],
  ['parseInt', new Builtin('parseInt', (args) => parseInt(toStr(args[0]), args[1] === undefined ? undefined : toInt(args[1])))],
  ['parseFloat', new Builtin('parseFloat', (args) => parseFloat(toStr(args[0])))],
  ['String', new Builtin('String', (args) => (args.length ? toStr(args[0]) : ''))],
  ['Number', new Builtin('Number', (args) => (args.length ? toNum(args[0]) : 0))],
  ['Boolean', new Builtin('Boolean', (args) => truthy(args[0]))],
  ['isNaN', new Builtin('isNaN', (args) => Number.isNaN(toNum(args[0])))],
  ['isFinite', new Builtin('isFinite', (args) => Number.isFinite(toNum(args[0])))],
  ['encodeURIComponent', uri('encodeURIComponent', encodeURIComponent)],
  ['decodeURIComponent', uri('decodeURIComponent', decodeURIComponent)],
  ['encodeURI', uri('encodeURI', encodeURI)],
  ['decodeURI', uri('decodeURI', decodeURI)],
]);
