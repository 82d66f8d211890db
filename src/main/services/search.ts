import { decodeCursor, encodeCursor, queryDigest } from '../../core/cursor.js';
import { AppError, isErrorBody, type ErrorBody } from '../../core/errors.js';
import { allows } from '../../core/rbac.js';
import { DEFAULT_SORT, sortValue, type Incident, type Sort, type Severity, type Status } from '../../core/incident.js';
import { parseQuery } from '../../core/query/index.js';
import { sqliteDialect } from '../../store/dialect.js';
import { compileIncidentQuery } from '../../store/incident-query.js';
import type { HostRow, TenantRow } from '../../store/main-repos.js';
import type { HostClient } from '../host-client.js';
import type { AccessContext, AccessService } from './access.js';
import { afterFor, compareMerged, type MergeCursor } from './merge.js';
import type { TenantService } from './tenants.js';

export interface FanoutSearch {
  query?: string;
  tenants?: string[];
  sort?: Sort;
  size?: number;
  cursor?: string;
  timeoutMs?: number;
  /** Also count every match (first page only): one COUNT per tenant, so it is asked for, not default. */
  total?: boolean;
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

/** Which request of main a fan-out serves: its id for the logs, its client's address for tenants' audit trails. */
export interface CallOrigin {
  requestId: string;
  address: string;
}

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
    private readonly access: AccessService,
  ) {}

  /** The tenants asked for (or all), of those the caller may read incidents in; others do not exist for them. */
  private async select(ids: string[] | undefined, ctx: AccessContext): Promise<{ tenant: TenantRow; host: HostRow }[]> {
    if (ids === undefined) {
      return (await this.tenants.allLive()).filter(({ tenant }) => allows(ctx.on(tenant), 'incidents', 'read'));
    }
    const chosen = await Promise.all([...new Set(ids)].sort().map((id) => this.tenants.requireLive(id)));
    for (const { tenant } of chosen) ctx.require(tenant, 'incidents', 'read');
    return chosen;
  }

  /**
   * Sends one request per tenant, batched as one call per host (the host runs them in
   * parallel under the deadline); paused tenants, failures and late answers become `errors`.
   */
  private async fanout<T>(
    targets: { tenant: TenantRow; host: HostRow }[],
    deadlineMs: number,
    request: (t: TenantRow) => { method: 'GET' | 'POST'; path: string; body?: unknown },
    ctx: AccessContext,
    call: CallOrigin,
  ): Promise<{ ok: { tenant: string; value: T }[]; errors: TenantError[] }> {
    const ok: { tenant: string; value: T }[] = [];
    const errors: TenantError[] = [];
    const byHost = new Map<string, { host: HostRow; tenants: TenantRow[] }>();
    for (const { tenant, host } of targets) {
      if (tenant.state === 'paused') {
        errors.push({ tenant: tenant.id, error: new AppError('tenant_paused', `tenant ${tenant.id} is paused`).toBody().error });
        continue;
      }
      const group = byHost.get(host.id) ?? { host, tenants: [] };
      group.tenants.push(tenant);
      byHost.set(host.id, group);
    }
    await Promise.all(
      [...byHost.values()].map(async ({ host, tenants }) => {
        try {
          const requests = await Promise.all(tenants.map(async (t) => ({ tenant: t.id, ...request(t), assertion: await this.access.assertFor(ctx, t, call.address) })));
          const results = await this.client.fanout(host, requests, deadlineMs, call.requestId);
          // A host speaks only for the tenants asked of it, once each.
          const asked = new Set(tenants.map((t) => t.id));
          for (const r of results) {
            if (!asked.delete(r.tenant)) continue;
            if (r.status < 400) ok.push({ tenant: r.tenant, value: r.body as T });
            else errors.push({ tenant: r.tenant, error: isErrorBody(r.body) ? r.body.error : { code: 'bad_gateway', message: `tenant ${r.tenant} answered ${r.status}` } });
          }
          for (const missing of asked) errors.push({ tenant: missing, error: { code: 'bad_gateway', message: `host ${host.name} gave no answer for tenant ${missing}` } });
        } catch (err) {
          const error = (err instanceof AppError ? err : new AppError('host_unavailable', `host ${host.name} failed`)).toBody().error;
          for (const t of tenants) errors.push({ tenant: t.id, error });
        }
      }),
    );
    const byTenant = (a: { tenant: string }, b: { tenant: string }): number => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0);
    return { ok: ok.sort(byTenant), errors: errors.sort(byTenant) };
  }

  async search(req: FanoutSearch, ctx: AccessContext, call: CallOrigin) {
    // A bad query is answered once, here, not as an error from every tenant.
    compileIncidentQuery(parseQuery(req.query ?? ''), sqliteDialect, new Date());
    const sort = req.sort ?? DEFAULT_SORT;
    const size = req.size ?? 50;
    const targets = await this.select(req.tenants, ctx);
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
    const withTotal = first && req.total === true;
    const { ok, errors } = await this.fanout<TenantPage>(
      targets,
      req.timeoutMs ?? DEFAULT_DEADLINE_MS,
      (t) => {
        const after = cursor ? afterFor(sort, cursor, t.id) : undefined;
        return { method: 'POST', path: '/api/v1/incidents/search', body: { query: req.query ?? '', sort, size, total: withTotal, ...(after ? { after } : {}) } };
      },
      ctx,
      call,
    );
    const merged: TenantIncident[] = ok.flatMap((r) => r.value.items.map((i) => ({ ...i, tenant: r.tenant })));
    merged.sort((a, b) => compareMerged(sort, a, b));
    const items = merged.slice(0, size);
    const more = merged.length > size || ok.some((r) => r.value.cursor !== null);
    const last = items[items.length - 1];
    const next = more && last ? encodeCursor({ v: sortValue(last, sort.field), t: last.tenant, id: last.id, d: digest }) : null;
    const total = withTotal ? ok.reduce((n, r) => n + (r.value.total ?? 0), 0) : undefined;
    return { items, cursor: next, ...(total !== undefined ? { total } : {}), errors };
  }

  /**
   * Counts by tenant × status × severity: the bird's-eye view; with incidents created per day
   * (last 30 days) and the top incident types, per tenant and summed.
   */
  async stats(ctx: AccessContext, call: CallOrigin, timeoutMs = DEFAULT_DEADLINE_MS) {
    const targets = await this.select(undefined, ctx);
    type TenantStats = { counts: StatsCount[]; byDay?: { day: string; count: number }[]; topTypes?: { type: string; count: number }[] };
    const { ok, errors } = await this.fanout<TenantStats>(targets, timeoutMs, () => ({ method: 'GET', path: '/api/v1/incidents/stats' }), ctx, call);
    const byStatus: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    const byDay: Record<string, number> = {};
    const byType: Record<string, number> = {};
    const tenants = ok.map((r) => {
      for (const c of r.value.counts) {
        byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
        bySeverity[String(c.severity)] = (bySeverity[String(c.severity)] ?? 0) + c.count;
      }
      for (const d of r.value.byDay ?? []) byDay[d.day] = (byDay[d.day] ?? 0) + d.count;
      for (const t of r.value.topTypes ?? []) byType[t.type] = (byType[t.type] ?? 0) + t.count;
      return { tenant: r.tenant, total: r.value.counts.reduce((n, c) => n + c.count, 0), counts: r.value.counts, byDay: r.value.byDay ?? [], topTypes: r.value.topTypes ?? [] };
    });
    const topTypes = Object.entries(byType).map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1)).slice(0, 10);
    const days = Object.entries(byDay).map(([day, count]) => ({ day, count })).sort((a, b) => (a.day < b.day ? -1 : 1));
    return { tenants, totals: { incidents: tenants.reduce((n, t) => n + t.total, 0), byStatus, bySeverity, byDay: days, topTypes }, errors };
  }

  /**
   * One action (set fields, or close) on incidents of several tenants, each done by its own
   * tenant. Items of a tenant the caller may not see fail as `not_found`, exactly as items of a
   * tenant that does not exist; of a tenant they may only read, as `forbidden`. Results come in
   * the order asked.
   */
  async bulk(ctx: AccessContext, call: CallOrigin, body: BulkRequest, timeoutMs = DEFAULT_DEADLINE_MS): Promise<{ results: BulkResult[]; succeeded: number; failed: number }> {
    const byTenant = new Map<string, number[]>();
    // An incident named twice is acted on once.
    for (const item of body.items) {
      const ids = byTenant.get(item.tenant) ?? [];
      if (!ids.includes(item.id)) byTenant.set(item.tenant, [...ids, item.id]);
    }
    const live = new Map((await this.tenants.allLive()).map((t) => [t.tenant.id, t]));
    const results: BulkResult[] = [];
    const fail = (tenant: string, error: { code: string; message: string }): void => {
      for (const id of byTenant.get(tenant) ?? []) results.push({ tenant, id, ok: false, error });
    };
    const targets: { tenant: TenantRow; host: HostRow }[] = [];
    for (const tenant of byTenant.keys()) {
      const found = live.get(tenant);
      const on = found ? ctx.on(found.tenant) : undefined;
      if (!found || !on || !allows(on, 'incidents', 'read')) fail(tenant, { code: 'not_found', message: `tenant ${tenant} not found` });
      else if (!allows(on, 'incidents', 'write')) fail(tenant, { code: 'forbidden', message: `you may not change incidents in tenant ${tenant}` });
      else targets.push(found);
    }
    const action = body.close ? { close: body.close } : { set: body.set };
    const { ok, errors } = await this.fanout<{ results: { id: number; ok: boolean; error?: { code: string; message: string } }[] }>(
      targets, timeoutMs, (t) => ({ method: 'POST', path: '/api/v1/incidents/bulk', body: { ids: byTenant.get(t.id) ?? [], ...action } }), ctx, call,
    );
    for (const r of ok) for (const x of r.value.results) results.push({ tenant: r.tenant, ...x });
    for (const e of errors) fail(e.tenant, e.error);
    const order = new Map<string, number>();
    body.items.forEach((item, i) => {
      const key = `${item.tenant}\u0000${item.id}`;
      if (!order.has(key)) order.set(key, i);
    });
    results.sort((a, b) => (order.get(`${a.tenant}\u0000${a.id}`) ?? 0) - (order.get(`${b.tenant}\u0000${b.id}`) ?? 0));
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }
}

export interface BulkRequest {
  items: { tenant: string; id: number }[];
  set?: Record<string, unknown>;
  close?: { reason?: string; notes?: string };
}

export interface BulkResult {
  tenant: string;
  id: number;
  ok: boolean;
  error?: { code: string; message: string };
}
