import type { Database } from './database.js';
import { jsonColumn } from './database.js';

/** One item of main's content library, at its current version (without the document). */
export interface ContentItemRow {
  kind: string;
  id: string;
  name: string;
  labels: string[];
  version: number;
  hash: string;
  pack: string | null;
  created: number;
  modified: number;
}

export interface ContentVersionRow {
  version: number;
  hash: string;
  format: 'yaml' | 'json';
  author: string;
  at: number;
  note: string;
}

/** What a save writes: the item's metadata and its document (kept as JSON text). */
export interface ContentSave {
  kind: string;
  id: string;
  name: string;
  labels: string[];
  hash: string;
  format: 'yaml' | 'json';
  body: string;
  pack: string | null;
  author: string;
  note?: string;
}

const ITEM_COLS = 'kind, id, name, labels, version, hash, pack, created, modified';
const mapItem = (r: ContentItemRow & { labels: unknown; version: number | string }): ContentItemRow => ({
  ...r,
  labels: jsonColumn<string[]>(r.labels, []),
  version: Number(r.version),
  created: Number(r.created),
  modified: Number(r.modified),
});

/**
 * Main's content library: every save of an item is a new version, kept whole with its
 * author, time and content hash; deleting marks the item (its history stays).
 */
export class ContentRepository {
  constructor(private readonly db: Database) {}

  async list(kind?: string): Promise<ContentItemRow[]> {
    const rows = kind === undefined
      ? await this.db.all<ContentItemRow>(`SELECT ${ITEM_COLS} FROM content_items WHERE deleted IS NULL ORDER BY kind, id`)
      : await this.db.all<ContentItemRow>(`SELECT ${ITEM_COLS} FROM content_items WHERE deleted IS NULL AND kind = ? ORDER BY id`, [kind]);
    return rows.map(mapItem);
  }

  async get(kind: string, id: string): Promise<ContentItemRow | undefined> {
    const r = await this.db.get<ContentItemRow>(`SELECT ${ITEM_COLS} FROM content_items WHERE kind = ? AND id = ? AND deleted IS NULL`, [kind, id]);
    return r && mapItem(r);
  }

  /** The document of one version (the current one when `version` is absent). */
  async body(kind: string, id: string, version?: number): Promise<{ body: string; format: 'yaml' | 'json'; version: number } | undefined> {
    const r = version === undefined
      ? await this.db.get<{ body: string; format: 'yaml' | 'json'; version: number | string }>(
        'SELECT v.body, v.format, v.version FROM content_versions v JOIN content_items i ON i.kind = v.kind AND i.id = v.id AND i.version = v.version WHERE v.kind = ? AND v.id = ? AND i.deleted IS NULL',
        [kind, id],
      )
      : await this.db.get<{ body: string; format: 'yaml' | 'json'; version: number | string }>(
        'SELECT body, format, version FROM content_versions WHERE kind = ? AND id = ? AND version = ?',
        [kind, id, version],
      );
    return r && { body: r.body, format: r.format, version: Number(r.version) };
  }

  async versions(kind: string, id: string): Promise<ContentVersionRow[]> {
    const rows = await this.db.all<ContentVersionRow & { version: number | string; at: number | string }>(
      'SELECT version, hash, format, author, at, note FROM content_versions WHERE kind = ? AND id = ? ORDER BY version DESC',
      [kind, id],
    );
    return rows.map((r) => ({ ...r, version: Number(r.version), at: Number(r.at) }));
  }

