/**
 * Built-in transformers that XSOAR applies to the whole list (`a,b,c` count → 3): count, join,
 * sort, uniq, atIndex, indexOf, slice, sliceByItem, splice, append. Each gets the value's items
 * (a scalar is a list of one, nothing is an empty list; nested lists flattened as DT does).
 * Indexes are whole numbers of 0 or more; ranges past the end are cut at the end. `join`
 * writes objects as JSON; `sort` sorts numerically when every item is a number (or numeric
 * text), else by text, and fails on objects; `uniq` keeps the first of equal items (`1` and
 * `"1"` differ). The argument names of `sort` (`descending`), `indexOf` and `sliceByItem`
 * (`item`) and `splice` (`index`, `deleteCount`, `item`) are not confirmed by any content or
 * documentation at hand: revisit them when a playbook uses one.
 */
import type { TransformerArgs } from './transformer-args.js';
import { identityKey, itemsOf, looseEqual, numericOrUndefined, scalarText, toText } from './values.js';

export type ListTransformer = (items: unknown[], args: TransformerArgs, value: unknown) => unknown;

function sortItems(items: unknown[], args: TransformerArgs): unknown[] {
  const descending = args.boolean('descending', false);
  const numbers = items.map(numericOrUndefined);
  const numeric = items.length > 0 && numbers.every((n) => n !== undefined);
  const keyed = items.map((item, i) => ({ item, n: numbers[i] ?? 0, t: numeric ? '' : toText(args.operator, item) }));
  keyed.sort((x, y) => (numeric ? x.n - y.n : x.t < y.t ? -1 : x.t > y.t ? 1 : 0));
  const sorted = keyed.map((k) => k.item);
  return descending ? sorted.reverse() : sorted;
}

function uniq(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = identityKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `indexOf`: the position of the first item equal to `item` in a list, -1 when absent; on
 * text (not a list) the position of `item` in the text, as "index of" reads there.
 */
function indexOf(items: unknown[], args: TransformerArgs, value: unknown): number {
  const wanted = args.raw('item');
  if (typeof value === 'string') {
    const at = value.indexOf(args.text('item', ''));
    return at < 0 ? -1 : [...value.slice(0, at)].length;
  }
  return items.findIndex((item) => looseEqual(item, wanted, false));
}

function splice(items: unknown[], args: TransformerArgs): unknown[] {
  const out = [...items];
  out.splice(args.index('index', 0), args.index('deleteCount', 0), ...itemsOf(args.raw('item')));
  return out;
}

function join(items: unknown[], args: TransformerArgs): string {
  const separator = args.text('separator', ',');
  return items.map((item) => scalarText(item) ?? JSON.stringify(item)).join(separator);
}

export const LIST_TRANSFORMERS: Readonly<Record<string, { readonly args: readonly string[]; readonly apply: ListTransformer }>> = {
  count: { args: [], apply: (items) => items.length },
  join: { args: ['separator'], apply: join },
  sort: { args: ['descending'], apply: sortItems },
  uniq: { args: [], apply: uniq },
  atIndex: {
    args: ['index'],
    apply: (items, a) => {
      const index = a.index('index');
      if (index === undefined) throw a.error('index', 'is required');
      return items[index];
    },
  },
  indexOf: { args: ['item'], apply: indexOf },
  slice: { args: ['from', 'to'], apply: (items, a) => items.slice(a.index('from', 0), a.index('to')) },
  sliceByItem: {
    args: ['item'],
    apply: (items, a) => {
      const wanted = a.raw('item');
      const at = items.findIndex((item) => looseEqual(item, wanted, false));
      return at < 0 ? [] : items.slice(at);
    },
  },
  splice: { args: ['index', 'deleteCount', 'item'], apply: splice },
  append: { args: ['item'], apply: (items, a) => [...items, ...itemsOf(a.raw('item'))] },
};
