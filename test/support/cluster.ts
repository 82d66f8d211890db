import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../src/cli/api-client.js';
import { spawnPalisade, type Spawned } from '../../src/cli/spawn.js';
import { initMain } from '../../src/main/init.js';

export interface Cluster {
  home: string;
  mainHome: string;
  hostHome: string;
  caPem: string;
  caPath: string;
  url: string;
  api: ApiClient;
  main: Spawned;
  host: Spawned;
  hostUrl: string;
  password: string;
  /** The one-time token the host enrolled with (used by now). */
  enrollmentToken: string;
  /** Restarts the host process (same home), waiting until main sees it online again. */
  restartHost(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A real deployment for a test: `palisade main` and `palisade host` as separate processes on
 * loopback with random ports and a temporary home. Nothing is mocked.
 */
export async function startCluster(o: { mainPg?: string; tenantPg?: string; bodyLimit?: number } = {}): Promise<Cluster> {
  const home = mkdtempSync(join(tmpdir(), 'palisade-t-'));
  const mainHome = join(home, 'main');
  const hostHome = join(home, 'host');
  const init = await initMain({ home: mainHome, password: 'correct horse battery staple', ...(o.mainPg ? { pgUrl: o.mainPg } : {}) });
  const caPem = readFileSync(init.caCertPath, 'utf8');
  const env = { ...process.env, PALISADE_LOG_LEVEL: process.env['PALISADE_LOG_LEVEL'] ?? 'warn' };
  const main = spawnPalisade(['main', '--home', mainHome, '--port', '0', ...(o.bodyLimit ? ['--body-limit', String(o.bodyLimit)] : [])], join(home, 'logs', 'main.log'), env);
  const { url } = await main.ready;
  const api = new ApiClient(url, caPem);
  await api.login(init.username, init.password);
  const { token } = await api.ok<{ token: string }>('POST', '/api/v1/hosts/enrollments', { name: 'host-1' });
  const hostArgs = ['host', '--home', hostHome, '--logs', join(home, 'logs'), '--heartbeat-ms', '500'];
  let host = spawnPalisade(
    // As an operator would: main's URL and the token; the token pins main's CA.
    [...hostArgs, '--main', url, '--enroll', token, ...(o.tenantPg ? ['--tenant-pg', o.tenantPg] : [])],
    join(home, 'logs', 'host.log'),
    env,
  );
  const { url: hostUrl } = await host.ready;
  const online = () =>
    waitFor('host online', async () => {
      const r = await api.ok<{ items: { online: boolean }[] }>('GET', '/api/v1/hosts');
      return r.items[0]?.online === true;
    });
  await online();
  const cluster: Cluster = {
    home, mainHome, hostHome, caPem, caPath: init.caCertPath, url, api, main, host, hostUrl, password: init.password, enrollmentToken: token,
    async restartHost() {
      await host.stop();
      host = spawnPalisade(hostArgs, join(home, 'logs', 'host.log'), env);
      cluster.host = host;
      await host.ready;
      await online();
    },
    async stop() {
      await api.close();
      await cluster.host.stop();
      await main.stop();
      // PALISADE_KEEP_TEST_HOME keeps logs and data for a post-mortem.
      if (!process.env['PALISADE_KEEP_TEST_HOME']) rmSync(home, { recursive: true, force: true });
    },
  };
  return cluster;
}
