/**
 * Filter (condition) and transformer operators. The server has a fixed set of built-ins
 * (XSOAR-FORMATS §1.6.1 and §1.13, from `server_content_items.json`); any other operator name
 * is an automation script tagged `filter` or `transformer`, by name or by id (a UUID), and so
 * a dependency of the content that uses it.
 */
import { isRecord } from './content-error.js';
import { isOtherMarketplaceKey, splitMarketplaceKey } from './marketplace.js';

export const BUILTIN_FILTERS = [
  'isEqual', 'isNotEqual', 'isEqualCase', 'isNotEqualCase', 'isEqualNumber', 'isNotEqualNumber',
  'isEqualString', 'isNotEqualString', 'contains', 'notContains', 'containsString', 'notContainsString',
  'startWith', 'notStartWith', 'endWith', 'notEndWith', 'inList', 'notInList', 'match', 'stringHasLength',
  'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'isSame', 'isBefore', 'isAfter',
  'isTrue', 'isFalse', 'isExists', 'isNotExists', 'isEmpty', 'isNotEmpty', 'in', 'notIn', 'hasLength',
  'isIdenticalIncident', 'isNotIdenticalIncident', 'containsGeneral', 'notContainsGeneral',
] as const;

export const BUILTIN_TRANSFORMERS = [
  'toUpperCase', 'toLowerCase', 'substringFrom', 'substringTo', 'substring', 'split', 'splitAndTrim', 'trim',
  'replace', 'replaceMatch', 'concat', 'strLength', 'round', 'floor', 'ceil', 'addition', 'subtraction',
  'multiply', 'division', 'modulo', 'toPercent', 'abs', 'precision', 'quadraticEquation', 'toString', 'toUnix',
  'getField', 'sort', 'count', 'atIndex', 'join', 'uniq', 'indexOf', 'slice', 'sliceByItem', 'splice',
  'Stringify', 'append', 'ConvertKeysToTableFieldFormat',
] as const;

/** Namespaced spellings that do not simply drop their prefix. */
const RENAMED: Readonly<Record<string, string>> = {
  'string.isEqual': 'isEqualString',
  'string.isNotEqual': 'isNotEqualString',
  'number.isEqual': 'isEqualNumber',
  'number.isNotEqual': 'isNotEqualNumber',
};
const NAMESPACES = ['general.', 'string.', 'number.', 'date.', 'boolean.'];

/**
 * The plain name of a namespaced operator (`general.isExists` → `isExists`,
 * `string.isEqual` → `isEqualString`); other names unchanged.
 */
export function normaliseOperator(name: string): string {
  const renamed = Object.hasOwn(RENAMED, name) ? RENAMED[name] : undefined;
  if (renamed !== undefined) return renamed;
  const ns = NAMESPACES.find((p) => name.startsWith(p));
  return ns === undefined ? name : name.slice(ns.length);
}

export function isBuiltinFilter(name: string): boolean {
  return (BUILTIN_FILTERS as readonly string[]).includes(normaliseOperator(name));
}

export function isBuiltinTransformer(name: string): boolean {
  return (BUILTIN_TRANSFORMERS as readonly string[]).includes(normaliseOperator(name));
}

export interface OperatorUse {
  readonly role: 'filter' | 'transformer';
  readonly operator: string;
}

/**
 * Every operator used anywhere inside a value: in `transformers` lists (transformers), and in
 * `filters`, `condition` and `builtincondition` lists of lists (filters), at any depth, so
 * operators inside transformer arguments count too; entries suffixed for another marketplace
 * do not. In the order met, repeats included.
 */
export function operatorsIn(value: unknown): OperatorUse[] {
  const out: OperatorUse[] = [];
  walk(value, out, 0);
  return out;
}

const FILTER_KEYS = new Set(['filters', 'condition', 'builtincondition']);

function walk(value: unknown, out: OperatorUse[], depth: number): void {
  if (depth > 200) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, out, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (isOtherMarketplaceKey(key)) continue;
    const { base } = splitMarketplaceKey(key);
    if (base === 'transformers' && Array.isArray(item)) {
      for (const t of item) if (isRecord(t) && typeof t['operator'] === 'string') out.push({ role: 'transformer', operator: t['operator'] });
    } else if (FILTER_KEYS.has(base) && Array.isArray(item)) {
      for (const group of item) {
        if (!Array.isArray(group)) continue;
        for (const f of group) if (isRecord(f) && typeof f['operator'] === 'string') out.push({ role: 'filter', operator: f['operator'] });
      }
    }
    walk(item, out, depth + 1);
  }
}
