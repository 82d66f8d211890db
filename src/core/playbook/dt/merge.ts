/**
 * How results enter the incident context (formats note §2.3). Every function here is
 * immutable: it returns a new context sharing the unchanged parts, and never modifies the
 * context or the values passed in (callers must not modify them afterwards either).
 *
 * Rules:
 * - `A.B` navigates objects and stores at `B`. An intermediate value that is not an object (a
 *   list, a scalar) is kept: the new branch `{B: …}` is appended next to it, as a value at a
 *   taken key would be. `setContext` replaces such a value instead.
 * - Appending: absent → the value as given; present → a list of the old value(s) followed by
 *   the new one(s) (an incoming list is spread). With `dedupe` (the default, as XSOAR's `Set`
 *   behaves) a value equal to one already there, or earlier in the same incoming list, is not
 *   added again; when nothing is added the old value stays exactly as it was.
 * - `A.B(selector)` upserts each incoming element (`obj`) separately: every existing element
 *   the selector accepts (`val`) is deep-merged with it (objects merged key by key, the incoming
 *   side winning for scalars and lists); when none is, it is appended (unless equal to an
 *   existing one). A single stored object stays single when merged into, and one upserted
 *   element into an absent key is stored as that element, not a list.
 * - `undefined` values are ignored; `null` is a value like any other.
 */
import { canonical, deepMerge, getOwn, isRecord, toList, unique, withKey, withoutKey } from './context-values.js';
import { Budget, DtError, LIMITS } from './dt-error.js';
import { dq } from './dt.js';
import { type Program, type RunOptions, runProgram } from './expr/index.js';
import { truthy } from './expr/values.js';
import { parseContextKey } from './path.js';

export type Context = Readonly<Record<string, unknown>>;

export interface MergeOptions {
  /** Default: a fresh budget of `MERGE_STEPS` per call. */
  budget?: Budget;
  /** Skip incoming values equal to existing ones (default true). */
  dedupe?: boolean;
}

/** Upserts run a selector per (incoming, existing) pair, so a merge gets a larger budget than one `dq`. */
export const MERGE_STEPS = 50 * LIMITS.steps;

class Merger {
  readonly budget: Budget;
  readonly dedupe: boolean;
  readonly #bindings = new Map<string, unknown>();
  readonly #run: RunOptions;

