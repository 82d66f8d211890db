/**
 * Built-in transformers that XSOAR applies to each item of a list (`a,b,c` toUpperCase →
 * `A,B,C`): string, number and date transformers, `getField`, `Stringify` and
 * `ConvertKeysToTableFieldFormat`. Each function here gets one present item; the caller maps
 * it over lists. Indexes and lengths count characters (code points), not UTF-16 units.
 *
 * `Stringify` leaves text as it is (content strips a `Z` from a stringified date) and writes
 * anything else as JSON; the whole list as one JSON text is the `StringifyArray` script.
 * `replace` is literal, all occurrences unless `limit` (Go's strings.Replace); `split` splits
 * on `,` when `delimiter` is unset. `toString` is "Date to string" (`format`, a Go layout).
 * `toPercent` (`total`: value/total×100, or value×100 without it), `precision` (`by` decimal
 * places) and `quadraticEquation` (`a`x²+`b`x+`c`) take argument names that no content or
 * documentation at hand confirms: revisit them when a playbook uses one.
 */
import { isRecord } from '../../content/content-error.js';
import { itemField } from './condition-groups.js';
import { parseDate, RFC822, unixSeconds } from './dates.js';
import { formatGoLayout } from './go-time-layout.js';
import { OperatorError } from './operator-error.js';
import { compileRegex, replaceAllMatches } from './safe-regex.js';
import type { TransformerArgs } from './transformer-args.js';
import { describe, toNumber, toText } from './values.js';

export type ItemTransformer = (item: unknown, args: TransformerArgs) => unknown;

const chars = (text: string): string[] => [...text];

function text(args: TransformerArgs, item: unknown): string {
  return toText(args.operator, item);
}

function num(args: TransformerArgs, item: unknown): number {
  const n = toNumber(args.operator, item);
  if (n === undefined) throw new OperatorError(args.operator, 'cannot read empty text as a number');
  return n;
}

function date(args: TransformerArgs, item: unknown): Date {
  const d = parseDate(item);
  if (!d) throw new OperatorError(args.operator, `cannot read ${describe(item)} as a date`);
  return d;
}

/** Go's math.Round: halves away from zero (JavaScript's Math.round rounds -2.5 to -2). */
function roundHalfAway(n: number): number {
  return Math.sign(n) * Math.round(Math.abs(n));
}

function divisor(args: TransformerArgs): number {
  const by = args.requiredNumber('by');
  if (by === 0) throw args.error('by', 'must not be 0');
  return by;
}

/** Go's strings.Replace: `limit` replacements from the left, all when unset or negative. */
function replaceLiteral(source: string, find: string, replacement: string, limit: number): string {
  let out = '';
  let rest = source;
  for (let n = 0; limit < 0 || n < limit; n++) {
    const at = rest.indexOf(find);
    if (at < 0) break;
    out += rest.slice(0, at) + replacement;
    rest = rest.slice(at + find.length);
  }
  return out + rest;
}

function substring(args: TransformerArgs, item: unknown, from: number, to?: number): string {
  const cs = chars(text(args, item));
  const end = Math.min(to ?? cs.length, cs.length);
  return from >= end ? '' : cs.slice(from, end).join('');
}

function split(args: TransformerArgs, item: unknown): string[] {
  const delimiter = args.text('delimiter', ',');
  const source = text(args, item);
  return delimiter === '' ? chars(source) : source.split(delimiter);
}

/** Table (grid) field keys: lower case letters and digits only (`Max Results` → `maxresults`). */
function tableKeys(item: unknown): unknown {
  if (!isRecord(item)) return item;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) out[key.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')] = value;
  return out;
}

// "Date to string" (`format`: a Go layout, RFC 822 by default). Declared apart because a
// `toString` key in the table literal is typed against Object.prototype.toString.
const DATE_TO_STRING: { readonly args: readonly string[]; readonly apply: ItemTransformer } = {
  args: ['format'],
  apply: (item, a) => formatGoLayout(date(a, item), a.text('format') || RFC822),
};

