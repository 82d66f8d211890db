/**
 * The durable playbook engine of one tenant. Each run is driven by the pure reducer
 * (`core/playbook/graph`); every transition is appended to the run's event log and committed
 * — with the task's context changes, entries and writes — before the engine acts on it
 * (dispatching successors, waking a parent). Tasks whose effects stay in the tenant database
 * commit their start and end together; a task that may reach outside commits its start first.
 * After a crash, runs are rebuilt from their snapshot plus the later events (`recovery.ts`).
 */
import { isRecord } from '../../core/content/content-error.js';
import type { CompiledTask, RunEffect, RunEvent } from '../../core/playbook/graph/index.js';
import { nativeScriptTransformer, resolveValue, type ResolveScope } from '../../core/playbook/values/index.js';
import { ENTRY_TYPES } from '../../core/playbook/entries.js';
import type { IncidentService } from '../incidents/service.js';
import { isQuiet, type ActiveRun } from './active-run.js';
import type { BuiltinServices, ContextOp, StagedWrite } from './builtins/types.js';
import type { CommandRunner } from './commands.js';
import { applyOps } from './contexts.js';
import { RunBook, type CommitParts } from './run-book.js';
import { commandOf, execTask } from './task-exec.js';
import type { TaskResult } from './task-result.js';
import { buildView, listNamesIn, wantsAllLists } from './view.js';

export interface EngineDeps {
  readonly book: RunBook;
  readonly incidents: IncidentService;
  readonly commands: CommandRunner;
  readonly services: BuiltinServices;
  readonly urls: { readonly server: string; readonly investigation: string };
}

/**
 * How a task is (re)started: `ready` the first time; `resume` when its wait ends (a sleep, a
 * poll), with the wait's data; `recover` after a crash left it running (`recovery.ts`).
 */
export type DispatchMode = { kind: 'ready' } | { kind: 'resume'; data: Record<string, unknown> } | { kind: 'recover' };

const EXPECTED = { ready: 'ready', resume: 'waiting', recover: 'running' } as const;

/** Tasks run at once across all runs; the rest queue (a runaway fan-out cannot flood the tenant). */
const MAX_IN_FLIGHT = 256;

export abstract class TaskDriver {
  protected readonly book: RunBook;
  private readonly queue: { run: string; task: string; mode: DispatchMode; at: number }[] = [];
  private inFlight = 0;
  /** `run/task` of tasks executing now; a local task's start is committed with its end, so the state alone says `ready`. */
  readonly executing = new Set<string>();
  protected closed = false;

  constructor(protected readonly deps: EngineDeps) {
    this.book = deps.book;
  }

  /** Sub-playbook tasks, waits and finished runs are the engine's (see `PlaybookEngine`). */
  protected abstract startSubPlaybook(run: ActiveRun, task: CompiledTask): Promise<void>;
  protected abstract runFinished(run: ActiveRun): Promise<void>;
  protected abstract armWait(run: ActiveRun, task: string, wakeAt: number): void;
  protected abstract cancelTask(run: ActiveRun, task: string): void;

  dispatch(run: ActiveRun, task: string, mode: DispatchMode = { kind: 'ready' }): void {
    this.queue.push({ run: run.id, task, mode, at: performance.now() });
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) break;
      const run = this.book.active.get(next.run);
      if (!run) continue;
      this.inFlight++;
      this.runTask(run, next.task, next.mode)
        .then(() => this.book.core.observe?.('task', performance.now() - next.at))
        .catch((error: unknown) => this.book.core.logger.error({ err: error, run: run.id, task: next.task }, 'playbook task could not be committed'))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /** Carries out a commit's effects; called only once the commit is durable. */
  protected async effects(run: ActiveRun, effects: readonly RunEffect[]): Promise<void> {
    for (const effect of effects) {
      if (effect.type === 'runTask') this.dispatch(run, effect.task);
      else if (effect.type === 'cancelTask') this.cancelTask(run, effect.task);
      else await this.runFinished(run);
    }
  }

