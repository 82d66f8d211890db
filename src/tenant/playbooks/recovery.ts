/**
 * Picking runs up after the tenant restarts (after a crash or a stop). Each unsettled run is
 * rebuilt from its snapshot and the events after it; then, by task state:
 *
 * - `ready`: dispatched again (it never started, or its start was not committed).
 * - `running` — the crash came between the task's start and its end. The rule:
 *   - a task whose effects all go through the commit (built-ins that touch only this tenant,
 *     scripts without network, conditions, manual tasks) is **run again**: its first attempt
 *     left nothing behind, because its effects commit with its completion;
 *   - a task that may have reached outside (a script with network, `http`) is **marked
 *     failed** with the reason: it may have acted already, and running it twice could act
 *     twice. An analyst retries it from the work plan (`…/tasks/{id}/retry`); with
 *     `continueonerror` the run goes on by its error path.
 * - `waiting`: stays waiting without holding anything; timers are armed again from the
 *   stored wake times (a wake time already past fires at once), polling schedules too, and a
 *   sub-playbook task whose child completed just before the crash is finished now.
 */
import { toText } from '../../core/playbook/dt/index.js';
import type { Logger } from 'pino';
import type { PlaybookRunRepository } from '../../store/playbook-run-repo.js';
import { revive, type ActiveRun } from './active-run.js';
import type { CommandRunner } from './commands.js';
import type { RunEffect } from '../../core/playbook/graph/index.js';
import type { DispatchMode } from './task-driver.js';
import type { RunBook } from './run-book.js';
import { commandOf } from './task-exec.js';

/** What recovery needs of the engine. */
export interface Resumable {
  dispatch(run: ActiveRun, task: string, mode?: DispatchMode): void;
  rearm(run: ActiveRun, task: string, wakeAt: number): void;
  resumeParent(run: ActiveRun, task: string, child: string): Promise<void>;
  carryOut(run: ActiveRun, effects: readonly RunEffect[]): Promise<void>;
}

export const INTERRUPTED = 'interrupted by a restart of the tenant while it ran; it may have acted outside Palisade already, so it was not run again — retry it if that is safe';

export async function recoverRuns(engine: Resumable, book: RunBook, repo: PlaybookRunRepository, commands: CommandRunner, logger: Logger): Promise<number> {
  const rows = await repo.unsettled();
  const runs: ActiveRun[] = [];
  for (const row of rows) {
    try {
      const run = revive(row, await repo.eventsAfter(row.id, row.snapshotSeq));
      book.active.set(run.id, run);
      await book.contexts.load(run.incidentId, run.scope);
      runs.push(run);
    } catch (error) {
      logger.error({ err: error, run: row.id }, 'playbook run could not be rebuilt; left as it is');
    }
  }
  const waits = await repo.waits(runs.map((r) => r.id));
  for (const run of runs) {
    if (run.state.status === 'completed' || run.state.status === 'stopped') {
      book.snapshotSoon(run);
      book.active.delete(run.id);
      continue;
    }
    for (const [id, task] of Object.entries(run.state.tasks)) {
      if (task.state === 'ready') engine.dispatch(run, id);
      else if (task.state === 'running') await recoverRunning(engine, book, run, id, commands);
    }
    for (const wait of waits.filter((w) => w.runId === run.id)) {
      if (wait.taskId.startsWith('@poll:') || wait.wakeAt !== null) engine.rearm(run, wait.taskId, wait.wakeAt ?? book.core.now());
      else if (wait.reason === 'playbook') await engine.resumeParent(run, wait.taskId, toText(wait.data['child'] ?? ''));
    }
  }
  if (runs.length > 0) logger.info({ runs: runs.length }, 'playbook runs resumed');
  return runs.length;
}

async function recoverRunning(engine: Resumable, book: RunBook, run: ActiveRun, id: string, commands: CommandRunner): Promise<void> {
  const task = run.graph.tasks.get(id);
  const name = task ? commandOf(task) : undefined;
  const local = name === undefined || (await commands.isLocal(name));
  if (local) {
    engine.dispatch(run, id, { kind: 'recover' });
    return;
  }
  const applied = book.apply(run, [{ type: 'taskFailed', task: id, at: book.iso(), error: INTERRUPTED }]);
  await book.submit([{ run, events: applied.events }], {
    entries: [{ runId: run.id, taskId: id, type: 4, format: 'text', contents: `${task?.name ?? id}: ${INTERRUPTED}`, humanReadable: '', tags: [] }],
  });
  await engine.carryOut(run, applied.effects);
}
