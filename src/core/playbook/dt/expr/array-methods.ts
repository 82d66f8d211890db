/**
 * The allowed methods of arrays. Context arrays are shared with the caller, so nothing here
 * mutates: `sort` and `reverse` return sorted/reversed copies (a documented difference from
 * JavaScript, where they work in place). Callbacks are arrow functions or declared functions,
 * called through the interpreter so their work is charged to the budget.
 */
import { DtError, LIMITS, checkedLength } from '../dt-error.js';
import { ELEMENTS_PER_STEP } from './builtins.js';
import { type CallSite, Internal, joinArray, toInt, toNum, toStr, truthy } from './values.js';

type Method = (self: readonly unknown[], args: readonly unknown[], site: CallSite) => unknown;

function callback(args: readonly unknown[], name: string, site: CallSite): Internal {
  const fn = args[0];
  if (!(fn instanceof Internal) || !fn.callable) throw new DtError('runtime', `${name}() needs a function`, site.pos);
  return fn;
}

/** Calls `fn(element, index, array)` for each element until `stop` says so. */
function each(self: readonly unknown[], args: readonly unknown[], name: string, site: CallSite, visit: (result: unknown, el: unknown, k: number) => boolean): void {
  const fn = callback(args, name, site);
  for (let k = 0; k < self.length; k++) {
    if (!visit(site.call(fn, [self[k], k, self]), self[k], k)) return;
  }
}

function flatten(items: readonly unknown[], depth: number, out: unknown[], level = 0): unknown[] {
  if (level > LIMITS.valueDepth) throw new DtError('limit', 'arrays nested too deeply to flatten');
  for (const item of items) {
    if (Array.isArray(item) && depth > 0) flatten(item, depth - 1, out, level + 1);
    else out.push(item);
    checkedLength(out.length, 'array');
  }
  return out;
}

/** JavaScript's default sort order: by string form, `undefined` last. */
function defaultOrder(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : 1) : -1;
  const x = toStr(a);
  const y = toStr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function bulk(self: readonly unknown[], site: CallSite): void {
  site.charge(Math.ceil(self.length / ELEMENTS_PER_STEP));
}

export const ARRAY_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['indexOf', (self, a, site) => (bulk(self, site), self.indexOf(a[0], toInt(a[1])))],
  ['lastIndexOf', (self, a, site) => (bulk(self, site), a[1] === undefined ? self.lastIndexOf(a[0]) : self.lastIndexOf(a[0], toInt(a[1])))],
  ['includes', (self, a, site) => (bulk(self, site), self.includes(a[0], toInt(a[1])))],
  ['join', (self, a, site) => (bulk(self, site), joinArray(self, a[0] === undefined ? ',' : toStr(a[0])))],
  ['toString', (self, _a, site) => (bulk(self, site), joinArray(self, ','))],
  ['at', (self, a) => self.at(toInt(a[0]))],
  ['slice', (self, a, site) => (bulk(self, site), self.slice(toInt(a[0]), a[1] === undefined ? undefined : toInt(a[1])))],
  ['concat', (self, a, site) => {
    const out = [...self];
    for (const v of a) {
      if (Array.isArray(v)) for (const x of v as unknown[]) out.push(x); // a spread would overflow on huge lists
      else out.push(v);
      checkedLength(out.length, 'array');
    }
    bulk(out, site);
    return out;
  }],
  ['flat', (self, a, site) => (bulk(self, site), flatten(self, a[0] === undefined ? 1 : toInt(a[0]), []))],
  ['reverse', (self, _a, site) => (bulk(self, site), [...self].reverse())],
  ['sort', (self, a, site) => {
    bulk(self, site);
    const fn = a[0];
    if (fn === undefined) return [...self].sort(defaultOrder);
    const cmp = callback(a, 'sort', site);
    return [...self].sort((x, y) => {
      if (x === undefined || y === undefined) return defaultOrder(x, y);
      const r = toNum(site.call(cmp, [x, y]));
      return Number.isNaN(r) ? 0 : r;
    });
  }],
  ['map', (self, a, site) => {
    const out: unknown[] = [];
    each(self, a, 'map', site, (r) => (out.push(r), true));
    return out;
  }],
  ['filter', (self, a, site) => {
    const out: unknown[] = [];
    each(self, a, 'filter', site, (r, el) => (truthy(r) && out.push(el), true));
    return out;
  }],
  ['some', (self, a, site) => {
    let found = false;
    each(self, a, 'some', site, (r) => !(found = truthy(r)));
    return found;
  }],
  ['every', (self, a, site) => {
    let all = true;
    each(self, a, 'every', site, (r) => (all = truthy(r)));
    return all;
  }],
  ['find', (self, a, site) => {
    let hit: unknown;
    each(self, a, 'find', site, (r, el) => (truthy(r) ? ((hit = el), false) : true));
    return hit;
  }],
  ['findIndex', (self, a, site) => {
    let hit = -1;
    each(self, a, 'findIndex', site, (r, _el, k) => (truthy(r) ? ((hit = k), false) : true));
    return hit;
  }],
  ['reduce', (self, a, site) => {
    const fn = callback(a, 'reduce', site);
    let k = 0;
    let acc: unknown;
    if (a.length >= 2) acc = a[1];
    else if (self.length === 0) throw new DtError('runtime', 'reduce of empty array with no initial value', site.pos);
    else acc = self[k++];
    for (; k < self.length; k++) acc = site.call(fn, [acc, self[k], k, self]);
    return acc;
  }],
]);
