/** How the tenants area shows what the API reports: memory, uptime, a process's status, ids and labels. */
import type { TenantView } from '../api/tenants-types';

/** The server's patterns (routes/tenants.ts, auth-hosts.ts): checked here so obvious mistakes never leave the form. */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/;
export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const MAX_LABELS = 50;

/** The id main derives from a name when none is given (services/tenants.ts `slugify`), shown as a suggestion. */
export function suggestId(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  if (slug === '') return '';
  return /^[a-z]/.test(slug) ? slug : `t-${slug}`.slice(0, 40);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `512 KB`, `83.4 MB`; a dash when nothing was reported. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit] ?? 'B'}`;
}

/** `42 s`, `5 min 3 s`, `3 h 12 min`, `2 d 4 h`: the two largest units are enough to read at a glance. */
export function formatUptime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `just now`, `12 s ago`, `4 min ago`; for heartbeats. */
export function formatAgo(at: number | null, now: number = Date.now()): string {
  if (at === null) return 'never';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/**
 * What a tenant is doing: the host's report of its process when there is one, otherwise what
 * main wants of it (a paused tenant) or that its host has not reported it yet.
 */
export function tenantStatus(t: TenantView): string {
  if (t.process !== null) return t.process.status === 'backoff' ? 'failed' : t.process.status;
  if (t.state === 'paused') return 'paused';
  return t.host.online ? 'pending' : 'unknown';
}

const STATUS_CLASS: Readonly<Record<string, string>> = {
  running: 'ok',
  starting: 'run',
  pending: 'run',
  paused: 'wait',
  failed: 'err',
  stopped: 'idle',
  unknown: 'idle',
};

export function statusClass(status: string): string {
  return `state-${STATUS_CLASS[status] ?? 'idle'}`;
}

/** Why the status is what it is, for a tooltip: restarts and the last exit of a crashing process. */
export function statusDetail(t: TenantView): string | undefined {
  const p = t.process;
  if (p === null) return t.host.online ? 'The host has not reported this tenant yet' : `Host ${t.host.name || t.host.id} is offline`;
  const parts = [`${p.restarts} ${p.restarts === 1 ? 'restart' : 'restarts'}`];
  if (p.lastExit) parts.push(`last exit ${p.lastExit.code ?? p.lastExit.signal ?? '?'} at ${p.lastExit.at}`);
  if (p.nextRestartInMs !== null && p.nextRestartInMs !== undefined) parts.push(`next try in ${Math.ceil(p.nextRestartInMs / 1000)} s`);
  return parts.join(', ');
}
