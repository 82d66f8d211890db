import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import { adminPgUrl, scratchDatabase } from '../support/pg.js';
import { playbookYaml } from '../support/playbooks.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { writeZip } from '../../src/core/packs/zip-write.js';

let c: Cluster;
let mainDb: { url: string; drop: () => Promise<void> };
const suffix = randomBytes(3).toString('hex');
const A = `pga-${suffix}`;
const B = `pgb-${suffix}`;
const unique = `Okapi-${suffix} unique incident in PostgreSQL`;

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const tenantUrl = (id: string): string => {
  const state = JSON.parse(readFileSync(join(c.hostHome, 'host.json'), 'utf8')) as { tenants: Record<string, { pgUrl?: string }> };
  const url = state.tenants[id]?.pgUrl;
  assert.ok(url, `tenant ${id} has a PostgreSQL URL`);
  return url;
};

void describe('PostgreSQL: main on PostgreSQL, each tenant its own database and role', () => {
  before(async () => {
    mainDb = await scratchDatabase('palisade_main');
    c = await startCluster({ mainPg: mainDb.url, tenantPg: adminPgUrl() });
    for (const id of [A, B]) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}` });
      await c.api.ok('POST', `/api/v1/tenants/${id}/incidents`, sampleIncidents(id, 300, Date.now()));
    }
    await c.api.ok('POST', `/api/v1/tenants/${A}/incidents`, { name: unique, details: 'seen only in tenant A' });
  });
  after(async () => {
    for (const id of [A, B]) await c?.api.call('DELETE', `/api/v1/tenants/${id}?confirm=${encodeURIComponent(`Tenant ${id}`)}`);
    await c?.stop();
    await mainDb?.drop();
  });

  void it('searches across PostgreSQL tenants with full text and the query language', async () => {
    const r = await c.api.ok<{ items: { tenant: string; name: string }[]; errors: unknown[]; total: number }>('POST', '/api/v1/incidents/search', { query: 'Okapi' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.items.map((i) => [i.tenant, i.name]), [[A, unique]]);
    const q = 'type:Malware and severity:>=2';
    const want = [A, B].flatMap((id) => sampleIncidents(id, 300, 0)).filter((i) => i.type === 'Malware' && (i.severity ?? 0) >= 2).length;
    const page = await c.api.ok<{ total: number }>('POST', '/api/v1/incidents/search', { query: q, size: 5, total: true });
    assert.equal(page.total, want);
  });

  void it("lets a tenant's role reach its own database and no other tenant's", async () => {
    const urlA = tenantUrl(A);
    const urlB = tenantUrl(B);
    assert.notEqual(new URL(urlA).username, new URL(urlB).username);
    const own = await query<{ n: string }>(urlA, 'SELECT COUNT(*) AS n FROM incidents');
    assert.equal(Number(own[0]?.n), 301);
    const crossed = new URL(urlA);
    crossed.pathname = new URL(urlB).pathname;
    await assert.rejects(query(crossed.toString(), 'SELECT 1'), /permission denied|not permitted|does not exist/);
    const toMain = new URL(urlA);
    toMain.pathname = new URL(mainDb.url).pathname;
    await assert.rejects(query(toMain.toString(), 'SELECT 1'), /permission denied|not permitted/);
  });

  void it("keeps no incident data in main's PostgreSQL database", async () => {
    const tables = await query<{ table_name: string }>(mainDb.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const names = tables.map((t) => t.table_name);
    assert.ok(names.includes('tenants'));
    assert.equal(names.includes('incidents'), false);
    for (const t of names) {
      const rows = await query<Record<string, unknown>>(mainDb.url, `SELECT * FROM ${pg.escapeIdentifier(t)}`);
      const text = JSON.stringify(rows);
      assert.equal(text.includes('Okapi'), false, `${t} holds incident data`);
      assert.equal(text.includes(`${A.toUpperCase()}-0000`), false, `${t} holds incident data`);
    }
  });

  void it("keeps main's audit trail chained in PostgreSQL, even under concurrent writes", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.api.call('POST', `/api/v1/tenants/${A}/incidents`, { name: `concurrent ${i}` })));
    const r = await c.api.ok<{ records: number; broken: unknown }>('GET', '/api/v1/audit/verify');
    assert.equal(r.broken, null);
    assert.ok(r.records >= 24, String(r.records));
  });

  void it('versions content in PostgreSQL on main, installs a pack, and pushes it into tenant databases', async () => {
    const playbook = (id: string, description: string) =>
      JSON.stringify({ id, name: id, description, starttaskid: '0', tasks: { 0: { id: '0', type: 'start', task: { id: 't0' }, nexttasks: {} } } });
    await c.api.ok('POST', '/api/v1/content/import', { files: [{ fileName: 'playbook-PgOne.yml', text: playbook('PgOne', 'v1') }], labels: ['all'] });
    await c.api.ok('PUT', '/api/v1/content/playbooks/PgOne', { text: playbook('PgOne', 'v2'), fileName: 'playbook-PgOne.yml' });
    const versions = await c.api.ok<{ items: { version: number }[] }>('GET', '/api/v1/content/playbooks/PgOne/versions');
    assert.deepEqual(versions.items.map((v) => v.version), [2, 1]);
    const zip = writeZip([
      { path: 'PgPack/pack_metadata.json', data: Buffer.from(JSON.stringify({ name: 'PgPack', currentVersion: '1.0.0' })) },
      { path: 'PgPack/Lists/list-PgList.json', data: Buffer.from(JSON.stringify({ id: 'PgList', name: 'PgList', data: 'x' })) },
    ]);
    assert.equal((await c.api.call('POST', '/api/v1/packs/upload?labels=all', zip, { 'content-type': 'application/zip' })).status, 201);
    const { jobId } = await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', {});
    const job = await waitFor('the sync job', async () => {
      const j = await c.api.ok<{ status: string }>('GET', `/api/v1/jobs/${jobId}`);
      return j.status === 'running' ? undefined : j;
    });
    assert.equal(job.status, 'succeeded');
    const held = await query<{ kind: string; id: string; owner: string; version: number }>(tenantUrl(A), 'SELECT kind, id, owner, version FROM content ORDER BY kind, id');
    assert.deepEqual(held.map((r) => [r.kind, r.id, r.owner, Number(r.version)]), [['lists', 'PgList', 'main', 1], ['playbooks', 'PgOne', 'main', 2]]);
  });

  void it("runs main's pushed XSOAR playbooks durably in a PostgreSQL tenant", async () => {
    const dir = new URL('../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((fileName) => ({ fileName, text: readFileSync(new URL(fileName, dir), 'utf8') }));
    await c.api.ok('POST', '/api/v1/content/import', { files, labels: ['all'] });
    const { jobId } = await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', { tenants: [A] });
    await waitFor('the sync job', async () => (await c.api.ok<{ status: string }>('GET', `/api/v1/jobs/${jobId}`)).status === 'succeeded');
    await c.api.ok('POST', `/api/v1/tenants/${A}/content/playbooks`, {
      text: playbookYaml('pg-wrapper', [
        { id: '1', type: 'playbook', playbookId: 'Calculate Severity By Email Authenticity', separatecontext: true, args: { EmailAuthenticityCheck: 'Fail' }, next: ['2'] },
        { id: '2', name: 'Review', next: ['3'] },
        { id: '3', script: 'Builtin|||setIncident', args: { severity: '${Severities.EmailAuthenticitySeverity}' } },
      ]),
      fileName: 'pg-wrapper.yml',
    });
    const id = (await c.api.ok<{ id: number }>('POST', `/api/v1/tenants/${A}/incidents`, { name: 'pg playbook', severity: 1 })).id;
    await c.api.ok('POST', `/api/v1/tenants/${A}/incidents/${id}/playbook/run`, { playbookId: 'pg-wrapper' });
    await waitFor('the manual task', async () => {
      const p = await c.api.ok<{ tasks: { id: string; state: string }[] }>('GET', `/api/v1/tenants/${A}/incidents/${id}/workplan`);
      return p.tasks.find((t) => t.id === '2')?.state === 'waiting';
    });
    await c.api.ok('POST', `/api/v1/tenants/${A}/incidents/${id}/workplan/tasks/2/complete`, {});
    const done = await waitFor('the run', async () => {
      const p = await c.api.ok<{ state: string; tasks: { id: string; state: string }[] }>('GET', `/api/v1/tenants/${A}/incidents/${id}/workplan`);
      return p.state === 'completed' ? p : undefined;
    });
    assert.ok(done.tasks.some((t) => t.id === '1.27' && t.state === 'completed'), 'the pushed sub-playbook took its Fail branch');
    assert.equal((await c.api.ok<{ severity: number }>('GET', `/api/v1/tenants/${A}/incidents/${id}`)).severity, 3);
    const events = await query<{ n: string }>(tenantUrl(A), 'SELECT count(*) AS n FROM playbook_events');
    assert.ok(Number(events[0]?.n) >= 10, 'every transition is in the tenant database');
    const ctx = await query<{ body: string }>(tenantUrl(A), "SELECT body FROM contexts WHERE incident_id = $1 AND scope = ''", [id]);
    assert.deepEqual(JSON.parse(ctx[0]?.body ?? '{}'), { Severities: { EmailAuthenticitySeverity: 'High' } }, 'only the declared output came back');
    assert.deepEqual(await query(tenantUrl(B), 'SELECT run_id FROM playbook_events'), [], "nothing in B's database");
  });

  void it("drops the tenant's database and role when the tenant is deleted", async () => {
    const role = new URL(tenantUrl(B)).username;
    const r = await c.api.call('DELETE', `/api/v1/tenants/${B}?confirm=${encodeURIComponent(`Tenant ${B}`)}`);
    assert.equal(r.status, 204);
    const dbs = await query(adminPgUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [role]);
    const roles = await query(adminPgUrl(), 'SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    assert.equal(dbs.length, 0);
    assert.equal(roles.length, 0);
  });
});
