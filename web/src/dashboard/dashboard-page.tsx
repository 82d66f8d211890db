/**
 * The dashboard: headline numbers and charts of the incidents of every tenant this user may see,
 * or of the one chosen in the tenant switcher. One request (`GET /api/v1/incidents/stats`)
 * answers both: the one-tenant view is that tenant's entry. Refreshed quietly every minute.
 * Clicking a tenant's bar switches to it; a type, a status opens the incidents so filtered.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { StatusDonut, TopTypesChart } from './dashboard-breakdown';
import { ChartPanel, EmptyChart, SeverityLegend, SeverityStackChart, TrendChart } from './dashboard-charts';
import { allTenantsView, MAX_TENANT_BARS, STATUSES, statusQuery, TREND_DAYS, tenantView, typeQuery, type DashboardView } from './dashboard-data';
import { KpiTiles } from './dashboard-kpis';
import { useChartTheme, type ChartTheme } from './dashboard-theme';
import { formatTime } from '../common/format';
import { incidentsQueryHref, navigate } from '../shell/route';
import { TenantErrors } from '../common/tenant-errors';
import type { IncidentStats, IncidentStatus } from '../api/types';
import { useLoad } from '../common/use-load';

const REFRESH_MS = 60_000;

interface Props {
  /** The tenant chosen, or null for all of them. */
  scope: string | null;
  /** Switch the tenant scope; absent for a customer user, whose tenant is fixed. */
  onScope?: (tenant: string) => void;
  tenantName: (id: string) => string;
}

export function DashboardPage({ scope, onScope, tenantName }: Props) {
  const theme = useChartTheme();
  const stats = useLoad<IncidentStats>(() => api.stats(), []);
  const [updated, setUpdated] = useState<number | undefined>(undefined);
  const { reload, data } = stats;

  useEffect(() => {
    const timer = window.setInterval(() => reload(true), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    if (data !== undefined) setUpdated(Date.now());
  }, [data]);

  const scopeName = scope === null ? 'All tenants' : tenantName(scope);
  return (
    <section className="page dashboard" data-testid="dashboard" aria-busy={stats.loading}>
      <div className="page-head dashboard-head">
        <h1>Dashboard</h1>
        <span className="muted scope-note">{scopeName}</span>
        <div className="dashboard-actions">
          {updated !== undefined && <span className="muted small">Updated {formatTime(updated).slice(11)}</span>}
          <button type="button" className="btn small" onClick={() => reload()} disabled={stats.loading}>
            Refresh
          </button>
        </div>
      </div>
      {stats.error !== undefined && (
        <div className="error-banner" role="alert">
          The statistics could not be loaded: {stats.error}{' '}
          <button type="button" className="btn small" onClick={() => reload()}>
            Retry
          </button>
        </div>
      )}
      {data === undefined ? (
        stats.loading && <Skeleton />
      ) : scope === null ? (
        <>
          {data.errors.length > 0 && <TenantErrors errors={data.errors} tenantName={tenantName} consequence={`The numbers below leave ${data.errors.length === 1 ? 'it' : 'them'} out.`} testId="dashboard-tenant-errors" />}
          <Board view={allTenantsView(data, tenantName)} theme={theme} scopeText={tenantsText(data.tenants.length)} onScope={onScope} />
        </>
      ) : (
        <OneTenant stats={data} tenant={scope} name={scopeName} theme={theme} onRetry={() => reload()} />
      )}
    </section>
  );
}

function tenantsText(n: number): string {
  return `Across ${n} ${n === 1 ? 'tenant' : 'tenants'}`;
}

function OneTenant({ stats, tenant, name, theme, onRetry }: { stats: IncidentStats; tenant: string; name: string; theme: ChartTheme; onRetry: () => void }) {
  const entry = stats.tenants.find((t) => t.tenant === tenant);
  const failed = stats.errors.find((e) => e.tenant === tenant);
  if (failed !== undefined) {
    return (
      <div className="error-banner" role="alert">
        <span title={failed.error.code}>
          {name} did not answer: {failed.error.message}
        </span>{' '}
        <button type="button" className="btn small" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (entry === undefined) {
    return (
      <section className="panel empty-state">
        <p>There are no statistics for {name}.</p>
      </section>
    );
  }
  return <Board view={tenantView(entry)} theme={theme} scopeText={name} />;
}

function Board({ view, theme, scopeText, onScope }: { view: DashboardView; theme: ChartTheme; scopeText: string; onScope?: (tenant: string) => void }) {
  const byTenant = view.stack.by === 'tenant';
  const created = view.trend.reduce((n, p) => n + p.count, 0);
  const openStatus = (status: IncidentStatus): void => navigate(incidentsQueryHref(statusQuery(status)));
  const pickRow = (key: string): void => {
    if (byTenant) onScope?.(key);
    else {
      const status = STATUSES.find((s) => s === key);
      if (status !== undefined) openStatus(status);
    }
  };
  const canPick = !byTenant || onScope !== undefined;
  const stackNote =
    view.stack.hidden > 0
      ? `The ${MAX_TENANT_BARS} busiest of ${view.stack.rows.length + view.stack.hidden} tenants.${canPick ? ' Click a tenant to see its dashboard.' : ''}`
      : byTenant && canPick
        ? 'Click a tenant to see its dashboard.'
        : byTenant
          ? undefined
          : 'Click a status to open its incidents.';
  return (
    <>
      <KpiTiles kpis={view.kpis} trend={view.trend} scopeText={scopeText} theme={theme} />
      <div className="dashboard-grid">
        <ChartPanel title={byTenant ? 'Incidents by tenant and severity' : 'Incidents by status and severity'} legend={<SeverityLegend theme={theme} />} note={stackNote}>
          {view.kpis.total === 0 && !byTenant ? (
            <EmptyChart text="No incidents yet." />
          ) : view.stack.rows.length === 0 ? (
            <EmptyChart text="No tenants answered." />
          ) : (
            <SeverityStackChart
              rows={view.stack.rows}
              theme={theme}
              onPick={canPick ? pickRow : undefined}
              pickHint={canPick ? (byTenant ? 'Switch to a tenant' : 'Open the incidents of a status') : undefined}
            />
          )}
        </ChartPanel>
        <ChartPanel title="Status">
          <StatusDonut slices={view.statuses} theme={theme} onPick={openStatus} />
        </ChartPanel>
        <ChartPanel title={`Created per day, last ${TREND_DAYS} days`} legend={<span className="muted small">{created.toLocaleString('en-US')} created · UTC days</span>}>
          <TrendChart points={view.trend} theme={theme} />
        </ChartPanel>
        <ChartPanel title="Top incident types" note={view.types.length > 0 ? 'Click a type to open its incidents.' : undefined}>
          <TopTypesChart types={view.types} theme={theme} onPick={(type) => navigate(incidentsQueryHref(typeQuery(type)))} />
        </ChartPanel>
      </div>
    </>
  );
}

function Skeleton() {
  return (
    <div className="dashboard-skeleton" role="status" aria-label="Loading the dashboard">
      <div className="dashboard-kpis">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="panel kpi skeleton" />
        ))}
      </div>
      <div className="dashboard-grid">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="panel skeleton skeleton-chart" />
        ))}
      </div>
    </div>
  );
}
