/**
 * The playbook engine of one tenant: runs on incidents, sub-playbooks and loops, waits that
 * end by themselves (sleep, polling, loop pauses) or through the API (manual tasks, manual
 * conditions, forms), stop and retry. Task execution and commits are `TaskDriver`'s; crash
 * recovery is `recovery.ts`.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { CompiledTask, RunEffect } from '../../core/playbook/graph/index.js';
import { resolveValue } from '../../core/playbook/values/index.js';
import { errorEntry, type Entry } from '../../core/playbook/entries.js';
import { CommandLineError, parseCommandLine } from '../../core/playbook/war-room-command.js';
import { isRecord } from '../../core/content/content-error.js';
import { revive, type ActiveRun } from './active-run.js';
import { recoverRuns } from './recovery.js';
import { defaultPlaybookOf } from './triggers.js';
import type { Playbook } from './run-book.js';
import type { ContextOp } from './builtins/types.js';
import { armTimer, PollDriver } from './poll.js';
import {
  childInputs, isLoopProgress, iterationInputs, loopDone, loopOf, outputOps, playbookRefs, separateContext, type LoopProgress,
} from './sub-playbooks.js';
import { completed, contextOfEntries, failed, skipped } from './task-result.js';
import { answerResult, type TaskAnswer } from './answers.js';
import type { EngineDeps } from './task-driver.js';
import { TaskDriver } from './task-driver.js';

/** Sub-playbooks within sub-playbooks, at most (XSOAR content rarely goes past 4). */
export const MAX_NESTING = 16;

export interface RunSummary {
  runId: string;
  incidentId: number;
  playbookId: string;
  playbookName: string;
  status: string;
}

export class PlaybookEngine extends TaskDriver {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly polls: PollDriver;

  constructor(deps: EngineDeps) {
    super(deps);
    this.polls = new PollDriver(this.book, deps, (run, task, result, scope) => this.finishTask(run, task, result, [], scope), (run) => this.scopeFor(run, undefined));
  }

  /** Starts `ref` on an incident, stopping the run it had; inputs override the playbook's defaults. */
  async start(incidentId: number, ref: string, inputs: Record<string, unknown> = {}): Promise<RunSummary> {
    await this.deps.incidents.get(incidentId);
    const playbook = await this.book.playbook(ref);
    await this.stop(incidentId, 'replaced by a new run');
    await this.book.contexts.load(incidentId, '');
    const { scope } = await this.scopeFor({ incidentId, scope: '', inputs: {}, playbookId: playbook.id, parentRun: null }, undefined);
    const declared = Array.isArray(playbook.document['inputs']) ? playbook.document['inputs'].filter(isRecord) : [];
    const resolved: Record<string, unknown> = {};
    for (const input of declared) {
      const key = input['key'];
      if (typeof key !== 'string' || key === '') continue;
      const value = Object.hasOwn(inputs, key) ? inputs[key] : resolveValue(input['value'], scope);
      if (value !== undefined) resolved[key] = value;
    }
    const { run, effects } = await this.book.create({ incidentId, playbook, inputs: resolved, parts: { context: [{ scope: '', ops: await this.inputQueries(playbook) }] } });
    await this.effects(run, effects);
    return this.summary(run);
  }

  /** Starts the default playbook of the incident's type, if the type names one. */
  async startDefault(incidentId: number, type: string, known?: string): Promise<RunSummary | undefined> {
    const ref = known ?? (await defaultPlaybookOf(this.book.core.content, type));
    if (ref === undefined) return undefined;
    try {
      return await this.start(incidentId, ref);
    } catch (error) {
      // The incident exists whatever happens to its playbook; the war room says why it did not start.
      const message = error instanceof Error ? error.message : String(error);
      await this.book.submit([], { entries: [{ runId: null, taskId: null, type: 4, format: 'text', contents: `default playbook "${ref}" did not start: ${message}`, humanReadable: '', tags: [] }] }, undefined, incidentId);
      return undefined;
    }
  }

