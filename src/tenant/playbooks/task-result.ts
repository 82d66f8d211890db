/**
 * What running one task produced, before it is committed. The engine turns it into reducer
 * events (`taskCompleted`/`taskFailed`/`taskWaiting`/`taskSkipped`) and writes everything
 * else in the same transaction.
 */
import { ENTRY_TYPES, type Entry } from '../../core/playbook/entries.js';
import type { ContextOp, PollSchedule, StagedWrite, TaskWait } from './builtins/types.js';

export interface TaskResult {
  readonly status: 'completed' | 'failed' | 'waiting' | 'skipped';
  /** The branch label a condition answered. */
  readonly label?: string;
  readonly error?: string;
  readonly skipReason?: string;
  readonly wait?: TaskWait;
  readonly entries: readonly Entry[];
  readonly context: readonly ContextOp[];
  readonly writes: readonly StagedWrite[];
  readonly poll?: PollSchedule;
  /** The resolved arguments, for the work plan. */
  readonly args?: Readonly<Record<string, unknown>>;
}

export function failed(error: string, more: Partial<TaskResult> = {}): TaskResult {
  return { entries: [], context: [], writes: [], ...more, status: 'failed', error };
}

export function completed(more: Partial<TaskResult> = {}): TaskResult {
  return { entries: [], context: [], writes: [], ...more, status: 'completed' };
}

export function waiting(wait: TaskWait, more: Partial<TaskResult> = {}): TaskResult {
  return { entries: [], context: [], writes: [], ...more, status: 'waiting', wait };
}

export function skipped(reason: string): TaskResult {
  return { entries: [], context: [], writes: [], status: 'skipped', skipReason: reason };
}

/** Text of an entry's contents, as a condition label or an error message. */
export function entryText(entry: Entry): string {
  const c = entry.Contents;
  if (typeof c === 'string') return c;
  if (typeof c === 'number' || typeof c === 'boolean') return String(c);
  return JSON.stringify(c ?? '');
}

/** The first error entry's text: a script that returns one fails its task, as in XSOAR. */
export function errorOf(entries: readonly Entry[]): string | undefined {
  const e = entries.find((x) => x.Type === ENTRY_TYPES.error);
  return e === undefined ? undefined : entryText(e);
}

/** EntryContext of the entries as merge operations, in order. */
export function contextOfEntries(entries: readonly Entry[]): ContextOp[] {
  const ops: ContextOp[] = [];
  for (const e of entries) {
    const ec = e.EntryContext;
    if (ec !== undefined && ec !== null && typeof ec === 'object' && Object.keys(ec).length > 0) ops.push({ op: 'merge', entryContext: ec });
  }
  return ops;
}
