import type { Database } from './database.js';

export type UserKind = 'local' | 'directory' | 'customer';

/** A user as the API shows it: never a password hash. */
export interface User {
  id: string;
  /** The login name: `<tenant>/<name>` for a customer user, so names never collide across tenants. */
  username: string;
  kind: UserKind;
  /** A customer user's one tenant; null for main's users. */
  tenant: string | null;
  directoryDn: string | null;
  disabled: boolean;
  created: number;
  lastLogin: number | null;
}

export interface UserRow extends User {
  passwordHash: string;
}

export interface SessionUser {
  id: string;
  username: string;
  kind: UserKind;
  tenant: string | null;
  session: 'bearer' | 'cookie';
}

type Raw<T> = Omit<T, 'disabled'> & { disabled: number | boolean };

const COLS = 'id, username, kind, tenant, directory_dn AS "directoryDn", disabled, created, last_login AS "lastLogin"';
const map = <T extends User>(r: Raw<T>): T => ({ ...r, disabled: Boolean(r.disabled) }) as T;

/** Main's accounts (local, directory and customer users) and their login sessions. */
export class UserRepository {
  constructor(private readonly db: Database) {}

  async create(u: { id: string; username: string; passwordHash: string; created: number; kind?: UserKind; tenant?: string; directoryDn?: string }): Promise<void> {
    await this.db.run('INSERT INTO users (id, username, password_hash, created, kind, tenant, directory_dn) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      u.id, u.username, u.passwordHash, u.created, u.kind ?? 'local', u.tenant ?? null, u.directoryDn ?? null,
    ]);
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    const r = await this.db.get<Raw<UserRow>>(`SELECT ${COLS}, password_hash AS "passwordHash" FROM users WHERE username = ?`, [username]);
    return r && map(r);
  }

  /** Main's own users (`tenant` null) or one tenant's customer users. */
  async list(tenant: string | null): Promise<User[]> {
    const rows = tenant === null
      ? await this.db.all<Raw<User>>(`SELECT ${COLS} FROM users WHERE tenant IS NULL ORDER BY username`)
      : await this.db.all<Raw<User>>(`SELECT ${COLS} FROM users WHERE tenant = ? ORDER BY username`, [tenant]);
    return rows.map(map);
  }

  async get(id: string): Promise<User | undefined> {
    const r = await this.db.get<Raw<User>>(`SELECT ${COLS} FROM users WHERE id = ?`, [id]);
    return r && map(r);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, id]);
    // A disabled account's sessions end now, not at their expiry.
    if (disabled) await this.db.run('DELETE FROM sessions WHERE user_id = ?', [id]);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM users WHERE id = ?', [id])) === 1;
  }

  /** Removes every customer user of a tenant (the tenant is going away). */
  async deleteTenantUsers(tenant: string): Promise<number> {
    return this.db.run('DELETE FROM users WHERE tenant = ?', [tenant]);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
  }

  async loggedIn(id: string, now: number, directoryDn?: string): Promise<void> {
    await this.db.run('UPDATE users SET last_login = ?, directory_dn = COALESCE(?, directory_dn) WHERE id = ?', [now, directoryDn ?? null, id]);
  }

  /** The groups a directory user was found in at their last login. */
  async groups(userId: string): Promise<string[]> {
    return (await this.db.all<{ g: string }>('SELECT group_name AS g FROM directory_groups WHERE user_id = ? ORDER BY group_name', [userId])).map((r) => r.g);
  }

  async setGroups(userId: string, groups: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM directory_groups WHERE user_id = ?', [userId]);
      for (const g of new Set(groups)) await tx.run('INSERT INTO directory_groups (user_id, group_name) VALUES (?, ?)', [userId, g]);
    });
  }

  async createSession(tokenHash: string, userId: string, created: number, expires: number, kind: 'bearer' | 'cookie' = 'bearer'): Promise<void> {
    await this.db.run('INSERT INTO sessions (token_hash, user_id, created, expires, kind) VALUES (?, ?, ?, ?, ?)', [tokenHash, userId, created, expires, kind]);
  }

  async sessionUser(tokenHash: string, now: number): Promise<SessionUser | undefined> {
    return this.db.get<SessionUser>(
      'SELECT u.id, u.username, u.kind, u.tenant, s.kind AS session FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires > ? AND u.disabled = 0',
      [tokenHash, now],
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /** Ends every session of a user (their access changed, or they were disabled). */
  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.db.run('DELETE FROM sessions WHERE expires <= ?', [now]);
  }
}
