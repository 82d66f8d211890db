import type { Database } from './database.js';
import { jsonColumn } from './database.js';

export interface HostRow {
  id: string;
  name: string;
  address: string;
  url: string | null;
  certFingerprint: string;
  version: string | null;
  created: number;
  lastSeen: number | null;
}

export type TenantState = 'active' | 'paused' | 'deleting';

export interface TenantRow {
  id: string;
  name: string;
  hostId: string;
  labels: string[];
  state: TenantState;
  created: number;
  modified: number;
}

const HOST_COLS = 'id, name, address, url, cert_fingerprint AS "certFingerprint", version, created, last_seen AS "lastSeen"';
const TENANT_COLS = 'id, name, host_id AS "hostId", labels, state, created, modified';

/** Hosts and their one-time enrollment tokens. */
export class HostRepository {
  constructor(private readonly db: Database) {}

  async createEnrollment(e: { tokenHash: string; name: string; created: number; expires: number }): Promise<void> {
    await this.db.run('INSERT INTO host_enrollments (token_hash, name, created, expires) VALUES (?, ?, ?, ?)', [e.tokenHash, e.name, e.created, e.expires]);
  }

  /** Marks the token used, once: a second use, or an expired token, finds nothing. */
  async consumeEnrollment(tokenHash: string, now: number, hostId: string): Promise<{ name: string } | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ name: string }>(
        'SELECT name FROM host_enrollments WHERE token_hash = ? AND used_at IS NULL AND expires > ?',
        [tokenHash, now],
      );
      if (!row) return undefined;
      const changed = await tx.run('UPDATE host_enrollments SET used_at = ?, host_id = ? WHERE token_hash = ? AND used_at IS NULL', [now, hostId, tokenHash]);
      return changed === 1 ? row : undefined;
    });
  }

  async create(h: { id: string; name: string; address: string; certFingerprint: string; certPem: string; created: number }): Promise<void> {
    await this.db.run(
      'INSERT INTO hosts (id, name, address, cert_fingerprint, cert_pem, created) VALUES (?, ?, ?, ?, ?, ?)',
      [h.id, h.name, h.address, h.certFingerprint, h.certPem, h.created],
    );
  }

  list(): Promise<HostRow[]> {
    return this.db.all<HostRow>(`SELECT ${HOST_COLS} FROM hosts ORDER BY name`);
  }

  get(id: string): Promise<HostRow | undefined> {
    return this.db.get<HostRow>(`SELECT ${HOST_COLS} FROM hosts WHERE id = ?`, [id]);
  }

  byName(name: string): Promise<HostRow | undefined> {
    return this.db.get<HostRow>(`SELECT ${HOST_COLS} FROM hosts WHERE name = ?`, [name]);
  }

  byFingerprint(fp: string): Promise<HostRow | undefined> {
    return this.db.get<HostRow>(`SELECT ${HOST_COLS} FROM hosts WHERE cert_fingerprint = ?`, [fp]);
  }

  async seen(id: string, url: string, version: string, now: number): Promise<void> {
    await this.db.run('UPDATE hosts SET url = ?, version = ?, last_seen = ? WHERE id = ?', [url, version, now, id]);
  }
}

/** The tenants main knows of (their data lives in the tenants themselves). */
export class TenantRepository {
  constructor(private readonly db: Database) {}

  private static map(r: TenantRow & { labels: unknown }): TenantRow {
    return { ...r, labels: jsonColumn<string[]>(r.labels, []) };
  }

  async create(t: TenantRow): Promise<void> {
    await this.db.run('INSERT INTO tenants (id, name, host_id, labels, state, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      t.id, t.name, t.hostId, JSON.stringify(t.labels), t.state, t.created, t.modified,
    ]);
  }

  async list(): Promise<TenantRow[]> {
    return (await this.db.all<TenantRow>(`SELECT ${TENANT_COLS} FROM tenants ORDER BY id`)).map((r) => TenantRepository.map(r));
  }

  async get(id: string): Promise<TenantRow | undefined> {
    const r = await this.db.get<TenantRow>(`SELECT ${TENANT_COLS} FROM tenants WHERE id = ?`, [id]);
    return r && TenantRepository.map(r);
  }

  async byName(name: string): Promise<TenantRow | undefined> {
    const r = await this.db.get<TenantRow>(`SELECT ${TENANT_COLS} FROM tenants WHERE lower(name) = lower(?)`, [name]);
    return r && TenantRepository.map(r);
  }

  async onHost(hostId: string): Promise<TenantRow[]> {
    return (await this.db.all<TenantRow>(`SELECT ${TENANT_COLS} FROM tenants WHERE host_id = ? ORDER BY id`, [hostId])).map((r) => TenantRepository.map(r));
  }

  async setLabels(id: string, labels: readonly string[], now: number): Promise<void> {
    await this.db.run('UPDATE tenants SET labels = ?, modified = ? WHERE id = ?', [JSON.stringify([...labels]), now, id]);
  }

  async setState(id: string, state: TenantState, now: number): Promise<void> {
    await this.db.run('UPDATE tenants SET state = ?, modified = ? WHERE id = ?', [state, now, id]);
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM tenants WHERE id = ?', [id]);
  }
}

/** Small key/value settings of main. */
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
  }

  async set(key: string, value: string): Promise<void> {
    // One upsert statement (both engines share the syntax), not UPDATE then INSERT: two
    // callers setting a new key would both find nothing to update, and the second INSERT fail.
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}
