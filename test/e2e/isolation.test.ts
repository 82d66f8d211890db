import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import { mtlsAgent } from '../../src/net/mtls.js';
import { createCa, createKeyAndCsr, issueCertificate, signCsr } from '../../src/net/pki.js';
import { spawnPalisade } from '../../src/cli/spawn.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const TENANTS = ['red', 'green', 'blue'];
const unique = 'Zebra-7f3c unique incident name for the isolation scan';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const pidOf = async (id: string): Promise<number> =>
  (await c.api.ok<{ process: { pid: number } }>('GET', `/api/v1/tenants/${id}`)).process.pid;

void describe('isolation between main, hosts and tenants', () => {
  before(async () => {
    c = await startCluster();
    for (const id of TENANTS) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}` });
      await c.api.ok('POST', `/api/v1/tenants/${id}/incidents`, sampleIncidents(id, 200, Date.now()));
    }
    await c.api.ok('POST', '/api/v1/tenants/green/incidents', { name: unique, details: 'exfiltration of the crown jewels' });
    // Exercise every relayed path so main has had every chance to keep something.
    await c.api.ok('POST', '/api/v1/incidents/search', { query: '"crown jewels"' });
    await c.api.ok('GET', '/api/v1/incidents/stats');
    await c.api.ok('POST', '/api/v1/tenants/green/incidents/search', { query: 'Zebra' });
  });
  after(async () => c?.stop());

  void it("keeps no incident data in main's files", async () => {
    const found = await c.api.ok<{ items: { name: string }[] }>('POST', '/api/v1/incidents/search', { query: 'Zebra' });
    assert.equal(found.items[0]?.name, unique, 'the incident exists and is searchable');
    const files = [...filesUnder(c.mainHome), join(c.home, 'logs', 'main.log')];
    assert.ok(files.some((f) => f.endsWith('main.db')));
    const needles = [unique, 'crown jewels', sampleIncidents('red', 1, 0)[0]!.name.split(' [')[0]!.slice(0, 20), 'RED-00001'];
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const n of needles) assert.equal(bytes.includes(n), false, `${f} contains "${n}"`);
    }
  });

  void it('runs each tenant as a separate process, in a 0700 folder, with only its own database open', async () => {
    const pids = await Promise.all(TENANTS.map(pidOf));
    assert.equal(new Set(pids).size, TENANTS.length);
    assert.ok(!pids.includes(c.host.child.pid!) && !pids.includes(c.main.child.pid!));
    for (const [n, id] of TENANTS.entries()) {
      const dir = join(c.hostHome, 'tenants', id);
      assert.equal(statSync(dir).mode & 0o777, 0o700, `${dir} mode`);
      const open = readdirSync(`/proc/${pids[n]}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${pids[n]}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      assert.ok(open.some((p) => p.startsWith(join(dir, 'tenant.db'))), `${id} has its own database open`);
      for (const other of TENANTS.filter((t) => t !== id)) {
        assert.equal(open.some((p) => p.includes(join('tenants', other))), false, `${id} has ${other}'s files open`);
      }
    }
  });

  void it('keeps tenant sockets in a folder only the host user can open', async () => {
    const run = join(c.hostHome, 'run');
    assert.equal(statSync(run).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(run).sort(), TENANTS.map((t) => `${t}.sock`).sort());
  });

  void it("refuses a connection to the host without main's client certificate", async () => {
    const noCert = mtlsAgent({ caPem: c.caPem });
    await assert.rejects(request(`${c.hostUrl}/host/v1/status`, { dispatcher: noCert }));
    await noCert.close();
    // A certificate from another CA with the right role is refused during the handshake.
    const rogueCa = await createCa('Rogue CA');
    const rogue = await issueCertificate(rogueCa, { commonName: 'palisade-main', role: 'main', sans: [] });
    const rogueAgent = mtlsAgent({ caPem: c.caPem, certPem: rogue.certPem, keyPem: rogue.keyPem });
    await assert.rejects(request(`${c.hostUrl}/tenants/red/api/v1/incidents/1`, { dispatcher: rogueAgent }));
    await rogueAgent.close();
  });

  void it('refuses a peer whose certificate main signed for another role (a host calling a host)', async () => {
    const ca = { certPem: c.caPem, keyPem: readFileSync(join(c.mainHome, 'pki', 'ca.key'), 'utf8') };
    const { keyPem, csrPem } = await createKeyAndCsr('other-host');
    const certPem = await signCsr(ca, csrPem, { commonName: 'host-other', role: 'host', sans: ['127.0.0.1'] });
    const agent = mtlsAgent({ caPem: c.caPem, certPem, keyPem });
    const res = await request(`${c.hostUrl}/tenants/red/api/v1/incidents/1`, { dispatcher: agent });
    assert.equal(res.statusCode, 403);
    const body = await res.body.text();
    assert.equal(body.includes('RED-'), false);
    await agent.close();
  });

  void it("refuses to enroll a host against a CA other than the one its token pins", async () => {
    const { token } = await c.api.ok<{ token: string }>('POST', '/api/v1/hosts/enrollments', { name: 'pinned' });
    const forged = token.replace(/\.[0-9a-f]{64}$/, `.${'0'.repeat(64)}`);
    const home = join(c.home, 'host-forged');
    const host = spawnPalisade(['host', '--home', home, '--main', c.url, '--enroll', forged], join(c.home, 'logs', 'host-forged.log'));
    await assert.rejects(host.ready, /does not match the enrollment token/);
    const hosts = await c.api.ok<{ items: { name: string }[] }>('GET', '/api/v1/hosts');
    assert.deepEqual(hosts.items.map((h) => h.name), ['host-1']);
    // The real token still works afterwards: nothing was consumed.
    const real = spawnPalisade(['host', '--home', join(c.home, 'host-real'), '--main', c.url, '--enroll', token], join(c.home, 'logs', 'host-real.log'));
    await real.ready;
    await real.stop();
    const after = await c.api.ok<{ items: { name: string }[] }>('GET', '/api/v1/hosts');
    assert.deepEqual(after.items.map((h) => h.name).sort(), ['host-1', 'pinned']);
  });

  void it('refuses a heartbeat from a host whose certificate main did not sign', async () => {
    const rogueCa = await createCa('Rogue CA');
    const { keyPem, csrPem } = await createKeyAndCsr('impostor');
    const certPem = await signCsr(rogueCa, csrPem, { commonName: 'host-impostor', role: 'host', sans: ['127.0.0.1'] });
    const agent = mtlsAgent({ caPem: c.caPem, certPem, keyPem });
    const res = await request(`${c.url}/api/v1/hosts/heartbeat`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://127.0.0.1:1', version: 'x', tenants: [] }),
    });
    assert.equal(res.statusCode, 403);
    const body = (await res.body.json()) as { error: { code: string }; tenants?: unknown };
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.tenants, undefined);
    await agent.close();
    // And without any certificate at all.
    const anon = await c.api.call<{ error: { code: string } }>('POST', '/api/v1/hosts/heartbeat', { url: 'https://127.0.0.1:1', version: 'x', tenants: [] });
    assert.equal(anon.status, 403);
  });
});
