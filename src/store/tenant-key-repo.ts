import type { PermissionSet } from '../core/rbac.js';
import type { Database } from './database.js';
import { jsonColumn } from './database.js';

export interface TenantKey {
  id: string;
  name: string;
  permissions: PermissionSet;
}

/** A tenant's API keys as main gave them: hashes and the permissions each holds here. */
export class TenantKeyRepository {
  constructor(private readonly db: Database) {}

  /** Creates or replaces a key (main may send the same key again after a lost answer). */
  async put(k: { id: string; name: string; keyHash: string; permissions: PermissionSet; expires: number | null }, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO api_keys (id, name, key_hash, permissions, created, expires) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, key_hash = excluded.key_hash, permissions = excluded.permissions, expires = excluded.expires`,
      [k.id, k.name, k.keyHash, JSON.stringify(k.permissions), now, k.expires],
    );
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE api_keys SET revoked = COALESCE(revoked, ?) WHERE id = ?', [now, id])) === 1;
  }

  /** The live key with this hash (not revoked, not expired), marking it used. */
  async use(keyHash: string, now: number): Promise<TenantKey | undefined> {
    const row = await this.db.get<{ id: string; name: string; permissions: unknown }>(
      'SELECT id, name, permissions FROM api_keys WHERE key_hash = ? AND revoked IS NULL AND (expires IS NULL OR expires > ?)',
      [keyHash, now],
    );
    if (!row) return undefined;
    await this.db.run('UPDATE api_keys SET last_used = ? WHERE id = ?', [now, row.id]);
    return { id: row.id, name: row.name, permissions: jsonColumn<PermissionSet>(row.permissions, { resources: {}, flags: [] }) };
  }
}
