/**
 * A playbook run as plain JSON data, so the engine can commit it (or the event that produced
 * it) before acting on it. Times are whatever the caller passes in events (ISO text): the
 * reducer never reads a clock, so replaying an event log gives the same state byte for byte.
 * Edges have no state of their own: whether an edge is taken, dead or still open follows from
 * its source task's state and chosen branch.
 */
import type { CompiledGraph, CompiledTask } from './compile.js';

/**
 * `pending`: not reached yet. `ready`: may run, the engine was told to. `running`: the engine
 * started it. `waiting`: started and waiting for something outside (an analyst, a form, a
 * sub-playbook run, a poll). `error`: failed; with an `outcome` the run went on past it.
 * `skipped`: will never run (a dead path, or the engine skipped it).
 */
export type TaskState = 'pending' | 'ready' | 'running' | 'waiting' | 'completed' | 'error' | 'skipped';

/**
 * `failed` as soon as a task fails without continuing; other branches still run, and a retry
 * of the failed task brings the run back to `running`. `stopped` is final.
 */
export type RunStatus = 'created' | 'running' | 'completed' | 'failed' | 'stopped';

export interface TaskOutcome {
  /** The label the engine reported (a condition's answer), as given. */
  readonly label?: string;
  /** The `nexttasks` key followed, or null when none applies (the end of a branch). */
  readonly branch: string | null;
}

export interface TaskRun {
  readonly state: TaskState;
  /** How many times the engine started it (`taskStarted` events). */
  readonly attempts: number;
  /** Present once the task has left by a branch: completed, or an error the run continued past. */
  readonly outcome?: TaskOutcome;
  readonly error?: string;
  readonly skipReason?: string;
  /** What a `waiting` task waits for, in the engine's words (e.g. `manual`, `playbook:<run>`). */
  readonly waitingFor?: string;
  readonly readyAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

export interface RunState {
  readonly playbookId: string;
  readonly status: RunStatus;
  /** Events applied so far (ignored ones do not count). */
  readonly seq: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly updatedAt?: string;
  readonly stopReason?: string;
  readonly tasks: Readonly<Record<string, TaskRun>>;
}

export type EdgeStatus = 'taken' | 'dead' | 'open';

/** The skip reason of a task whose every incoming edge died. */
export const DEAD_PATH = 'dead-path';

/** Labels the reducer gives meaning to (§1.4, §1.12). */
export const NONE = '#none#';
export const DEFAULT = '#default#';
export const ERROR = '#error#';

export function createRun(graph: CompiledGraph): RunState {
  const tasks: Record<string, TaskRun> = {};
  for (const id of graph.tasks.keys()) tasks[id] = { state: 'pending', attempts: 0 };
  return { playbookId: graph.id, status: 'created', seq: 0, tasks };
}

/**
 * The branch a task leaves by when it reports `label` (none: `#none#`): the key itself, else
 * the first key equal to it ignoring case (§1.4: `Exists` answers `yes` to a `YES` branch),
 * else `#default#`, else null. Only conditions choose: a label another task reports that is
 * not one of its branches counts as none, so a chatty engine cannot end a branch by mistake.
 * `#error#` is only ever chosen by `errorBranch`.
 */
export function branchFor(task: CompiledTask, label: string | undefined): string | null {
  const found = lookup(task, label ?? NONE) ?? (label !== undefined && task.type !== 'condition' ? lookup(task, NONE) : undefined);
  return found ?? (task.next.has(DEFAULT) ? DEFAULT : null);
}

function lookup(task: CompiledTask, wanted: string): string | undefined {
  if (wanted !== ERROR && task.next.has(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  for (const key of task.next.keys()) if (key !== ERROR && key.toLowerCase() === lower) return key;
  return undefined;
}

/** A failed task that continues leaves by `#error#` when it has one, else as if it answered nothing. */
export function errorBranch(task: CompiledTask): string | null {
  return task.next.has(ERROR) ? ERROR : branchFor(task, undefined);
}

/** Taken: the source left by a branch that leads to `to`. Dead: it never will. Open: not yet known. */
export function edgeStatus(graph: CompiledGraph, tasks: Readonly<Record<string, TaskRun>>, from: string, to: string): EdgeStatus {
  const run = tasks[from];
  // A skipped task with an outcome was passed over (`skipunavailable`): its branch is followed.
  if (!run || (run.state === 'skipped' && run.outcome === undefined)) return 'dead';
  if (!run.outcome) return 'open';
  if (run.outcome.branch === null) return 'dead';
  return graph.tasks.get(from)?.next.get(run.outcome.branch)?.includes(to) === true ? 'taken' : 'dead';
}

/** A task that is ready, running or waiting: the run is not over while one exists. */
export function isActive(run: TaskRun): boolean {
  return run.state === 'ready' || run.state === 'running' || run.state === 'waiting';
}

/** Failed and not continued past: the branch stops here until a retry. */
export function isBlockingError(run: TaskRun): boolean {
  return run.state === 'error' && run.outcome === undefined;
}

/** Nothing left to do for now: completed, stopped, or failed with nothing else active. */
export function isSettled(state: RunState): boolean {
  if (state.status === 'completed' || state.status === 'stopped') return true;
  return state.status === 'failed' && !Object.values(state.tasks).some(isActive);
}
