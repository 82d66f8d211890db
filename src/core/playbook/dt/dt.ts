/**
 * Evaluation of DT paths over a context (`dq`, as XSOAR's JavaScript API names it).
 *
 * Rules (XSOAR's documentation shows results, not an algorithm; where it is silent these are ours):
 * - A key reads an own property of an object. On a list it reads the key of every element and
 *   flattens: element values that are lists are spread one level, missing ones skipped, nested
 *   lists of elements walked through.
 * - A result the walk *produced* (by flattening, selecting, slicing or mutating a list) is
 *   unwrapped: none → `undefined`, one → that element, more → the list. A list stored in the
 *   context and reached by keys alone comes back as stored, even with one element.
 * - `[i]`, `[a:b]` and selectors treat a single value as a one-element list (`X(cond).[0]` works
 *   whether one or many matched). `[a:b]` includes `b`, as the DT documentation's example shows;
 *   negative indexes count from the end.
 * - A selector keeps the elements for which it is truthy, `val` bound to the element. When it
 *   throws a runtime error for an element (`val.x.y` on a missing `x`), that element is not
 *   selected, so guards like `val.id && …` are not required; syntax, forbidden and limit errors
 *   are thrown.
 * - A mutator maps each element of a list (the value itself otherwise); a runtime error or an
 *   `undefined` result drops that element.
 * - `incident.labels.<Type>` looks up the `{type, value}` label list by type (`Email/from`),
 *   falling back to the ordinary key read when no label has that type.
 * - Results share structure with the context (nothing is copied): treat them as read-only.
 */
import { Budget, DtError } from './dt-error.js';
import { type Program, type RunOptions, runProgram } from './expr/index.js';
import { type DtPath, type DtStep, parseDtPath, sliceBounds } from './path.js';
import { getOwn, isRecord, truthy } from './expr/values.js';

export interface DqOptions {
  /** Shared with the caller to bound a whole task's work; a fresh one per call otherwise. */
  budget?: Budget;
  /** More names for selectors and mutators (`obj` in merges); `val` is always the element. */
  bindings?: Readonly<Record<string, unknown>>;
  /** What `val1---path` reads; the root given to `dq` by default. */
  top?: unknown;
  /** Key paths holding `{type, value}` label lists addressed by type. */
  labelPaths?: readonly string[];
}

const DEFAULT_LABEL_PATHS: readonly string[] = ['incident.labels'];
/** Lists nested in lists are walked through when reading a key, to this depth. */
const MAX_LIST_NESTING = 64;

type State = { kind: 'one'; value: unknown } | { kind: 'many'; values: unknown[] } | { kind: 'none' };

const NONE: State = { kind: 'none' };

function items(state: State): unknown[] {
  if (state.kind === 'none') return [];
  if (state.kind === 'many') return state.values;
  return Array.isArray(state.value) ? (state.value as unknown[]) : [state.value];
}

function collect(list: readonly unknown[], key: string, out: unknown[], budget: Budget, depth = 0): void {
  if (depth > MAX_LIST_NESTING) throw new DtError('limit', `lists nested deeper than ${MAX_LIST_NESTING}`);
  budget.charge(Math.ceil(list.length / 16));
  for (const el of list) {
    if (Array.isArray(el)) collect(el, key, out, budget, depth + 1);
    else if (isRecord(el)) {
      const v = getOwn(el, key);
      if (Array.isArray(v)) for (const x of v as unknown[]) out.push(x); // a spread would overflow on huge lists
      else if (v !== undefined) out.push(v);
    }
  }
}

function readKey(state: State, key: string, budget: Budget): State {
  if (state.kind === 'one' && !Array.isArray(state.value)) {
    const v = isRecord(state.value) ? getOwn(state.value, key) : undefined;
    return v === undefined ? NONE : { kind: 'one', value: v };
  }
  const out: unknown[] = [];
  collect(items(state), key, out, budget);
  return { kind: 'many', values: out };
}

