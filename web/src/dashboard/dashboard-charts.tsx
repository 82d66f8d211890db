/**
 * The dashboard's time and severity charts: incidents by tenant (or status) × severity, stacked,
 * and incidents created per day. Recharts, sized by their panel, coloured by the theme.
 */
import { useId, type ReactNode } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES, STACK_ORDER, severityKey, severityLabel, type StackRow, type TrendPoint } from './dashboard-data';
import { tickStyle, type ChartTheme } from './dashboard-theme';

const nf = new Intl.NumberFormat('en-US');

export function ChartPanel({ title, note, className, children, legend }: { title: string; note?: ReactNode; className?: string; children: ReactNode; legend?: ReactNode }) {
  return (
    <section className={`panel dashboard-panel${className === undefined ? '' : ` ${className}`}`} aria-label={title}>
      <header className="dashboard-panel-head">
        <h2 className="panel-title">{title}</h2>
        {legend}
      </header>
      <div className="dashboard-panel-body">{children}</div>
      {note !== undefined && <p className="dashboard-panel-note muted">{note}</p>}
    </section>
  );
}

export function EmptyChart({ text }: { text: string }) {
  return <p className="dashboard-empty">{text}</p>;
}

interface TipItem {
  name?: string | number;
  value?: number | string | readonly (number | string)[];
  color?: string;
  fill?: string;
}

/** The tooltip of every chart: recharts fills in `active`, `label` and `payload`. */
export function ChartTip({ active, label, payload, showTotal = false }: { active?: boolean; label?: unknown; payload?: readonly TipItem[]; showTotal?: boolean }) {
  if (active !== true || payload === undefined || payload.length === 0) return null;
  const items = payload.filter((p) => typeof p.value === 'number' && (p.value > 0 || payload.length === 1));
  const total = payload.reduce((n, p) => n + (typeof p.value === 'number' ? p.value : 0), 0);
  return (
    <div className="chart-tip">
      {typeof label === 'string' || typeof label === 'number' ? <div className="chart-tip-label">{label}</div> : null}
      {items.length === 0 && <div className="muted">No incidents</div>}
      {items.map((p) => (
        <div className="chart-tip-row" key={String(p.name)}>
          <span className="chart-tip-dot" style={{ background: p.color ?? p.fill }} />
          <span>{p.name}</span>
          <strong>{typeof p.value === 'number' ? nf.format(p.value) : ''}</strong>
        </div>
      ))}
      {showTotal && items.length > 1 && (
        <div className="chart-tip-row chart-tip-total">
          <span />
          <span>Total</span>
          <strong>{nf.format(total)}</strong>
        </div>
      )}
    </div>
  );
}

export function SeverityLegend({ theme }: { theme: ChartTheme }) {
  return (
    <ul className="dashboard-legend" aria-label="Severities">
      {[...SEVERITIES].reverse().map((s) => (
        <li key={s}>
          <span className="chart-tip-dot" style={{ background: theme.severity[s] }} />
          {severityLabel(s)}
        </li>
      ))}
    </ul>
  );
}

interface StackProps {
  rows: readonly StackRow[];
  theme: ChartTheme;
  /** Clicking a bar: its row's key (a tenant id or a status). */
  onPick?: (key: string) => void;
  pickHint?: string;
}

export function SeverityStackChart({ rows, theme, onPick, pickHint }: StackProps) {
  const tick = tickStyle(theme);
  const crowded = rows.length > 8;
  return (
    <div className={`chart-box${onPick === undefined ? '' : ' chart-clickable'}`} title={pickHint}>
      <ResponsiveContainer width="100%" height={250}>
        <BarChart
          data={[...rows]}
          margin={{ top: 8, right: 8, bottom: crowded ? 28 : 0, left: -12 }}
          onClick={(state) => {
            const row = state?.activeTooltipIndex === undefined ? undefined : rows[state.activeTooltipIndex];
            if (row !== undefined && onPick !== undefined) onPick(row.key);
          }}
        >
          <CartesianGrid vertical={false} stroke={theme.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="label"
            tick={crowded ? { ...tick, textAnchor: 'end' } : tick}
            angle={crowded ? -30 : 0}
            interval={0}
            tickLine={false}
            axisLine={{ stroke: theme.axis }}
            height={crowded ? 50 : 30}
          />
          <YAxis allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={44} />
          <Tooltip cursor={{ fill: theme.hover }} content={<ChartTip showTotal />} isAnimationActive={false} />
          {STACK_ORDER.map((s) => (
            <Bar key={s} dataKey={severityKey(s)} name={severityLabel(s)} stackId="severity" fill={theme.severity[s]} maxBarSize={64} isAnimationActive={theme.animate} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TrendChart({ points, theme }: { points: readonly TrendPoint[]; theme: ChartTheme }) {
  const gradient = `trend-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const tick = tickStyle(theme);
  return (
    <div className="chart-box">
      <ResponsiveContainer width="100%" height={220}>
        <AreaChart data={[...points]} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <defs>
            <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={theme.accent} stopOpacity={0.4} />
              <stop offset="100%" stopColor={theme.accent} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke={theme.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: theme.axis }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={44} />
          <Tooltip cursor={{ stroke: theme.axis }} content={<ChartTip />} isAnimationActive={false} />
          <Area
            type="monotone"
            dataKey="count"
            name="Created"
            stroke={theme.accent}
            strokeWidth={2}
            fill={`url(#${gradient})`}
            dot={false}
            activeDot={{ r: 4, stroke: theme.surface, strokeWidth: 2, fill: theme.accent }}
            isAnimationActive={theme.animate}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
