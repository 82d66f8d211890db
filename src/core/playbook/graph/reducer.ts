/**
 * The run state machine: `reduce(graph, state, event) → {state, effects}`, pure and total. The
 * engine commits the event (or the new state) and only then carries out the effects; after a
 * crash it may send an event again, so an event that no longer applies (a second
 * `taskStarted`, a completion of a finished task) is ignored, with the reason, and leaves the
 * state exactly as it was. Start, title and section tasks pass through inside the reducer.
 *
 * Joins (§1.4): a pending task is decided when none of its incoming edges is open. Then it
 * becomes ready if at least one edge was taken, and is skipped as a dead path if all died;
 * skipping it kills its own outgoing edges, so deaths propagate as far as they reach.
 */
import type { CompiledGraph, CompiledTask } from './compile.js';
import {
  branchFor,
  createRun,
  DEAD_PATH,
  edgeStatus,
  errorBranch,
  isActive,
  isBlockingError,
  isSettled,
  NONE,
  type RunState,
  type RunStatus,
  type TaskOutcome,
  type TaskRun,
} from './run-state.js';

type TaskEvent<T extends string, More = object> = { readonly type: T; readonly task: string; readonly at: string } & More;

export type RunEvent =
  | { readonly type: 'start'; readonly at: string }
  | TaskEvent<'taskStarted'>
  | TaskEvent<'taskWaiting', { readonly reason: string }>
  | TaskEvent<'taskCompleted', { readonly label?: string }>
  | TaskEvent<'taskFailed', { readonly error: string; readonly continueOnError?: boolean }>
  | TaskEvent<'taskSkipped', { readonly reason?: string; readonly passOver?: boolean }>
  | TaskEvent<'taskRetried'>
  | { readonly type: 'stop'; readonly at: string; readonly reason?: string };

export type RunEffect =
  | { readonly type: 'runTask'; readonly task: string }
  | { readonly type: 'cancelTask'; readonly task: string }
  | { readonly type: 'runFinished'; readonly status: RunStatus };

export interface ReduceResult {
  readonly state: RunState;
  readonly effects: readonly RunEffect[];
  /** Why the event changed nothing, when it did not apply. */
  readonly ignored?: string;
}

/** The task states each task event applies to; anything else is a repeat or out of order. */
const APPLIES_TO: Record<Exclude<RunEvent['type'], 'start' | 'stop'>, readonly TaskRun['state'][]> = {
  taskStarted: ['ready'],
  taskWaiting: ['running', 'waiting'],
  taskCompleted: ['ready', 'running', 'waiting'],
  taskFailed: ['ready', 'running', 'waiting'],
  taskSkipped: ['ready', 'running', 'waiting'],
  taskRetried: ['error'],
};

export function reduce(graph: CompiledGraph, state: RunState, event: RunEvent): ReduceResult {
  const ignored = whyIgnored(graph, state, event);
  if (ignored !== undefined) return { state, effects: [], ignored };
  const draft = new Draft(graph, state, event.at);
  switch (event.type) {
    case 'start':
      draft.status = 'running';
      draft.extra.startedAt = event.at;
      draft.decide([graph.start]);
      break;
    case 'taskStarted':
      draft.update(event.task, { state: 'running', attempts: draft.run(event.task).attempts + 1, startedAt: event.at });
      break;
    case 'taskWaiting':
      draft.update(event.task, { state: 'waiting', waitingFor: event.reason });
      break;
    case 'taskCompleted':
      draft.leave(event.task, 'completed', { branch: branchFor(draft.task(event.task), event.label), ...(event.label === undefined ? {} : { label: event.label }) });
      break;
    case 'taskFailed':
      if (event.continueOnError ?? draft.task(event.task).continueOnError) {
        draft.leave(event.task, 'error', { branch: errorBranch(draft.task(event.task)) }, event.error);
      } else {
        draft.update(event.task, { state: 'error', error: event.error, finishedAt: event.at });
      }
      break;
    case 'taskSkipped':
      // `passOver`: the task is skipped but the run goes on past it (XSOAR's `skipunavailable`).
      if (event.passOver === true) draft.leave(event.task, 'skipped', { branch: branchFor(draft.task(event.task), undefined) }, undefined, event.reason ?? 'skipped');
      else draft.kill(event.task, event.reason ?? 'skipped');
      break;
    case 'taskRetried': {
      const { error: _error, finishedAt: _finishedAt, startedAt: _startedAt, ...rest } = draft.run(event.task);
      draft.replace(event.task, { ...rest, state: 'ready', readyAt: event.at });
      draft.effects.push({ type: 'runTask', task: event.task });
      break;
    }
    case 'stop':
      draft.status = 'stopped';
      if (event.reason !== undefined) draft.extra.stopReason = event.reason;
      for (const [id, run] of Object.entries(draft.tasks)) if (run.state === 'running' || run.state === 'waiting') draft.effects.push({ type: 'cancelTask', task: id });
      break;
  }
  return { state: draft.finish(state), effects: draft.effects };
}

