import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server tests use: PALISADE_PG_URL, which scripts/run-tests.mjs sets to an
 * embedded server when the machine has none. Never skipped: without it the test fails.
 */
export function adminPgUrl(): string {
  const url = process.env['PALISADE_PG_URL'];
  if (!url) throw new Error('PALISADE_PG_URL is not set: run the tests with `npm test` (it provides a PostgreSQL server)');
  return url;
}

/** A fresh, uniquely named database on the test server; returns its URL and a drop function. */
export async function scratchDatabase(prefix = 'palisade_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminPgUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(adminPgUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminPgUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A unique prefix for per-tenant databases, so parallel test files never collide. */
export function uniquePrefix(): string {
  return `pt${randomBytes(4).toString('hex')}_`;
}
