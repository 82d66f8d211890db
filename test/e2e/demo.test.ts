import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { CLI_PATH } from '../../src/cli/spawn.js';
import { alive, waitFor } from '../support/cluster.js';

const home = mkdtempSync(join(tmpdir(), 'palisade-demo-'));

/** Pids of every process whose command line mentions this demo's home: main, host, tenants. */
function processesOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir) || readFileSync(`/proc/${p}/environ`, 'utf8').includes(`PALISADE_HOME=${dir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function startDemo(): { child: ChildProcess; output: () => string; running: Promise<void> } {
  let out = '';
  const child = spawn(process.execPath, [CLI_PATH, 'demo', '--port', '0'], {
    env: { ...process.env, PALISADE_HOME: home, PALISADE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`))));
  exited.catch(() => undefined);
  const running = Promise.race([waitFor('the demo to run', async () => out.includes('Palisade demo is running'), 120_000), exited]).then(() => undefined);
  return { child, output: () => out, running };
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  return exited;
}

async function withDemo(fn: (demo: ReturnType<typeof startDemo>) => Promise<void>): Promise<void> {
  const demo = startDemo();
  try {
    await demo.running;
    await fn(demo);
  } finally {
    if (demo.child.exitCode === null) await interrupt(demo.child);
  }
}

/** Calls main's API as the demo's administrator. */
async function asDemo<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
  const demo = JSON.parse(readFileSync(join(home, 'demo.json'), 'utf8')) as { url: string; caCert: string; username: string; password: string };
  const api = new ApiClient(demo.url, readFileSync(demo.caCert, 'utf8'));
  try {
    await api.login(demo.username, demo.password);
    return await fn(api);
  } finally {
    await api.close();
  }
}

async function tenantPids(): Promise<number[]> {
  return asDemo(async (api) => {
    const list = await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants');
    const views = await Promise.all(list.items.map((t) => api.ok<{ process: { pid: number } }>('GET', `/api/v1/tenants/${t.id}`)));
    return views.map((v) => v.process.pid);
  });
}

async function tenantCounts(): Promise<Record<string, number>> {
  return asDemo(async (api) => {
    const stats = await api.ok<{ tenants: { tenant: string; total: number }[]; errors: unknown[] }>('GET', '/api/v1/incidents/stats');
    assert.deepEqual(stats.errors, []);
    return Object.fromEntries(stats.tenants.map((t) => [t.tenant, t.total]));
  });
}

/** The ids of a kind of content a tenant holds. */
async function tenantContent(tenant: string, kind: string): Promise<string[]> {
  return asDemo(async (api) => (await api.ok<{ items: { id: string }[] }>('GET', `/api/v1/tenants/${tenant}/content/${kind}`)).items.map((i) => i.id).sort());
}

void describe('palisade demo', () => {
  after(() => rmSync(home, { recursive: true, force: true }));

  void it('starts main, a host and three seeded tenants, and stops them all on Ctrl-C', async () => {
    await withDemo(async (demo) => {
      const file = join(home, 'demo.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const creds = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      assert.deepEqual(Object.keys(creds).sort(), ['caCert', 'password', 'url', 'username']);
      assert.match(creds['url']!, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(demo.output().includes(creds['password']!), 'the password is printed');
      // The 1,000 sample incidents, and one Phishing and one Malware incident made after the starter content arrived.
      assert.deepEqual(await tenantCounts(), { acme: 1002, globex: 1002, initech: 1002 });
      // The starter pack, and the sample playbooks its incident types run, reach every tenant.
      assert.match(demo.output(), /Installed the starter content pack/);
      await waitFor('the starter content in globex', async () => (await tenantContent('globex', 'incidenttypes')).length === 3, 30_000);
      assert.deepEqual(await tenantContent('globex', 'incidenttypes'), ['Malware', 'Phishing', 'Suspicious Access']);
      assert.ok((await tenantContent('globex', 'playbooks')).includes('Phishing Alerts - Check Severity'));
      // Their types started XSOAR's sample playbooks on the two new incidents.
      for (const [id, playbook] of [[1001, 'Phishing Alerts - Check Severity'], [1002, 'Calculate Severity - Generic v2']] as const) {
        const plan = await waitFor(`the ${playbook} run`, () => asDemo(async (api) => {
          const p = await api.ok<{ state: string; playbookId: string }>('GET', `/api/v1/tenants/acme/incidents/${id}/workplan`);
          return p.state === 'completed' ? p : undefined;
        }), 30_000);
        assert.equal(plan.playbookId, playbook);
      }
      for (const log of ['main.log', 'host.log', 'tenant-acme.log', 'tenant-globex.log', 'tenant-initech.log']) {
        assert.ok(statSync(join(home, 'logs', log)).isFile(), `${log} exists`);
      }
      const pids = [...processesOf(home), ...(await tenantPids())];
      assert.equal(new Set(pids).size, 6, 'demo, main, host and 3 tenants');
      assert.equal(await interrupt(demo.child), 0);
      await waitFor('every demo process to stop', async () => pids.every((p) => !alive(p)), 20_000);
    });
  });

  void it('reuses its data on a second run', async () => {
    await withDemo(async (demo) => {
      assert.equal(demo.output().includes('Created tenant'), false);
      assert.deepEqual(await tenantCounts(), { acme: 1002, globex: 1002, initech: 1002 });
      const pids = [...processesOf(home), ...(await tenantPids())];
      assert.equal(await interrupt(demo.child), 0);
      await waitFor('every demo process to stop', async () => pids.every((p) => !alive(p)), 20_000);
    });
    // The demo's main kept no incident data.
    const mainFiles = readdirSync(join(home, 'main')).map((f) => join(home, 'main', f)).filter((f) => statSync(f).isFile());
    for (const f of mainFiles) assert.equal(readFileSync(f).includes('[ACME-00001]'), false, f);
  });

  void it('documents every command with --help', () => {
    for (const cmd of ['init', 'main', 'host', 'demo']) {
      const r = spawnSync(process.execPath, [CLI_PATH, cmd, '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 0);
      assert.match(r.stdout, new RegExp(`^Usage: palisade ${cmd}`));
    }
    const bad = spawnSync(process.execPath, [CLI_PATH, 'host', '--nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /nope/);
    const top = spawnSync(process.execPath, [CLI_PATH, '--help'], { encoding: 'utf8' });
    assert.match(top.stdout, /demo/);
  });
});
