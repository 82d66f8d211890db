import { decodeCursor, encodeCursor, queryDigest } from '../../core/cursor.js';
import { AppError } from '../../core/errors.js';
import { DEFAULT_SORT, sortValue, type Incident, type IncidentInput, type IncidentPatch, type Sort } from '../../core/incident.js';
import { parseQuery } from '../../core/query/index.js';
import type { Dialect } from '../../store/dialect.js';
import { compileIncidentQuery } from '../../store/incident-query.js';
import type { IncidentRecord, IncidentRepository, SearchAfter } from '../../store/incident-repo.js';

export interface SearchRequest {
  query?: string;
  sort?: Sort;
  size?: number;
  cursor?: string;
  /** Keyset position given directly (main's cross-tenant fan-out computes it per tenant). */
  after?: SearchAfter;
  /** Whether to count all matches; defaults to true on a first page. */
  total?: boolean;
}

export interface SearchResult {
  items: Incident[];
  cursor: string | null;
  total?: number;
}

function toMs(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('invalid_request', `${field} is not a date: ${JSON.stringify(value).slice(0, 80)}`);
  return ms;
}

/** Rows inserted between two refreshes of the planner's statistics. */
const STATISTICS_EVERY = 5000;

/** One tenant's incident logic: plain code over the repository and a clock. */
export class IncidentService {
  private insertedSinceStatistics = STATISTICS_EVERY;

  constructor(
    private readonly repo: IncidentRepository,
    private readonly dialect: Dialect,
    private readonly now: () => number = Date.now,
  ) {}

  private record(input: IncidentInput, now: number, index: number | null): IncidentRecord {
    const at = index === null ? '' : `[${index}].`;
    const created = toMs(input.created, `${at}created`, now);
    const status = input.status ?? 'pending';
    return {
      name: input.name,
      type: input.type ?? '',
      severity: input.severity ?? 0,
      status,
      owner: input.owner ?? '',
      created,
      modified: now,
      occurred: toMs(input.occurred, `${at}occurred`, created),
      closed: status === 'done' || status === 'archive' ? now : null,
      closeReason: '',
      closeNotes: '',
      labels: input.labels ?? [],
      details: input.details ?? '',
      customFields: input.customFields ?? {},
    };
  }

  async create(inputs: readonly IncidentInput[]): Promise<number[]> {
    const now = this.now();
    // Validate every row before writing any: a bad row in a batch changes nothing.
    const records = inputs.map((input, i) => this.record(input, now, inputs.length > 1 ? i : null));
    const ids = await this.repo.insert(records);
    this.insertedSinceStatistics += ids.length;
    if (this.insertedSinceStatistics >= STATISTICS_EVERY) {
      this.insertedSinceStatistics = 0;
      await this.repo.refreshStatistics();
    }
    return ids;
  }

  async get(id: number): Promise<Incident> {
    const incident = await this.repo.get(id);
    if (!incident) throw new AppError('not_found', `incident ${id} not found`);
    return incident;
  }

  async patch(id: number, patch: IncidentPatch): Promise<Incident> {
    const current = await this.get(id);
    const { occurred, ...fields } = patch;
    const next: IncidentRecord = {
      ...this.fromIncident(current),
      ...fields,
      occurred: toMs(occurred, 'occurred', Date.parse(current.occurred)),
      modified: this.now(),
    };
    if (patch.status !== undefined) {
      const closing = patch.status === 'done' || patch.status === 'archive';
      next.closed = closing ? (current.closed === null ? next.modified : Date.parse(current.closed)) : null;
    }
    await this.repo.replace(id, next);
    return this.get(id);
  }

  async close(id: number, reason: string, notes: string): Promise<Incident> {
    const current = await this.get(id);
    if (current.status === 'done') throw new AppError('conflict', `incident ${id} is already closed`);
    const now = this.now();
    await this.repo.replace(id, { ...this.fromIncident(current), status: 'done', closed: now, closeReason: reason, closeNotes: notes, modified: now });
    return this.get(id);
  }

  /**
   * One action on many incidents: each succeeds or fails on its own (a missing incident, one
   * closed already), and the answer says which, in the order asked.
   */
  async bulk(ids: readonly number[], action: { set?: IncidentPatch; close?: { reason?: string; notes?: string } }): Promise<{ id: number; ok: boolean; error?: { code: string; message: string } }[]> {
    const out: { id: number; ok: boolean; error?: { code: string; message: string } }[] = [];
    for (const id of ids) {
      try {
        if (action.close) await this.close(id, action.close.reason ?? '', action.close.notes ?? '');
        else if (action.set) await this.patch(id, action.set);
        out.push({ id, ok: true });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        out.push({ id, ok: false, error: error.toBody().error });
      }
    }
    return out;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const sort = req.sort ?? DEFAULT_SORT;
    const size = req.size ?? 50;
    const digest = queryDigest(req.query ?? '', sort);
    let after = req.after;
    if (req.cursor !== undefined) {
      const c = decodeCursor(req.cursor);
      if (c['d'] !== digest || (typeof c['v'] !== 'number' && typeof c['v'] !== 'string') || typeof c['id'] !== 'number') {
        throw new AppError('invalid_cursor', 'cursor does not belong to this query and sort');
      }
      after = { value: c['v'], id: c['id'] };
    }
    const where = compileIncidentQuery(parseQuery(req.query ?? ''), this.dialect, new Date(this.now()));
    const rows = await this.repo.search({ where, sort, limit: size + 1, after });
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    const cursor = rows.length > size && last ? encodeCursor({ v: sortValue(last, sort.field), id: last.id, d: digest }) : null;
    const wantTotal = req.total ?? (req.cursor === undefined && req.after === undefined);
    return wantTotal ? { items, cursor, total: await this.repo.count(where) } : { items, cursor };
  }

  stats(): ReturnType<IncidentRepository['stats']> {
    return this.repo.stats();
  }

  /** Incidents created per day over the last `days` days (`YYYY-MM-DD`, UTC), and the top types. */
  async trends(days = 30, types = 10): Promise<{ byDay: { day: string; count: number }[]; topTypes: { type: string; count: number }[] }> {
    const today = Math.floor(this.now() / 86_400_000);
    const t = await this.repo.trends((today - days + 1) * 86_400_000, types);
    return { byDay: t.byDay.map((d) => ({ day: new Date(d.day * 86_400_000).toISOString().slice(0, 10), count: d.count })), topTypes: t.topTypes };
  }

  private fromIncident(i: Incident): IncidentRecord {
    return {
      name: i.name,
      type: i.type,
      severity: i.severity,
      status: i.status,
      owner: i.owner,
      created: Date.parse(i.created),
      modified: Date.parse(i.modified),
      occurred: Date.parse(i.occurred),
      closed: i.closed === null ? null : Date.parse(i.closed),
      closeReason: i.closeReason,
      closeNotes: i.closeNotes,
      labels: i.labels,
      details: i.details,
      customFields: i.customFields,
    };
  }
}
