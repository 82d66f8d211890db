/**
 * GenericPolling (XSOAR-FORMATS §6): `ScheduleGenericPolling` leaves a schedule on its run; at
 * each interval the engine runs the polling command, merges its outputs, and evaluates the
 * schedule's DT over the context. When nothing is pending any more, the run's condition task
 * waiting with the `polling` tag completes with `YES`; at the deadline (or when the command
 * does not exist) it completes with no answer, which takes its `#default#` branch. The
 * schedule lives in `playbook_waits`, so a restart resumes it.
 */
import { toText } from '../../core/playbook/dt/index.js';
import { dq, interpolateText } from '../../core/playbook/dt/index.js';
import type { CompiledTask } from '../../core/playbook/graph/index.js';
import type { ResolveScope } from '../../core/playbook/values/index.js';
import { errorEntry } from '../../core/playbook/entries.js';
import type { ActiveRun } from './active-run.js';
import { applyOps } from './contexts.js';
import type { RunBook } from './run-book.js';
import type { EngineDeps } from './task-driver.js';
import { completed, contextOfEntries, type TaskResult } from './task-result.js';

/** setTimeout refuses delays past ~24.8 days; longer waits re-check instead. */
const MAX_DELAY = 2 ** 31 - 1;

export function armTimer(wakeAt: number, now: () => number, fire: () => void): NodeJS.Timeout {
  const delay = Math.max(0, wakeAt - now());
  if (delay <= MAX_DELAY) return setTimeout(fire, delay);
  return setTimeout(() => {
    armTimer(wakeAt, now, fire);
  }, MAX_DELAY);
}

type Finish = (run: ActiveRun, task: CompiledTask, result: TaskResult, scope: ResolveScope) => Promise<void>;
type ScopeOf = (run: ActiveRun) => Promise<{ scope: ResolveScope }>;

function isPending(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.some((v) => isPending(v));
}

export class PollDriver {
  constructor(
    private readonly book: RunBook,
    private readonly deps: EngineDeps,
    private readonly finish: Finish,
    private readonly scopeOf: ScopeOf,
  ) {}

  async poll(run: ActiveRun, key: string, rearm: (run: ActiveRun, key: string, wakeAt: number) => void): Promise<void> {
    const repo = this.book.core.runs;
    const wait = (await repo.waits([run.id])).find((w) => w.taskId === key);
    if (!wait) return;
    const d = wait.data;
    const command = toText(d['command'] ?? '');
    const { scope } = await this.scopeOf(run);
    const incident = await this.deps.incidents.get(run.incidentId);
    const outcome = await this.deps.commands.run({
      name: command,
      args: typeof d['args'] === 'object' && d['args'] !== null ? (d['args'] as Record<string, unknown>) : {},
      context: scope.view,
      incident,
      now: this.book.core.now(),
      runId: run.id,
      taskId: key,
      playbookId: run.playbookId,
      services: this.deps.services,
    });
    const entries = outcome.found ? [...(outcome.result.entries ?? [])] : [errorEntry(`polling command "${command}" is not available in this tenant`)];
    const ops = [...contextOfEntries(entries), ...(outcome.result.context ?? [])];
    const after = applyOps(scope.view, ops);
    let pending = false;
    try {
      pending = outcome.found && isPending(dq(after, interpolateText(toText(d['dt'] ?? ''), after)));
    } catch (error) {
      entries.push(errorEntry(`polling condition ${JSON.stringify(d['dt'])}: ${error instanceof Error ? error.message : String(error)}`));
    }
    const now = this.book.core.now();
    const timedOut = now >= Number(d['deadline'] ?? 0);
    const done = !pending || timedOut || !outcome.found;
    const interval = Math.max(1000, Number(d['intervalMs'] ?? 60_000));
    await this.book.submit([], {
      context: [{ scope: run.scope, ops }],
      entries: entries.map((e) => ({ runId: run.id, taskId: key, type: e.Type, format: e.ContentsFormat, contents: e.Contents, humanReadable: e.HumanReadable ?? '', tags: e.Tags ?? [] })),
      extra: async (tx) => {
        if (done) await repo.clearWait(tx, run.id, key);
        else await repo.setWait(tx, { ...wait, wakeAt: now + interval });
      },
    }, undefined, run.incidentId);
    if (!done) {
      rearm(run, key, now + interval);
      return;
    }
    const waiting = Object.entries(run.state.tasks).find(([, t]) => t.state === 'waiting' && t.waitingFor === 'polling');
    const task = waiting ? run.graph.tasks.get(waiting[0]) : undefined;
    if (!task) return;
    const success = !pending && outcome.found;
    const { scope: fresh } = await this.scopeOf(run);
    await this.finish(run, task, completed(success ? { label: 'YES' } : {}), fresh);
  }
}
