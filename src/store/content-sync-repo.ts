import type { Database } from './database.js';

export type SyncStatus = 'in_sync' | 'behind' | 'syncing';

export interface TenantSyncRow {
  tenant: string;
  status: SyncStatus;
  reason: string;
  failures: number;
  lastAttempt: number | null;
  lastSuccess: number | null;
  nextAttempt: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Where each tenant's content stands: in sync, or behind (with why, and when to retry). */
export class ContentSyncRepository {
  constructor(private readonly db: Database) {}

  async all(): Promise<TenantSyncRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT tenant, status, reason, failures, last_attempt AS "lastAttempt", last_success AS "lastSuccess", next_attempt AS "nextAttempt" FROM content_sync ORDER BY tenant',
    );
    return rows.map((r) => ({
      tenant: String(r['tenant']),
      status: r['status'] as SyncStatus,
      reason: typeof r['reason'] === 'string' ? r['reason'] : '',
      failures: Number(r['failures'] ?? 0),
      lastAttempt: num(r['lastAttempt']),
      lastSuccess: num(r['lastSuccess']),
      nextAttempt: num(r['nextAttempt']),
    }));
  }

  async succeeded(tenant: string, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO content_sync (tenant, status, reason, failures, last_attempt, last_success, next_attempt) VALUES (?, 'in_sync', '', 0, ?, ?, NULL)
       ON CONFLICT (tenant) DO UPDATE SET status = 'in_sync', reason = '', failures = 0, last_attempt = excluded.last_attempt, last_success = excluded.last_success, next_attempt = NULL`,
      [tenant, now, now],
    );
  }

  /** A failed attempt: behind, with the reason, retried after a backoff that doubles up to 5 minutes. */
  async failed(tenant: string, reason: string, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await tx.get<{ failures: number | string }>('SELECT failures FROM content_sync WHERE tenant = ?', [tenant]);
      const failures = Number(row?.failures ?? 0) + 1;
      const next = now + Math.min(1000 * 2 ** failures, 5 * 60_000);
      await tx.run(
        `INSERT INTO content_sync (tenant, status, reason, failures, last_attempt, next_attempt) VALUES (?, 'behind', ?, ?, ?, ?)
         ON CONFLICT (tenant) DO UPDATE SET status = 'behind', reason = excluded.reason, failures = excluded.failures, last_attempt = excluded.last_attempt, next_attempt = excluded.next_attempt`,
        [tenant, reason.slice(0, 500), failures, now, next],
      );
    });
  }

  /** Something changed: every tenant (or these) must be looked at again. */
  async markBehind(reason: string, tenants?: readonly string[]): Promise<void> {
    if (tenants) {
      for (const t of tenants) {
        await this.db.run(
          `INSERT INTO content_sync (tenant, status, reason, failures) VALUES (?, 'behind', ?, 0)
           ON CONFLICT (tenant) DO UPDATE SET status = 'behind', reason = excluded.reason, next_attempt = NULL`,
          [t, reason],
        );
      }
      return;
    }
    await this.db.run("UPDATE content_sync SET status = 'behind', reason = ?, next_attempt = NULL", [reason]);
  }

  async forget(tenant: string): Promise<void> {
    await this.db.run('DELETE FROM content_sync WHERE tenant = ?', [tenant]);
  }
}
