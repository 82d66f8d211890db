import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates and drops per-tenant PostgreSQL databases. Each tenant gets its own database,
 * owned by its own login role; CONNECT is revoked from PUBLIC so no other tenant's role
 * can even open it. Identifiers come from our own tenant-id slug and are quoted anyway.
 */
export function tenantDbName(tenantId: string, prefix = 'palisade_t_'): string {
  const slug = tenantId.toLowerCase().replace(/[^a-z0-9]/g, '_');
  if (!/^[a-z0-9_]{1,40}$/.test(slug)) throw new Error(`tenant id ${tenantId} cannot name a database`);
  return `${prefix}${slug}`;
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (or re-creates the credentials of) a tenant's database; returns the tenant's own URL. */
export async function provisionTenantDatabase(adminUrl: string, tenantId: string, prefix?: string): Promise<string> {
  const name = tenantDbName(tenantId, prefix);
  const password = randomBytes(24).toString('base64url');
  await withAdmin(adminUrl, async (c) => {
    const role = c.escapeIdentifier(name);
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    const verb = exists.rowCount ? 'ALTER' : 'CREATE';
    await c.query(`${verb} ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(password)}`);
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!db.rowCount) await c.query(`CREATE DATABASE ${role} OWNER ${role}`);
    await c.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${role} TO ${role}`);
  });
  const url = new URL(adminUrl);
  url.username = name;
  url.password = password;
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTenantDatabase(adminUrl: string, tenantId: string, prefix?: string): Promise<void> {
  const name = tenantDbName(tenantId, prefix);
  await withAdmin(adminUrl, async (c) => {
    const id = c.escapeIdentifier(name);
    await c.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS ${id}`);
  });
}

/**
 * Closes a database to every role but those granted CONNECT explicitly (its owner keeps it),
 * so that tenants' roles on a shared server cannot open main's database. Returns false when
 * the connected role lacks the right to do so (the operator must then do it).
 */
export async function revokePublicConnect(url: string): Promise<boolean> {
  return withAdmin(url, async (c) => {
    const r = await c.query<{ db: string; user: string }>('SELECT current_database() AS db, current_user AS user');
    const row = r.rows[0];
    if (!row) return false;
    try {
      await c.query(`GRANT CONNECT ON DATABASE ${c.escapeIdentifier(row.db)} TO ${c.escapeIdentifier(row.user)}`);
      await c.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${c.escapeIdentifier(row.db)} FROM PUBLIC`);
      return true;
    } catch {
      return false;
    }
  });
}
