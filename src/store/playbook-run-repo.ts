import { jsonColumn, type Database } from './database.js';

/** A stored run: its identity, frozen playbook document and last state snapshot. */
export interface RunRow {
  id: string;
  incidentId: number;
  rootRun: string;
  parentRun: string | null;
  parentTask: string | null;
  iteration: number;
  playbookId: string;
  playbookName: string;
  /** The context this run reads and writes: '' is the incident's, else a separate one. */
  scope: string;
  status: string;
  document: Record<string, unknown>;
  /** The document's content hash: runs of one playbook version share one stored copy. */
  docHash: string;
  inputs: Record<string, unknown>;
  /** The state as of `snapshotSeq`; events after it are replayed on load. */
  state: unknown;
  snapshotSeq: number;
  created: number;
  updated: number;
}

export interface WaitRow {
  runId: string;
  taskId: string;
  reason: string;
  wakeAt: number | null;
  data: Record<string, unknown>;
}

export interface TaskIo {
  args: Record<string, unknown>;
  outputs: Record<string, unknown>;
  note: string;
}

const RUN_COLS = `id, incident_id AS "incidentId", root_run AS "rootRun", parent_run AS "parentRun", parent_task AS "parentTask",
  iteration, playbook_id AS "playbookId", playbook_name AS "playbookName", scope, status, doc_hash AS "docHash", d.body AS document, inputs, state,
  snapshot_seq AS "snapshotSeq", created, updated`;
const RUN_FROM = 'playbook_runs r JOIN playbook_documents d ON d.hash = r.doc_hash';

function toRun(r: Record<string, unknown>): RunRow {
  return {
    id: String(r['id']),
    incidentId: Number(r['incidentId']),
    rootRun: String(r['rootRun']),
    parentRun: r['parentRun'] === null ? null : r['parentRun'] as string,
    parentTask: r['parentTask'] === null ? null : r['parentTask'] as string,
    iteration: Number(r['iteration']),
    playbookId: String(r['playbookId']),
    playbookName: String(r['playbookName']),
    scope: String(r['scope']),
    status: String(r['status']),
    document: jsonColumn<Record<string, unknown>>(r['document'], {}),
    docHash: String(r['docHash']),
    inputs: jsonColumn<Record<string, unknown>>(r['inputs'], {}),
    state: jsonColumn<unknown>(r['state'], null),
    snapshotSeq: Number(r['snapshotSeq']),
    created: Number(r['created']),
    updated: Number(r['updated']),
  };
}

/**
 * Playbook runs as the engine stores them: the event log is the truth, the snapshot a
 * shortcut for loading; contexts per (incident, scope); waits with their wake times; and the
 * resolved inputs and outputs of each task for the work plan. Every write takes the
 * transaction's handle, so the engine commits a task's whole effect at once.
 */
export class PlaybookRunRepository {
  constructor(private readonly db: Database) {}

