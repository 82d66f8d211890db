import type { Database } from './database.js';

export type ContentOwner = 'main' | 'tenant';

export interface TenantContentRow {
  kind: string;
  id: string;
  name: string;
  owner: ContentOwner;
  version: number;
  hash: string;
  /** When a main item was detached (it became the tenant's own); null otherwise. */
  detached: number | null;
  updated: number;
  updatedBy: string;
}

/** An item main pushes: its document travels as JSON text and is stored as is. */
export interface PushedItem {
  kind: string;
  id: string;
  name: string;
  version: number;
  hash: string;
  body: string;
}

const COLS = 'kind, id, name, owner, version, hash, detached, updated, updated_by AS "updatedBy"';
const map = (r: Record<string, unknown>): TenantContentRow => ({
  kind: String(r['kind']),
  id: String(r['id']),
  name: String(r['name']),
  owner: r['owner'] as ContentOwner,
  version: Number(r['version']),
  hash: String(r['hash']),
  detached: r['detached'] === null || r['detached'] === undefined ? null : Number(r['detached']),
  updated: Number(r['updated']),
  updatedBy: typeof r['updatedBy'] === 'string' ? r['updatedBy'] : '',
});

/** A tenant's content: main's pushed copies and the tenant's own items, side by side. */
export class TenantContentRepository {
  constructor(private readonly db: Database) {}

  async list(kind?: string): Promise<TenantContentRow[]> {
    const rows = kind === undefined
      ? await this.db.all<Record<string, unknown>>(`SELECT ${COLS} FROM content ORDER BY kind, id`)
      : await this.db.all<Record<string, unknown>>(`SELECT ${COLS} FROM content WHERE kind = ? ORDER BY id`, [kind]);
    return rows.map(map);
  }

  async get(kind: string, id: string): Promise<(TenantContentRow & { body: string }) | undefined> {
    const r = await this.db.get<Record<string, unknown>>(`SELECT ${COLS}, body FROM content WHERE kind = ? AND id = ?`, [kind, id]);
    return r && { ...map(r), body: String(r['body']) };
  }

  /** An item by id, else by name (XSOAR references sub-playbooks and scripts either way). */
  async find(kind: string, ref: string): Promise<(TenantContentRow & { body: string }) | undefined> {
    const byId = await this.get(kind, ref);
    if (byId) return byId;
    const r = await this.db.get<Record<string, unknown>>(`SELECT ${COLS}, body FROM content WHERE kind = ? AND name = ? ORDER BY id LIMIT 1`, [kind, ref]);
    return r && { ...map(r), body: String(r['body']) };
  }

  /**
   * Applies main's push in one transaction: upserts main's items and removes the ones main
   * no longer sends. An item of the tenant's own (created here, or detached) is never touched:
   * it comes back as a conflict.
   */
  applyPush(put: readonly PushedItem[], remove: readonly { kind: string; id: string }[], now: number): Promise<{ added: number; updated: number; removed: number; conflicts: { kind: string; id: string; reason: string }[] }> {
    return this.db.transaction(async (tx) => {
      let added = 0;
      let updated = 0;
      let removed = 0;
      const conflicts: { kind: string; id: string; reason: string }[] = [];
      for (const p of put) {
        const cur = await tx.get<{ owner: ContentOwner; detached: number | null; hash: string }>('SELECT owner, detached, hash FROM content WHERE kind = ? AND id = ?', [p.kind, p.id]);
        if (cur && cur.owner === 'tenant') {
          conflicts.push({ kind: p.kind, id: p.id, reason: cur.detached !== null ? 'detached by the tenant' : "the tenant's own item has this id" });
          continue;
        }
        if (cur) {
          if (cur.hash === p.hash) continue;
          await tx.run("UPDATE content SET name = ?, version = ?, hash = ?, body = ?, updated = ?, updated_by = 'main' WHERE kind = ? AND id = ?", [p.name, p.version, p.hash, p.body, now, p.kind, p.id]);
          updated++;
        } else {
          await tx.run("INSERT INTO content (kind, id, name, owner, version, hash, body, updated, updated_by) VALUES (?, ?, ?, 'main', ?, ?, ?, ?, 'main')", [p.kind, p.id, p.name, p.version, p.hash, p.body, now]);
          added++;
        }
      }
      for (const r of remove) removed += await tx.run("DELETE FROM content WHERE kind = ? AND id = ? AND owner = 'main'", [r.kind, r.id]);
      return { added, updated, removed, conflicts };
    });
  }

  /** A tenant-own item: created, or replaced when it is the tenant's already. False when main owns that id. */
  async saveOwn(i: { kind: string; id: string; name: string; hash: string; body: string }, by: string, now: number): Promise<'created' | 'updated' | 'locked'> {
    return this.db.transaction(async (tx) => {
      const cur = await tx.get<{ owner: ContentOwner; version: number | string }>('SELECT owner, version FROM content WHERE kind = ? AND id = ?', [i.kind, i.id]);
      if (cur?.owner === 'main') return 'locked';
      if (cur) {
        await tx.run('UPDATE content SET name = ?, version = ?, hash = ?, body = ?, updated = ?, updated_by = ? WHERE kind = ? AND id = ?', [i.name, Number(cur.version) + 1, i.hash, i.body, now, by, i.kind, i.id]);
        return 'updated';
      }
      await tx.run("INSERT INTO content (kind, id, name, owner, version, hash, body, updated, updated_by) VALUES (?, ?, ?, 'tenant', 1, ?, ?, ?, ?)", [i.kind, i.id, i.name, i.hash, i.body, now, by]);
      return 'created';
    });
  }

  async deleteOwn(kind: string, id: string): Promise<boolean> {
    return (await this.db.run("DELETE FROM content WHERE kind = ? AND id = ? AND owner = 'tenant'", [kind, id])) === 1;
  }

  /** Makes main's copy the tenant's own: it stops receiving updates. False when it is not main's. */
  async detach(kind: string, id: string, by: string, now: number): Promise<boolean> {
    return (await this.db.run("UPDATE content SET owner = 'tenant', detached = ?, updated = ?, updated_by = ? WHERE kind = ? AND id = ? AND owner = 'main'", [now, now, by, kind, id])) === 1;
  }
}
