/**
 * The XSOAR value resolver: what a playbook's value objects (`scriptarguments`, inputs,
 * condition operands, transformer arguments; XSOAR-FORMATS §1.5, §1.6, §1.13) mean in a run.
 *
 * - `{simple: text}` with `${…}` is interpolated (`interpolate`: one whole placeholder gives the
 *   raw value, text around placeholders gives text). Other scalars are their source text, as
 *   XSOAR passes strings to scripts (YAML `1` → `"1"`, `true` → `"true"`); null and `{}` are no
 *   value.
 * - `{complex}`: the root, read as a DT path → `filters` (items of a list kept when the groups
 *   hold for them, `filterList`) → `accessor` → `transformers` in order. A built-in transformer
 *   runs as `applyTransformer`; any other name is a script, given to `scope.scriptTransformer`
 *   with the whole value (running it per item or on the entire list is the script's business).
 * - An operand (`{value, iscontext}`) with `iscontext` and a `simple` text reads that text as a
 *   DT path; otherwise it is its value object resolved.
 * - A path or root that is exactly one `${X}` is the same as `X`; one with text around its
 *   placeholders (`Account(val.Username == '${inputs.User}')`) is interpolated as text first and
 *   then read as a path. An empty path is no value (never the whole context).
 * - While a complex value's items are filtered, an operand path below the root reads the item.
 *   `filterList` does this for plain dotted paths; this module adds paths with DT syntax after
 *   the root (`Root.X(val > 1)`, `Root.[0]`) and complex operands whose root is below it.
 *
 * Work is bounded: every DT evaluation of one call shares one `Budget` (the scope's, or a fresh
 * one per call), and value objects nested deeper than `MAX_NESTING` (transformer arguments
 * holding complex values holding filters…) are refused. Every failure is a `ValueError`.
 */
import { isRecord } from '../../content/content-error.js';
import { Budget, type DqOptions, dq, findPlaceholders, interpolate, interpolateText } from '../dt/index.js';
import { applyTransformer, evaluateGroups, filterList, type ItemScope, isUnknownOperator, itemField, parseGroups } from '../operators/index.js';
import { at, isValueFailure, quote, ValueError } from './value-error.js';

/** Runs a script-based transformer on the whole value; throws to fail the task. */
export type ScriptTransformer = (name: string, value: unknown, args: Record<string, unknown>) => unknown;

export interface ResolveScope {
  /** What DT paths read: the run's context plus the roots `incident`, `inputs`, `lists`, `currentPlaybookID`. */
  view: Readonly<Record<string, unknown>>;
  /** Bounds all DT work of the call; a fresh `Budget` per call when absent. */
  budget?: Budget;
  scriptTransformer?: ScriptTransformer;
}

/** Value objects nested inside each other deeper than this are refused as hostile. */
export const MAX_NESTING = 32;

/** Characters that make a path more than plain dotted keys. */
const DT_SYNTAX = /[${}()[\]=]/;

const missing = (v: unknown): v is null | undefined => v === null || v === undefined;

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${quote(String(v))}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** `path` relative to a plain `root`: '' for the root itself, the rest after `root.`, `root(` or `root[`. */
function belowRoot(root: string, path: string): string | undefined {
  const r = root.trim();
  if (r === '' || DT_SYNTAX.test(r)) return undefined;
  if (path === r) return '';
  if (!path.startsWith(r)) return undefined;
  const next = path[r.length];
  if (next === '.') return path.slice(r.length + 1);
  return next === '(' || next === '[' ? path.slice(r.length) : undefined;
}

class Resolver {
  readonly #dq: DqOptions;
  #depth = 0;

  constructor(readonly scope: ResolveScope) {
    this.#dq = { budget: scope.budget ?? new Budget(), top: scope.view };
  }

