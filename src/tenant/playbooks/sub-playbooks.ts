/**
 * Sub-playbook tasks (XSOAR-FORMATS §1.7, §1.8): the parent task waits while a child run goes;
 * inputs are the child's defaults overridden by the task's arguments, both resolved in the
 * parent; with `separatecontext` the child gets a context of its own and only its declared
 * outputs come back. Loops run one child per iteration: for-each zips the list inputs, and
 * loop-until re-runs the child with the same inputs until its built-in condition holds on the
 * child's context or `max` is reached, `wait` seconds apart.
 */
import { isRecord } from '../../core/content/content-error.js';
import { dq } from '../../core/playbook/dt/index.js';
import { conditionLabel, forEachIterations, resolveArguments, resolveValue, type ResolveScope } from '../../core/playbook/values/index.js';
import type { CompiledTask } from '../../core/playbook/graph/index.js';
import type { ContextOp } from './builtins/types.js';
import { inner } from './task-exec.js';

/** Default and ceiling of loop iterations (XSOAR's server default is 100). */
export const DEFAULT_LOOP_MAX = 100;
export const LOOP_CEILING = 1000;

export interface LoopSpec {
  readonly forEach: boolean;
  readonly until?: unknown;
  readonly max: number;
  readonly waitMs: number;
}

/** The loop of a playbook task; a `loop` with neither for-each nor a condition runs once. */
export function loopOf(task: CompiledTask): LoopSpec | undefined {
  const loop = task.raw['loop'];
  if (!isRecord(loop)) return undefined;
  const forEach = loop['forEach'] === true;
  const until = Array.isArray(loop['builtincondition']) && loop['builtincondition'].length > 0 ? loop['builtincondition'] : undefined;
  if (!forEach && until === undefined) return undefined;
  const max = Number(loop['max']);
  const wait = Number(loop['wait']);
  return {
    forEach,
    ...(until === undefined ? {} : { until }),
    max: Number.isFinite(max) && max > 0 ? Math.min(max, LOOP_CEILING) : DEFAULT_LOOP_MAX,
    waitMs: Number.isFinite(wait) && wait > 0 ? Math.min(wait, 3600) * 1000 : 0,
  };
}

/** The playbook a task names: `playbookId` first, then `playbookName` (§1.12). */
export function playbookRefs(task: CompiledTask): string[] {
  const t = inner(task);
  return [t['playbookId'], t['playbookName']].filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** The child's inputs: its declared defaults, then the task's arguments, resolved in the parent. */
export function childInputs(document: Record<string, unknown>, task: CompiledTask, parent: ResolveScope): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const declared = Array.isArray(document['inputs']) ? document['inputs'].filter(isRecord) : [];
  for (const input of declared) {
    const key = input['key'];
    if (typeof key !== 'string' || key === '') continue;
    const value = resolveValue(input['value'], parent);
    if (value !== undefined) inputs[key] = value;
  }
  const args = isRecord(task.raw['scriptarguments']) ? task.raw['scriptarguments'] : {};
  Object.assign(inputs, resolveArguments(args, parent));
  return inputs;
}

/** Inputs per iteration: for-each splits them, any other loop repeats them whole. */
export function iterationInputs(inputs: Record<string, unknown>, loop: LoopSpec | undefined): Record<string, unknown>[] {
  if (!loop?.forEach) return [inputs];
  return forEachIterations(inputs).slice(0, loop.max);
}

/** Whether a loop-until is done after an iteration, judged on the child's view. */
export function loopDone(loop: LoopSpec | undefined, iteration: number, child: ResolveScope): boolean {
  if (!loop || loop.forEach || loop.until === undefined) return true;
  if (iteration + 1 >= loop.max) return true;
  return conditionLabel([{ label: 'yes', condition: loop.until }], child) !== undefined;
}

/**
 * The child's outputs copied into the parent (separate context only: a shared context has them
 * already). Each declared output's top-level key is carried whole, so `A.B` and `A.C` copy `A`
 * once; for-each iterations append, other runs overwrite.
 */
export function outputOps(document: Record<string, unknown>, childContext: Readonly<Record<string, unknown>>, append: boolean): ContextOp[] {
  const outputs = Array.isArray(document['outputs']) ? document['outputs'].filter(isRecord) : [];
  const roots = new Set<string>();
  for (const o of outputs) {
    const path = o['contextPath'];
    if (typeof path !== 'string' || path.trim() === '') continue;
    const root = path.split(/[.([]/)[0]?.trim();
    if (root) roots.add(root);
  }
  const ops: ContextOp[] = [];
  for (const root of roots) {
    const value = dq(childContext, root);
    if (value === undefined) continue;
    ops.push(append ? { op: 'merge', entryContext: { [root]: value } } : { op: 'set', path: root, value });
  }
  return ops;
}

/** Data kept on the parent task's wait while children run. */
export interface LoopProgress {
  readonly child: string;
  readonly iteration: number;
  readonly iterations: Record<string, unknown>[];
}

export function isLoopProgress(value: unknown): value is LoopProgress {
  return isRecord(value) && typeof value['child'] === 'string' && typeof value['iteration'] === 'number' && Array.isArray(value['iterations']);
}

/** `separatecontext: true`: the child writes a context of its own. */
export function separateContext(task: CompiledTask): boolean {
  return task.raw['separatecontext'] === true;
}
