import type { Database } from './database.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  userId: string | null;
  tenant: string | null;
  role: string | null;
  createdBy: string;
  created: number;
  expires: number | null;
  lastUsed: number | null;
  revoked: number | null;
}

const COLS = 'id, name, user_id AS "userId", tenant, role, created_by AS "createdBy", created, expires, last_used AS "lastUsed", revoked';

/** API keys: shown once at creation, stored as a hash, revocable, optionally expiring. */
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  async create(k: Omit<ApiKeyRow, 'lastUsed' | 'revoked'> & { keyHash: string }): Promise<void> {
    await this.db.run('INSERT INTO api_keys (id, name, key_hash, user_id, tenant, role, created_by, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      k.id, k.name, k.keyHash, k.userId, k.tenant, k.role, k.createdBy, k.created, k.expires,
    ]);
  }

  /** The live key with this hash (not revoked, not expired), marking it used. */
  async use(keyHash: string, now: number): Promise<ApiKeyRow | undefined> {
    const row = await this.db.get<ApiKeyRow>(
      `SELECT ${COLS} FROM api_keys WHERE key_hash = ? AND revoked IS NULL AND (expires IS NULL OR expires > ?)`,
      [keyHash, now],
    );
    if (row) await this.db.run('UPDATE api_keys SET last_used = ? WHERE id = ?', [now, row.id]);
    return row;
  }

  list(createdBy?: string): Promise<ApiKeyRow[]> {
    return createdBy === undefined
      ? this.db.all<ApiKeyRow>(`SELECT ${COLS} FROM api_keys ORDER BY created`)
      : this.db.all<ApiKeyRow>(`SELECT ${COLS} FROM api_keys WHERE created_by = ? ORDER BY created`, [createdBy]);
  }

  get(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.get<ApiKeyRow>(`SELECT ${COLS} FROM api_keys WHERE id = ?`, [id]);
  }

  async revoke(id: string, now: number): Promise<void> {
    await this.db.run('UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL', [now, id]);
  }

  /** Revokes every key of a tenant (it is going away; a later tenant of the same id must not inherit them). */
  async revokeTenant(tenant: string, now: number): Promise<void> {
    await this.db.run('UPDATE api_keys SET revoked = ? WHERE tenant = ? AND revoked IS NULL', [now, tenant]);
  }

  /** Forgets a key that never came into use (its tenant could not record it). */
  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM api_keys WHERE id = ?', [id]);
  }
}
