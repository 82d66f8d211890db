import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';

const FIXTURES = new URL('../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const PASSWORD = 'a long enough passphrase';
type Err = { error: { code: string; message: string } };
type Job = { status: string; progress: { total: number; done: number; tenants: Record<string, { status: string; added?: number; updated?: number; removed?: number; error?: string }> } };

let c: Cluster;
const PHISHING = 'Phishing Alerts - Check Severity';
const GENERIC = 'Calculate Severity - Generic v2';
const WAIT = 'Wait Until Datetime';
// What Phishing Alerts - Check Severity needs, however deep (MANIFEST.md).
const PHISHING_CLOSURE = [GENERIC, 'Calculate Severity - Critical Assets v2', 'Calculate Severity By Email Authenticity', 'Calculate Severity By Highest DBotScore', PHISHING, WAIT].sort();

const enc = encodeURIComponent;
async function playbooksOf(tenant: string): Promise<{ id: string; owner: string; detached: boolean }[]> {
  return (await c.api.ok<{ items: { id: string; owner: string; detached: boolean }[] }>('GET', `/api/v1/tenants/${tenant}/content/playbooks`)).items;
}
async function sync(tenants?: string[]): Promise<Job> {
  const { jobId } = await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', tenants ? { tenants } : {});
  return waitFor('sync job', async () => {
    const job = await c.api.ok<Job>('GET', `/api/v1/jobs/${jobId}`);
    return job.status === 'running' ? undefined : job;
  });
}

void describe('content library, propagation and locked content', () => {
  let customer: ApiClient;
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'fin', name: 'Finance Co', labels: ['finance'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'ret', name: 'Retail Co', labels: ['retail'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'bare', name: 'Bare Co', labels: [] });
    await c.api.ok('POST', '/api/v1/tenants/fin/users', { username: 'finadmin', password: PASSWORD, role: 'Administrator' });
    customer = new ApiClient(c.url, c.caPem);
    await customer.login('finadmin', PASSWORD, 'fin');
  });
  after(async () => {
    await customer?.close();
    await c?.stop();
  });

  void it('imports the 12 sample playbooks at once, and refuses a broken import whole, naming file, field and reason', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).map((fileName) => ({ fileName, text: readFileSync(new URL(fileName, FIXTURES), 'utf8') }));
    assert.equal(files.length, 12);
    const broken = { fileName: 'playbook-broken.yml', text: 'id: broken\nname: broken\nstarttaskid: "0"\ntasks:\n  "0":\n    id: "0"\n    type: start\n    task: {id: "0"}\n    nexttasks:\n      "#none#": ["7"]\n' };
    const refused = await c.api.call<Err>('POST', '/api/v1/content/import', { files: [...files, broken] });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /playbook-broken\.yml: tasks\.0\.nexttasks.*"7"/);
    assert.deepEqual((await c.api.ok<{ items: unknown[] }>('GET', '/api/v1/content/playbooks')).items, [], 'nothing half-imported');
    const imported = await c.api.ok<{ items: { id: string; version: number }[] }>('POST', '/api/v1/content/import', { files });
    assert.equal(imported.items.length, 12);
    assert.ok(imported.items.every((i) => i.version === 1));
    const again = await c.api.ok<{ items: { changed: boolean }[] }>('POST', '/api/v1/content/import', { files });
    assert.ok(again.items.every((i) => !i.changed), 'the same files again make no new versions');
  });

  void it('pushes items to exactly the tenants their labels reach, with their dependencies', async () => {
    await c.api.ok('PATCH', `/api/v1/content/playbooks/${enc(PHISHING)}`, { labels: ['finance'] });
    await c.api.ok('PATCH', `/api/v1/content/playbooks/${enc(WAIT)}`, { labels: ['all'] });
    const preview = await c.api.ok<{ tenants: { tenant: string; plan: { add: { id: string }[] } }[] }>('POST', '/api/v1/content/sync/preview', {});
    // The sync that follows each change by itself (1 s later) may already have delivered part of
    // it on a loaded machine: what the preview adds plus what the tenant holds after it is the plan.
    const planned: Record<string, string[]> = {};
    for (const t of preview.tenants) {
      const held = (await playbooksOf(t.tenant)).map((p) => p.id);
      planned[t.tenant] = [...new Set([...t.plan.add.map((a) => a.id), ...held])].sort();
    }
    assert.deepEqual(planned, { bare: [WAIT], fin: PHISHING_CLOSURE, ret: [WAIT] });
    const job = await sync();
    assert.equal(job.status, 'succeeded');
    // The sync that follows a change by itself may have been first: then this job found nothing to add.
    assert.ok([0, PHISHING_CLOSURE.length].includes(job.progress.tenants['fin']?.added ?? -1), JSON.stringify(job.progress.tenants['fin']));
    assert.deepEqual((await playbooksOf('fin')).map((p) => p.id).sort(), PHISHING_CLOSURE);
    assert.deepEqual((await playbooksOf('ret')).map((p) => p.id), [WAIT]);
    assert.ok((await playbooksOf('fin')).every((p) => p.owner === 'main'));
    const second = await sync();
    assert.ok(Object.values(second.progress.tenants).every((t) => t.added === 0 && t.updated === 0 && t.removed === 0), 'a second sync changes nothing');
  });

  void it("keeps main's copies read-only in the tenant, for its administrator too; the tenant's own items are its own", async () => {
    const item = await customer.ok<{ doc: Record<string, unknown> }>('GET', `/api/v1/tenants/fin/content/playbooks/${enc(GENERIC)}`);
    const edit = await customer.call<Err>('PUT', `/api/v1/tenants/fin/content/playbooks/${enc(GENERIC)}`, { doc: { ...item.doc, description: 'mine now' } });
    assert.equal(edit.status, 403);
    assert.match(edit.body.error.message, /locked: it was pushed from main/);
    assert.equal((await customer.call('DELETE', `/api/v1/tenants/fin/content/playbooks/${enc(GENERIC)}`)).status, 403);
    const own = { ...item.doc, id: 'fin-own', name: 'Fin own playbook' };
    assert.equal((await customer.call('POST', '/api/v1/tenants/fin/content/playbooks', { doc: own })).status, 201);
    assert.equal((await customer.call('PUT', '/api/v1/tenants/fin/content/playbooks/fin-own', { doc: { ...own, description: 'edited' } })).status, 200);
    const mine = (await playbooksOf('fin')).find((p) => p.id === 'fin-own');
    assert.equal(mine?.owner, 'tenant');
  });

  void it('versions every save, diffs and reverts', async () => {
    const cur = await c.api.ok<{ doc: Record<string, unknown>; version: number; hash: string }>('GET', `/api/v1/content/playbooks/${enc(GENERIC)}`);
    const v2 = await c.api.ok<{ version: number }>('PUT', `/api/v1/content/playbooks/${enc(GENERIC)}`, { doc: { ...cur.doc, description: 'tuned by the MSSP' } });
    assert.equal(v2.version, cur.version + 1);
    const diff = await c.api.ok<{ changes: { path: string; to: unknown }[] }>('GET', `/api/v1/content/playbooks/${enc(GENERIC)}/diff?from=${cur.version}&to=${v2.version}`);
    assert.deepEqual(diff.changes.map((ch) => [ch.path, ch.to]), [['description', 'tuned by the MSSP']]);
    const versions = await c.api.ok<{ items: { version: number; author: string; hash: string }[] }>('GET', `/api/v1/content/playbooks/${enc(GENERIC)}/versions`);
    assert.deepEqual(versions.items.map((v) => v.version), [v2.version, cur.version]);
    assert.ok(versions.items.every((v) => v.author === 'admin'));
    await sync(['fin']);
    const pushed = await c.api.ok<{ doc: { description: string } }>('GET', `/api/v1/tenants/fin/content/playbooks/${enc(GENERIC)}`);
    assert.equal(pushed.doc.description, 'tuned by the MSSP');
    const v3 = await c.api.ok<{ version: number }>('POST', `/api/v1/content/playbooks/${enc(GENERIC)}/revert`, { version: cur.version });
    assert.equal(v3.version, v2.version + 1);
    assert.equal((await c.api.ok<{ hash: string }>('GET', `/api/v1/content/playbooks/${enc(GENERIC)}`)).hash, cur.hash);
  });

  void it('lets a tenant detach a copy, which main then shows and no longer overwrites', async () => {
    const detached = await customer.ok<{ owner: string; detached: boolean }>('POST', `/api/v1/tenants/fin/content/playbooks/${enc(WAIT)}/detach`);
    assert.deepEqual([detached.owner, detached.detached], ['tenant', true]);
    const drift = await c.api.ok<{ tenants: { tenant: string; drifted: boolean; detached: { id: string }[]; conflicts: { id: string; reason: string }[] }[] }>('GET', '/api/v1/content/drift');
    const fin = drift.tenants.find((t) => t.tenant === 'fin')!;
    assert.equal(fin.drifted, true);
    assert.deepEqual(fin.detached.map((d) => d.id), [WAIT]);
    assert.deepEqual(fin.conflicts.map((d) => [d.id, d.reason]), [[WAIT, 'detached by the tenant']]);
    assert.equal(drift.tenants.find((t) => t.tenant === 'ret')?.drifted, false);
    await customer.ok('PUT', `/api/v1/tenants/fin/content/playbooks/${enc(WAIT)}`, {
      doc: { ...(await customer.ok<{ doc: Record<string, unknown> }>('GET', `/api/v1/tenants/fin/content/playbooks/${enc(WAIT)}`)).doc, description: 'the tenant changed it' },
    });
    await sync(['fin']);
    const kept = await customer.ok<{ doc: { description: string } }>('GET', `/api/v1/tenants/fin/content/playbooks/${enc(WAIT)}`);
    assert.equal(kept.doc.description, 'the tenant changed it');
  });

  void it('catches an offline tenant up when it returns, removes what main deleted, and serves a new tenant at creation', async () => {
    await c.api.ok('POST', '/api/v1/tenants/ret/pause');
    await c.api.ok('PATCH', `/api/v1/content/playbooks/${enc(PHISHING)}`, { labels: ['finance', 'retail'] });
    const job = await sync(['ret']);
    assert.equal(job.progress.tenants['ret']?.status, 'failed');
    const behind = await c.api.ok<{ tenants: { tenant: string; sync: { status: string; reason: string } }[] }>('GET', '/api/v1/content/drift');
    assert.equal(behind.tenants.find((t) => t.tenant === 'ret')?.sync.status, 'behind');
    await c.api.ok('POST', '/api/v1/tenants/ret/resume');
    await waitFor('ret caught up', async () => (await playbooksOf('ret')).length === PHISHING_CLOSURE.length);

    await c.api.ok('POST', '/api/v1/tenants', { id: 'late', name: 'Late Co', labels: ['retail'] });
    await waitFor('new tenant served', async () => (await playbooksOf('late')).length === PHISHING_CLOSURE.length);
    assert.ok((await playbooksOf('late')).every((h) => h.owner === 'main'));

    // Deleted on main: gone from every tenant's copies, but not the copy fin made its own.
    assert.equal((await c.api.call('DELETE', `/api/v1/content/playbooks/${enc(WAIT)}`)).status, 204);
    await sync();
    for (const t of ['ret', 'late', 'bare']) assert.equal((await playbooksOf(t)).some((p) => p.id === WAIT), false, t);
    assert.equal((await playbooksOf('fin')).find((p) => p.id === WAIT)?.owner, 'tenant');
  });
});