  /** A `{simple}` / `{complex}` value object. */
  value(v: unknown, item?: ItemScope): unknown {
    if (missing(v)) return undefined;
    if (!isRecord(v)) throw new ValueError(`expected a value object ({simple} or {complex}), not ${describe(v)}`);
    if (++this.#depth > MAX_NESTING) throw new ValueError(`value objects nested deeper than ${MAX_NESTING}`);
    try {
      const complex = v['complex'];
      if (isRecord(complex)) return this.complex(complex, item);
      if (!missing(complex)) throw new ValueError(`complex must be an object, not ${describe(complex)}`);
      return this.simple(v['simple']);
    } finally {
      this.#depth--;
    }
  }

  simple(s: unknown): unknown {
    if (missing(s)) return undefined;
    if (typeof s === 'string') return s.includes('${') ? at(`value ${quote(s)}`, () => interpolate(s, this.scope.view, this.#dq)) : s;
    if (typeof s === 'number' || typeof s === 'boolean' || typeof s === 'bigint') return String(s);
    throw new ValueError(`simple must be text, not ${describe(s)}`);
  }

  /** A DT path as content writes it (see the module header for `${…}` and item scope). */
  path(text: string, item?: ItemScope): unknown {
    return at(`path ${quote(text)}`, () => {
      let path = text.trim();
      if (path.includes('${')) {
        const found = findPlaceholders(path);
        const only = found[0];
        if (found.length === 1 && only && only.start === 0 && only.end === path.length) return interpolate(path, this.scope.view, this.#dq);
        path = interpolateText(path, this.scope.view, this.#dq).trim();
      }
      if (path === '') return undefined;
      const rel = item ? belowRoot(item.root, path) : undefined;
      if (item && rel !== undefined) return rel === '' ? item.item : dq(item.item, rel, this.#dq);
      return dq(this.scope.view, path, this.#dq);
    });
  }

  complex(c: Record<string, unknown>, item?: ItemScope): unknown {
    const root = c['root'];
    if (!missing(root) && typeof root !== 'string') throw new ValueError(`complex root must be text, not ${describe(root)}`);
    const where = `complex ${quote(root ?? '')}`;
    let v = root === undefined || root === null ? undefined : this.path(root, item);
    if (!missing(c['filters'])) {
      const groups = at(`${where} filters`, () => parseGroups(c['filters']));
      if (groups.length > 0) v = at(`${where} filters`, () => filterList(v, root ?? '', groups, (op, scope) => this.operand(op, scope)));
    }
    const accessor = c['accessor'];
    if (!missing(accessor) && typeof accessor !== 'string') throw new ValueError(`${where}: accessor must be text, not ${describe(accessor)}`);
    if (accessor && accessor.trim() !== '') v = at(`${where} accessor ${quote(accessor)}`, () => this.access(v, accessor.trim()));
    const transformers = c['transformers'];
    if (missing(transformers)) return v;
    if (!Array.isArray(transformers)) throw new ValueError(`${where}: transformers must be a list`);
    for (const t of transformers as unknown[]) {
      const name = isRecord(t) ? t['operator'] : undefined;
      if (!isRecord(t) || typeof name !== 'string' || name.trim() === '') throw new ValueError(`${where}: a transformer has no operator`);
      const op = name.trim();
      v = at(`${where} transformer ${quote(op)}`, () => this.transform(op, v, this.transformerArgs(t['args'])));
    }
    return v;
  }

  /** Plain dotted accessors read fields like the filters do; others are DT paths over the value. */
  access(v: unknown, accessor: string): unknown {
    if (!DT_SYNTAX.test(accessor)) return itemField(v, accessor);
    const path = accessor.includes('${') ? interpolateText(accessor, this.scope.view, this.#dq) : accessor;
    return dq(v, path, this.#dq);
  }

  transformerArgs(args: unknown): Record<string, unknown> {
    if (missing(args)) return {};
    if (!isRecord(args)) throw new ValueError(`transformer args must be an object, not ${describe(args)}`);
    const out: [string, unknown][] = [];
    for (const key of Object.keys(args)) {
      const v = at(`argument ${quote(key)}`, () => this.operand(args[key]));
      if (!missing(v)) out.push([key, v]);
    }
    return Object.fromEntries(out); // own data properties, even for a key named "__proto__"
  }

  transform(name: string, v: unknown, args: Record<string, unknown>): unknown {
    try {
      return applyTransformer(name, v, args);
    } catch (error) {
      const script = this.scope.scriptTransformer;
      if (!isUnknownOperator(error) || script === undefined) throw error;
      try {
        return script(name, v, args);
      } catch (failure) {
        // The script is content failing, whatever the engine threw: a task error, not a crash.
        if (isValueFailure(failure) || !(failure instanceof Error)) throw failure;
        throw new ValueError(`script failed: ${failure.message}`, { cause: failure });
      }
    }
  }

  /** `{value: {simple|complex}, iscontext}`; `isContext` (classifiers, mappers) is read too. */
  operand(o: unknown, item?: ItemScope): unknown {
    if (missing(o)) return undefined;
    if (!isRecord(o)) throw new ValueError(`expected an operand ({value, iscontext}), not ${describe(o)}`);
    const flag = o['iscontext'] ?? o['isContext'];
    const value = o['value'];
    const simple = isRecord(value) && missing(value['complex']) ? value['simple'] : undefined;
    if ((flag === true || flag === 'true') && (typeof simple === 'string' || typeof simple === 'number')) return this.path(String(simple), item);
    return this.value(value, item);
  }
}

/** Runs `fn`, turning a failure that escaped unlocated into a `ValueError`. */
function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ValueError || !isValueFailure(error)) throw error;
    throw new ValueError(error.message, { cause: error });
  }
}

/** A value object's value; `undefined` for `{}`, null and paths that find nothing. */
export function resolveValue(value: unknown, scope: ResolveScope): unknown {
  return run(() => new Resolver(scope).value(value));
}

/** A condition or filter side, or a transformer argument: `{value: {simple|complex}, iscontext}`. */
export function resolveOperand(operand: unknown, scope: ResolveScope): unknown {
  return run(() => new Resolver(scope).operand(operand));
}

/**
 * A task's `scriptarguments` resolved: each argument's value, arguments without one (`{}`,
 * null, a path that found nothing) left out.
 */
export function resolveArguments(scriptarguments: unknown, scope: ResolveScope): Record<string, unknown> {
  return run(() => {
    if (missing(scriptarguments)) return {};
    if (!isRecord(scriptarguments)) throw new ValueError(`scriptarguments must be an object, not ${describe(scriptarguments)}`);
    const resolver = new Resolver(scope);
    const out: [string, unknown][] = [];
    for (const key of Object.keys(scriptarguments)) {
      const v = at(`argument ${quote(key)}`, () => resolver.value(scriptarguments[key]));
      if (!missing(v)) out.push([key, v]);
    }
    return Object.fromEntries(out);
  });
}

/**
 * The branch a built-in condition task takes: the first label, in order, whose condition
 * groups hold (a label without groups always holds); `undefined` when none does, for the
 * engine to take `#default#`.
 */
export function conditionLabel(conditions: unknown, scope: ResolveScope): string | undefined {
  return run(() => {
    if (missing(conditions)) return undefined;
    if (!Array.isArray(conditions)) throw new ValueError(`conditions must be a list, not ${describe(conditions)}`);
    const resolver = new Resolver(scope);
    for (const [i, c] of (conditions as unknown[]).entries()) {
      const label = isRecord(c) ? c['label'] : undefined;
      if (!isRecord(c) || (typeof label !== 'string' && typeof label !== 'number')) throw new ValueError(`condition ${i + 1} has no label`);
      const where = `condition ${quote(String(label))}`;
      const groups = at(where, () => parseGroups(c['condition']));
      if (at(where, () => evaluateGroups(groups, (op) => resolver.operand(op)))) return String(label);
    }
    return undefined;
  });
}
