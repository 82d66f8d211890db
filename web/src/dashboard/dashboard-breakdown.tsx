/**
 * The dashboard's breakdowns: the top incident types (a click opens the incidents of that type)
 * and the incidents by status, a donut with the total in its hole (a click opens that status).
 */
import { Bar, BarChart, Cell, LabelList, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTip, EmptyChart } from './dashboard-charts';
import { percent, type StatusSlice } from './dashboard-data';
import { tickStyle, type ChartTheme } from './dashboard-theme';
import type { IncidentStatus, TypeCount } from '../api/types';

const nf = new Intl.NumberFormat('en-US');
const ROW_HEIGHT = 26;

interface TypesProps {
  types: readonly TypeCount[];
  theme: ChartTheme;
  onPick: (type: string) => void;
}

export function TopTypesChart({ types, theme, onPick }: TypesProps) {
  if (types.length === 0) return <EmptyChart text="No incident types yet." />;
  const tick = tickStyle(theme);
  const longest = Math.max(...types.map((t) => t.type.length));
  return (
    <div className="chart-box chart-clickable" title="Open the incidents of a type">
      <ResponsiveContainer width="100%" height={Math.max(120, types.length * ROW_HEIGHT + 24)}>
        <BarChart
          data={[...types]}
          layout="vertical"
          margin={{ top: 4, right: 36, bottom: 4, left: 4 }}
          barCategoryGap={5}
          onClick={(state) => {
            const row = state?.activeTooltipIndex === undefined ? undefined : types[state.activeTooltipIndex];
            if (row !== undefined) onPick(row.type);
          }}
        >
          <XAxis type="number" allowDecimals={false} hide />
          <YAxis
            type="category"
            dataKey="type"
            tick={{ ...tick, fill: theme.text }}
            tickLine={false}
            axisLine={false}
            width={Math.min(150, Math.max(64, longest * 7 + 8))}
            interval={0}
          />
          <Tooltip cursor={{ fill: theme.hover }} content={<ChartTip />} isAnimationActive={false} />
          <Bar dataKey="count" name="Incidents" fill={theme.accent} radius={[0, 3, 3, 0]} maxBarSize={18} isAnimationActive={theme.animate}>
            <LabelList dataKey="count" position="right" fill={theme.muted} fontSize={11} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface StatusProps {
  slices: readonly StatusSlice[];
  theme: ChartTheme;
  onPick: (status: IncidentStatus) => void;
}

export function StatusDonut({ slices, theme, onPick }: StatusProps) {
  const total = slices.reduce((n, s) => n + s.count, 0);
  if (total === 0) return <EmptyChart text="No incidents yet." />;
  const shown = slices.filter((s) => s.count > 0);
  return (
    <div className="donut">
      <div className="donut-chart chart-clickable">
        <ResponsiveContainer width="100%" height={200}>
          <PieChart>
            <Pie
              data={[...shown]}
              dataKey="count"
              nameKey="name"
              innerRadius="64%"
              outerRadius="92%"
              paddingAngle={shown.length > 1 ? 2 : 0}
              startAngle={90}
              endAngle={-270}
              stroke={theme.surface}
              strokeWidth={2}
              isAnimationActive={theme.animate}
              onClick={(_, index) => {
                const slice = shown[index];
                if (slice !== undefined) onPick(slice.status);
              }}
            >
              {shown.map((s) => (
                <Cell key={s.status} fill={theme.status[s.status]} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
        <div className="donut-center" aria-hidden="true">
          <strong>{nf.format(total)}</strong>
          <span className="muted">incidents</span>
        </div>
      </div>
      <ul className="donut-legend" aria-label="Incidents by status">
        {slices.map((s) => (
          <li key={s.status}>
            <button type="button" className="donut-item" onClick={() => onPick(s.status)} disabled={s.count === 0} title={`Open the ${s.name.toLowerCase()} incidents`}>
              <span className="chart-tip-dot" style={{ background: theme.status[s.status] }} />
              <span className="donut-name">{s.name}</span>
              <strong>{nf.format(s.count)}</strong>
              <span className="muted donut-share">{percent(s.count, total)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
