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
  /** The other trail's head (`<seq>.<hash>`) when this record was made; '' when unknown. */
  witness?: string;
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
const COLS = 'seq, at, actor, address, action, tenant, target, result, witness, prev_hash AS "prevHash", hash';
const HEAD = /^([0-9]{1,16})\.([0-9a-f]{64})$/;

/** The hash a record must carry: over the previous hash and every field, in a fixed order. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  const fields = [prevHash, e.at, e.actor, e.address, e.action, e.tenant, e.target, e.result];
  // Records from before witnesses hash as they always did.
  if (e.witness) fields.push(e.witness);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** A trail's head as the other side keeps it: `<seq>.<hash>`, or undefined when malformed. */
export function parseHead(head: string): { seq: number; hash: string } | undefined {
  const m = HEAD.exec(head);
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

export interface AuditVerdict {
  records: number;
  broken: { seq: number; reason: string } | null;
}

/**
 * An append-only log whose records chain by hash: editing or deleting any record breaks
 * every hash after it, which `verify` reports.
 */
export class AuditRepository {
  /** The newest record's `<seq>.<hash>`, once known: what this side hands the other to witness. */
  private latest: string | undefined;

  constructor(private readonly db: Database) {}

  /** Appends a record and returns the trail's new head. */
  async append(e: AuditEntry): Promise<string> {
    const head = await this.db.transaction(async (tx) => {
      const last = await tx.get<{ hash: string }>('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1');
      const prev = last?.hash ?? GENESIS;
      const hash = auditHash(prev, e);
      await tx.run('INSERT INTO audit (at, actor, address, action, tenant, target, result, witness, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        e.at, e.actor, e.address, e.action, e.tenant, e.target, e.result, e.witness ?? '', prev, hash,
      ]);
      const row = await tx.get<{ seq: number | string }>('SELECT seq FROM audit WHERE hash = ? ORDER BY seq DESC LIMIT 1', [hash]);
      return `${Number(row?.seq ?? 0)}.${hash}`;
    });
    this.latest = head;
    return head;
  }

  /** The trail's head (`<seq>.<hash>`), '' while it is empty; read once, then kept as records are added. */
  async head(): Promise<string> {
    if (this.latest === undefined) {
      const row = await this.db.get<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
      this.latest = row ? `${Number(row.seq)}.${row.hash}` : '';
    }
    return this.latest;
  }

  /** The newest head of the other trail this one witnessed (for main: of one tenant's trail). */
  async latestWitness(tenant?: string, since = 0): Promise<string> {
    const row = tenant === undefined
      ? await this.db.get<{ witness: string }>("SELECT witness FROM audit WHERE witness <> '' ORDER BY seq DESC LIMIT 1")
      : await this.db.get<{ witness: string }>("SELECT witness FROM audit WHERE tenant = ? AND at >= ? AND witness <> '' ORDER BY seq DESC LIMIT 1", [tenant, since]);
    return row?.witness ?? '';
  }

  /** Whether this trail still holds the record another trail witnessed, unchanged. */
  async holds(head: string): Promise<boolean> {
    const h = parseHead(head);
    if (!h) return false;
    return (await this.db.get('SELECT seq FROM audit WHERE seq = ? AND hash = ?', [h.seq, h.hash])) !== undefined;
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

  /**
   * Walks the whole chain; the first record whose links or hash do not hold, or null. With
   * `witnessed` (this trail's head as the other side last saw it) a trail cut short after
   * that record is caught too: nothing else marks the newest record as missing.
   */
  async verify(witnessed?: string): Promise<AuditVerdict> {
    const walked = await this.walk();
    if (walked.broken || !witnessed) return walked;
    if (await this.holds(witnessed)) return walked;
    const seq = parseHead(witnessed)?.seq ?? 0;
    return { records: walked.records, broken: { seq, reason: 'a record the other side witnessed is missing or changed' } };
  }

  private async walk(): Promise<AuditVerdict> {
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
