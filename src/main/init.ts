import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { generateAssertionKeys } from '../net/assertion-sign.js';
import { createCa, issueCertificate } from '../net/pki.js';
import type { Database } from '../store/database.js';
import { AccessRepository } from '../store/access-repo.js';
import { UserRepository } from '../store/user-repo.js';
import { migrate } from '../store/migrate.js';
import { mainMigrations } from '../store/migrations/main.js';
import { revokePublicConnect } from '../store/pg-provision.js';
import { PostgresDatabase } from '../store/postgres.js';
import { SqliteDatabase } from '../store/sqlite.js';
import { MainFiles, type MainConfig } from './home.js';
import { generatePassword, hashPassword } from './passwords.js';

/** Main's Ed25519 pair for identity assertions to tenants; made once (also for homes older than it). */
export function ensureAssertionKeys(files: MainFiles): { privatePem: string; publicPem: string } {
  if (!existsSync(files.path('pki', 'assertion.key'))) {
    const keys = generateAssertionKeys();
    files.write('pki/assertion.key', keys.privatePem);
    files.write('pki/assertion.pub', keys.publicPem, 0o644);
  }
  return { privatePem: files.read('pki/assertion.key'), publicPem: files.read('pki/assertion.pub') };
}

/** The key that seals secrets main keeps in its database (AES-256-GCM); created on first use. */
export function ensureSecretKey(files: MainFiles): Buffer {
  if (!existsSync(files.path('pki', 'secrets.key'))) files.write('pki/secrets.key', randomBytes(32).toString('base64'));
  return Buffer.from(files.read('pki/secrets.key').trim(), 'base64');
}

export async function openMainDatabase(files: MainFiles, config: MainConfig): Promise<Database> {
  const db = config.pgUrl ? await PostgresDatabase.open(config.pgUrl) : SqliteDatabase.open(files.sqlitePath);
  await migrate(db, mainMigrations);
  return db;
}

export interface InitResult {
  caCertPath: string;
  username: string;
  password: string;
}

/**
 * Creates a main deployment: its CA, its server and client certificates, its database and
 * the first administrator. Refuses to run twice on the same home, so a CA is never replaced
 * under enrolled hosts.
 */
export async function initMain(o: { home: string; pgUrl?: string; sans?: string[]; username?: string; password?: string }): Promise<InitResult> {
  const files = new MainFiles(o.home);
  if (files.initialized()) throw new Error(`${o.home} already holds a main deployment`);
  files.ensureDirs();
  const sans = o.sans ?? ['localhost', '127.0.0.1', '::1'];
  const ca = await createCa('Palisade CA');
  const server = await issueCertificate(ca, { commonName: 'palisade-main', role: 'main', sans });
  const client = await issueCertificate(ca, { commonName: 'palisade-main', role: 'main', sans: [] });
  files.write('pki/ca.key', ca.keyPem);
  files.write('pki/ca.pem', ca.certPem, 0o644);
  files.write('pki/main-server.pem', server.certPem);
  files.write('pki/main-server.key', server.keyPem);
  files.write('pki/main-client.pem', client.certPem);
  files.write('pki/main-client.key', client.keyPem);
  ensureAssertionKeys(files);
  ensureSecretKey(files);
  const config: MainConfig = { sans, ...(o.pgUrl ? { pgUrl: o.pgUrl } : {}) };

  if (o.pgUrl && !(await revokePublicConnect(o.pgUrl))) {
    process.emitWarning("could not revoke CONNECT on main's PostgreSQL database from PUBLIC: do it as its owner");
  }
  const db = await openMainDatabase(files, config);
  const username = o.username ?? 'admin';
  const password = o.password ?? generatePassword();
  try {
    const id = randomUUID();
    await new UserRepository(db).create({ id, username, passwordHash: await hashPassword(password), created: Date.now() });
    await new AccessRepository(db).setGrants(id, [{ scope: { all: true }, role: 'administrator' }]);
  } finally {
    await db.close();
  }
  // Written last: its presence marks a complete init.
  files.write('main.json', JSON.stringify(config, null, 2));
  return { caCertPath: files.caCertPath, username, password };
}
