import { decodeCursor, encodeCursor, queryDigest } from '../../core/cursor.js';
import { AppError, type ErrorBody } from '../../core/errors.js';
import { DEFAULT_SORT, sortValue, type Incident, type Sort, type Severity, type Status } from '../../core/incident.js';
import { parseQuery } from '../../core/query/index.js';
import { sqliteDialect } from '../../store/dialect.js';
import { compileIncidentQuery } from '../../store/incident-query.js';
import type { HostRow, TenantRow } from '../../store/main-repos.js';
import type { HostClient } from '../host-client.js';
import { afterFor, compareMerged, type MergeCursor } from './merge.js';
import type { TenantService } from './tenants.js';

export interface FanoutSearch {
  query?: string;
  tenants?: string[];
  sort?: Sort;
  size?: number;
  cursor?: string;
  timeoutMs?: number;
}

export type TenantIncident = Incident & { tenant: string };
export interface TenantError {
  tenant: string;
  error: ErrorBody['error'];
}

interface TenantPage {
  items: Incident[];
  cursor: string | null;
  total?: number;
}

type StatsCount = { status: Status; severity: Severity; count: number };

export const DEFAULT_DEADLINE_MS = 5000;

/**
 * Search across tenants: the same query goes to every selected tenant in parallel, pages are
 * merged by the sort key (ties broken by tenant id, then incident id) and a cursor keeps the
 * position in that merged order. A tenant that fails or misses the deadline is reported in
 * `errors`; the others still answer.
 */
export class CrossTenantSearch {
  constructor(
    private readonly tenants: TenantService,
    private readonly client: HostClient,
  ) {}

  private async select(ids: string[] | undefined): Promise<{ tenant: TenantRow; host: HostRow }[]> {
    if (ids === undefined) {
      const all = await this.tenants.list();
      return Promise.all(all.map((t) => this.tenants.requireLive(t.id)));
    }
    return Promise.all([...new Set(ids)].sort().map((id) => this.tenants.requireLive(id)));
  }

  /** Runs `fn` on every tenant with a deadline; failures become `errors` entries. */
  private async fanout<T>(
    targets: { tenant: TenantRow; host: HostRow }[],
    deadlineMs: number,
    fn: (t: TenantRow, h: HostRow, timeoutMs: number) => Promise<T>,
  ): Promise<{ ok: { tenant: string; value: T }[]; errors: TenantError[] }> {
    const results = await Promise.all(
      targets.map(async ({ tenant, host }) => {
        if (tenant.state === 'paused') throw new AppError('tenant_paused', `tenant ${tenant.id} is paused`);
        return fn(tenant, host, deadlineMs);
      }).map((p, i) =>
        p.then(
          (value) => ({ tenant: targets[i]!.tenant.id, value }),
          (err: unknown) => ({ tenant: targets[i]!.tenant.id, error: (err instanceof AppError ? err : new AppError('bad_gateway', 'tenant failed')).toBody().error }),
        ),
      ),
    );
    const ok: { tenant: string; value: T }[] = [];
    const errors: TenantError[] = [];
    for (const r of results) {
      if ('error' in r) errors.push({ tenant: r.tenant, error: r.error });
      else ok.push(r);
    }
    return { ok, errors };
  }

  async search(req: FanoutSearch, requestId: string) {
    // A bad query is answered once, here, not as an error from every tenant.
    compileIncidentQuery(parseQuery(req.query ?? ''), sqliteDialect, new Date());
    const sort = req.sort ?? DEFAULT_SORT;
    const size = req.size ?? 50;
    const targets = await this.select(req.tenants);
    const digest = queryDigest(req.query ?? '', sort, req.tenants ? targets.map((t) => t.tenant.id) : '*');
    let cursor: MergeCursor | null = null;
    if (req.cursor !== undefined) {
      const c = decodeCursor(req.cursor);
      if (c['d'] !== digest || typeof c['t'] !== 'string' || typeof c['id'] !== 'number' || (typeof c['v'] !== 'number' && typeof c['v'] !== 'string')) {
        throw new AppError('invalid_cursor', 'cursor does not belong to this query, sort and tenant selection');
      }
      cursor = { v: c['v'], t: c['t'], id: c['id'] };
    }
    const first = cursor === null;
    const { ok, errors } = await this.fanout(targets, req.timeoutMs ?? DEFAULT_DEADLINE_MS, (t, h, timeoutMs) => {
      const after = cursor ? afterFor(sort, cursor, t.id) : undefined;
      return this.client.relayJson<TenantPage>(h, t.id, {
        method: 'POST',
        path: '/api/v1/incidents/search',
        body: { query: req.query ?? '', sort, size, total: first, ...(after ? { after } : {}) },
        requestId,
        timeoutMs,
      });
    });
    const merged: TenantIncident[] = ok.flatMap((r) => r.value.items.map((i) => ({ ...i, tenant: r.tenant })));
    merged.sort((a, b) => compareMerged(sort, a, b));
    const items = merged.slice(0, size);
    const more = merged.length > size || ok.some((r) => r.value.cursor !== null);
    const last = items[items.length - 1];
    const next = more && last ? encodeCursor({ v: sortValue(last, sort.field), t: last.tenant, id: last.id, d: digest }) : null;
    const total = first ? ok.reduce((n, r) => n + (r.value.total ?? 0), 0) : undefined;
    return { items, cursor: next, ...(total !== undefined ? { total } : {}), errors };
  }

  /** Counts by tenant × status × severity: the bird's-eye view. */
  async stats(requestId: string, timeoutMs = DEFAULT_DEADLINE_MS) {
    const targets = await this.select(undefined);
    const { ok, errors } = await this.fanout(targets, timeoutMs, (t, h, ms) =>
      this.client.relayJson<{ counts: StatsCount[] }>(h, t.id, { method: 'GET', path: '/api/v1/incidents/stats', body: undefined, requestId, timeoutMs: ms }),
    );
    const byStatus: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    const tenants = ok.map((r) => {
      for (const c of r.value.counts) {
        byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
        bySeverity[String(c.severity)] = (bySeverity[String(c.severity)] ?? 0) + c.count;
      }
      return { tenant: r.tenant, total: r.value.counts.reduce((n, c) => n + c.count, 0), counts: r.value.counts };
    });
    return { tenants, totals: { incidents: tenants.reduce((n, t) => n + t.total, 0), byStatus, bySeverity }, errors };
  }
}
