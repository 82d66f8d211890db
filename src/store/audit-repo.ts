import { createHash } from 'node:crypto';
import type { Database, SqlValue } from './database.js';

export interface AuditEntry {
  at: number;
  actor: string;
  address: string;
  action: string;
  tenant: string;
  target: string;
  result: number;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  tenant?: string;
  action?: string;
  since?: number;
  until?: number;
  /** Records before this sequence number (newest first paging). */
  before?: number;
  limit: number;
}

/** A page request as the APIs take it: dates as text (already validated), cursor = the last seq seen. */
export interface AuditQuery {
  actor?: string;
  tenant?: string;
  action?: string;
  since?: string;
  until?: string;
  cursor?: number;
  limit: number;
}

/** A record as the APIs show it: the time as ISO 8601. */
export type AuditView = Omit<AuditRecord, 'at'> & { at: string };

export interface AuditPage {
  items: AuditView[];
  /** Pass back as `cursor` for the next (older) page; null on the last one. */
  cursor: number | null;
}

/** The JSON-lines export of a page: one record per line. */
export function auditJsonLines(items: readonly AuditView[]): string {
  return items.map((r) => `${JSON.stringify(r)}\n`).join('');
}

const GENESIS = '0'.repeat(64);
const COLS = 'seq, at, actor, address, action, tenant, target, result, prev_hash AS "prevHash", hash';

/** The hash a record must carry: over the previous hash and every field, in a fixed order. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  return createHash('sha256').update(JSON.stringify([prevHash, e.at, e.actor, e.address, e.action, e.tenant, e.target, e.result])).digest('hex');
}

/**
 * An append-only log whose records chain by hash: editing or deleting any record breaks
 * every hash after it, which `verify` reports.
 */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  append(e: AuditEntry): Promise<void> {
    return this.db.transaction(async (tx) => {
      const last = await tx.get<{ hash: string }>('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1');
      const prev = last?.hash ?? GENESIS;
      await tx.run('INSERT INTO audit (at, actor, address, action, tenant, target, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        e.at, e.actor, e.address, e.action, e.tenant, e.target, e.result, prev, auditHash(prev, e),
      ]);
    });
  }

  async list(f: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, v: SqlValue | undefined) => {
      if (v === undefined) return;
      where.push(sql);
      params.push(v);
    };
    add('actor = ?', f.actor);
    add('tenant = ?', f.tenant);
    add('action = ?', f.action);
    add('at >= ?', f.since);
    add('at < ?', f.until);
    add('seq < ?', f.before);
    params.push(f.limit);
    return this.db.all<AuditRecord>(`SELECT ${COLS} FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`, params);
  }

  /** One page, newest first, in the shape main's and every tenant's audit API answer with. */
  async page(q: AuditQuery): Promise<AuditPage> {
    const rows = await this.list({
      limit: q.limit,
      ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(q.tenant !== undefined ? { tenant: q.tenant } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.since !== undefined ? { since: Date.parse(q.since) } : {}),
      ...(q.until !== undefined ? { until: Date.parse(q.until) } : {}),
      ...(q.cursor !== undefined ? { before: q.cursor } : {}),
    });
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })), cursor: rows.length === q.limit && last ? last.seq : null };
  }

  /** Walks the whole chain; the first record whose links or hash do not hold, or null. */
  async verify(): Promise<{ records: number; broken: { seq: number; reason: string } | null }> {
    // Sequence gaps are legal (PostgreSQL spends a value on every rolled-back insert); a
    // removed record shows as the next one no longer following its predecessor's hash.
    let prev = GENESIS;
    let records = 0;
    for (let after = 0; ; ) {
      const page = await this.db.all<AuditRecord>(`SELECT ${COLS} FROM audit WHERE seq > ? ORDER BY seq LIMIT 1000`, [after]);
      if (page.length === 0) return { records, broken: null };
      for (const r of page) {
        if (r.prevHash !== prev) return { records, broken: { seq: r.seq, reason: 'does not follow the record before it' } };
        if (auditHash(r.prevHash, r) !== r.hash) return { records, broken: { seq: r.seq, reason: 'content does not match its hash' } };
        prev = r.hash;
        records++;
        after = r.seq;
      }
    }
  }
}
