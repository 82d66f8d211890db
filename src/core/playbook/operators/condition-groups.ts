/**
 * XSOAR's filter groups, as written in `conditions[].condition`, `loop.builtincondition` and
 * the `filters` of a complex value (XSOAR-FORMATS §1.5, §1.6): a list of groups that must all
 * hold (AND), each a list of filters of which one must hold (OR). Operands stay as content
 * wrote them (`{value: {simple|complex}, iscontext}`); the caller resolves them, so this module
 * knows nothing of the context language.
 */
import { isRecord } from '../../content/content-error.js';
import { evaluateFilter } from './filters.js';
import { OperatorError } from './operator-error.js';
import { isMissing } from './values.js';

export interface FilterSpec {
  readonly operator: string;
  /** The operand object as written: `{value: {simple: …} | {complex: …}, iscontext?: true}`. */
  readonly left: unknown;
  /** Undefined when the filter has no right side (`isExists`, `isTrue`, …). */
  readonly right: unknown;
  readonly ignoreCase: boolean;
}

export type FilterGroups = readonly (readonly FilterSpec[])[];

/** The list item a filter of a complex value is evaluated for, and the root it came from. */
export interface ItemScope {
  readonly root: string;
  readonly item: unknown;
}

/** Resolves an operand to its value; `scope` is set while filtering the items of a list. */
export type OperandResolver = (operand: unknown, scope?: ItemScope) => unknown;

/**
 * Reads filter groups as content writes them; `null`/absent is no group (always true). An
 * empty inner list is dropped (the editor leaves them; as an OR of nothing it would fail the
 * whole condition). Throws `OperatorError` when the shape is wrong.
 */
export function parseGroups(raw: unknown): FilterSpec[][] {
  if (isMissing(raw)) return [];
  if (!Array.isArray(raw)) throw new OperatorError('filters', 'expected a list of filter groups');
  const groups: FilterSpec[][] = [];
  raw.forEach((group: unknown, g) => {
    if (!Array.isArray(group)) throw new OperatorError('filters', `group ${g + 1} is not a list of filters`);
    const filters = group.map((f: unknown, i): FilterSpec => {
      const where = `group ${g + 1}, filter ${i + 1}`;
      if (!isRecord(f)) throw new OperatorError('filters', `${where} is not an object`);
      const operator = f['operator'];
      if (typeof operator !== 'string' || operator.trim() === '') throw new OperatorError('filters', `${where} has no operator`);
      // Playbooks write `ignorecase`; classifiers and mappers write `ignoreCase`.
      const ic = f['ignorecase'] ?? f['ignoreCase'];
      return { operator: operator.trim(), left: f['left'], right: f['right'], ignoreCase: ic === true || ic === 'true' };
    });
    if (filters.length > 0) groups.push(filters);
  });
  return groups;
}

/** Whether every group has a filter that holds; the right operand is resolved only when present. */
export function evaluateGroups(groups: FilterGroups, resolve: (operand: unknown) => unknown): boolean {
  return groups.every((group) =>
    group.some((f) => evaluateFilter(f.operator, resolve(f.left), f.right === undefined ? undefined : resolve(f.right), { ignoreCase: f.ignoreCase })),
  );
}

/**
 * The items of a complex value's root that pass `groups`. Operand paths are written with the
 * root as prefix (root `Severities`, left `Severities.DBotScoreSeverity`): a context operand
 * whose plain path is the root or below it reads the current item (the root itself is the
 * item, `Severities.X` is its field `X`), on either side. Other operands (literals, paths
 * outside the root, complex values, DT expressions) go to `resolve` with the item's scope.
 *
 * A list keeps its passing items; a single value (object or scalar) is one item. When no item
 * passes the result is missing (`undefined`), not an empty list: content tests filtered values
 * with `isExists` (*Calculate Severity By Highest DBotScore* picks its label with `isExists`
 * on `DBotScoreCache.Score` filtered by score), and `isExists` holds for an empty list. A
 * missing value stays missing; no groups keep everything.
 */
export function filterList(value: unknown, root: string, groups: FilterGroups, resolve: OperandResolver): unknown {
  if (groups.length === 0 || isMissing(value)) return value;
  const passes = (item: unknown): boolean =>
    evaluateGroups(groups, (operand) => {
      const path = contextPath(operand);
      const rel = path === undefined ? undefined : relativePath(root, path);
      return rel === undefined ? resolve(operand, { root, item }) : itemField(item, rel);
    });
  if (!Array.isArray(value)) return passes(value) ? value : undefined;
  const kept = value.filter((item) => !isMissing(item) && passes(item));
  return kept.length === 0 ? undefined : kept;
}

/** The path of a context operand (`{value: {simple: 'a.b'}, iscontext: true}`) without `${}`. */
export function contextPath(operand: unknown): string | undefined {
  if (!isRecord(operand) || (operand['iscontext'] !== true && operand['iscontext'] !== 'true')) return undefined;
  const value = operand['value'];
  const simple = isRecord(value) ? value['simple'] : undefined;
  return typeof simple === 'string' && !simple.includes('${') ? simple.trim() : undefined;
}

/**
 * `path` relative to `root`: '' for the root itself, `X.Y` for `root.X.Y`, undefined when the
 * path is elsewhere or either side is a DT expression (selectors and indexes are the
 * resolver's business).
 */
export function relativePath(root: string, path: string): string | undefined {
  const r = root.trim();
  if (r === '' || /[${}()[\]]/.test(r) || /[${}()[\]]/.test(path)) return undefined;
  if (path === r) return '';
  return path.startsWith(`${r}.`) ? path.slice(r.length + 1) : undefined;
}

/**
 * A dotted field path inside one value, as DT reads it: through a list each item is read and
 * the results are flattened; a key that itself contains dots is found too (`a.b` as one key
 * before `a` then `b`). Missing fields are `undefined`.
 */
export function itemField(value: unknown, path: string, depth = 0): unknown {
  if (path === '') return value;
  if (depth > 64) return undefined;
  if (Array.isArray(value)) {
    const found = value.map((v) => itemField(v, path, depth + 1)).filter((v) => !isMissing(v));
    const flat = found.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
    return flat.length === 0 ? undefined : flat;
  }
  if (!isRecord(value)) return undefined;
  if (Object.hasOwn(value, path)) return value[path];
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const key = path.slice(0, dot);
    if (Object.hasOwn(value, key)) return itemField(value[key], path.slice(dot + 1), depth + 1);
  }
  return undefined;
}
