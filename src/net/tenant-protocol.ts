/** What a host hands a tenant process at start (over the IPC channel, never argv or env, so secrets stay out of `ps`). */
export interface TenantConfig {
  id: string;
  /** The tenant's own data folder (mode 0700). */
  dir: string;
  /** Unix socket to listen on, inside a folder only the host can open. */
  socket: string;
  storage: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  bodyLimit?: number;
  /** Where to write JSON logs; stdout when absent. */
  logFile?: string;
  /** Main's public key for identity assertions (PEM); without it the tenant refuses every request. */
  assertionKey?: string;
}

export type HostToTenant = { type: 'start'; config: TenantConfig } | { type: 'stop' } | { type: 'assertion-key'; pem: string };
export type TenantToHost = { type: 'ready'; ms: number } | { type: 'failed'; message: string };