/** Folds an event log from a fresh run (or `from`): the state the engine resumes with. */
export function replay(graph: CompiledGraph, events: readonly RunEvent[], from: RunState = createRun(graph)): RunState {
  return events.reduce((state, event) => reduce(graph, state, event).state, from);
}

/** What the engine must (re)dispatch after loading a committed state, e.g. after a restart. */
export function pendingEffects(state: RunState): RunEffect[] {
  if (state.status !== 'running' && state.status !== 'failed') return [];
  return Object.entries(state.tasks)
    .filter(([, run]) => run.state === 'ready')
    .map(([task]) => ({ type: 'runTask' as const, task }));
}

function whyIgnored(graph: CompiledGraph, state: RunState, event: RunEvent): string | undefined {
  if (event.type === 'start') return state.status === 'created' ? undefined : `the run is already ${state.status}`;
  if (event.type === 'stop') return state.status === 'completed' || state.status === 'stopped' ? `the run is already ${state.status}` : undefined;
  if (state.status !== 'running' && state.status !== 'failed') return `the run is ${state.status}`;
  const run = state.tasks[event.task];
  if (!run || !graph.tasks.has(event.task)) return `task "${event.task}" is not part of this run`;
  if (!APPLIES_TO[event.type].includes(run.state)) return `${event.type} does not apply to a task that is ${run.state}`;
  if (event.type === 'taskWaiting' && run.state === 'waiting' && run.waitingFor === event.reason) return 'the task already waits for that';
  if (event.type === 'taskRetried' && !isBlockingError(run)) return 'the run already continued past this error';
  return undefined;
}

/** One event's changes, made on copies so the state passed in is never touched. */
class Draft {
  readonly tasks: Record<string, TaskRun>;
  readonly effects: RunEffect[] = [];
  status: RunStatus;
  readonly extra: { startedAt?: string; stopReason?: string } = {};

  constructor(
    private readonly graph: CompiledGraph,
    state: RunState,
    private readonly at: string,
  ) {
    this.tasks = { ...state.tasks };
    this.status = state.status;
  }

  task(id: string): CompiledTask {
    const task = this.graph.tasks.get(id);
    if (!task) throw new Error(`task "${id}" is not in the graph`);
    return task;
  }

  run(id: string): TaskRun {
    return this.tasks[id] ?? { state: 'pending', attempts: 0 };
  }

  replace(id: string, run: TaskRun): void {
    this.tasks[id] = run;
  }

  update(id: string, patch: Partial<TaskRun>): void {
    this.tasks[id] = { ...this.run(id), ...patch };
  }

  /** The task leaves by a branch: its successors may now be decided. */
  leave(id: string, state: 'completed' | 'error' | 'skipped', outcome: TaskOutcome, error?: string, skipReason?: string): void {
    const { waitingFor: _waitingFor, ...rest } = this.run(id);
    this.replace(id, { ...rest, state, outcome, finishedAt: this.at, ...(error === undefined ? {} : { error }), ...(skipReason === undefined ? {} : { skipReason }) });
    this.decide(this.successors(id));
  }

  /** The task will never leave by any branch: every outgoing edge dies. */
  kill(id: string, reason: string): void {
    const { waitingFor: _waitingFor, ...rest } = this.run(id);
    this.replace(id, { ...rest, state: 'skipped', skipReason: reason, finishedAt: this.at });
    this.decide(this.successors(id));
  }

  /** Decides every candidate whose incoming edges are all taken or dead, breadth first. */
  decide(candidates: readonly string[]): void {
    const queue = [...candidates];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (this.run(id).state !== 'pending') continue;
      const task = this.task(id);
      const edges = task.incoming.map((from) => edgeStatus(this.graph, this.tasks, from, id));
      if (edges.includes('open')) continue;
      if (!edges.includes('taken') && id !== this.graph.start) {
        this.update(id, { state: 'skipped', skipReason: DEAD_PATH, finishedAt: this.at });
      } else if (task.type === 'start' || task.type === 'title' || task.type === 'section') {
        this.update(id, { state: 'completed', readyAt: this.at, outcome: { branch: branchFor(task, NONE) }, finishedAt: this.at });
      } else {
        this.update(id, { state: 'ready', readyAt: this.at });
        this.effects.push({ type: 'runTask', task: id });
        continue;
      }
      queue.push(...this.successors(id));
    }
  }

  private successors(id: string): string[] {
    return [...new Set([...this.task(id).next.values()].flat())];
  }

  finish(before: RunState): RunState {
    const runs = Object.values(this.tasks);
    if (this.status === 'running' || this.status === 'failed') {
      this.status = runs.some(isBlockingError) ? 'failed' : runs.some(isActive) ? 'running' : 'completed';
    }
    const { finishedAt: _finishedAt, ...kept } = before;
    const next: RunState = { ...kept, ...this.extra, status: this.status, seq: before.seq + 1, updatedAt: this.at, tasks: this.tasks };
    const settled = isSettled(next);
    if (settled && !isSettled(before)) this.effects.push({ type: 'runFinished', status: this.status });
    return settled ? { ...next, finishedAt: before.finishedAt !== undefined && isSettled(before) ? before.finishedAt : this.at } : next;
  }
}