  constructor(context: Context, options: MergeOptions) {
    const budget = options.budget ?? new Budget(MERGE_STEPS);
    this.budget = budget;
    this.dedupe = options.dedupe ?? true;
    this.#run = {
      budget,
      resolveBound: (path, current) => (path.startsWith('.') ? dq(current, path.slice(1), { budget }) : dq(context, path, { budget })),
    };
  }

  /** Whether `selector` accepts `val` (with `obj`); a runtime error counts as "no". */
  accepts(selector: Program, val: unknown, obj: unknown): boolean {
    this.#bindings.set('val', val).set('obj', obj);
    try {
      return truthy(runProgram(selector, this.#bindings, this.#run));
    } catch (e) {
      if (e instanceof DtError && e.kind === 'runtime') return false;
      throw e;
    }
  }

  append(existing: unknown, incoming: unknown): unknown {
    if (existing === undefined) return Array.isArray(incoming) && this.dedupe ? unique(incoming) : incoming;
    const base = toList(existing);
    const seen = this.dedupe ? new Set(base.map((v) => canonical(v))) : undefined;
    const added: unknown[] = [];
    for (const v of toList(incoming)) {
      if (v === undefined) continue;
      if (seen) {
        const key = canonical(v);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      added.push(v);
    }
    return added.length ? [...base, ...added] : existing;
  }

  upsert(existing: unknown, incoming: unknown, selector: Program): unknown {
    const list = [...toList(existing)];
    let changed = false;
    for (const obj of toList(incoming)) {
      if (obj === undefined) continue;
      let hit = false;
      for (let k = 0; k < list.length; k++) {
        if (!this.accepts(selector, list[k], obj)) continue;
        list[k] = deepMerge(list[k], obj);
        hit = changed = true;
      }
      if (hit) continue;
      const key = this.dedupe ? canonical(obj) : undefined;
      if (key !== undefined && list.some((v) => canonical(v) === key)) continue;
      list.push(obj);
      changed = true;
    }
    if (!changed) return existing;
    return list.length === 1 && !Array.isArray(existing) ? list[0] : list;
  }
}

/**
 * `node` with `leaf(old)` stored at `keys[i…]` (`undefined` from `leaf` removes the key). A
 * non-object on the way is kept and the new branch appended beside it (`append`), or replaced.
 */
function updateIn(node: unknown, keys: readonly string[], i: number, leaf: (old: unknown) => unknown, mode: 'append' | 'replace'): unknown {
  const key = keys[i];
  if (key === undefined) return leaf(node);
  if (isRecord(node)) {
    const child = getOwn(node, key);
    const next = updateIn(child, keys, i + 1, leaf, mode);
    if (next === child) return node;
    return next === undefined ? withoutKey(node, key) : withKey(node, key, next);
  }
  const fresh = updateIn(undefined, keys, i + 1, leaf, mode);
  if (fresh === undefined) return node;
  const branch = withKey({}, key, fresh);
  if (node === undefined || mode === 'replace') return branch;
  return Array.isArray(node) ? [...(node as unknown[]), branch] : [node, branch];
}

function keysOf(path: string, allowSelector: boolean): { keys: string[]; selector: Program | undefined } {
  const parsed = parseContextKey(path);
  if (parsed.keys.length > LIMITS.valueDepth) throw new DtError('limit', `context key deeper than ${LIMITS.valueDepth} levels`);
  if (parsed.selector && !allowSelector) throw new DtError('syntax', 'a selector is not allowed here', undefined, path);
  return parsed;
}

function asContext(value: unknown): Context {
  return isRecord(value) ? value : {};
}

/** Merges one entry-context key (`A.B` appends, `A.B(selector)` upserts) into `context`. */
export function mergeContextKey(context: Context, key: string, value: unknown, options: MergeOptions = {}): Context {
  if (value === undefined) return context;
  const { keys, selector } = keysOf(key, true);
  const merger = new Merger(context, options);
  const leaf = (old: unknown): unknown => (selector ? merger.upsert(old, value, selector) : merger.append(old, value));
  return asContext(updateIn(context, keys, 0, leaf, 'append'));
}

/** Merges a task result's `EntryContext` into `context`, key by key in order. */
export function mergeEntryContext(context: Context, entryContext: Readonly<Record<string, unknown>>, options: MergeOptions = {}): Context {
  const shared = { ...options, budget: options.budget ?? new Budget(MERGE_STEPS) };
  let out = context;
  for (const key of Object.keys(entryContext)) out = mergeContextKey(out, key, getOwn(entryContext, key), shared);
  return out;
}

/** `setContext(path, value)`: overwrites the value at a plain key path; `undefined` deletes it. */
export function setContext(context: Context, path: string, value: unknown): Context {
  const { keys } = keysOf(path, false);
  return asContext(updateIn(context, keys, 0, () => value, 'replace'));
}

/**
 * Removes the value at `path`, through lists (`Email.Subject` removes `Subject` from every
 * email). With a trailing selector (`X.Y(val.id == 1)`) only the accepted elements of `X.Y` go.
 */
export function deleteContext(context: Context, path: string, options: MergeOptions = {}): Context {
  const { keys, selector } = keysOf(path, true);
  const merger = new Merger(context, options);
  const remove = (node: unknown, i: number, nesting: number): unknown => {
    if (nesting > LIMITS.valueDepth) throw new DtError('limit', `lists nested deeper than ${LIMITS.valueDepth}`);
    if (Array.isArray(node)) {
      const out = (node as unknown[]).map((el) => remove(el, i, nesting + 1));
      return out.some((el, k) => el !== node[k]) ? out : node;
    }
    const key = keys[i];
    if (key === undefined || !isRecord(node) || !Object.hasOwn(node, key)) return node;
    const child = getOwn(node, key);
    if (i < keys.length - 1) {
      const next = remove(child, i + 1, nesting);
      return next === child ? node : withKey(node, key, next);
    }
    if (!selector) return withoutKey(node, key);
    const list = toList(child);
    const kept = list.filter((el) => !merger.accepts(selector, el, undefined));
    if (kept.length === list.length) return node;
    if (kept.length === 0) return withoutKey(node, key);
    return withKey(node, key, Array.isArray(child) ? kept : kept[0]);
  };
  return asContext(remove(context, 0, 0));
}
