/** Formatting shared by the pages: dates, severities, statuses, JSON. */
import type { IncidentStatus, Severity } from '../api/types';

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { 0: 'Unknown', 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Critical' };

export function severityName(s: number): string {
  return SEVERITY_NAMES[s as Severity] ?? `Severity ${s}`;
}

export const STATUS_NAMES: Readonly<Record<IncidentStatus, string>> = { pending: 'Pending', active: 'Active', done: 'Closed', archive: 'Archived' };

export function statusName(s: string): string {
  return STATUS_NAMES[s as IncidentStatus] ?? s;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-03-04 17:05:09` in the browser's time zone; the raw value when it is no date. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The full ISO form, for tooltips. */
export function isoTime(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** How long between two instants: `850 ms`, `12.3 s`, `4 min 2 s`. */
export function duration(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** What JSON cannot show (never in an API answer, but a value is a value). */
export function plainText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return '[function]';
    default:
      return value === null ? 'null' : '[value]';
  }
}

/** Text as it came, anything else as indented JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? plainText(value);
  } catch {
    return plainText(value);
  }
}

/** One line for a value in a table cell. */
export function oneLine(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? plainText(value);
  } catch {
    return plainText(value);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** XSOAR's default close reasons, offered wherever incidents are closed. */
export const CLOSE_REASONS = ['Resolved', 'False Positive', 'Duplicate', 'Other'] as const;
