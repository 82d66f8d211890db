import type { Incident, Label, Severity, Sort, Status } from '../core/incident.js';
import type { Database, SqlValue } from './database.js';
import { jsonColumn } from './database.js';

/** An incident ready to store: every field present, timestamps in epoch milliseconds. */
export interface IncidentRecord {
  name: string;
  type: string;
  severity: Severity;
  status: Status;
  owner: string;
  created: number;
  modified: number;
  occurred: number;
  closed: number | null;
  closeReason: string;
  closeNotes: string;
  labels: Label[];
  details: string;
  customFields: Record<string, unknown>;
}

/** Strictly after this (sort value, id) position in the search's order. */
export interface SearchAfter {
  value: number | string;
  id: number;
}

export interface SearchSpec {
  where: { sql: string; params: readonly SqlValue[] };
  sort: Sort;
  limit: number;
  after?: SearchAfter | undefined;
}

interface IncidentRow {
  id: number;
  name: string;
  type: string;
  severity: number;
  status: string;
  owner: string;
  created: number;
  modified: number;
  occurred: number;
  closed: number | null;
  close_reason: string;
  close_notes: string;
  labels: unknown;
  details: string;
  custom_fields: unknown;
}

const COLUMNS = [
  'name', 'type', 'severity', 'status', 'owner', 'created', 'modified', 'occurred', 'closed',
  'close_reason', 'close_notes', 'labels', 'details', 'custom_fields',
] as const;

const iso = (ms: number): string => new Date(ms).toISOString();

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    severity: r.severity as Severity,
    status: r.status as Status,
    owner: r.owner,
    created: iso(r.created),
    modified: iso(r.modified),
    occurred: iso(r.occurred),
    closed: r.closed === null ? null : iso(r.closed),
    closeReason: r.close_reason,
    closeNotes: r.close_notes,
    labels: jsonColumn<Label[]>(r.labels, []),
    details: r.details,
    customFields: jsonColumn<Record<string, unknown>>(r.custom_fields, {}),
  };
}

function toValues(r: IncidentRecord): SqlValue[] {
  return [
    r.name, r.type, r.severity, r.status, r.owner, r.created, r.modified, r.occurred, r.closed,
    r.closeReason, r.closeNotes, JSON.stringify(r.labels), r.details, JSON.stringify(r.customFields),
  ];
}

/** Incidents in one tenant's database. */
export class IncidentRepository {
  constructor(private readonly db: Database) {}

  async insert(records: readonly IncidentRecord[]): Promise<number[]> {
    if (records.length === 0) return [];
    const rows = records.map(toValues);
    return this.db.transaction(async (tx) => {
      const ids = await tx.insertMany('incidents', COLUMNS, rows);
      const index = tx.dialect.fullTextIndexRange();
      if (index) await tx.run(index, [Math.min(...ids), Math.max(...ids)]);
      return ids;
    });
  }

  /** Lets the planner see the table's current shape after bulk inserts. */
  async refreshStatistics(): Promise<void> {
    const sql = this.db.dialect.refreshStatistics();
    if (sql) await this.db.exec(sql);
  }

  async get(id: number): Promise<Incident | undefined> {
    const row = await this.db.get<IncidentRow>('SELECT * FROM incidents i WHERE i.id = ?', [id]);
    return row && toIncident(row);
  }

  /** Replaces the stored incident with `record` (callers merge patches first). */
  async replace(id: number, record: IncidentRecord): Promise<boolean> {
    const set = COLUMNS.map((c) => `${c} = ?`).join(', ');
    const changed = await this.db.run(`UPDATE incidents SET ${set} WHERE id = ?`, [...toValues(record), id]);
    return changed === 1;
  }

  async search(spec: SearchSpec): Promise<Incident[]> {
    const { field, order } = spec.sort;
    const col = field === 'name' ? this.db.dialect.binaryText('i.name') : `i.${field}`;
    const cmp = order === 'asc' ? '>' : '<';
    const params: SqlValue[] = [...spec.where.params];
    let sql = `SELECT i.* FROM incidents i WHERE (${spec.where.sql})`;
    if (spec.after) {
      if (field === 'id') {
        sql += ` AND i.id ${cmp} ?`;
        params.push(spec.after.id);
      } else {
        sql += ` AND (${col} ${cmp} ? OR (${col} = ? AND i.id ${cmp} ?))`;
        params.push(spec.after.value, spec.after.value, spec.after.id);
      }
    }
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    sql += field === 'id' ? ` ORDER BY i.id ${dir} LIMIT ?` : ` ORDER BY ${col} ${dir}, i.id ${dir} LIMIT ?`;
    params.push(spec.limit);
    const rows = await this.db.all<IncidentRow>(sql, params);
    return rows.map(toIncident);
  }

  async count(where: { sql: string; params: readonly SqlValue[] }): Promise<number> {
    const row = await this.db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM incidents i WHERE (${where.sql})`, where.params);
    return Number(row?.n ?? 0);
  }

  async stats(): Promise<{ status: Status; severity: Severity; count: number }[]> {
    const rows = await this.db.all<{ status: Status; severity: Severity; n: number | string }>(
      'SELECT status, severity, COUNT(*) AS n FROM incidents GROUP BY status, severity ORDER BY status, severity',
    );
    return rows.map((r) => ({ status: r.status, severity: r.severity, count: Number(r.n) }));
  }

  /** Incidents created per UTC day since `sinceMs` (epoch-day numbers), and the most frequent types. */
  async trends(sinceMs: number, types: number): Promise<{ byDay: { day: number; count: number }[]; topTypes: { type: string; count: number }[] }> {
    const days = await this.db.all<{ day: number | string; n: number | string }>(
      'SELECT created / 86400000 AS day, COUNT(*) AS n FROM incidents WHERE created >= ? GROUP BY created / 86400000 ORDER BY day',
      [sinceMs],
    );
    const top = await this.db.all<{ type: string; n: number | string }>('SELECT type, COUNT(*) AS n FROM incidents GROUP BY type ORDER BY n DESC, type LIMIT ?', [types]);
    return {
      byDay: days.map((d) => ({ day: Number(d.day), count: Number(d.n) })),
      topTypes: top.map((t) => ({ type: t.type, count: Number(t.n) })),
    };
  }
}
