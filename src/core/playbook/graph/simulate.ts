/**
 * Runs a compiled playbook with no engine behind it: every task the reducer makes ready is
 * started and completed at once, with the label `choose` gives. Used to check that every path
 * through a playbook ends (no join waits forever) and by tests as the engine stand-in. The
 * order in which in-flight tasks finish is the caller's to pick, so interleavings can be
 * explored; the run itself stays the pure reducer's.
 */
import type { CompiledGraph, CompiledTask } from './compile.js';
import { createRun, ERROR, type RunState } from './run-state.js';
import { reduce, type RunEvent } from './reducer.js';

export interface SimulateOptions {
  /** The label a finished task reports; undefined for none. Defaults to `firstLabel`. */
  readonly choose?: (task: CompiledTask) => string | undefined;
  /** Which in-flight task (index into the list) finishes next; defaults to the oldest. */
  readonly pick?: (inFlight: readonly string[]) => number;
  /** Stops a runaway simulation; every task runs at most once, so tasks + 1 rounds suffice. */
  readonly maxSteps?: number;
}

export interface Simulation {
  readonly state: RunState;
  readonly events: readonly RunEvent[];
  /** Task ids in the order they were dispatched (`runTask` effects). */
  readonly dispatched: readonly string[];
}

/** The first branch label that is not `#error#`: `#none#` for plain tasks, a condition's first. */
export function firstLabel(task: CompiledTask): string | undefined {
  if (task.type !== 'condition') return undefined;
  return [...task.next.keys()].find((label) => label !== ERROR);
}

export function simulate(graph: CompiledGraph, options: SimulateOptions = {}): Simulation {
  const choose = options.choose ?? firstLabel;
  const pick = options.pick ?? ((): number => 0);
  const maxSteps = options.maxSteps ?? graph.tasks.size * 2 + 2;
  const events: RunEvent[] = [];
  const dispatched: string[] = [];
  const inFlight: string[] = [];
  let state = createRun(graph);
  let clock = 0;
  // A fake clock: one second per event, so timestamps differ yet stay deterministic.
  const at = (): string => new Date(Date.UTC(2024, 0, 1) + 1000 * clock++).toISOString();
  const apply = (event: RunEvent): void => {
    events.push(event);
    const result = reduce(graph, state, event);
    state = result.state;
    for (const effect of result.effects) {
      if (effect.type !== 'runTask') continue;
      dispatched.push(effect.task);
      inFlight.push(effect.task);
    }
  };
  apply({ type: 'start', at: at() });
  for (let step = 0; inFlight.length > 0; step++) {
    if (step >= maxSteps) throw new Error(`simulation of "${graph.id}" did not end after ${maxSteps} steps`);
    const index = Math.min(Math.max(pick(inFlight), 0), inFlight.length - 1);
    const [id] = inFlight.splice(index, 1);
    const task = id === undefined ? undefined : graph.tasks.get(id);
    if (!task) continue;
    apply({ type: 'taskStarted', task: task.id, at: at() });
    const label = choose(task);
    apply({ type: 'taskCompleted', task: task.id, at: at(), ...(label === undefined ? {} : { label }) });
  }
  return { state, events, dispatched };
}
