import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import { startCluster, alive, waitFor, type Cluster } from '../support/cluster.js';

interface TenantView {
  id: string;
  state: string;
  process: { status: string; pid: number | null; rssBytes: number | null; uptimeMs: number | null; restarts: number; lastExit: { signal: string | null } | null } | null;
}

let c: Cluster;
const tenant = (id: string) => c.api.ok<TenantView>('GET', `/api/v1/tenants/${id}`);

void describe('tenant lifecycle and faults', () => {
  before(async () => {
    c = await startCluster();
    for (const id of ['one', 'two', 'three']) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}` });
      await c.api.ok('POST', `/api/v1/tenants/${id}/incidents`, sampleIncidents(id, 50, Date.now()));
    }
  });
  after(async () => c?.stop());

  void it('reports each tenant as its own running process with pid, memory and uptime', async () => {
    const views = await Promise.all(['one', 'two', 'three'].map(tenant));
    const pids = views.map((v) => v.process?.pid);
    assert.equal(new Set(pids).size, 3);
    for (const v of views) {
      assert.equal(v.process?.status, 'running');
      assert.ok(v.process?.pid && alive(v.process.pid));
      assert.ok((v.process?.rssBytes ?? 0) > 10 * 1024 * 1024);
      assert.ok((v.process?.uptimeMs ?? -1) >= 0);
    }
  });

  void it('answers 409 for a paused tenant, reports it in cross-tenant results, and resumes with its data', async () => {
    const paused = await c.api.ok<TenantView>('POST', '/api/v1/tenants/two/pause');
    assert.equal(paused.state, 'paused');
    assert.equal(paused.process?.status, 'paused');
    const r = await c.api.call<{ error: { code: string } }>('GET', '/api/v1/tenants/two/incidents/1');
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'tenant_paused');
    const search = await c.api.ok<{ items: { tenant: string }[]; errors: { tenant: string; error: { code: string } }[] }>('POST', '/api/v1/incidents/search', { size: 500 });
    assert.deepEqual(search.errors.map((e) => [e.tenant, e.error.code]), [['two', 'tenant_paused']]);
    assert.equal(search.items.length, 100);
    const resumed = await c.api.ok<TenantView>('POST', '/api/v1/tenants/two/resume');
    assert.equal(resumed.process?.status, 'running');
    const stats = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/two/incidents/stats');
    assert.equal(stats.counts.reduce((n, x) => n + x.count, 0), 50);
  });

  void it('restarts a tenant killed with SIGKILL mid-ingest and keeps every acknowledged incident', async () => {
    const before = await tenant('one');
    const pid = before.process!.pid!;
    const acked: string[] = [];
    const failed: string[][] = [];
    let stop = false;
    let batchNo = 0;
    const writer = async (): Promise<void> => {
      while (!stop) {
        const rows = sampleIncidents(`kill${batchNo++}`, 100, Date.now());
        const r = await c.api.call('POST', '/api/v1/tenants/one/incidents', rows).catch(() => ({ status: 0 }));
        if (r.status === 201) acked.push(...rows.map((x) => x.name));
        else failed.push(rows.map((x) => x.name));
      }
    };
    const writers = [writer(), writer()];
    await waitFor('some batches acknowledged', async () => acked.length >= 600);
    process.kill(pid, 'SIGKILL');
    await waitFor('tenant restarted', async () => {
      const v = await tenant('one');
      return v.process?.status === 'running' && v.process.pid !== pid;
    });
    await waitFor('writes succeed again', async () => {
      const n = acked.length;
      await new Promise((r) => setTimeout(r, 300));
      return acked.length > n;
    });
    stop = true;
    await Promise.all(writers);
    const after = await tenant('one');
    assert.ok(after.process!.restarts >= 1);
    assert.equal(after.process!.lastExit?.signal, 'SIGKILL');

    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; cursor: string | null } = await c.api.ok('POST', '/api/v1/tenants/one/incidents/search', { size: 1000, sort: { field: 'id', order: 'asc' }, ...(cursor ? { cursor } : {}) });
      for (const i of page.items) stored.add(i.name);
      cursor = page.cursor;
    } while (cursor);
    const lost = acked.filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `${lost.length} acknowledged incidents lost`);
    // A batch cut off by the kill is all there or not there at all, never half.
    for (const batch of failed) {
      const present = batch.filter((n) => stored.has(n)).length;
      assert.ok(present === 0 || present === batch.length, `a failed batch is half stored (${present}/${batch.length})`);
    }
  });

  void it('reports a tenant that misses the deadline in errors while the others answer', async () => {
    const pid = (await tenant('three')).process!.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const r = await c.api.ok<{ items: { tenant: string }[]; errors: { tenant: string; error: { code: string } }[] }>('POST', '/api/v1/incidents/search', { size: 1000, timeoutMs: 1000 });
      assert.ok(Date.now() - started < 4000);
      assert.deepEqual(r.errors.map((e) => [e.tenant, e.error.code]), [['three', 'timeout']]);
      assert.ok(r.items.length > 0);
      assert.ok(r.items.every((i) => i.tenant !== 'three'));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  void it('stops its tenants with the host and starts them again with their data', async () => {
    const pids = await Promise.all(['one', 'two', 'three'].map(async (id) => (await tenant(id)).process!.pid!));
    await c.restartHost();
    for (const pid of pids) assert.equal(alive(pid), false, `tenant pid ${pid} outlived its host`);
    await waitFor('tenants running', async () => (await Promise.all(['one', 'two', 'three'].map(tenant))).every((v) => v.process?.status === 'running'));
    const stats = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/three/incidents/stats');
    assert.equal(stats.counts.reduce((n, x) => n + x.count, 0), 50);
  });

  void it('answers with errors when the host is down, and its tenants do not outlive it', async () => {
    const pids = await Promise.all(['one', 'two', 'three'].map(async (id) => (await tenant(id)).process!.pid!));
    c.host.child.kill('SIGKILL');
    await waitFor('tenants to exit with their host', async () => pids.every((p) => !alive(p)), 15_000);
    const r = await c.api.ok<{ items: unknown[]; errors: { tenant: string; error: { code: string } }[] }>('POST', '/api/v1/incidents/search', { timeoutMs: 1000 });
    assert.deepEqual(r.items, []);
    assert.deepEqual(r.errors.map((e) => e.tenant), ['one', 'three', 'two']);
    assert.ok(r.errors.every((e) => e.error.code === 'host_unavailable'), JSON.stringify(r.errors));
    const one = await c.api.call<{ error: { code: string } }>('GET', '/api/v1/tenants/one/incidents/1');
    assert.equal(one.status, 503);
    assert.equal(one.body.error.code, 'host_unavailable');
    await c.restartHost();
    await waitFor('tenants running again', async () => (await Promise.all(['one', 'two', 'three'].map(tenant))).every((v) => v.process?.status === 'running'));
    const back = await c.api.ok<{ errors: unknown[] }>('POST', '/api/v1/incidents/search', {});
    assert.deepEqual(back.errors, []);
  });

  void it('deletes a tenant and its data only with the confirmation', async () => {
    const dir = join(c.hostHome, 'tenants', 'three');
    assert.ok(existsSync(join(dir, 'tenant.db')));
    const pid = (await tenant('three')).process!.pid!;
    const r = await c.api.call('DELETE', '/api/v1/tenants/three?confirm=Tenant%20three');
    assert.equal(r.status, 204);
    assert.equal(existsSync(dir), false);
    await waitFor('process gone', async () => !alive(pid));
    assert.equal((await c.api.call('GET', '/api/v1/tenants/three')).status, 404);
    const list = await c.api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants');
    assert.deepEqual(list.items.map((t) => t.id).sort(), ['one', 'two']);
  });
});
