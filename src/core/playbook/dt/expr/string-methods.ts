/**
 * The allowed methods of strings and numbers. Arguments are converted as JavaScript would
 * (`'a'.indexOf(undefined)` searches for "undefined"), regex arguments go to the linear-time
 * engine, and every result that can grow is measured before it is built.
 */
import { DtError, checkedLength } from '../dt-error.js';
import { ELEMENTS_PER_STEP } from './builtins.js';
import { type RegexMatch, SafeRegex, expandReplacement } from './safe-regex.js';
import { type CallSite, Internal, toInt, toNum, toStr } from './values.js';

type Method<T> = (self: T, args: readonly unknown[], site: CallSite) => unknown;

/** `undefined` stays undefined (so natives apply their defaults), anything else becomes an integer. */
const optInt = (v: unknown): number | undefined => (v === undefined ? undefined : toInt(v));

function runtime(message: string, site: CallSite): DtError {
  return new DtError('runtime', message, site.pos);
}

/** A string pattern, as `match` and `search` take it: JavaScript compiles it as a regex. */
function asRegex(pattern: unknown): SafeRegex {
  if (pattern instanceof SafeRegex) return pattern;
  return SafeRegex.compile(pattern === undefined ? '(?:)' : toStr(pattern), '');
}

function replacer(replacement: unknown, input: string, site: CallSite): (m: RegexMatch) => string {
  if (replacement instanceof Internal && replacement.callable) {
    return (m) => toStr(site.call(replacement, [...m.groups, m.index, input]));
  }
  const template = toStr(replacement);
  return (m) => expandReplacement(template, m, input);
}

/** Every index of `search` in `s` (an empty search matches between all characters). */
function occurrences(s: string, search: string, site: CallSite): number[] {
  const at: number[] = [];
  for (let i = s.indexOf(search); i >= 0; i = s.indexOf(search, search ? i + search.length : i + 1)) {
    at.push(i);
    checkedLength(at.length, 'array');
    if (i >= s.length) break;
  }
  site.charge(Math.ceil(at.length / ELEMENTS_PER_STEP));
  return at;
}

function replaceAt(s: string, search: string, at: readonly number[], replace: (m: RegexMatch) => string): string {
  let out = '';
  let last = 0;
  for (const i of at) {
    out += s.slice(last, i) + replace({ index: i, end: i + search.length, groups: [search] });
    checkedLength(out.length);
    last = i + search.length;
  }
  return out + s.slice(last);
}

function split(s: string, args: readonly unknown[], site: CallSite): unknown {
  const [sep, rawLimit] = args;
  const limit = rawLimit === undefined ? 2 ** 32 - 1 : toInt(rawLimit) >>> 0;
  if (sep instanceof SafeRegex) return sep.split(s, limit, site.charge.bind(site));
  if (sep === undefined) return limit === 0 ? [] : [s];
  const text = toStr(sep);
  const pieces = text === '' ? s.length : occurrences(s, text, site).length + 1;
  checkedLength(Math.min(pieces, limit), 'array');
  return s.split(text, limit);
}

function padded(s: string, args: readonly unknown[], atStart: boolean): string {
  const length = toInt(args[0]);
  checkedLength(length);
  const fill = args[1] === undefined ? ' ' : toStr(args[1]);
  return atStart ? s.padStart(length, fill) : s.padEnd(length, fill);
}