  /** Stops every run of an incident; returns how many were running. */
  async stop(incidentId: number, reason = 'stopped'): Promise<number> {
    const runs = [...this.book.active.values()].filter((r) => r.incidentId === incidentId);
    for (const run of runs) {
      const applied = this.book.apply(run, [{ type: 'stop', at: this.book.iso(), reason }]);
      for (const key of this.timers.keys()) if (key.startsWith(`${run.id}/`)) this.cancelTimer(key);
      await this.book.submit([{ run, events: applied.events }], { extra: (tx) => this.book.core.runs.clearWaits(tx, run.id) });
      this.book.snapshotSoon(run);
      this.book.active.delete(run.id);
    }
    if (runs.length > 0) this.book.contexts.release(incidentId);
    return runs.length;
  }

  /** Completes a waiting task through the API: a manual task, a manual condition, a form. */
  async complete(incidentId: number, path: string, answer: TaskAnswer, by: string): Promise<void> {
    const { run, task } = this.locate(incidentId, path);
    const state = run.state.tasks[task.id];
    if (state?.state !== 'waiting') throw new AppError('conflict', `task ${path} is ${state?.state ?? 'unknown'}, not waiting for an answer`);
    const wait = (await this.book.core.runs.waits([run.id])).find((w) => w.taskId === task.id);
    const result = answerResult(task, path, state.waitingFor ?? 'manual', wait?.data ?? {}, answer, by);
    this.cancelTimer(`${run.id}/${task.id}`);
    const { scope } = await this.scopeFor(run, task);
    await this.finishTask(run, task, result, [], scope);
  }

  /** Runs a failed task again (the run continues from it). */
  async retry(incidentId: number, path: string): Promise<void> {
    const { run, task } = this.locate(incidentId, path);
    const state = run.state.tasks[task.id];
    if (state?.state !== 'error' || state.outcome !== undefined) throw new AppError('conflict', `task ${path} is ${state?.state ?? 'unknown'}; only a failed task that stopped its branch can be retried`);
    const applied = this.book.apply(run, [{ type: 'taskRetried', task: task.id, at: this.book.iso() }]);
    await this.book.submit([{ run, events: applied.events }], {});
    await this.effects(run, applied.effects);
  }

  /** The run and task a work-plan path names: `7` in the top run, `7.3` in the sub-playbook of task 7. */
  private locate(incidentId: number, path: string): { run: ActiveRun; task: CompiledTask } {
    const runs = [...this.book.active.values()].filter((r) => r.incidentId === incidentId);
    const root = runs.find((r) => r.parentRun === null);
    if (!root) throw new AppError('conflict', `no playbook is running on incident ${incidentId}`);
    const steps = path.split('.');
    let run: ActiveRun = root;
    for (const [i, step] of steps.entries()) {
      const task = run.graph.tasks.get(step);
      if (!task) throw new AppError('not_found', `task ${steps.slice(0, i + 1).join('.')} is not in the running playbook`);
      if (i === steps.length - 1) return { run, task };
      const parent: ActiveRun = run;
      const child = runs.filter((r) => r.parentRun === parent.id && r.parentTask === step).sort((a, b) => b.iteration - a.iteration)[0];
      if (!child) throw new AppError('not_found', `task ${steps.slice(0, i + 1).join('.')} has no sub-playbook running`);
      run = child;
    }
    throw new AppError('invalid_request', 'empty task path');
  }

  /**
   * `playbookInputQuery` (indicator queries on inputs, §1.8): the results enter the context the
   * playbook runs in as `playbookQuery`, where its tasks read them.
   */
  private async inputQueries(playbook: Playbook): Promise<ContextOp[]> {
    const inputs = Array.isArray(playbook.document['inputs']) ? playbook.document['inputs'].filter(isRecord) : [];
    for (const input of inputs) {
      const q = input['playbookInputQuery'];
      if (!isRecord(q) || typeof q['query'] !== 'string' || (q['queryEntity'] ?? 'indicators') !== 'indicators') continue;
      return [{ op: 'set', path: 'playbookQuery', value: await this.deps.services.searchIndicators(q['query'], 10_000) }];
    }
    return [];
  }

