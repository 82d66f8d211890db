/**
 * The server's built-in filter/condition operators (XSOAR-FORMATS §1.6.1), as pure functions
 * of already resolved operands. Namespaced names (`string.isEqual`, `general.isExists`) are
 * read through `normaliseOperator` (`plainOperator`); any other name is a filter script
 * (`UnknownOperatorError`).
 *
 * Lists. An operator about one value passes when any item of a list on the left passes against
 * any item of a list on the right (nested lists are flattened, missing items dropped), so a
 * missing left operand never passes. Operators about the value as a whole look at it whole:
 * `isExists`/`isEmpty` (and their negations), `hasLength` (the list's length; a scalar is a
 * list of one), `containsGeneral`/`contains` (a list contains an item equal to the right
 * value, text contains the right text, an object contains the right value as a key), `in`
 * (the reverse of `containsGeneral`), `inList` (the right side is the list: a list value, or
 * comma-separated text) and `isIdenticalIncident`.
 *
 * Negations (`isNotEqualString`, `notIn`, …) are the negation of the positive operator over
 * the whole operand: `["a","b"] isNotEqualString "a"` is false (an item equals), and a missing
 * left operand passes every negated operator.
 *
 * Casts: numbers and dates may be written as text; a present value that does not cast (an
 * object for a string operator, `"abc"` for `greaterThan`) is an `OperatorError`, as XSOAR
 * fails the task. `ignorecase` folds text in the string, general and list operators;
 * `isEqualCase` ignores it.
 */
import { isRecord } from '../../content/content-error.js';
import { readDate } from './dates.js';
import { plainOperator, UnknownOperatorError } from './operator-error.js';
import { compileRegex } from './safe-regex.js';
import { fold, isMissing, itemsOf, looseEqual, requireNumber, scalarText, toBoolean, toNumber, toText } from './values.js';

export interface FilterOptions {
  readonly ignoreCase?: boolean;
}

type Positive = (left: unknown, right: unknown, ignoreCase: boolean, operator: string) => boolean;

/** Text pairs: any left item against any right item; a missing right side is empty text. */
function textPairs(test: (l: string, r: string) => boolean, caseSensitive = false): Positive {
  return (left, right, ignoreCase, op) => {
    const ic = ignoreCase && !caseSensitive;
    const rights = itemsOf(right).map((r) => fold(toText(op, r), ic));
    if (rights.length === 0) rights.push('');
    return itemsOf(left).some((l) => {
      const text = fold(toText(op, l), ic);
      return rights.some((r) => test(text, r));
    });
  };
}

/** Number pairs; missing items on either side do not compare. */
function numberPairs(test: (l: number, r: number) => boolean): Positive {
  return (left, right, _ic, op) => {
    const rights = itemsOf(right).map((r) => toNumber(op, r)).filter((r) => r !== undefined);
    return itemsOf(left).some((l) => {
      const n = toNumber(op, l);
      return n !== undefined && rights.some((r) => test(n, r));
    });
  };
}

function datePairs(test: (l: number, r: number) => boolean): Positive {
  return (left, right, _ic, op) => {
    const rights = itemsOf(right).map((r) => readDate(op, r)?.getTime()).filter((r) => r !== undefined);
    return itemsOf(left).some((l) => {
      const t = readDate(op, l)?.getTime();
      return t !== undefined && rights.some((r) => test(t, r));
    });
  };
}

/** Whether `container` (one value, seen whole) contains `item`. */
function containsGeneral(container: unknown, item: unknown, ignoreCase: boolean): boolean {
  if (isMissing(container) || isMissing(item)) return false;
  if (Array.isArray(container)) return itemsOf(container).some((c) => looseEqual(c, item, ignoreCase));
  const itemText = scalarText(item);
  if (itemText === undefined) return false;
  if (isRecord(container)) return Object.keys(container).some((k) => fold(k, ignoreCase) === fold(itemText, ignoreCase));
  const text = scalarText(container);
  return text !== undefined && fold(text, ignoreCase).includes(fold(itemText, ignoreCase));
}

function isEmptyValue(value: unknown, depth = 0): boolean {
  if (isMissing(value) || value === '') return true;
  if (Array.isArray(value)) return depth < 64 && value.every((v) => isEmptyValue(v, depth + 1));
  return isRecord(value) && Object.keys(value).length === 0;
}

/** The right side of `inList`: a list's items, or comma-separated text, each trimmed. */
function listItems(op: string, right: unknown): string[] {
  if (typeof right === 'string') return right.split(',').map((s) => s.trim());
  return itemsOf(right).map((r) => toText(op, r).trim());
}

const length = (text: string): number => [...text].length;