export const STRING_METHODS: ReadonlyMap<string, Method<string>> = new Map<string, Method<string>>([
  ['charAt', (s, a) => s.charAt(toInt(a[0]))],
  ['charCodeAt', (s, a) => s.charCodeAt(toInt(a[0]))],
  ['codePointAt', (s, a) => s.codePointAt(toInt(a[0]))],
  ['at', (s, a) => s.at(toInt(a[0]))],
  ['indexOf', (s, a) => s.indexOf(toStr(a[0]), toInt(a[1]))],
  ['lastIndexOf', (s, a) => s.lastIndexOf(toStr(a[0]), a[1] === undefined || Number.isNaN(toNum(a[1])) ? Infinity : toInt(a[1]))],
  ['includes', (s, a, site) => {
    if (a[0] instanceof SafeRegex) throw runtime('includes() does not take a regular expression', site);
    return s.includes(toStr(a[0]), toInt(a[1]));
  }],
  ['startsWith', (s, a) => s.startsWith(toStr(a[0]), toInt(a[1]))],
  ['endsWith', (s, a) => s.endsWith(toStr(a[0]), a[1] === undefined ? s.length : toInt(a[1]))],
  ['toLowerCase', (s) => s.toLowerCase()],
  ['toUpperCase', (s) => s.toUpperCase()],
  ['toLocaleLowerCase', (s) => s.toLowerCase()],
  ['toLocaleUpperCase', (s) => s.toUpperCase()],
  ['trim', (s) => s.trim()],
  ['trimStart', (s) => s.trimStart()],
  ['trimEnd', (s) => s.trimEnd()],
  ['trimLeft', (s) => s.trimStart()],
  ['trimRight', (s) => s.trimEnd()],
  ['substring', (s, a) => s.substring(toInt(a[0]), optInt(a[1]))],
  ['substr', (s, a) => {
    // Annex B substr, written out because the TS lib marks it deprecated.
    let start = toInt(a[0]);
    if (start < 0) start = Math.max(s.length + start, 0);
    const count = a[1] === undefined ? Infinity : toInt(a[1]);
    return s.slice(start, Math.min(s.length, start + Math.max(count, 0)));
  }],
  ['slice', (s, a) => s.slice(toInt(a[0]), optInt(a[1]))],
  ['split', split],
  ['concat', (s, a) => {
    const parts = a.map(toStr);
    checkedLength(parts.reduce((n, p) => n + p.length, s.length));
    return s + parts.join('');
  }],
  ['padStart', (s, a) => padded(s, a, true)],
  ['padEnd', (s, a) => padded(s, a, false)],
  ['repeat', (s, a, site) => {
    const n = toInt(a[0]);
    if (n < 0 || n === Infinity) throw runtime('invalid count value', site);
    checkedLength(s.length * n);
    return s.repeat(n);
  }],
  ['match', (s, a, site) => asRegex(a[0]).match(s, site.charge.bind(site))],
  ['search', (s, a, site) => asRegex(a[0]).search(s, site.charge.bind(site))],
  ['replace', (s, a, site) => {
    const [pattern, replacement] = a;
    if (pattern instanceof SafeRegex) return pattern.replace(s, replacer(replacement, s, site), site.charge.bind(site));
    const search = toStr(pattern);
    const i = s.indexOf(search);
    return i < 0 ? s : replaceAt(s, search, [i], replacer(replacement, s, site));
  }],
  ['replaceAll', (s, a, site) => {
    const [pattern, replacement] = a;
    if (pattern instanceof SafeRegex) {
      if (!pattern.global) throw runtime('replaceAll() needs a global (g) regular expression', site);
      return pattern.replace(s, replacer(replacement, s, site), site.charge.bind(site));
    }
    const search = toStr(pattern);
    return replaceAt(s, search, occurrences(s, search, site), replacer(replacement, s, site));
  }],
  ['toString', (s) => s],
  ['valueOf', (s) => s],
]);

export const NUMBER_METHODS: ReadonlyMap<string, Method<number>> = new Map<string, Method<number>>([
  ['toString', (n, a, site) => {
    const radix = a[0] === undefined ? 10 : toInt(a[0]);
    if (radix < 2 || radix > 36) throw runtime('toString() radix must be between 2 and 36', site);
    return n.toString(radix);
  }],
  ['toFixed', (n, a, site) => {
    const digits = toInt(a[0]);
    if (digits < 0 || digits > 100) throw runtime('toFixed() digits argument must be between 0 and 100', site);
    return n.toFixed(digits);
  }],
  ['toPrecision', (n, a, site) => {
    if (a[0] === undefined) return String(n);
    const p = toInt(a[0]);
    if (p < 1 || p > 100) throw runtime('toPrecision() argument must be between 1 and 100', site);
    return n.toPrecision(p);
  }],
  ['valueOf', (n) => n],
]);