  summary(run: ActiveRun): RunSummary {
    return { runId: run.id, incidentId: run.incidentId, playbookId: run.playbookId, playbookName: run.playbookName, status: run.state.status };
  }

  protected async startSubPlaybook(run: ActiveRun, task: CompiledTask): Promise<void> {
    const started = [{ type: 'taskStarted' as const, task: task.id, at: this.book.iso() }];
    const { scope } = await this.scopeFor(run, task);
    // A playbook may name itself (or a cycle of playbooks) as a sub-playbook: bound the nesting.
    let depth = 0;
    for (let p: ActiveRun | undefined = run; p?.parentRun; p = this.book.active.get(p.parentRun)) depth++;
    if (depth >= MAX_NESTING) {
      const message = `sub-playbooks nest deeper than ${MAX_NESTING}`;
      await this.finishTask(run, task, failed(message, { entries: [errorEntry(`${task.name}: ${message}`)] }), started, scope);
      return;
    }
    let playbook: Playbook | undefined;
    for (const ref of playbookRefs(task)) {
      playbook = await this.book.playbook(ref).catch(() => undefined);
      if (playbook) break;
    }
    if (!playbook) {
      const name = playbookRefs(task)[0] ?? '(none)';
      const result = task.raw['skipunavailable'] === true ? skipped(`sub-playbook "${name}" is not in this tenant`) : failed(`sub-playbook "${name}" not found`, { entries: [errorEntry(`${task.name}: sub-playbook "${name}" not found in this tenant`)] });
      await this.finishTask(run, task, result, started, scope);
      return;
    }
    let iterations: Record<string, unknown>[];
    try {
      iterations = iterationInputs(childInputs(playbook.document, task, scope), loopOf(task));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.finishTask(run, task, failed(message, { entries: [errorEntry(`${task.name}: ${message}`)] }), started, scope);
      return;
    }
    if (iterations.length === 0) {
      await this.finishTask(run, task, completed(), started, scope);
      return;
    }
    await this.startIteration(run, task, playbook, iterations, 0, started);
  }

  private async startIteration(parent: ActiveRun, task: CompiledTask, playbook: Playbook, iterations: Record<string, unknown>[], iteration: number, before: { type: 'taskStarted'; task: string; at: string }[] = []): Promise<void> {
    const id = randomUUID();
    const progress: LoopProgress & { playbook: string } = { child: id, iteration, iterations, playbook: playbook.id };
    const repo = this.book.core.runs;
    const { run, effects, parentEffects } = await this.book.create({
      id,
      incidentId: parent.incidentId,
      playbook,
      inputs: iterations[iteration] ?? {},
      parent: { run: parent, task: task.id, iteration, separate: separateContext(task) },
      parentEvents: [...before, { type: 'taskWaiting', task: task.id, at: this.book.iso(), reason: `playbook:${id}` }],
      parts: {
        context: [{ scope: separateContext(task) ? id : parent.scope, ops: await this.inputQueries(playbook) }],
        extra: (tx) => repo.setWait(tx, { runId: parent.id, taskId: task.id, reason: 'playbook', wakeAt: null, data: { ...progress } }),
      },
    });
    await this.effects(parent, parentEffects);
    await this.effects(run, effects);
  }

  protected async runFinished(run: ActiveRun): Promise<void> {
    // Its snapshot is already queued: the status change that finished it asked for one.
    const status = run.state.status;
    if (status === 'failed') return; // stays in memory: a retry may carry it on
    this.book.active.delete(run.id);
    if (status === 'completed' && run.parentRun !== null) {
      const parent = this.book.active.get(run.parentRun);
      if (parent) await this.childDone(parent, run);
    }
    if (![...this.book.active.values()].some((r) => r.incidentId === run.incidentId)) this.book.contexts.release(run.incidentId);
  }

