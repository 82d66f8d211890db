/**
 * What the dashboard shows, derived from `GET /api/v1/incidents/stats`: for all tenants from the
 * per-tenant entries and the summed totals, for one tenant from its entry alone. Pure functions.
 */
import { SEVERITY_NAMES, STATUS_NAMES } from '../common/format';
import type { DayCount, IncidentStats, IncidentStatus, Severity, StatsCount, TenantStats, TypeCount } from '../api/types';

export const SEVERITIES: readonly Severity[] = [0, 1, 2, 3, 4];
/** Stacking order, bottom up: the most severe first, so it is never hidden at the top. */
export const STACK_ORDER: readonly Severity[] = [4, 3, 2, 1, 0];
export const STATUSES: readonly IncidentStatus[] = ['pending', 'active', 'done', 'archive'];
const OPEN: ReadonlySet<IncidentStatus> = new Set(['pending', 'active']);

export const TREND_DAYS = 30;
/** At most this many tenants get a bar; the busiest ones. */
export const MAX_TENANT_BARS = 15;

export type SeverityKey = `sev${Severity}`;
export const severityKey = (s: Severity): SeverityKey => `sev${s}`;

/** One bar of the stacked chart: a tenant or a status, its incidents by severity. */
export type StackRow = { key: string; label: string; total: number } & Record<SeverityKey, number>;

export interface TrendPoint {
  day: string;
  /** `Mar 4`, for the axis. */
  label: string;
  count: number;
}

export interface StatusSlice {
  status: IncidentStatus;
  name: string;
  count: number;
}

export interface Kpis {
  total: number;
  open: number;
  /** Open incidents of severity high or critical. */
  urgent: number;
  /** Incidents created in the last 7 days (today included). */
  lastWeek: number;
  bySeverity: Record<Severity, number>;
}

export interface DashboardView {
  kpis: Kpis;
  /** By tenant (all tenants) or by status (one tenant). */
  stack: { by: 'tenant' | 'status'; rows: StackRow[]; hidden: number };
  trend: TrendPoint[];
  types: TypeCount[];
  statuses: StatusSlice[];
}

function emptyRow(key: string, label: string): StackRow {
  return { key, label, total: 0, sev0: 0, sev1: 0, sev2: 0, sev3: 0, sev4: 0 };
}

function severityOf(s: number): Severity {
  return s >= 0 && s <= 4 ? (s as Severity) : 0;
}

function kpisOf(counts: readonly StatsCount[], trend: readonly TrendPoint[]): Kpis {
  const bySeverity: Record<Severity, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
  let total = 0;
  let open = 0;
  let urgent = 0;
  for (const c of counts) {
    const sev = severityOf(c.severity);
    total += c.count;
    bySeverity[sev] += c.count;
    if (OPEN.has(c.status)) {
      open += c.count;
      if (sev >= 3) urgent += c.count;
    }
  }
  const lastWeek = trend.slice(-7).reduce((n, p) => n + p.count, 0);
  return { total, open, urgent, lastWeek, bySeverity };
}

function rowOf(key: string, label: string, counts: readonly StatsCount[]): StackRow {
  const row = emptyRow(key, label);
  for (const c of counts) {
    row[severityKey(severityOf(c.severity))] += c.count;
    row.total += c.count;
  }
  return row;
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The last `days` UTC days up to today (the API counts by UTC day), missing days as 0. */
export function fillDays(byDay: readonly DayCount[], now: number = Date.now(), days: number = TREND_DAYS): TrendPoint[] {
  const counts = new Map(byDay.map((d) => [d.day, d.count]));
  const today = Math.floor(now / DAY_MS);
  const out: TrendPoint[] = [];
  for (let d = today - days + 1; d <= today; d++) {
    const date = new Date(d * DAY_MS);
    const day = date.toISOString().slice(0, 10);
    out.push({ day, label: `${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCDate()}`, count: counts.get(day) ?? 0 });
  }
  return out;
}

function statusesOf(counts: readonly StatsCount[]): StatusSlice[] {
  return STATUSES.map((status) => ({
    status,
    name: STATUS_NAMES[status],
    count: counts.filter((c) => c.status === status).reduce((n, c) => n + c.count, 0),
  }));
}

/** All tenants: a bar per tenant (the busiest first), trends and types summed by the API. */
export function allTenantsView(stats: IncidentStats, tenantName: (id: string) => string, now?: number): DashboardView {
  const counts = stats.tenants.flatMap((t) => t.counts);
  const trend = fillDays(stats.totals.byDay, now);
  const rows = stats.tenants
    .map((t) => rowOf(t.tenant, tenantName(t.tenant), t.counts))
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  return {
    kpis: kpisOf(counts, trend),
    stack: { by: 'tenant', rows: rows.slice(0, MAX_TENANT_BARS), hidden: Math.max(0, rows.length - MAX_TENANT_BARS) },
    trend,
    types: stats.totals.topTypes,
    statuses: statusesOf(counts),
  };
}

/** One tenant: a bar per status, from that tenant's entry alone. */
export function tenantView(entry: TenantStats, now?: number): DashboardView {
  const trend = fillDays(entry.byDay, now);
  return {
    kpis: kpisOf(entry.counts, trend),
    stack: { by: 'status', rows: STATUSES.map((s) => rowOf(s, STATUS_NAMES[s], entry.counts.filter((c) => c.status === s))), hidden: 0 },
    trend,
    types: entry.topTypes,
    statuses: statusesOf(entry.counts),
  };
}

export function severityLabel(s: Severity): string {
  return SEVERITY_NAMES[s];
}

/** A query of the incidents page for one incident type: quoted, `"` and `\` escaped. */
export function typeQuery(type: string): string {
  return `type:"${type.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}

export function statusQuery(status: IncidentStatus): string {
  return `status:${status}`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}