function readLabel(state: State, type: string): State | undefined {
  if (state.kind !== 'one' || !Array.isArray(state.value)) return undefined;
  const values: unknown[] = [];
  for (const label of state.value as unknown[]) {
    if (isRecord(label) && getOwn(label, 'type') === type) values.push(getOwn(label, 'value'));
  }
  return values.length ? { kind: 'many', values } : undefined;
}

function finish(state: State): unknown {
  if (state.kind === 'one') return state.value;
  if (state.kind === 'none' || state.values.length === 0) return undefined;
  return state.values.length === 1 ? state.values[0] : state.values;
}

class Walk {
  /** Made on the first selector or mutator: most paths are plain keys and need neither. */
  #env: { bindings: Map<string, unknown>; run: RunOptions } | undefined;

  constructor(
    readonly root: unknown,
    readonly options: DqOptions,
    readonly budget: Budget,
  ) {}

  run(program: Program, val: unknown): unknown {
    if (!this.#env) {
      const top = this.options.top ?? this.root;
      const nested: DqOptions = { ...this.options, budget: this.budget, top };
      const resolveBound = (path: string, current: unknown): unknown => (path.startsWith('.') ? dq(current, path.slice(1), nested) : dq(top, path, nested));
      this.#env = { bindings: new Map(Object.entries(this.options.bindings ?? {})), run: { budget: this.budget, resolveBound } };
    }
    this.#env.bindings.set('val', val);
    return runProgram(program, this.#env.bindings, this.#env.run);
  }

  /** A runtime error for one element means "no result for it"; everything else propagates. */
  attempt(program: Program, val: unknown): unknown {
    try {
      return this.run(program, val);
    } catch (e) {
      if (e instanceof DtError && e.kind === 'runtime') return undefined;
      throw e;
    }
  }

  step(state: State, step: DtStep, trail: string | undefined): State {
    this.budget.charge();
    switch (step.kind) {
      case 'key': {
        if (trail !== undefined && (this.options.labelPaths ?? DEFAULT_LABEL_PATHS).includes(trail)) {
          const labels = readLabel(state, step.key);
          if (labels) return labels;
        }
        return readKey(state, step.key, this.budget);
      }
      case 'index': {
        const list = items(state);
        const v = list[step.index < 0 ? list.length + step.index : step.index];
        return v === undefined ? NONE : { kind: 'one', value: v };
      }
      case 'slice': {
        const list = items(state);
        return { kind: 'many', values: list.slice(...sliceBounds(step, list.length)) };
      }
      case 'select': {
        const list = items(state);
        this.budget.charge(list.length);
        return { kind: 'many', values: list.filter((el) => truthy(this.attempt(step.program, el))) };
      }
    }
  }

  mutate(state: State, mutator: Program): State {
    if (state.kind === 'one' && !Array.isArray(state.value)) {
      const v = this.attempt(mutator, state.value);
      return v === undefined ? NONE : { kind: 'one', value: v };
    }
    const out: unknown[] = [];
    for (const el of items(state)) {
      const v = this.attempt(mutator, el);
      if (v !== undefined) out.push(v);
    }
    return { kind: 'many', values: out };
  }
}

/** Evaluates a parsed path over `root`. */
export function evalDtPath(root: unknown, path: DtPath, options: DqOptions = {}): unknown {
  const walk = new Walk(root, options, options.budget ?? new Budget());
  let state: State = root === undefined ? NONE : { kind: 'one', value: root };
  let trail: string | undefined = '';
  for (const step of path.steps) {
    if (state.kind === 'none') return undefined;
    state = walk.step(state, step, trail);
    trail = step.kind === 'key' && trail !== undefined ? (trail ? `${trail}.${step.key}` : step.key) : undefined;
  }
  if (path.mutator) state = walk.mutate(state, path.mutator);
  return finish(state);
}

/**
 * The value of DT `path` (written without `${}`) in `root`, or `undefined` when absent.
 * Throws `DtError` for a malformed path or a hostile one (limits, forbidden access).
 */
export function dq(root: unknown, path: string, options: DqOptions = {}): unknown {
  return evalDtPath(root, parseDtPath(path), options);
}