  /** A child run completed: copy its outputs, then start the next iteration or finish the task. */
  async childDone(parent: ActiveRun, child: ActiveRun): Promise<void> {
    const task = child.parentTask === null ? undefined : parent.graph.tasks.get(child.parentTask);
    if (!task || parent.state.tasks[task.id]?.waitingFor !== `playbook:${child.id}`) return;
    const wait = (await this.book.core.runs.waits([parent.id])).find((w) => w.taskId === task.id);
    const progress = isLoopProgress(wait?.data) ? wait.data : { child: child.id, iteration: child.iteration, iterations: [child.inputs] };
    const loop = loopOf(task);
    const childContext = await this.book.contexts.load(child.incidentId, child.scope);
    const ops = separateContext(task) ? outputOps(child.document, childContext, loop?.forEach === true) : [];
    const { scope: childScope } = await this.scopeFor(child, undefined);
    const next = progress.iteration + 1;
    const more = loop?.forEach === true ? next < progress.iterations.length : !loopDone(loop, progress.iteration, childScope);
    const { scope } = await this.scopeFor(parent, task);
    if (!more) {
      await this.finishTask(parent, task, completed({ context: ops }), [], scope);
      return;
    }
    const playbook = await this.book.playbook(child.playbookId).catch(() => undefined);
    if (!playbook) {
      await this.finishTask(parent, task, failed(`sub-playbook "${child.playbookId}" is gone`), [], scope);
      return;
    }
    const waitMs = loop?.waitMs ?? 0;
    if (waitMs === 0) {
      await this.book.submit([], { context: [{ scope: parent.scope, ops }] }, undefined, parent.incidentId);
      await this.startIteration(parent, task, playbook, progress.iterations, next);
      return;
    }
    const wakeAt = this.book.core.now() + waitMs;
    const data = { child: '', iteration: next, iterations: progress.iterations, playbook: playbook.id, loopWait: true };
    await this.book.submit([], {
      context: [{ scope: parent.scope, ops }],
      extra: (tx) => this.book.core.runs.setWait(tx, { runId: parent.id, taskId: task.id, reason: 'playbook', wakeAt, data }),
    }, undefined, parent.incidentId);
    this.armWait(parent, task.id, wakeAt);
  }

  /** A timer fired: a sleep or poll ends, or a loop's pause is over. */
  async wake(runId: string, taskId: string): Promise<void> {
    const run = this.book.active.get(runId);
    if (!run) return;
    if (taskId.startsWith('@poll:')) {
      await this.polls.poll(run, taskId, (r, t, at) => this.armWait(r, t, at));
      return;
    }
    const wait = (await this.book.core.runs.waits([runId])).find((w) => w.taskId === taskId);
    if (!wait || run.state.tasks[taskId]?.state !== 'waiting') return;
    const task = run.graph.tasks.get(taskId);
    if (wait.data['loopWait'] === true && task) {
      const playbook = await this.book.playbook(String(wait.data['playbook'])).catch(() => undefined);
      const iterations = Array.isArray(wait.data['iterations']) ? (wait.data['iterations'] as Record<string, unknown>[]) : [];
      if (playbook) await this.startIteration(run, task, playbook, iterations, Number(wait.data['iteration']));
      return;
    }
    this.dispatch(run, taskId, { kind: 'resume', data: wait.data });
  }

  protected armWait(run: ActiveRun, task: string, wakeAt: number): void {
    this.setTimer(`${run.id}/${task}`, wakeAt, () => this.wake(run.id, task));
  }

  protected cancelTask(run: ActiveRun, task: string): void {
    this.cancelTimer(`${run.id}/${task}`);
  }

  private setTimer(key: string, wakeAt: number, fire: () => Promise<void>): void {
    this.cancelTimer(key);
    this.timers.set(key, armTimer(wakeAt, this.book.core.now, () => {
      this.timers.delete(key);
      fire().catch((error: unknown) => this.book.core.logger.error({ err: error, key }, 'playbook timer failed'));
    }));
  }