  private async runTask(run: ActiveRun, taskId: string, mode: DispatchMode): Promise<void> {
    const task = run.graph.tasks.get(taskId);
    const state = run.state.tasks[taskId]?.state;
    if (!task || state !== EXPECTED[mode.kind]) return;
    if (task.type === 'playbook') {
      if (mode.kind === 'ready') await this.startSubPlaybook(run, task);
      return;
    }
    const name = commandOf(task);
    const local = mode.kind !== 'ready' || name === undefined || (await this.deps.commands.isLocal(name));
    const started: RunEvent[] = mode.kind === 'ready' ? [{ type: 'taskStarted', task: taskId, at: this.book.iso() }] : [];
    const resumed = mode.kind === 'resume' ? mode.data : undefined;
    if (!local) {
      const first = this.book.apply(run, started);
      await this.book.submit([{ run, events: first.events }], {});
      started.length = 0;
    }
    const key = `${run.id}/${taskId}`;
    this.executing.add(key);
    try {
      await this.execute(run, task, started, resumed);
    } finally {
      this.executing.delete(key);
    }
  }

  private async execute(run: ActiveRun, task: CompiledTask, started: RunEvent[], resumed: Record<string, unknown> | undefined): Promise<void> {
    const taskId = task.id;
    const scope = await this.scopeFor(run, task);
    const result = await execTask(task, {
      scope: scope.scope,
      commands: this.deps.commands,
      call: {
        context: scope.scope.view,
        incident: scope.incident,
        now: this.book.core.now(),
        runId: run.id,
        taskId,
        playbookId: run.playbookId,
        services: this.deps.services,
        ...(resumed ? { resumed } : {}),
      },
    });
    // Stopped meanwhile: nothing of what the task did is committed (it stays running in the stopped run's record).
    if (run.state.status === 'stopped' || !this.book.active.has(run.id)) return;
    const current = run.state.tasks[taskId]?.state;
    if (current !== 'ready' && current !== 'running' && current !== 'waiting') return;
    await this.finishTask(run, task, result, started, scope.scope);
  }

  /** Commits a task's result: its events, context, entries, writes, work-plan data and wait. */
  protected async finishTask(run: ActiveRun, task: CompiledTask, result: TaskResult, before: RunEvent[], scope: ResolveScope): Promise<void> {
    const at = this.book.iso();
    const outcome: RunEvent =
      result.status === 'completed' ? { type: 'taskCompleted', task: task.id, at, ...(result.label === undefined ? {} : { label: result.label }) }
        : result.status === 'failed' ? { type: 'taskFailed', task: task.id, at, error: result.error ?? 'failed' }
          : result.status === 'waiting' ? { type: 'taskWaiting', task: task.id, at, reason: result.wait?.reason ?? 'manual' }
            : { type: 'taskSkipped', task: task.id, at, reason: result.skipReason ?? 'skipped', passOver: true };
    const applied = this.book.apply(run, [...before, outcome]);
    const writes: StagedWrite[] = [...result.writes];
    if (result.status === 'completed') writes.push(...this.fieldWrites(run, task, result.context, scope));
    const quiet = isQuiet(run, task.raw['quietmode']);
    const entries = result.entries
      .filter((e) => !quiet || e.Type === ENTRY_TYPES.error)
      .map((e) => ({ runId: run.id, taskId: task.id, type: e.Type, format: e.ContentsFormat, contents: e.Contents, humanReadable: e.HumanReadable ?? '', tags: e.Tags ?? [] }));
    const repo = this.book.core.runs;
    const parts: CommitParts = {
      context: [{ scope: run.scope, ops: result.context }],
      entries,
      writes,
      extra: async (tx) => {
        const outputs = mergedOutputs(result.context);
        await repo.saveTaskIo(tx, run.id, task.id, { args: { ...(result.args ?? {}) }, outputs, note: result.error ?? '' });
        if (result.status === 'waiting' && result.wait) {
          await repo.setWait(tx, { runId: run.id, taskId: task.id, reason: result.wait.reason, wakeAt: result.wait.wakeAt ?? null, data: { ...(result.wait.data ?? {}) } });
        } else {
          await repo.clearWait(tx, run.id, task.id);
        }
        if (result.poll) {
          await repo.setWait(tx, { runId: run.id, taskId: `@poll:${task.id}`, reason: 'poll', wakeAt: this.book.core.now() + result.poll.intervalMs, data: { ...result.poll } });
        }
      },
    };
    await this.book.submit([{ run, events: applied.events }], parts);
    if (result.status === 'waiting' && result.wait?.wakeAt !== undefined) this.armWait(run, task.id, result.wait.wakeAt);
    if (result.poll) this.armWait(run, `@poll:${task.id}`, this.book.core.now() + result.poll.intervalMs);
    await this.effects(run, applied.effects);
  }

