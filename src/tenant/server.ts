import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { TenantConfig } from '../net/tenant-protocol.js';
import type { Database } from '../store/database.js';
import { AuditRepository } from '../store/audit-repo.js';
import { IncidentRepository } from '../store/incident-repo.js';
import { migrate } from '../store/migrate.js';
import { tenantMigrations } from '../store/migrations/tenant.js';
import { SqliteDatabase } from '../store/sqlite.js';
import { Router } from './http/router.js';
import { createTenantHttpServer } from './http/server.js';
import { AssertionVerifier } from '../net/assertion-verify.js';
import { auditRoutes } from './audit/routes.js';
import { TenantAuditTrail } from './audit/trail.js';
import { incidentRoutes } from './incidents/routes.js';
import { IncidentService } from './incidents/service.js';
import { TenantKeys } from './keys/routes.js';
import { contentRoutes } from './content/routes.js';
import { TenantContentRepository } from '../store/tenant-content-repo.js';
import { TenantKeyRepository } from '../store/tenant-key-repo.js';
import { createLogger } from '../net/logger.js';
import { PlaybookHost } from './playbooks/host.js';
import { defaultPlaybookOf, hasRunsToResume } from './playbooks/triggers.js';
import { HttpAllowList, loadAllowList } from './playbooks/http-allow-list.js';
import { PlaybookRunRepository } from '../store/playbook-run-repo.js';
import { WarRoomRepository } from '../store/war-room-repo.js';
import { playbookRoutes } from './playbooks/routes.js';

export interface RunningTenant {
  server: Server;
  verifier: AssertionVerifier;
  db: Database;
  close(): Promise<void>;
}

export async function openTenantDatabase(storage: TenantConfig['storage']): Promise<Database> {
  if (storage.kind === 'sqlite') return SqliteDatabase.open(storage.file);
  // Loaded only when used: the pg driver costs an idle SQLite tenant ~13 MiB of memory.
  const { PostgresDatabase } = await import('../store/postgres.js');
  return PostgresDatabase.open(storage.url, { max: 4 });
}

/** Everything a tenant serves, on its database: the routes, its audit trail, its own API keys and its playbook engine. */
export function tenantRouter(db: Database, tenant: string, logger: Logger = createLogger('tenant', { tenant })): {
  router: Router;
  trail: TenantAuditTrail;
  keys: TenantKeys;
  playbooks: PlaybookHost;
} {
  const router = new Router();
  router.add('GET', '/health', { need: 'public' }, async () => ({ body: { ok: true, tenant } }));
  const incidents = new IncidentService(new IncidentRepository(db), db.dialect);
  const content = new TenantContentRepository(db);
  const allowList = new HttpAllowList();
  const warRoom = new WarRoomRepository(db);
  const playbooks = new PlaybookHost(async () => {
    await loadAllowList(warRoom, allowList);
    const { createPlaybooks } = await import('./playbooks/wiring.js');
    return createPlaybooks(db, incidents, content, logger, { allowList });
  });
  incidentRoutes(router, incidents, async (ids, inputs) => {
    // Only types that name a playbook load the engine; a batch looks each type up once.
    const refs = new Map<string, string | undefined>();
    for (const [i, id] of ids.entries()) {
      const type = inputs[i]?.type ?? '';
      if (!refs.has(type)) refs.set(type, await defaultPlaybookOf(content, type));
      const ref = refs.get(type);
      if (ref !== undefined) await (await playbooks.get()).engine.startDefault(id, type, ref);
    }
  });
  const audit = new AuditRepository(db);
  auditRoutes(router, audit);
  const keys = new TenantKeys(new TenantKeyRepository(db));
  keys.routes(router);
  contentRoutes(router, content);
  playbookRoutes(router, { host: playbooks, incidents, content, runs: new PlaybookRunRepository(db), warRoom, allowList });
  return { router, trail: new TenantAuditTrail(audit, tenant), keys, playbooks };
}

/** Opens the tenant's own database, migrates it and serves its API on the host-only socket. */
export async function startTenant(config: TenantConfig, logger: Logger): Promise<RunningTenant> {
  const db = await openTenantDatabase(config.storage);
  const applied = await migrate(db, tenantMigrations);
  if (applied > 0) logger.info({ applied }, 'migrated tenant database');

  const { router, trail, keys, playbooks } = tenantRouter(db, config.id, logger);
  if (await hasRunsToResume(db)) await playbooks.get();
  const verifier = new AssertionVerifier(config.id, config.assertionKey);
  const server = createTenantHttpServer({
    router, logger, bodyLimit: config.bodyLimit ?? 64 * 1024 * 1024, verifier, apiKeys: (key) => keys.verify(key), onOutcome: (o) => trail.record(o),
  });

  mkdirSync(dirname(config.socket), { recursive: true, mode: 0o700 });
  rmSync(config.socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.socket, resolve);
  });
  return {
    server,
    verifier,
    db,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await playbooks.close();
      await db.close();
    },
  };
}