  private cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /**
   * A war room command line (`!Print value=${incident.name}`), run once on the incident outside
   * any playbook: `${…}` in its values read the incident's context; its entries (the command
   * itself first, as the analyst's note), context changes and writes commit together. Waits
   * (`Sleep`, polling) belong to playbooks and are refused here.
   */
  async runCommand(incidentId: number, line: string, by: string): Promise<Entry[]> {
    let parsed;
    try {
      parsed = parseCommandLine(line);
    } catch (error) {
      if (error instanceof CommandLineError) throw new AppError('invalid_request', error.message);
      throw error;
    }
    const { scope, incident } = await this.scopeFor({ incidentId, scope: '', inputs: {}, playbookId: '', parentRun: null }, undefined);
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed.args)) args[key] = resolveValue({ simple: value }, scope);
    const outcome = await this.deps.commands.run({
      name: parsed.name, args, context: scope.view, incident, now: this.book.core.now(), runId: '', taskId: '', playbookId: '', services: this.deps.services,
    });
    const echo: Entry = { Type: 1, ContentsFormat: 'text', Contents: line.trim(), HumanReadable: `${by}: ${line.trim()}`, Tags: ['command'] };
    const result = outcome.result;
    const produced = !outcome.found
      ? [errorEntry(`Unsupported Command : ${parsed.name}: no built-in or script of that name in this tenant`)]
      : result.wait || result.poll
        ? [errorEntry(`${parsed.name} waits or polls: run it from a playbook`)]
        : [...(result.entries ?? [])];
    const ok = outcome.found && !result.wait && !result.poll;
    const entries = [echo, ...produced];
    await this.book.submit([], {
      context: [{ scope: '', ops: ok ? [...contextOfEntries(produced), ...(result.context ?? [])] : [] }],
      entries: entries.map((e) => ({ runId: null, taskId: null, type: e.Type, format: e.ContentsFormat, contents: e.Contents, humanReadable: e.HumanReadable ?? '', tags: e.Tags ?? [] })),
      writes: ok ? (result.writes ?? []) : [],
    }, undefined, incidentId);
    if (![...this.book.active.values()].some((r) => r.incidentId === incidentId)) this.book.contexts.release(incidentId);
    return entries;
  }

  /** The commands a war room line may name: native built-ins and this tenant's scripts. */
  async commandNames(): Promise<{ name: string; kind: 'builtin' | 'script' }[]> {
    const scripts = await this.book.core.content.list('scripts');
    return [
      ...this.deps.commands.builtinNames().map((name) => ({ name, kind: 'builtin' as const })),
      ...scripts.map((s) => ({ name: s.name, kind: 'script' as const })),
    ].sort((a, b) => a.name.localeCompare(b.name));
  }

  activeRuns(): ReadonlyMap<string, ActiveRun> {
    return this.book.active;
  }

  /** The incident's context as playbooks left it (the held copy when a run is under way). */
  async context(incidentId: number): Promise<Readonly<Record<string, unknown>>> {
    if ([...this.book.active.values()].some((r) => r.incidentId === incidentId)) return this.book.contexts.load(incidentId, '');
    return this.book.core.runs.context(incidentId, '');
  }

  /** Picks up unsettled runs after a start (see `recovery.ts`). */
  async resume(): Promise<number> {
    return recoverRuns(this, this.book, this.book.core.runs, this.deps.commands, this.book.core.logger);
  }

  rearm(run: ActiveRun, task: string, wakeAt: number): void {
    this.armWait(run, task, wakeAt);
  }

  carryOut(run: ActiveRun, effects: readonly RunEffect[]): Promise<void> {
    return this.effects(run, effects);
  }

  /** A parent waiting on a child that completed before a crash let the parent know. */
  async resumeParent(parent: ActiveRun, taskId: string, childId: string): Promise<void> {
    if (childId === '' || this.book.active.has(childId)) return;
    const row = await this.book.core.runs.run(childId);
    if (!row || row.status !== 'completed' || row.parentTask !== taskId) return;
    await this.childDone(parent, revive(row, await this.book.core.runs.eventsAfter(row.id, row.snapshotSeq)));
  }

  /** Stops dispatching and timers, and waits for what is being committed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const key of [...this.timers.keys()]) this.cancelTimer(key);
    await this.book.committer.drain();
  }
}
