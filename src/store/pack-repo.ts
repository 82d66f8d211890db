import type { Database } from './database.js';
import { jsonColumn } from './database.js';

export interface PackRow {
  id: string;
  name: string;
  version: string;
  metadata: Record<string, unknown>;
  labels: string[];
  source: 'upload' | 'marketplace';
  installed: number;
  installedBy: string;
  updated: number;
}

export interface PackItemRow {
  kind: string;
  id: string;
  /** The item's hash as the pack installed it. */
  hash: string;
}

const COLS = 'id, name, version, metadata, labels, source, installed, installed_by AS "installedBy", updated';
const map = (r: Record<string, unknown>): PackRow => ({
  id: String(r['id']),
  name: String(r['name']),
  version: String(r['version']),
  metadata: jsonColumn<Record<string, unknown>>(r['metadata'], {}),
  labels: jsonColumn<string[]>(r['labels'], []),
  source: r['source'] === 'marketplace' ? 'marketplace' : 'upload',
  installed: Number(r['installed']),
  installedBy: typeof r['installedBy'] === 'string' ? r['installedBy'] : '',
  updated: Number(r['updated']),
});

/**
 * Installed content packs on main. Writes take the caller's transaction (`tx`), so a pack's
 * row, its item hashes and its items (saved by the content repository) commit together.
 */
export class PackRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<PackRow[]> {
    return (await this.db.all<Record<string, unknown>>(`SELECT ${COLS} FROM packs ORDER BY id`)).map(map);
  }

  async get(id: string): Promise<PackRow | undefined> {
    const r = await this.db.get<Record<string, unknown>>(`SELECT ${COLS} FROM packs WHERE id = ?`, [id]);
    return r && map(r);
  }

  async items(pack: string): Promise<PackItemRow[]> {
    return this.db.all<PackItemRow>('SELECT kind, id, hash FROM pack_items WHERE pack = ? ORDER BY kind, id', [pack]);
  }

  /** Writes (or replaces) a pack and the hashes of the items it installed. */
  async put(tx: Database, row: PackRow, items: readonly PackItemRow[]): Promise<void> {
    const meta = JSON.stringify(row.metadata);
    const labels = JSON.stringify(row.labels);
    const done = await tx.run('UPDATE packs SET name = ?, version = ?, metadata = ?, labels = ?, source = ?, updated = ? WHERE id = ?', [
      row.name, row.version, meta, labels, row.source, row.updated, row.id,
    ]);
    if (done === 0) {
      await tx.run('INSERT INTO packs (id, name, version, metadata, labels, source, installed, installed_by, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        row.id, row.name, row.version, meta, labels, row.source, row.installed, row.installedBy, row.updated,
      ]);
    }
    await tx.run('DELETE FROM pack_items WHERE pack = ?', [row.id]);
    for (const i of items) await tx.run('INSERT INTO pack_items (pack, kind, id, hash) VALUES (?, ?, ?, ?)', [row.id, i.kind, i.id, i.hash]);
  }

  async remove(tx: Database, id: string): Promise<void> {
    await tx.run('DELETE FROM pack_items WHERE pack = ?', [id]);
    await tx.run('DELETE FROM packs WHERE id = ?', [id]);
  }

  async setLabels(id: string, labels: readonly string[], now: number): Promise<boolean> {
    return (await this.db.run('UPDATE packs SET labels = ?, updated = ? WHERE id = ?', [JSON.stringify([...new Set(labels)].sort()), now, id])) > 0;
  }
}
