import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from '../net/logger.js';
import { VERSION } from '../net/version.js';
import { enroll, fetchCaForToken, MainLink } from './agent.js';
import { TenantProxy } from './proxy.js';
import { buildHostServer } from './server.js';
import { HostFiles } from './state.js';
import { TenantSupervisor } from './supervisor.js';
import { TenantManager } from './tenants.js';

export interface HostOptions {
  home: string;
  /** Needed only the first time: main's URL and a one-time enrollment token (main's CA certificate is optional: the token pins it). */
  mainUrl?: string;
  token?: string;
  caPem?: string;
  /** Address to listen on and to put in the host certificate. */
  address?: string;
  port?: number;
  tenantPgUrl?: string;
  logsDir?: string;
  heartbeatMs?: number;
  logger?: Logger;
}

export interface RunningHost {
  url: string;
  hostId: string;
  stop(): Promise<void>;
}

/** Starts a host: enrolls if it never did, starts its tenants, serves main, and heartbeats. */
export async function runHost(o: HostOptions): Promise<RunningHost> {
  const files = new HostFiles(o.home);
  const logger = o.logger ?? createLogger('host');
  if (!files.enrolled()) {
    if (!o.mainUrl || !o.token) throw new Error('this host is not enrolled yet: give --main URL and --enroll TOKEN');
    const address = o.address ?? '127.0.0.1';
    const caPem = o.caPem ?? (await fetchCaForToken(o.mainUrl, o.token));
    const e = await enroll({ mainUrl: o.mainUrl, token: o.token, caPem, address });
    files.writeSecret(files.caPath, caPem);
    files.writeSecret(files.certPath, e.certPem);
    files.writeSecret(files.keyPath, e.keyPem);
    files.save({ hostId: e.hostId, name: e.name, mainUrl: o.mainUrl, address, port: o.port ?? 0, tenants: {}, assertionKey: e.assertionKey });
    logger.info({ hostId: e.hostId }, 'enrolled with main');
  }
  const state = files.load();
  const tls = { caPem: files.read(files.caPath), certPem: files.read(files.certPath), keyPem: files.read(files.keyPath) };
  const log = logger.child({ hostId: state.hostId });
  const supervisor = new TenantSupervisor(log);
  if (state.assertionKey) supervisor.setAssertionKey(state.assertionKey);
  const tenants = new TenantManager({
    files,
    state,
    supervisor,
    logger: log,
    logsDir: o.logsDir ?? join(o.home, 'logs'),
    tenantPgUrl: o.tenantPgUrl,
  });
  const proxy = new TenantProxy();
  const started = Date.now();
  const app = buildHostServer({
    logger: log,
    tls,
    tenants,
    proxy,
    info: () => ({ hostId: state.hostId, name: state.name, version: VERSION, uptimeMs: Date.now() - started }),
  });
  await tenants.startAll();
  await app.listen({ host: state.address, port: o.port ?? state.port });
  const port = (app.server.address() as AddressInfo).port;
  if (state.port !== port) {
    // Keep the port across restarts, so main's record stays right even before a heartbeat.
    state.port = port;
    files.save(state);
  }
  const url = `https://${state.address.includes(':') ? `[${state.address}]` : state.address}:${port}`;

  const link = new MainLink(state.mainUrl, tls);
  let beating = false;
  const beat = async (): Promise<void> => {
    if (beating) return;
    beating = true;
    const since = Date.now();
    try {
      const res = await link.heartbeat({ url, version: VERSION, tenants: await tenants.statuses() });
      if (res.assertionKey && res.assertionKey !== state.assertionKey) {
        // A key main rotated (or one this host never had): every tenant takes it at once.
        state.assertionKey = res.assertionKey;
        files.save(state);
        supervisor.setAssertionKey(res.assertionKey);
      }
      await tenants.reconcile(res.tenants, since);
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'heartbeat to main failed');
    } finally {
      beating = false;
    }
  };
  await beat();
  const timer = setInterval(() => void beat(), o.heartbeatMs ?? 5000);
  log.info({ url }, 'host listening');

  return {
    url,
    hostId: state.hostId,
    async stop() {
      clearInterval(timer);
      await app.close();
      await proxy.closeAll();
      await supervisor.stopAll();
      await link.close();
    },
  };
}
