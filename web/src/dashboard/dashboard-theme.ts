/**
 * The dashboard's colours, read from the stylesheet's CSS variables so the charts follow the
 * console's dark and light themes (`prefers-color-scheme`) and match the severity and status
 * badges. Read again when the system switches theme; animations off when it prefers less motion.
 */
import { useEffect, useState } from 'react';
import type { IncidentStatus, Severity } from '../api/types';

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  surface: string;
  hover: string;
  accent: string;
  severity: Readonly<Record<Severity, string>>;
  status: Readonly<Record<IncidentStatus, string>>;
  /** Whether charts animate: not when the system asks for reduced motion. */
  animate: boolean;
}

const LIGHT = '(prefers-color-scheme: light)';
const REDUCED = '(prefers-reduced-motion: reduce)';

/** Dark-theme values, should a variable be missing (the stylesheet not loaded yet). */
const FALLBACK: Readonly<Record<string, string>> = {
  '--text': '#e6edf3',
  '--text-muted': '#8b96a3',
  '--border': '#2a3340',
  '--border-strong': '#3b4656',
  '--bg-elev': '#151b23',
  '--bg-hover': '#1c2430',
  '--accent': '#2f81f7',
  '--sev-0': '#8b96a3',
  '--sev-1': '#3fb950',
  '--sev-2': '#d29922',
  '--sev-3': '#f0883e',
  '--sev-4': '#ff4d5e',
  '--idle': '#8b96a3',
  '--run': '#58a6ff',
  '--ok': '#3fb950',
};

function matches(query: string): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string): string => style.getPropertyValue(name).trim() || (FALLBACK[name] ?? '#888888');
  return {
    text: v('--text'),
    muted: v('--text-muted'),
    grid: v('--border'),
    axis: v('--border-strong'),
    surface: v('--bg-elev'),
    hover: v('--bg-hover'),
    accent: v('--accent'),
    severity: { 0: v('--sev-0'), 1: v('--sev-1'), 2: v('--sev-2'), 3: v('--sev-3'), 4: v('--sev-4') },
    // As the status badges: pending grey, active blue, closed green; archived a quieter grey.
    status: { pending: v('--idle'), active: v('--run'), done: v('--ok'), archive: v('--border-strong') },
    animate: !matches(REDUCED),
  };
}

/** The current theme's chart colours, updated when the system's colour scheme changes. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState<ChartTheme>(readChartTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const lists = [window.matchMedia(LIGHT), window.matchMedia(REDUCED)];
    const update = (): void => setTheme(readChartTheme());
    for (const l of lists) l.addEventListener('change', update);
    // The stylesheet may have arrived after the first read.
    update();
    return () => {
      for (const l of lists) l.removeEventListener('change', update);
    };
  }, []);
  return theme;
}

/** Axis ticks in the theme's muted text. */
export function tickStyle(theme: ChartTheme): { fill: string; fontSize: number } {
  return { fill: theme.muted, fontSize: 11 };
}