export const ITEM_TRANSFORMERS: Readonly<Record<string, { readonly args: readonly string[]; readonly apply: ItemTransformer }>> = {
  toUpperCase: { args: [], apply: (item, a) => text(a, item).toUpperCase() },
  toLowerCase: { args: [], apply: (item, a) => text(a, item).toLowerCase() },
  trim: { args: [], apply: (item, a) => text(a, item).trim() },
  strLength: { args: [], apply: (item, a) => chars(text(a, item)).length },
  substringFrom: { args: ['from'], apply: (item, a) => substring(a, item, a.index('from', 0)) },
  substringTo: { args: ['to'], apply: (item, a) => substring(a, item, 0, a.index('to')) },
  substring: { args: ['from', 'to'], apply: (item, a) => substring(a, item, a.index('from', 0), a.index('to')) },
  split: { args: ['delimiter'], apply: (item, a) => split(a, item) },
  splitAndTrim: { args: ['delimiter'], apply: (item, a) => split(a, item).map((s) => s.trim()) },
  concat: { args: ['prefix', 'suffix'], apply: (item, a) => a.text('prefix', '') + text(a, item) + a.text('suffix', '') },
  replace: {
    args: ['toReplace', 'replaceWith', 'limit'],
    apply: (item, a) => {
      const limit = a.number('limit');
      if (limit !== undefined && !Number.isInteger(limit)) throw a.error('limit', 'must be a whole number');
      return replaceLiteral(text(a, item), a.requiredText('toReplace'), a.text('replaceWith', ''), limit ?? -1);
    },
  },
  replaceMatch: {
    args: ['regex', 'replaceWith'],
    apply: (item, a) => replaceAllMatches(text(a, item), compileRegex(a.operator, a.requiredText('regex'), { global: true }), a.text('replaceWith', '')),
  },
  round: { args: [], apply: (item, a) => roundHalfAway(num(a, item)) },
  floor: { args: [], apply: (item, a) => Math.floor(num(a, item)) },
  ceil: { args: [], apply: (item, a) => Math.ceil(num(a, item)) },
  abs: { args: [], apply: (item, a) => Math.abs(num(a, item)) },
  addition: { args: ['by'], apply: (item, a) => num(a, item) + a.requiredNumber('by') },
  subtraction: { args: ['by'], apply: (item, a) => num(a, item) - a.requiredNumber('by') },
  multiply: { args: ['by'], apply: (item, a) => num(a, item) * a.requiredNumber('by') },
  division: { args: ['by'], apply: (item, a) => num(a, item) / divisor(a) },
  modulo: { args: ['by'], apply: (item, a) => num(a, item) % divisor(a) },
  precision: {
    args: ['by'],
    apply: (item, a) => {
      const scale = 10 ** a.index('by', 0);
      return roundHalfAway(num(a, item) * scale) / scale;
    },
  },
  toPercent: {
    args: ['total'],
    apply: (item, a) => {
      const total = a.number('total');
      if (total === 0) throw a.error('total', 'must not be 0');
      return total === undefined ? num(a, item) * 100 : (num(a, item) / total) * 100;
    },
  },
  quadraticEquation: {
    args: ['a', 'b', 'c'],
    apply: (item, a) => {
      const x = num(a, item);
      return (a.number('a') ?? 0) * x * x + (a.number('b') ?? 0) * x + (a.number('c') ?? 0);
    },
  },
  toString: DATE_TO_STRING,
  toUnix: { args: [], apply: (item, a) => unixSeconds(date(a, item)) },
  getField: { args: ['field'], apply: (item, a) => itemField(item, a.requiredText('field')) },
  Stringify: { args: [], apply: (item) => (typeof item === 'string' ? item : JSON.stringify(item)) },
  ConvertKeysToTableFieldFormat: { args: [], apply: (item) => tableKeys(item) },
};