  /** `fieldMapping` (incident field ← output) and `timertriggers`, resolved on the new context. */
  private fieldWrites(run: ActiveRun, task: CompiledTask, ops: readonly ContextOp[], scope: ResolveScope): StagedWrite[] {
    const custom: Record<string, unknown> = {};
    const mapping = task.raw['fieldMapping'];
    if (Array.isArray(mapping) && mapping.length > 0) {
      const view = { ...applyOps(scope.view, ops), incident: scope.view['incident'], inputs: scope.view['inputs'] };
      for (const m of mapping.filter(isRecord)) {
        const field = m['incidentfield'];
        if (typeof field !== 'string' || field === '') continue;
        const value = resolveValue(m['output'], { ...scope, view });
        if (value !== undefined) custom[field] = value;
      }
    }
    const timers = task.raw['timertriggers'];
    if (Array.isArray(timers)) {
      const at = this.book.iso();
      for (const t of timers.filter(isRecord)) {
        const field = t['fieldname'];
        const action = t['action'];
        if (typeof field !== 'string' || typeof action !== 'string') continue;
        custom[field] = { ...(action === 'start' ? { startDate: at } : { [`${action}Date`]: at }), runStatus: action === 'start' ? 'running' : action === 'stop' ? 'ended' : 'paused' };
      }
    }
    if (Object.keys(custom).length === 0) return [];
    return [(w) => w.patchIncident(run.incidentId, {}, custom).then(() => undefined)];
  }

  /** The values a task reads: the context, the incident, inputs and the lists it names. */
  protected async scopeFor(
    run: Pick<ActiveRun, 'incidentId' | 'scope' | 'inputs' | 'playbookId' | 'parentRun'>,
    task: CompiledTask | undefined,
  ): Promise<{ scope: ResolveScope; incident: Awaited<ReturnType<IncidentService['get']>> }> {
    const context = await this.contextFor(run);
    const incident = await this.deps.incidents.get(run.incidentId);
    const lists: Record<string, unknown> = {};
    const wanted = task === undefined ? undefined : listsOf(task);
    const names = wanted === undefined ? [] : wanted === 'all' ? await this.deps.services.listNames() : wanted;
    for (const name of names) lists[name] = await this.deps.services.getList(name);
    const view = buildView({ context, incident, inputs: run.inputs, lists, playbookId: run.playbookId, urls: this.deps.urls });
    return { scope: { view, scriptTransformer: nativeScriptTransformer }, incident };
  }

  /**
   * The context a run reads. A sub-playbook with a context of its own writes there, and reads
   * through to its parent's (XSOAR keeps one context with the child's keys apart): its own keys
   * shadow the parent's.
   */
  private async contextFor(run: Pick<ActiveRun, 'incidentId' | 'scope' | 'parentRun'>): Promise<Readonly<Record<string, unknown>>> {
    const own = await this.book.contexts.load(run.incidentId, run.scope);
    if (run.scope === '' || run.parentRun === null) return own;
    const parent = this.book.active.get(run.parentRun);
    const above = parent ? await this.contextFor(parent) : await this.book.contexts.load(run.incidentId, '');
    return { ...above, ...own };
  }
}

/** The lists a compiled task reads (`all` for `root: lists`), found once per task. */
const taskLists = new WeakMap<CompiledTask, readonly string[] | 'all'>();
function listsOf(task: CompiledTask): readonly string[] | 'all' {
  let found = taskLists.get(task);
  if (found === undefined) {
    found = wantsAllLists(task.raw) ? 'all' : listNamesIn(task.raw);
    taskLists.set(task, found);
  }
  return found;
}

/** What a task put into the context, as one object for the work plan. */
function mergedOutputs(ops: readonly ContextOp[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of ops) {
    if (op.op === 'merge') Object.assign(out, op.entryContext);
    else if (op.op === 'set') out[op.path] = op.value;
  }
  return out;
}

