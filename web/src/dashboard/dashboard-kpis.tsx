/** The dashboard's headline numbers: total, open, open high and critical, created this week. */
import type { ReactNode } from 'react';
import { percent, SEVERITIES, severityLabel, type Kpis, type TrendPoint } from './dashboard-data';
import type { ChartTheme } from './dashboard-theme';

interface Props {
  kpis: Kpis;
  trend: readonly TrendPoint[];
  /** `across 12 tenants` or the tenant's name. */
  scopeText: string;
  theme: ChartTheme;
}

const nf = new Intl.NumberFormat('en-US');

export function KpiTiles({ kpis, trend, scopeText, theme }: Props) {
  const { total, open, urgent, lastWeek, bySeverity } = kpis;
  const weekBefore = trend.slice(-14, -7).reduce((n, p) => n + p.count, 0);
  return (
    <div className="dashboard-kpis">
      <Tile testId="kpi-total" label="Total incidents" value={total} tone="neutral" hint={scopeText}>
        <div className="kpi-bar" role="img" aria-label={SEVERITIES.map((s) => `${severityLabel(s)} ${bySeverity[s]}`).join(', ')}>
          {total > 0 &&
            [...SEVERITIES].reverse().map((s) =>
              bySeverity[s] > 0 ? <span key={s} style={{ flexGrow: bySeverity[s], background: theme.severity[s] }} title={`${severityLabel(s)}: ${nf.format(bySeverity[s])}`} /> : null,
            )}
        </div>
      </Tile>
      <Tile testId="kpi-open" label="Open" value={open} tone="run" hint={total === 0 ? 'Pending or active' : `Pending or active · ${percent(open, total)} of all`} />
      <Tile
        testId="kpi-urgent"
        label="Critical & high open"
        value={urgent}
        tone={urgent > 0 ? 'alert' : 'neutral'}
        hint={urgent > 0 ? 'Severity high or critical, not closed' : 'None waiting'}
      />
      <Tile testId="kpi-week" label="Created, last 7 days" value={lastWeek} tone="neutral" hint={<Change now={lastWeek} before={weekBefore} />} />
    </div>
  );
}

function Tile({ testId, label, value, tone, hint, children }: { testId: string; label: string; value: number; tone: 'neutral' | 'run' | 'alert'; hint: ReactNode; children?: ReactNode }) {
  return (
    <section className={`panel kpi kpi-${tone}`} data-testid={testId} aria-label={label}>
      <h2 className="kpi-label">{label}</h2>
      <div className="kpi-value">{nf.format(value)}</div>
      <div className="kpi-hint muted">{hint}</div>
      {children}
    </section>
  );
}

/** The change against the 7 days before: up is worse (more incidents), so it reads red. */
function Change({ now, before }: { now: number; before: number }) {
  if (now === before) return <span>Same as the week before</span>;
  const up = now > before;
  return (
    <span>
      <span className={up ? 'kpi-up' : 'kpi-down'}>
        {up ? '▲' : '▼'} {nf.format(Math.abs(now - before))}
      </span>{' '}
      vs the week before
    </span>
  );
}
