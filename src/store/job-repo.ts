import type { Database } from './database.js';
import { jsonColumn } from './database.js';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'partial';

export interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  created: number;
  finished: number | null;
  createdBy: string;
  /** Free-form progress the job's owner keeps up to date (for a sync: per tenant). */
  progress: Record<string, unknown>;
}

/** Background jobs a caller follows by id (content syncs); kept in main's database. */
export class JobRepository {
  constructor(private readonly db: Database) {}

  async create(j: { id: string; kind: string; createdBy: string; progress: Record<string, unknown> }, now: number): Promise<void> {
    await this.db.run('INSERT INTO jobs (id, kind, status, created, created_by, progress) VALUES (?, ?, ?, ?, ?, ?)', [
      j.id, j.kind, 'running', now, j.createdBy, JSON.stringify(j.progress),
    ]);
  }

  async update(id: string, progress: Record<string, unknown>, status?: JobStatus, now?: number): Promise<void> {
    if (status && status !== 'running') {
      await this.db.run('UPDATE jobs SET progress = ?, status = ?, finished = ? WHERE id = ?', [JSON.stringify(progress), status, now ?? Date.now(), id]);
    } else {
      await this.db.run('UPDATE jobs SET progress = ? WHERE id = ?', [JSON.stringify(progress), id]);
    }
  }

  async get(id: string): Promise<JobRow | undefined> {
    const r = await this.db.get<JobRow & { progress: unknown; created: number | string; finished: number | string | null }>(
      'SELECT id, kind, status, created, finished, created_by AS "createdBy", progress FROM jobs WHERE id = ?',
      [id],
    );
    return r && { ...r, created: Number(r.created), finished: r.finished === null ? null : Number(r.finished), progress: jsonColumn<Record<string, unknown>>(r.progress, {}) };
  }

  /** Jobs a restart interrupted: they will never finish on their own. */
  async failRunning(now: number): Promise<number> {
    return this.db.run("UPDATE jobs SET status = 'failed', finished = ? WHERE status = 'running'", [now]);
  }
}
