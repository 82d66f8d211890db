import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleIncidents } from '../core/sample-incidents.js';
import { initMain } from '../main/init.js';
import { ApiClient } from './api-client.js';
import { untilSignal } from './args.js';
import { spawnPalisade, type Spawned } from './spawn.js';

interface DemoFile {
  url: string;
  caCert: string;
  username: string;
  password: string;
}

export const DEMO_TENANTS = [
  { id: 'acme', name: 'Acme Corp', labels: ['finance', 'eu'] },
  { id: 'globex', name: 'Globex', labels: ['retail', 'us'] },
  { id: 'initech', name: 'Initech', labels: ['finance', 'us'] },
];
const PER_TENANT = 1000;
/** The demo's marketplace: the starter pack and the 12 XSOAR sample playbooks, shipped in the repository. */
export const DEMO_MARKETPLACE = fileURLToPath(new URL('../../../examples/marketplace', import.meta.url));
const STARTER = 'PalisadeStarter';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The whole deployment on one machine: main, one host and three tenants seeded with
 * realistic incidents. A second run reuses everything; Ctrl-C stops every process.
 */
export async function runDemo(o: { home: string; port: number; pgUrl?: string }): Promise<void> {
  mkdirSync(o.home, { recursive: true, mode: 0o700 });
  const demoPath = join(o.home, 'demo.json');
  const mainHome = join(o.home, 'main');
  const hostHome = join(o.home, 'host');
  const logs = join(o.home, 'logs');
  let demo: DemoFile;
  if (existsSync(demoPath) && existsSync(join(mainHome, 'main.json'))) {
    demo = JSON.parse(readFileSync(demoPath, 'utf8')) as DemoFile;
  } else {
    const init = await initMain({ home: mainHome, ...(o.pgUrl ? { pgUrl: o.pgUrl } : {}) });
    demo = { url: '', caCert: init.caCertPath, username: init.username, password: init.password };
  }
  const caPem = readFileSync(demo.caCert, 'utf8');
  const procs: Spawned[] = [];
  const stopAll = async () => {
    for (const p of procs.reverse()) await p.stop();
  };
  try {
    const main = spawnPalisade(['main', '--home', mainHome, '--port', String(o.port), '--marketplace', DEMO_MARKETPLACE], join(logs, 'main.log'));
    procs.push(main);
    const { url } = await main.ready;
    demo.url = url;
    writeFileSync(demoPath, JSON.stringify(demo, null, 2), { mode: 0o600 });
    const api = new ApiClient(url, caPem);
    await api.login(demo.username, demo.password);

    const hostArgs = ['host', '--home', hostHome, '--logs', logs];
    if (!existsSync(join(hostHome, 'host.json'))) {
      const { token } = await api.ok<{ token: string }>('POST', '/api/v1/hosts/enrollments', { name: 'host-1' });
      hostArgs.push('--main', url, '--enroll', token, '--ca', demo.caCert);
      if (o.pgUrl) hostArgs.push('--tenant-pg', o.pgUrl);
    }
    const host = spawnPalisade(hostArgs, join(logs, 'host.log'));
    procs.push(host);
    await host.ready;
    await waitFor('the host to come online', async () => {
      const r = await api.ok<{ items: { online: boolean }[] }>('GET', '/api/v1/hosts');
      return r.items.some((h) => h.online) ? true : undefined;
    });

    const existing = new Set((await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants')).items.map((t) => t.id));
    for (const t of DEMO_TENANTS) {
      if (existing.has(t.id)) continue;
      await api.ok('POST', '/api/v1/tenants', t);
      await api.ok('POST', `/api/v1/tenants/${t.id}/incidents`, sampleIncidents(t.id, PER_TENANT, Date.now()));
      process.stdout.write(`Created tenant ${t.name} with ${PER_TENANT} incidents\n`);
    }
    const packs = await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/packs');
    if (!packs.items.some((p) => p.id === STARTER)) {
      // Every tenant gets the starter content (and the sample playbooks it needs) by sync.
      await api.ok('POST', `/api/v1/marketplace/${STARTER}/install`, { labels: ['all'] });
      process.stdout.write('Installed the starter content pack for every tenant\n');
      await demoPlaybooks(api);
    }
    await api.close();
    process.stdout.write(
      [
        '',
        'Palisade demo is running.',
        `  API:          ${url}/api/v1   (OpenAPI: ${url}/api/v1/openapi.json)`,
        `  CA cert:      ${demo.caCert}`,
        `  Username:     ${demo.username}`,
        `  Password:     ${demo.password}`,
        `  Credentials:  ${demoPath}`,
        `  Logs:         ${logs}`,
        '',
        `Try: curl --cacert ${demo.caCert} -s ${url}/api/v1/auth/login -H 'content-type: application/json' -d '{"username":"${demo.username}","password":"…"}'`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await Promise.race([untilSignal(), ...procs.map((p) => new Promise((r) => p.child.once('exit', r)))]);
  } finally {
    process.stdout.write('Stopping…\n');
    await stopAll();
  }
}

/**
 * Once the starter content reached the tenants, one new Phishing and one Malware incident each:
 * their types start XSOAR's sample playbooks on them, to look at in the work plan.
 */
async function demoPlaybooks(api: ApiClient): Promise<void> {
  for (const t of DEMO_TENANTS) {
    await waitFor(`the starter content in ${t.id}`, async () => {
      const types = await api.ok<{ items: { id: string }[] }>('GET', `/api/v1/tenants/${t.id}/content/incidenttypes`);
      return types.items.some((i) => i.id === 'Phishing') ? true : undefined;
    });
    const made = await api.ok<{ ids: number[] }>('POST', `/api/v1/tenants/${t.id}/incidents`, [
      { name: `Reported phishing mail to the CFO (${t.name})`, type: 'Phishing', severity: 1, labels: [{ type: 'Email/from', value: 'billing@suspicious.example' }] },
      { name: `Malware beacon on a laptop (${t.name})`, type: 'Malware', severity: 2 },
    ]);
    process.stdout.write(`Started the Phishing and Malware playbooks in ${t.name}: GET /api/v1/tenants/${t.id}/incidents/${made.ids.join('|')}/workplan\n`);
  }
}
