import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import type { Incident } from '../../src/core/incident.js';
import { startCluster, type Cluster } from '../support/cluster.js';

type Page = { items: (Incident & { tenant: string })[]; cursor: string | null; total?: number; errors: { tenant: string; error: { code: string } }[] };

let c: Cluster;
const NOW = Date.now();
const DATA: Record<string, ReturnType<typeof sampleIncidents>> = {
  alpha: sampleIncidents('alpha', 400, NOW),
  bravo: sampleIncidents('bravo', 300, NOW),
  charlie: sampleIncidents('charlie', 250, NOW),
};

void describe('incidents through main, host and tenant processes', () => {
  before(async () => {
    c = await startCluster();
    for (const [id, rows] of Object.entries(DATA)) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}`, labels: ['test'] });
      const r = await c.api.ok<{ created: number; ids: number[] }>('POST', `/api/v1/tenants/${id}/incidents`, rows);
      assert.equal(r.created, rows.length);
    }
  });
  after(async () => c?.stop());

  void it('creates, reads, patches and closes one incident', async () => {
    const created = await c.api.call<Incident>('POST', '/api/v1/tenants/alpha/incidents', { name: 'Suspicious login for ceo', severity: 1, labels: [{ type: 'Email', value: 'ceo@example.com' }], customFields: { sourceip: '10.9.8.7' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Suspicious login for ceo');
    assert.equal(created.body.status, 'pending');
    assert.equal(created.body.closed, null);
    const id = created.body.id;
    const got = await c.api.ok<Incident>('GET', `/api/v1/tenants/alpha/incidents/${id}`);
    assert.deepEqual(got.customFields, { sourceip: '10.9.8.7' });
    assert.deepEqual(got.labels, [{ type: 'Email', value: 'ceo@example.com' }]);
    const patched = await c.api.ok<Incident>('PATCH', `/api/v1/tenants/alpha/incidents/${id}`, { owner: 'analyst1', status: 'active' });
    assert.equal(patched.owner, 'analyst1');
    assert.equal(patched.status, 'active');
    assert.ok(Date.parse(patched.modified) >= Date.parse(got.modified));
    const closed = await c.api.ok<Incident>('POST', `/api/v1/tenants/alpha/incidents/${id}/close`, { reason: 'Resolved', notes: 'password reset' });
    assert.equal(closed.status, 'done');
    assert.equal(closed.closeReason, 'Resolved');
    assert.equal(closed.closeNotes, 'password reset');
    assert.ok(closed.closed);
    const again = await c.api.call('POST', `/api/v1/tenants/alpha/incidents/${id}/close`, {});
    assert.equal(again.status, 409);
    // Same id in another tenant is another tenant's incident, or none: never alpha's.
    const other = await c.api.call<Incident>('GET', `/api/v1/tenants/charlie/incidents/${id}`);
    assert.ok(other.status === 404 || !other.body.name.includes('ceo'));
  });

  void it('searches one tenant with the query language and pages by cursor', async () => {
    const q = 'type:Phishing and severity:>=2';
    const expected = DATA['bravo']!.filter((i) => i.type === 'Phishing' && (i.severity ?? 0) >= 2).length;
    const seen = new Set<number>();
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const body: Record<string, unknown> = { query: q, size: 25, ...(cursor ? { cursor } : {}) };
      const page: { items: Incident[]; cursor: string | null; total?: number } = await c.api.ok('POST', '/api/v1/tenants/bravo/incidents/search', body);
      total ??= page.total;
      for (const i of page.items) {
        assert.equal(i.type, 'Phishing');
        assert.ok(!seen.has(i.id), 'no incident twice');
        seen.add(i.id);
      }
      cursor = page.cursor;
    } while (cursor);
    assert.equal(seen.size, expected);
    assert.equal(total, expected);
  });

  void it('searches across tenants: merged by the sort key, stable cursor paging, every match once', async () => {
    const q = 'severity:>=3 and -status:archive';
    const want = Object.entries(DATA).flatMap(([t, rows]) => rows.filter((i) => (i.severity ?? 0) >= 3 && i.status !== 'archive').map((i) => `${t}:${i.name}`));
    const got: string[] = [];
    let prev: { v: number; t: string; id: number } | null = null;
    let cursor: string | null = null;
    let first: Page | null = null;
    do {
      const page: Page = await c.api.ok('POST', '/api/v1/incidents/search', { query: q, size: 40, total: true, sort: { field: 'severity', order: 'desc' }, ...(cursor ? { cursor } : {}) });
      first ??= page;
      assert.deepEqual(page.errors, []);
      for (const i of page.items) {
        const key = { v: i.severity, t: i.tenant, id: i.id };
        if (prev) {
          const ordered = prev.v > key.v || (prev.v === key.v && (prev.t < key.t || (prev.t === key.t && prev.id > key.id)));
          assert.ok(ordered, `order broken between ${JSON.stringify(prev)} and ${JSON.stringify(key)}`);
        }
        prev = key;
        got.push(`${i.tenant}:${i.name}`);
      }
      cursor = page.cursor;
    } while (cursor);
    assert.equal(first?.total, want.length);
    assert.deepEqual([...got].sort(), [...want].sort());
    assert.equal(new Set(got).size, got.length);
  });

  void it('limits a cross-tenant search to the tenants asked for, and sorts by date', async () => {
    const page: Page = await c.api.ok('POST', '/api/v1/incidents/search', { tenants: ['charlie'], size: 100, sort: { field: 'created', order: 'asc' } });
    assert.ok(page.items.every((i) => i.tenant === 'charlie'));
    const times = page.items.map((i) => Date.parse(i.created));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const unknown = await c.api.call('POST', '/api/v1/incidents/search', { tenants: ['nope'] });
    assert.equal(unknown.status, 404);
  });

  void it('answers free text and custom-field queries in each tenant', async () => {
    const page: Page = await c.api.ok('POST', '/api/v1/incidents/search', { query: '"credential harvesting" and customFields.emailsubject:"Payroll update"', size: 1000 });
    const want = Object.values(DATA).flat().filter((i) => i.type === 'Phishing' && i.customFields?.['emailsubject'] === 'Payroll update').length;
    assert.equal(page.items.length, want);
    assert.ok(want > 0);
  });

  void it('counts by tenant, status and severity', async () => {
    const stats = await c.api.ok<{ tenants: { tenant: string; total: number }[]; totals: { incidents: number; byStatus: Record<string, number> }; errors: unknown[] }>('GET', '/api/v1/incidents/stats');
    const byTenant = Object.fromEntries(stats.tenants.map((t) => [t.tenant, t.total]));
    assert.equal(byTenant['bravo'], DATA['bravo']!.length);
    assert.equal(byTenant['charlie'], DATA['charlie']!.length);
    assert.ok((byTenant['alpha'] ?? 0) >= DATA['alpha']!.length);
    assert.equal(stats.totals.incidents, Object.values(byTenant).reduce((a, b) => a + b, 0));
    assert.deepEqual(stats.errors, []);
    // For the dashboard: incidents per day over the last 30 days, and the top types, summed over tenants.
    const trends = stats as unknown as { totals: { byDay: { day: string; count: number }[]; topTypes: { type: string; count: number }[] } };
    const since = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 29 * 86_400_000;
    const known = [...DATA['bravo']!, ...DATA['charlie']!];
    const recent = known.filter((i) => Date.parse(i.created ?? '') >= since).length;
    const counted = trends.totals.byDay.reduce((n, d) => n + d.count, 0);
    assert.ok(counted >= recent, `${counted} incidents by day, at least bravo's and charlie's ${recent}`);
    assert.ok(trends.totals.byDay.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day) && Date.parse(d.day) >= since));
    const phishing = known.filter((i) => i.type === 'Phishing').length;
    assert.ok((trends.totals.topTypes.find((t) => t.type === 'Phishing')?.count ?? 0) >= phishing);
    assert.ok(trends.totals.topTypes.length <= 10);
  });

  void it('sets fields on, and closes, incidents of several tenants in one bulk action, each result apart', async () => {
    type Bulk = { results: { tenant: string; id: number; ok: boolean; error?: { code: string; message: string } }[]; succeeded: number; failed: number };
    const set = await c.api.ok<Bulk>('POST', '/api/v1/incidents/bulk', {
      items: [{ tenant: 'bravo', id: 2 }, { tenant: 'charlie', id: 3 }, { tenant: 'nope', id: 1 }, { tenant: 'bravo', id: 999_999 }],
      set: { owner: 'bulk-owner', severity: 4 },
    });
    assert.deepEqual(set.results.map((r) => [r.tenant, r.id, r.ok, r.error?.code]), [
      ['bravo', 2, true, undefined], ['charlie', 3, true, undefined], ['nope', 1, false, 'not_found'], ['bravo', 999_999, false, 'not_found'],
    ]);
    assert.deepEqual([set.succeeded, set.failed], [2, 2]);
    for (const [tenant, id] of [['bravo', 2], ['charlie', 3]] as const) {
      const inc = await c.api.ok<{ owner: string; severity: number }>('GET', `/api/v1/tenants/${tenant}/incidents/${id}`);
      assert.deepEqual([inc.owner, inc.severity], ['bulk-owner', 4]);
    }
    const close = () => c.api.ok<Bulk>('POST', '/api/v1/incidents/bulk', { items: [{ tenant: 'bravo', id: 2 }, { tenant: 'bravo', id: 2 }], close: { reason: 'Resolved', notes: 'bulk' } });
    assert.deepEqual((await close()).results.map((r) => [r.ok, r.error?.code]), [[true, undefined]], 'an incident named twice is closed once');
    assert.deepEqual((await close()).results.map((r) => [r.ok, r.error?.code]), [[false, 'conflict']], 'closed already');
    const both = await c.api.call('POST', '/api/v1/incidents/bulk', { items: [{ tenant: 'bravo', id: 2 }], set: { owner: 'x' }, close: {} });
    assert.equal(both.status, 400, 'one action at a time');
  });

  void it('accepts a batch of 10,000 and refuses 10,001', async () => {
    const big = sampleIncidents('bulk', 10_001, NOW);
    const refused = await c.api.call('POST', '/api/v1/tenants/charlie/incidents', big);
    assert.equal(refused.status, 400);
    const ok = await c.api.call<{ created: number }>('POST', '/api/v1/tenants/charlie/incidents', big.slice(0, 10_000));
    assert.equal(ok.status, 201);
    assert.equal(ok.body.created, 10_000);
    const stats = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/charlie/incidents/stats');
    assert.equal(stats.counts.reduce((n, x) => n + x.count, 0), DATA['charlie']!.length + 10_000);
  });

  void it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = await c.api.ok<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/api/v1/openapi.json');
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/v1/auth/login', '/api/v1/tenants', '/api/v1/tenants/{id}', '/api/v1/tenants/{id}/incidents', '/api/v1/incidents/search', '/api/v1/incidents/stats', '/api/v1/hosts/enrollments']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    assert.ok(doc.paths['/api/v1/tenants/{id}/incidents']?.['post']?.requestBody);
  });
});