  async insertRun(tx: Database, run: RunRow): Promise<void> {
    await tx.run('INSERT INTO playbook_documents (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING', [run.docHash, JSON.stringify(run.document)]);
    await tx.run(
      `INSERT INTO playbook_runs (id, incident_id, root_run, parent_run, parent_task, iteration, playbook_id, playbook_name, scope, status, doc_hash, inputs, state, snapshot_seq, created, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [run.id, run.incidentId, run.rootRun, run.parentRun, run.parentTask, run.iteration, run.playbookId, run.playbookName, run.scope, run.status,
        run.docHash, JSON.stringify(run.inputs), JSON.stringify(run.state), run.snapshotSeq, run.created, run.updated],
    );
  }

  async appendEvent(tx: Database, runId: string, seq: number, event: unknown): Promise<void> {
    await tx.run('INSERT INTO playbook_events (run_id, seq, event) VALUES (?, ?, ?)', [runId, seq, JSON.stringify(event)]);
  }

  async snapshot(tx: Database, runId: string, status: string, state: unknown, seq: number, at: number): Promise<void> {
    await tx.run('UPDATE playbook_runs SET status = ?, state = ?, snapshot_seq = ?, updated = ? WHERE id = ?', [status, JSON.stringify(state), seq, at, runId]);
  }

  async run(id: string): Promise<RunRow | undefined> {
    const r = await this.db.get<Record<string, unknown>>(`SELECT ${RUN_COLS} FROM ${RUN_FROM} WHERE id = ?`, [id]);
    return r && toRun(r);
  }

  /** Runs not yet completed or stopped: what the engine picks up again at start. */
  async unsettled(): Promise<RunRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(`SELECT ${RUN_COLS} FROM ${RUN_FROM} WHERE status IN ('created', 'running', 'failed') ORDER BY created, id`);
    return rows.map(toRun);
  }

  /** Every run of an incident's newest top-level run, the top first then by creation. */
  async latestTree(incidentId: number): Promise<RunRow[]> {
    const root = await this.db.get<{ id: string }>(
      'SELECT id FROM playbook_runs WHERE incident_id = ? AND parent_run IS NULL ORDER BY created DESC, id DESC LIMIT 1',
      [incidentId],
    );
    if (!root) return [];
    const rows = await this.db.all<Record<string, unknown>>(`SELECT ${RUN_COLS} FROM ${RUN_FROM} WHERE root_run = ? ORDER BY created, iteration, id`, [root.id]);
    return rows.map(toRun);
  }

  async eventsAfter(runId: string, seq: number): Promise<unknown[]> {
    const rows = await this.db.all<{ event: string }>('SELECT event FROM playbook_events WHERE run_id = ? AND seq > ? ORDER BY seq', [runId, seq]);
    return rows.map((r) => JSON.parse(r.event) as unknown);
  }

  async context(incidentId: number, scope: string): Promise<Record<string, unknown>> {
    const r = await this.db.get<{ body: string }>('SELECT body FROM contexts WHERE incident_id = ? AND scope = ?', [incidentId, scope]);
    return r ? jsonColumn<Record<string, unknown>>(r.body, {}) : {};
  }

  async saveContext(tx: Database, incidentId: number, scope: string, body: unknown): Promise<void> {
    const text = JSON.stringify(body);
    const changed = await tx.run('UPDATE contexts SET body = ? WHERE incident_id = ? AND scope = ?', [text, incidentId, scope]);
    if (changed === 0) await tx.run('INSERT INTO contexts (incident_id, scope, body) VALUES (?, ?, ?)', [incidentId, scope, text]);
  }

  async setWait(tx: Database, wait: WaitRow): Promise<void> {
    await tx.run('DELETE FROM playbook_waits WHERE run_id = ? AND task_id = ?', [wait.runId, wait.taskId]);
    await tx.run('INSERT INTO playbook_waits (run_id, task_id, reason, wake_at, data) VALUES (?, ?, ?, ?, ?)', [
      wait.runId, wait.taskId, wait.reason, wait.wakeAt, JSON.stringify(wait.data),
    ]);
  }

  async clearWait(tx: Database, runId: string, taskId: string): Promise<void> {
    await tx.run('DELETE FROM playbook_waits WHERE run_id = ? AND task_id = ?', [runId, taskId]);
  }

  async clearWaits(tx: Database, runId: string): Promise<void> {
    await tx.run('DELETE FROM playbook_waits WHERE run_id = ?', [runId]);
  }

  async waits(runIds?: readonly string[]): Promise<WaitRow[]> {
    const cols = 'run_id AS "runId", task_id AS "taskId", reason, wake_at AS "wakeAt", data';
    const rows = runIds === undefined
      ? await this.db.all<Record<string, unknown>>(`SELECT ${cols} FROM playbook_waits`)
      : runIds.length === 0 ? [] : await this.db.all<Record<string, unknown>>(`SELECT ${cols} FROM playbook_waits WHERE run_id IN (${runIds.map(() => '?').join(', ')})`, runIds);
    return rows.map((r) => ({
      runId: String(r['runId']),
      taskId: String(r['taskId']),
      reason: String(r['reason']),
      wakeAt: r['wakeAt'] === null ? null : Number(r['wakeAt']),
      data: jsonColumn<Record<string, unknown>>(r['data'], {}),
    }));
  }

  async saveTaskIo(tx: Database, runId: string, taskId: string, io: TaskIo): Promise<void> {
    await tx.run(
      `INSERT INTO playbook_tasks (run_id, task_id, args, outputs, note) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, task_id) DO UPDATE SET args = excluded.args, outputs = excluded.outputs, note = excluded.note`,
      [runId, taskId, JSON.stringify(io.args), JSON.stringify(io.outputs), io.note],
    );
  }

  async taskIo(runIds: readonly string[]): Promise<Map<string, TaskIo>> {
    const out = new Map<string, TaskIo>();
    if (runIds.length === 0) return out;
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT run_id, task_id, args, outputs, note FROM playbook_tasks WHERE run_id IN (${runIds.map(() => '?').join(', ')})`,
      runIds,
    );
    for (const r of rows) {
      out.set(`${String(r['run_id'])}/${String(r['task_id'])}`, {
        args: jsonColumn(r['args'], {}),
        outputs: jsonColumn(r['outputs'], {}),
        note: String(r['note']),
      });
    }
    return out;
  }
}
