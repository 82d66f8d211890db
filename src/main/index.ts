import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS } from '../core/packs/archive.js';
import { MarketplaceFolder } from '../store/marketplace-folder.js';
import { PackRepository } from '../store/pack-repo.js';
import { PackService } from './services/packs.js';
import type { Logger } from 'pino';
import { createLogger } from '../net/logger.js';
import { HostRepository, SettingsRepository, TenantRepository } from '../store/main-repos.js';
import { SecretBox } from '../core/secret-box.js';
import { DirectoryService } from './services/directory.js';
import { LoginGuard } from './services/login-guard.js';
import { LoginFailureRepository } from '../store/login-failure-repo.js';
import { ContentRepository } from '../store/content-repo.js';
import { ContentSyncRepository } from '../store/content-sync-repo.js';
import { JobRepository } from '../store/job-repo.js';
import { ContentService } from './services/content.js';
import { ContentSync } from './services/content-sync.js';
import { UserRepository } from '../store/user-repo.js';
import { HostClient } from './host-client.js';
import { MainFiles } from './home.js';
import { AssertionSigner } from '../net/assertion-sign.js';
import { ensureAssertionKeys, ensureSecretKey, openMainDatabase } from './init.js';
import { buildMainServer } from './server.js';
import { AccessRepository } from '../store/access-repo.js';
import { ApiKeyRepository } from '../store/api-key-repo.js';
import { AuditRepository } from '../store/audit-repo.js';
import { AccessService } from './services/access.js';
import { AuthService } from './services/auth.js';
import { HostService } from './services/hosts.js';
import { CrossTenantSearch } from './services/search.js';
import { TenantService } from './services/tenants.js';

export interface MainOptions {
  home: string;
  host?: string;
  port?: number;
  bodyLimit?: number;
  /** The local marketplace: pack archives and folders (default `<home>/marketplace`). */
  marketplaceDir?: string;
  logger?: Logger;
}

export interface RunningMain {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts main on an initialized home: database, services, HTTPS API. */
export async function runMain(o: MainOptions): Promise<RunningMain> {
  const files = new MainFiles(o.home);
  if (!files.initialized()) throw new Error(`${o.home} holds no main deployment: run 'palisade init' first`);
  const config = files.config();
  const logger = o.logger ?? createLogger('main');
  const db = await openMainDatabase(files, config);
  const ca = { certPem: files.read('pki/ca.pem'), keyPem: files.read('pki/ca.key') };
  const client = new HostClient({ caPem: ca.certPem, certPem: files.read('pki/main-client.pem'), keyPem: files.read('pki/main-client.key') });
  const users = new UserRepository(db);
  const hostsRepo = new HostRepository(db);
  const tenantsRepo = new TenantRepository(db);
  const apiKeys = new ApiKeyRepository(db);
  const assertionKeys = ensureAssertionKeys(files);
  const signer = new AssertionSigner(assertionKeys.privatePem);
  const hosts = new HostService(hostsRepo, tenantsRepo, () => ca, assertionKeys.publicPem);
  const tenants = new TenantService(tenantsRepo, hostsRepo, hosts, client);
  const audit = new AuditRepository(db);
  const access = new AccessService(new AccessRepository(db), signer, () => audit.head());
  const directory = new DirectoryService(new SettingsRepository(db), new SecretBox(ensureSecretKey(files)));
  const guard = new LoginGuard(new LoginFailureRepository(db));
  const auth = new AuthService(users, apiKeys, access, directory, async () => new Set((await tenants.list()).map((t) => t.id)), guard);
  const search = new CrossTenantSearch(tenants, client, access);

  const jobs = new JobRepository(db);
  await jobs.failRunning(Date.now());
  const sync = new ContentSync(new ContentRepository(db), new ContentSyncRepository(db), jobs, tenants, client, access, logger.child({ part: 'content-sync' }));
  const content = new ContentService(new ContentRepository(db), () => sync.soon());
  const marketplace = new MarketplaceFolder(o.marketplaceDir ?? join(o.home, 'marketplace'), DEFAULT_ARCHIVE_LIMITS);
  const packs = new PackService(new PackRepository(db), content, new ContentRepository(db), marketplace, DEFAULT_ARCHIVE_LIMITS, () => sync.soon());

  const app = buildMainServer({
    logger,
    tls: { caPem: ca.certPem, certPem: files.read('pki/main-server.pem'), keyPem: files.read('pki/main-server.key') },
    ...(o.bodyLimit ? { bodyLimit: o.bodyLimit } : {}),
    services: { auth, hosts, tenants, search, client, access, users, audit, apiKeys, directory, content, sync, jobs, packs },
  });
  const sweep = setInterval(() => {
    void users.deleteExpiredSessions(Date.now()).catch(() => undefined);
    void guard.sweepStored().catch(() => undefined);
  }, 10 * 60_000);
  sweep.unref();
  const bind = o.host ?? '127.0.0.1';
  await app.listen({ host: bind, port: o.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const url = `https://${bind === '0.0.0.0' || bind === '127.0.0.1' ? '127.0.0.1' : bind}:${port}`;
  logger.info({ url }, 'main listening');
  sync.start();
  return {
    url,
    port,
    async stop() {
      clearInterval(sweep);
      await sync.stop();
      await app.close();
      await client.close();
      await db.close();
    },
  };
}