const POSITIVE: Readonly<Record<string, Positive>> = {
  isEqualString: textPairs((l, r) => l === r),
  isEqualCase: textPairs((l, r) => l === r, true),
  containsString: textPairs((l, r) => l.includes(r)),
  startWith: textPairs((l, r) => l.startsWith(r)),
  endWith: textPairs((l, r) => l.endsWith(r)),
  match: (left, right, ic, op) => {
    const patterns = itemsOf(right).map((r) => compileRegex(op, toText(op, r), { ignoreCase: ic }));
    return itemsOf(left).some((l) => patterns.some((re) => re.test(toText(op, l))));
  },
  stringHasLength: (left, right, _ic, op) => {
    const want = requireNumber(op, itemsOf(right)[0], 'the length');
    return itemsOf(left).some((l) => length(toText(op, l)) === want);
  },
  isEqualNumber: numberPairs((l, r) => l === r),
  greaterThan: numberPairs((l, r) => l > r),
  greaterThanOrEqual: numberPairs((l, r) => l >= r),
  lessThan: numberPairs((l, r) => l < r),
  lessThanOrEqual: numberPairs((l, r) => l <= r),
  isBefore: datePairs((l, r) => l < r),
  isAfter: datePairs((l, r) => l > r),
  isSame: datePairs((l, r) => l === r),
  isEqual: (left, right, ic) => {
    const rights = itemsOf(right);
    return itemsOf(left).some((l) => rights.some((r) => looseEqual(l, r, ic)));
  },
  containsGeneral: (left, right, ic) => {
    const rights = itemsOf(right);
    return rights.length === 0 ? containsGeneral(left, '', ic) : rights.some((r) => containsGeneral(left, r, ic));
  },
  in: (left, right, ic) => itemsOf(left).some((l) => containsGeneral(right, l, ic)),
  inList: (left, right, ic, op) => {
    const list = new Set(listItems(op, right).map((s) => fold(s, ic)));
    return itemsOf(left).some((l) => list.has(fold(toText(op, l).trim(), ic)));
  },
  isExists: (left) => !isMissing(left),
  isEmpty: (left) => isEmptyValue(left),
  isTrue: (left) => itemsOf(left).some((l) => toBoolean(l) === true),
  isFalse: (left) => itemsOf(left).some((l) => toBoolean(l) === false),
  hasLength: (left, right, _ic, op) => itemsOf(left).length === requireNumber(op, itemsOf(right)[0], 'the length'),
  isIdenticalIncident: (left, right, ic) => !isMissing(left) && looseEqual(left, right, ic),
};

const ALIASES: Readonly<Record<string, string>> = { contains: 'containsGeneral' };

/** Each negated operator and the positive one it negates. */
const NEGATED: Readonly<Record<string, string>> = {
  isNotEqual: 'isEqual', isNotEqualCase: 'isEqualCase', isNotEqualNumber: 'isEqualNumber',
  isNotEqualString: 'isEqualString', notContains: 'containsGeneral', notContainsString: 'containsString',
  notContainsGeneral: 'containsGeneral', notStartWith: 'startWith', notEndWith: 'endWith', notInList: 'inList',
  notIn: 'in', isNotExists: 'isExists', isNotEmpty: 'isEmpty', isNotIdenticalIncident: 'isIdenticalIncident',
};

/** Every built-in filter name this module evaluates (the plain spellings). */
export const FILTER_NAMES: readonly string[] = [...Object.keys(POSITIVE), ...Object.keys(ALIASES), ...Object.keys(NEGATED)];

/** Whether `name` (plain or namespaced) is a built-in filter, as opposed to a filter script. */
export function isFilter(name: string): boolean {
  const plain = plainOperator(name);
  return Object.hasOwn(POSITIVE, plain) || Object.hasOwn(ALIASES, plain) || Object.hasOwn(NEGATED, plain);
}

/**
 * Evaluates one filter on resolved operands. Throws `UnknownOperatorError` for a name that is
 * not a built-in (run the filter script instead) and `OperatorError` for a failed cast or an
 * invalid regex.
 */
export function evaluateFilter(operator: string, left: unknown, right: unknown, options: FilterOptions = {}): boolean {
  const plain = plainOperator(operator);
  const negates = Object.hasOwn(NEGATED, plain) ? NEGATED[plain] : undefined;
  const base = negates ?? (Object.hasOwn(ALIASES, plain) ? ALIASES[plain] : undefined) ?? plain;
  const positive = Object.hasOwn(POSITIVE, base) ? POSITIVE[base] : undefined;
  if (positive === undefined) throw new UnknownOperatorError(operator, 'filter');
  const result = positive(left, right, options.ignoreCase === true, operator);
  return negates === undefined ? result : !result;
}