  /**
   * Saves items as new versions, all or none. An item whose document and labels are
   * unchanged keeps its version (saving twice is not two versions). Returns the versions.
   */
  async save(
    items: readonly ContentSave[],
    now: number,
    o: { remove?: readonly { kind: string; id: string }[]; also?: (tx: Database) => Promise<void> } = {},
  ): Promise<{ kind: string; id: string; version: number; changed: boolean }[]> {
    return this.db.transaction(async (tx) => {
      const out: { kind: string; id: string; version: number; changed: boolean }[] = [];
      for (const s of items) {
        const cur = await tx.get<{ version: number | string; hash: string; labels: unknown; deleted: number | null; pack: string | null; name: string }>(
          'SELECT version, hash, labels, deleted, pack, name FROM content_items WHERE kind = ? AND id = ?',
          [s.kind, s.id],
        );
        const labels = JSON.stringify([...new Set(s.labels)].sort());
        if (cur && cur.deleted === null && cur.hash === s.hash && JSON.stringify(jsonColumn<string[]>(cur.labels, [])) === labels && cur.pack === s.pack && cur.name === s.name) {
          out.push({ kind: s.kind, id: s.id, version: Number(cur.version), changed: false });
          continue;
        }
        // A new document (or one brought back after a delete) is a new version; new labels,
        // pack or name alone are not. Versions keep counting across a delete.
        let v = cur ? Number(cur.version) : 0;
        if (!cur || cur.hash !== s.hash || cur.deleted !== null) {
          const last = await tx.get<{ v: number | string | null }>('SELECT MAX(version) AS v FROM content_versions WHERE kind = ? AND id = ?', [s.kind, s.id]);
          v = Number(last?.v ?? 0) + 1;
          await tx.run('INSERT INTO content_versions (kind, id, version, hash, format, body, author, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
            s.kind, s.id, v, s.hash, s.format, s.body, s.author, now, s.note ?? '',
          ]);
        }
        if (cur) {
          await tx.run('UPDATE content_items SET name = ?, labels = ?, version = ?, hash = ?, pack = ?, modified = ?, deleted = NULL WHERE kind = ? AND id = ?', [
            s.name, labels, v, s.hash, s.pack, now, s.kind, s.id,
          ]);
        } else {
          await tx.run(`INSERT INTO content_items (${ITEM_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [s.kind, s.id, s.name, labels, v, s.hash, s.pack, now, now]);
        }
        out.push({ kind: s.kind, id: s.id, version: v, changed: true });
      }
      for (const k of o.remove ?? []) await tx.run('UPDATE content_items SET deleted = ?, modified = ? WHERE kind = ? AND id = ? AND deleted IS NULL', [now, now, k.kind, k.id]);
      await o.also?.(tx);
      return out;
    });
  }

  /** Marks items deleted (their versions stay, for history and revert). */
  async remove(keys: readonly { kind: string; id: string }[], now: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      let n = 0;
      for (const k of keys) n += await tx.run('UPDATE content_items SET deleted = ?, modified = ? WHERE kind = ? AND id = ? AND deleted IS NULL', [now, now, k.kind, k.id]);
      return n;
    });
  }

  /**
   * Every current document at once (for sync): kind, id, hash, version and body, with the
   * labels of the item's pack (an item without labels of its own follows its pack's).
   */
  async currentBodies(): Promise<(ContentItemRow & { body: string; packLabels: string[] | null })[]> {
    const rows = await this.db.all<ContentItemRow & { body: string; packLabels: unknown }>(
      `SELECT i.kind, i.id, i.name, i.labels, i.version, i.hash, i.pack, i.created, i.modified, v.body, p.labels AS "packLabels"
       FROM content_items i JOIN content_versions v ON v.kind = i.kind AND v.id = i.id AND v.version = i.version
       LEFT JOIN packs p ON p.id = i.pack
       WHERE i.deleted IS NULL ORDER BY i.kind, i.id`,
    );
    return rows.map((r) => ({ ...mapItem(r), body: r.body, packLabels: r.packLabels === null || r.packLabels === undefined ? null : jsonColumn<string[]>(r.packLabels, []) }));
  }

  /** Items that stay but leave their pack (`tx`: the caller's transaction). */
  async release(tx: Database, keys: readonly { kind: string; id: string }[]): Promise<void> {
    for (const k of keys) await tx.run('UPDATE content_items SET pack = NULL WHERE kind = ? AND id = ?', [k.kind, k.id]);
  }

  /** The current items of one pack. */
  async ofPack(pack: string): Promise<ContentItemRow[]> {
    return (await this.db.all<ContentItemRow>(`SELECT ${ITEM_COLS} FROM content_items WHERE pack = ? AND deleted IS NULL ORDER BY kind, id`, [pack])).map(mapItem);
  }
}
