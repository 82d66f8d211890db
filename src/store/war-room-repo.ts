import { jsonColumn, type Database } from './database.js';

export interface EntryRow {
  id: number;
  incidentId: number;
  runId: string | null;
  taskId: string | null;
  type: number;
  format: string;
  contents: unknown;
  humanReadable: string;
  tags: string[];
  created: number;
}

export type NewEntry = Omit<EntryRow, 'id'>;

export interface ListRow {
  name: string;
  data: string;
  updated: number;
  updatedBy: string;
}

export interface IndicatorRow {
  value: string;
  type: string;
  score: number;
  fields: Record<string, unknown>;
  created: number;
  modified: number;
}

/**
 * What playbooks leave behind in a tenant besides the context: war room entries, lists,
 * indicators, links between incidents, evidence. Writes take the caller's transaction.
 */
export class WarRoomRepository {
  constructor(private readonly db: Database) {}

  async addEntries(tx: Database, entries: readonly NewEntry[]): Promise<void> {
    for (const e of entries) {
      await tx.run('INSERT INTO entries (incident_id, run_id, task_id, type, format, contents, human, tags, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        e.incidentId, e.runId, e.taskId, e.type, e.format, JSON.stringify(e.contents ?? null), e.humanReadable, JSON.stringify(e.tags), e.created,
      ]);
    }
  }

  /** An incident's entries in order, after `afterId`, at most `limit`. */
  async entries(incidentId: number, afterId: number, limit: number): Promise<EntryRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT id, incident_id, run_id, task_id, type, format, contents, human, tags, created FROM entries WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?',
      [incidentId, afterId, limit],
    );
    return rows.map((r) => ({
      id: Number(r['id']),
      incidentId: Number(r['incident_id']),
      runId: r['run_id'] === null ? null : r['run_id'] as string,
      taskId: r['task_id'] === null ? null : r['task_id'] as string,
      type: Number(r['type']),
      format: String(r['format']),
      contents: jsonColumn<unknown>(r['contents'], null),
      humanReadable: String(r['human']),
      tags: jsonColumn<string[]>(r['tags'], []),
      created: Number(r['created']),
    }));
  }

  async list(name: string, db: Database = this.db): Promise<ListRow | undefined> {
    const r = await db.get<Record<string, unknown>>('SELECT name, data, updated, updated_by FROM lists WHERE name = ?', [name]);
    return r && { name: String(r['name']), data: String(r['data']), updated: Number(r['updated']), updatedBy: String(r['updated_by']) };
  }

  async listNames(): Promise<{ name: string; updated: number; size: number }[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT name, updated, length(data) AS size FROM lists ORDER BY name');
    return rows.map((r) => ({ name: String(r['name']), updated: Number(r['updated']), size: Number(r['size']) }));
  }

  async putList(tx: Database, list: ListRow): Promise<void> {
    const changed = await tx.run('UPDATE lists SET data = ?, updated = ?, updated_by = ? WHERE name = ?', [list.data, list.updated, list.updatedBy, list.name]);
    if (changed === 0) await tx.run('INSERT INTO lists (name, data, updated, updated_by) VALUES (?, ?, ?, ?)', [list.name, list.data, list.updated, list.updatedBy]);
  }

  async saveList(list: ListRow): Promise<void> {
    await this.db.transaction((tx) => this.putList(tx, list));
  }

  async deleteList(name: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM lists WHERE name = ?', [name])) > 0;
  }

  async indicator(value: string, db: Database = this.db): Promise<IndicatorRow | undefined> {
    const r = await db.get<Record<string, unknown>>('SELECT value, type, score, fields, created, modified FROM indicators WHERE value = ?', [value]);
    return r && {
      value: String(r['value']), type: String(r['type']), score: Number(r['score']),
      fields: jsonColumn(r['fields'], {}), created: Number(r['created']), modified: Number(r['modified']),
    };
  }

  async indicators(limit: number): Promise<IndicatorRow[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT value FROM indicators ORDER BY modified DESC, value LIMIT ?', [limit]);
    const out: IndicatorRow[] = [];
    for (const r of rows) {
      const row = await this.indicator(String(r['value']));
      if (row) out.push(row);
    }
    return out;
  }

  /**
   * Indicators matching every `field:value` term of `query` (XSOAR's indicator query, the
   * subset playbook input queries use): `type`, `value`, `score`, else a field of the
   * indicator, where a list field matches when it holds the value. Case-insensitive.
   */
  async searchIndicators(query: string, limit: number): Promise<IndicatorRow[]> {
    const terms = [...query.matchAll(/(-?)([\w.]+):("([^"]*)"|\S+)/g)].map((m) => ({ not: m[1] === '-', field: (m[2] ?? '').toLowerCase(), value: (m[4] ?? m[3] ?? '').toLowerCase() }));
    const rows = await this.db.all<Record<string, unknown>>('SELECT value, type, score, fields, created, modified FROM indicators ORDER BY value LIMIT 100000');
    const out: IndicatorRow[] = [];
    for (const r of rows) {
      const row: IndicatorRow = { value: String(r['value']), type: String(r['type']), score: Number(r['score']), fields: jsonColumn(r['fields'], {}), created: Number(r['created']), modified: Number(r['modified']) };
      const ok = terms.every((t) => {
        const v = t.field === 'type' ? row.type : t.field === 'value' ? row.value : t.field === 'score' ? row.score : row.fields[t.field];
        const hit = (Array.isArray(v) ? v : [v]).some((x) => x !== undefined && x !== null && String(x as string).toLowerCase() === t.value);
        return t.not ? !hit : hit;
      });
      if (ok) out.push(row);
      if (out.length >= limit) break;
    }
    return out;
  }

  async putIndicator(tx: Database, row: IndicatorRow): Promise<void> {
    const changed = await tx.run('UPDATE indicators SET type = ?, score = ?, fields = ?, modified = ? WHERE value = ?', [
      row.type, row.score, JSON.stringify(row.fields), row.modified, row.value,
    ]);
    if (changed === 0) {
      await tx.run('INSERT INTO indicators (value, type, score, fields, created, modified) VALUES (?, ?, ?, ?, ?, ?)', [
        row.value, row.type, row.score, JSON.stringify(row.fields), row.created, row.modified,
      ]);
    }
  }

  async link(tx: Database, a: number, b: number, unlink: boolean): Promise<void> {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      await tx.run('DELETE FROM incident_links WHERE incident_id = ? AND linked_id = ?', [x, y]);
      if (!unlink) await tx.run('INSERT INTO incident_links (incident_id, linked_id) VALUES (?, ?)', [x, y]);
    }
  }

  async links(incidentId: number): Promise<number[]> {
    const rows = await this.db.all<{ linked_id: unknown }>('SELECT linked_id FROM incident_links WHERE incident_id = ? ORDER BY linked_id', [incidentId]);
    return rows.map((r) => Number(r.linked_id));
  }

  /**
   * People who acted on this tenant with success (its audit trail; not main's own calls, API
   * keys or anonymous ones) or own incidents here, with their open incidents.
   */
  async analysts(): Promise<{ name: string; open: number }[]> {
    const actors = await this.db.all<{ actor: string }>(
      "SELECT DISTINCT actor FROM audit WHERE result < 400 AND actor NOT IN ('anonymous', 'main', '') AND actor NOT LIKE 'apikey:%'",
    );
    const owners = await this.db.all<{ owner: string; open: unknown }>(
      "SELECT owner, SUM(CASE WHEN status IN ('pending', 'active') THEN 1 ELSE 0 END) AS open FROM incidents WHERE owner <> '' GROUP BY owner",
    );
    const open = new Map(owners.map((o) => [o.owner, Number(o.open)]));
    const names = new Set([...actors.map((a) => a.actor), ...open.keys()]);
    return [...names].sort().map((name) => ({ name, open: open.get(name) ?? 0 }));
  }

  async setting(key: string): Promise<unknown> {
    const r = await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
    return r === undefined ? undefined : jsonColumn<unknown>(r.value, undefined);
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    const changed = await this.db.run('UPDATE settings SET value = ? WHERE key = ?', [text, key]);
    if (changed === 0) await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, text]);
  }

  async addEvidence(tx: Database, incidentId: number, description: string, tags: readonly string[], at: number): Promise<void> {
    await tx.run('INSERT INTO evidence (incident_id, description, tags, created) VALUES (?, ?, ?, ?)', [incidentId, description, JSON.stringify(tags), at]);
  }

  async evidence(incidentId: number): Promise<{ description: string; tags: string[]; created: number }[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT description, tags, created FROM evidence WHERE incident_id = ? ORDER BY id', [incidentId]);
    return rows.map((r) => ({ description: String(r['description']), tags: jsonColumn<string[]>(r['tags'], []), created: Number(r['created']) }));
  }
}
