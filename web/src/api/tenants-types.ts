/** What main's API answers for tenants, hosts, main's users and roles, as the tenants area reads it. */

/** A tenant process as its host last reported it (`starting`, `running`, `backoff`, `stopped`, `paused`). */
export interface TenantProcess {
  id: string;
  status: string;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  rssBytes: number | null;
  pssBytes: number | null;
  lastExit?: { code: number | null; signal: string | null; at: string } | null;
  nextRestartInMs?: number | null;
}

/** `active` and `paused` are what main wants; the process says what the host does. */
export type TenantState = 'active' | 'paused' | 'deleting';

export interface TenantView {
  id: string;
  name: string;
  labels: string[];
  state: TenantState;
  host: { id: string; name: string; online: boolean };
  created: string;
  /** Null until the host reports the tenant (or when it cannot be reached and never did). */
  process: TenantProcess | null;
}

export interface CreateTenantBody {
  name: string;
  id?: string;
  host?: string;
  labels?: string[];
}

export interface HostView {
  id: string;
  name: string;
  address: string;
  url: string | null;
  certFingerprint: string;
  version: string | null;
  /** Milliseconds since the epoch. */
  created: number;
  /** The last heartbeat, in milliseconds since the epoch; null before the first. */
  lastSeen: number | null;
  online: boolean;
  tenants: number;
}

export interface Enrollment {
  token: string;
  name: string;
  expiresAt: string;
}
