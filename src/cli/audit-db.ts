import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HostFiles } from '../host/state.js';
import { MainFiles } from '../main/home.js';
import { openMainDatabase } from '../main/init.js';
import type { Database } from '../store/database.js';
import { SqliteDatabase } from '../store/sqlite.js';

/** Main's database, as `palisade main` opens it. */
export function openMainTrail(home: string): Promise<Database> {
  const files = new MainFiles(home);
  return openMainDatabase(files, files.config());
}

/**
 * A tenant's database, opened only to read its audit trail: a SQLite file given directly, or
 * the one a host keeps for the tenant (a file in its folder, or its own PostgreSQL database).
 * Never created or migrated here: checking evidence must not change it.
 */
export async function openTenantTrail(o: { file: string } | { hostHome: string; tenant: string }): Promise<Database> {
  let db: Database;
  if ('file' in o) {
    db = openSqlite(o.file);
  } else {
    if (!existsSync(join(o.hostHome, 'host.json'))) throw new Error(`${o.hostHome} is not a host's home (no host.json)`);
    const files = new HostFiles(o.hostHome);
    const entry = files.load().tenants[o.tenant];
    if (!entry) throw new Error(`tenant ${o.tenant} is not on the host at ${o.hostHome}`);
    if (entry.pgUrl) {
      const { PostgresDatabase } = await import('../store/postgres.js');
      db = await PostgresDatabase.open(entry.pgUrl, { max: 1 });
    } else {
      // The file name the host gives each tenant's database (src/host/tenants.ts).
      db = openSqlite(join(files.tenantDir(o.tenant), 'tenant.db'));
    }
  }
  try {
    await db.get('SELECT seq FROM audit LIMIT 1');
  } catch {
    await db.close();
    throw new Error('this tenant database has no audit trail (its tenant has not yet run a version that keeps one)');
  }
  return db;
}

function openSqlite(file: string): Database {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  return SqliteDatabase.open(file, { readonly: true });
}
