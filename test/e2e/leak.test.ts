import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, type ApiResponse } from '../../src/cli/api-client.js';
import { playbookYaml } from '../support/playbooks.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';

/**
 * The cross-tenant leak suite: with every kind of credential for tenant A (a customer user
 * of A, a main user holding a role on A only, a tenant-A API key), try every route of main
 * with tenant B's id, B's object ids on A's routes, cross-tenant endpoints, queries naming
 * B's incidents and cursors issued for B. Everything is refused or empty, and B's answers
 * are indistinguishable from those for a tenant that does not exist.
 */
let c: Cluster;
const PASSWORD = 'a long enough passphrase';
// Words that exist only in B's data: no answer to an A credential may contain any of them.
const B_MARKERS = ['Globex Corporation', 'GLOBEXSECRET', 'globex-only-label', 'gloria'];
const A = 'acme';
const B = 'globex';
const MISSING = 'nosuch';

interface Probe {
  method: string;
  path: string;
  body?: unknown;
}

/** Every route of main that takes a tenant id, with plausible parameters and a valid body. */
function tenantProbes(paths: Record<string, Record<string, unknown>>, tenant: string, ids: { user: string; role: string; key: string }): Probe[] {
  const bodies: Record<string, unknown> = {
    'post /api/v1/tenants/{id}/incidents': { name: 'probe' },
    'post /api/v1/tenants/{id}/incidents/search': { query: 'GLOBEXSECRET', size: 10 },
    'patch /api/v1/tenants/{id}/incidents/{incidentId}': { owner: 'probe' },
    'post /api/v1/tenants/{id}/incidents/{incidentId}/close': { reason: 'probe' },
    'post /api/v1/tenants/{id}/users': { username: 'probe', password: PASSWORD, role: 'Read-Only' },
    'patch /api/v1/tenants/{id}/users/{userId}': { disabled: true },
    'post /api/v1/tenants/{id}/roles': { name: 'probe', permissions: { incidents: ['read'] } },
    'patch /api/v1/tenants/{id}/roles/{roleId}': { name: 'probe' },
    'patch /api/v1/tenants/{id}': { labels: ['probe'] },
    'post /api/v1/tenants/{id}/content/{kind}': { doc: { id: 'probe', name: 'probe', type: 'plain_text', data: 'probe' } },
    'put /api/v1/tenants/{id}/content/{kind}/{itemId}': { doc: { id: 'globex-list', name: 'globex-list', type: 'plain_text', data: 'probe' } },
    'post /api/v1/tenants/{id}/incidents/{incidentId}/playbook/run': { playbookId: 'globex-playbook' },
    'post /api/v1/tenants/{id}/incidents/{incidentId}/workplan/tasks/{taskId}/complete': {},
    'put /api/v1/tenants/{id}/lists/{name}': { data: 'probe' },
    'put /api/v1/tenants/{id}/playbook-settings': { httpAllowList: [] },
    'post /api/v1/tenants/{id}/incidents/{incidentId}/war-room/command': { command: '!Print value=${Secret}' },
  };
  const probes: Probe[] = [];
  for (const [template, ops] of Object.entries(paths)) {
    if (!template.includes('{id}') || !template.startsWith('/api/v1/tenants/')) continue;
    for (const method of Object.keys(ops)) {
      const path = template
        .replace('{id}', tenant)
        .replace('{incidentId}', '1')
        .replace('{userId}', ids.user)
        .replace('{roleId}', ids.role)
        .replace('{keyId}', ids.key)
        .replace('{kind}', 'lists')
        .replace('{itemId}', 'globex-list')
        .replace('{taskId}', '1')
        .replace('{name}', 'globex-list')
        .replace('{value}', '198.51.100.99');
      const query = method === 'delete' && template === '/api/v1/tenants/{id}' ? `?confirm=${tenant}` : '';
      probes.push({ method: method.toUpperCase(), path: path + query, body: bodies[`${method} ${template}`] });
    }
  }
  return probes;
}

function assertNoB(r: ApiResponse, what: string): void {
  const text = JSON.stringify(r.body) + JSON.stringify(r.headers);
  for (const m of B_MARKERS) assert.equal(text.includes(m), false, `${what} mentions "${m}": ${text.slice(0, 300)}`);
}

void describe('cross-tenant leak suite', () => {
  const creds = new Map<string, ApiClient>();
  let paths: Record<string, Record<string, unknown>>;
  let bIds: { user: string; role: string; key: string };
  let bCursor: string;
  let bTenantCursor: string;

  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: A, name: 'Acme', labels: ['shared'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: B, name: 'Globex Corporation', labels: ['shared', 'globex-only-label'] });
    await c.api.ok('POST', `/api/v1/tenants/${A}/incidents`, Array.from({ length: 5 }, (_, i) => ({ name: `acme incident ${i}` })));
    await c.api.ok('POST', `/api/v1/tenants/${B}/incidents`, Array.from({ length: 7 }, (_, i) => ({ name: `GLOBEXSECRET incident ${i}`, labels: [{ type: 'x', value: 'globex-only-label' }] })));
    const bUser = await c.api.ok<{ id: string }>('POST', `/api/v1/tenants/${B}/users`, { username: 'gloria', password: PASSWORD, role: 'Administrator' });
    const bRole = await c.api.ok<{ id: string }>('POST', `/api/v1/tenants/${B}/roles`, { name: 'Globex Corporation Tier', permissions: { incidents: ['read'] } });
    const bKey = await c.api.ok<{ id: string }>('POST', '/api/v1/api-keys', { name: 'globex ingest', tenant: B });
    await c.api.ok('POST', `/api/v1/tenants/${B}/content/lists`, { doc: { id: 'globex-list', name: 'globex-list', type: 'plain_text', data: 'GLOBEXSECRET' } });
    // B's playbook leaves secrets in the context, the war room, a list and an indicator; its task 1 waits.
    await c.api.ok('POST', `/api/v1/tenants/${B}/content/playbooks`, {
      text: playbookYaml('globex-playbook', [
        { id: '2', script: 'Set', args: { key: 'Secret', value: 'GLOBEXSECRET' }, next: ['3'] },
        { id: '3', script: 'Print', args: { value: 'GLOBEXSECRET entry' }, next: ['4'] },
        { id: '4', script: 'Builtin|||createNewIndicator', args: { value: '198.51.100.99', type: 'IP', note: 'GLOBEXSECRET' }, next: ['1'] },
        { id: '1', name: 'GLOBEXSECRET manual task' },
      ]),
      fileName: 'globex.yml',
    });
    await c.api.ok('PUT', `/api/v1/tenants/${B}/lists/globex-list`, { data: 'GLOBEXSECRET runtime' });
    await c.api.ok('POST', `/api/v1/tenants/${B}/incidents/1/playbook/run`, { playbookId: 'globex-playbook' });
    await waitFor("B's run to wait", async () => (await c.api.ok<{ state: string }>('GET', `/api/v1/tenants/${B}/incidents/1/workplan`)).state === 'waiting');
    bIds = { user: bUser.id, role: bRole.id, key: bKey.id };
    bCursor = (await c.api.ok<{ cursor: string }>('POST', '/api/v1/incidents/search', { tenants: [B], size: 2 })).cursor;
    bTenantCursor = (await c.api.ok<{ cursor: string }>('POST', `/api/v1/tenants/${B}/incidents/search`, { size: 2 })).cursor;
    paths = (await c.api.ok<{ paths: typeof paths }>('GET', '/api/v1/openapi.json')).paths;

    await c.api.ok('POST', `/api/v1/tenants/${A}/users`, { username: 'cathy', password: PASSWORD, role: 'Administrator' });
    const customer = new ApiClient(c.url, c.caPem);
    await customer.login('cathy', PASSWORD, A);
    creds.set('customer user of A', customer);

    const analyst = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'andy', password: PASSWORD });
    await c.api.ok('PUT', `/api/v1/users/${analyst.id}/access`, [{ tenant: A, role: 'Administrator' }]);
    const onA = new ApiClient(c.url, c.caPem);
    await onA.login('andy', PASSWORD);
    creds.set('main user with a role on A only', onA);

    const key = await c.api.ok<{ key: string }>('POST', '/api/v1/api-keys', { name: 'acme ingest', tenant: A, role: 'Administrator' });
    const keyed = new ApiClient(c.url, c.caPem);
    keyed.token = key.key;
    creds.set('tenant-A API key', keyed);
  });
  after(async () => {
    for (const api of creds.values()) await api.close();
    await c?.stop();
  });

  void it("answers every tenant route with B's id exactly as for a tenant that does not exist", async () => {
    const probes = tenantProbes(paths, B, bIds);
    const missing = tenantProbes(paths, MISSING, bIds);
    assert.ok(probes.length >= 15, `found ${probes.length} tenant routes`);
    for (const [who, api] of creds) {
      for (const [i, p] of probes.entries()) {
        const r = await api.call<unknown>(p.method, p.path, p.body);
        const m = await api.call<unknown>(missing[i]!.method, missing[i]!.path, missing[i]!.body);
        const what = `${who}: ${p.method} ${p.path}`;
        assert.ok(r.status === 403 || r.status === 404, `${what} → ${r.status}`);
        assert.equal(r.status, m.status, `${what}: same status as a missing tenant`);
        assert.equal(JSON.stringify(r.body).replaceAll(B, MISSING), JSON.stringify(m.body), `${what}: same answer as a missing tenant`);
        assertNoB(r, what);
      }
    }
    assert.equal((await c.api.call('GET', `/api/v1/tenants/${B}/incidents/stats`)).status, 200, 'B is there all along');
  });

  void it("finds none of B's objects through A's routes", async () => {
    for (const [who, api] of creds) {
      for (const [method, path, body] of [
        ['PATCH', `/api/v1/tenants/${A}/users/${bIds.user}`, { disabled: true }],
        ['DELETE', `/api/v1/tenants/${A}/users/${bIds.user}`, undefined],
        ['PATCH', `/api/v1/tenants/${A}/roles/${bIds.role}`, { name: 'mine now' }],
        ['DELETE', `/api/v1/tenants/${A}/roles/${bIds.role}`, undefined],
        ['DELETE', `/api/v1/api-keys/${bIds.key}`, undefined],
      ] as const) {
        const r = await api.call(method, path, body);
        assert.ok(r.status === 403 || r.status === 404, `${who}: ${method} ${path} → ${r.status}`);
        assertNoB(r, `${who}: ${method} ${path}`);
      }
      // A's incident ids overlap B's (each tenant counts from 1): they always mean A's incident.
      for (let id = 1; id <= 7; id++) {
        const r = await api.call<{ name?: string }>('GET', `/api/v1/tenants/${A}/incidents/${id}`);
        assert.ok(r.status === 200 ? r.body.name?.startsWith('acme') : r.status === 404, `${who}: incident ${id} → ${r.status}`);
        assertNoB(r, `${who}: incident ${id}`);
      }
      // A's playbook routes answer about A alone, whatever B's incident 1 holds.
      for (const [method, path, body] of [
        ['GET', `/api/v1/tenants/${A}/incidents/1/workplan`, undefined],
        ['GET', `/api/v1/tenants/${A}/incidents/1/context`, undefined],
        ['GET', `/api/v1/tenants/${A}/incidents/1/entries`, undefined],
        ['GET', `/api/v1/tenants/${A}/incidents/1/links`, undefined],
        ['POST', `/api/v1/tenants/${A}/incidents/1/war-room/command`, { command: '!Print value=${Secret}' }],
        ['POST', `/api/v1/tenants/${A}/incidents/1/workplan/tasks/1/complete`, {}],
        ['POST', `/api/v1/tenants/${A}/incidents/1/playbook/run`, { playbookId: 'globex-playbook' }],
        ['GET', `/api/v1/tenants/${A}/lists`, undefined],
        ['GET', `/api/v1/tenants/${A}/lists/globex-list`, undefined],
        ['GET', `/api/v1/tenants/${A}/indicators/198.51.100.99`, undefined],
      ] as const) {
        const r = await api.call(method, path, body);
        assert.ok(r.status < 500, `${who}: ${method} ${path} → ${r.status}`);
        assertNoB(r, `${who}: ${method} ${path}`);
      }
    }
    for (const [who, api] of creds) {
      // A bulk action naming B's incidents: refused item by item exactly as for a tenant that does not exist.
      const r = await api.call<{ results: { tenant: string; ok: boolean; error?: { code: string; message: string } }[] }>('POST', '/api/v1/incidents/bulk', {
        items: [{ tenant: B, id: 1 }, { tenant: MISSING, id: 1 }, { tenant: A, id: 1 }],
        set: { owner: 'bulk probe' },
      });
      assert.equal(r.status, 200, who);
      const [b, missing, a] = r.body.results;
      assert.deepEqual([b?.ok, b?.error?.code], [false, 'not_found'], `${who}: B's item`);
      assert.equal(JSON.stringify(b?.error).replaceAll(B, MISSING), JSON.stringify(missing?.error), `${who}: B's item answered as a missing tenant's`);
      assert.equal(a?.tenant, A);
      assertNoB({ ...r, body: { results: [a, missing] } }, `${who}: bulk`);
    }
    assert.notEqual((await c.api.ok<{ owner: string }>('GET', `/api/v1/tenants/${B}/incidents/1`)).owner, 'bulk probe', "B's incident untouched");
    const bPlan = await c.api.ok<{ state: string; tasks: { id: string; state: string }[] }>('GET', `/api/v1/tenants/${B}/incidents/1/workplan`);
    assert.equal(bPlan.tasks.find((t) => t.id === '1')?.state, 'waiting', "nothing A did completed B's task");
    const gloria = await c.api.ok<{ items: { username: string }[] }>('GET', `/api/v1/tenants/${B}/users`);
    assert.deepEqual(gloria.items.map((u) => u.username), ['gloria'], "B's user is untouched");
  });

  void it("keeps cross-tenant endpoints, queries naming B and B's cursors to A's own data", async () => {
    for (const [who, api] of creds) {
      const search = await api.call<{ items: { tenant: string }[]; total: number }>('POST', '/api/v1/incidents/search', { query: 'GLOBEXSECRET OR acme', size: 100, total: true });
      assert.equal(search.status, 200, who);
      assert.deepEqual([...new Set(search.body.items.map((i) => i.tenant))], [A], `${who}: only A's incidents`);
      assert.equal(search.body.total, 5, `${who}: counts are A's only`);
      assertNoB(search, `${who}: search`);
      for (const q of ['name:GLOBEXSECRET*', 'labels:globex-only-label', '"GLOBEXSECRET incident"']) {
        const r = await api.call<{ items: unknown[]; total: number }>('POST', '/api/v1/incidents/search', { query: q, total: true });
        assert.deepEqual([r.status, r.body.items, r.body.total], [200, [], 0], `${who}: ${q}`);
      }
      const named = await api.call('POST', '/api/v1/incidents/search', { tenants: [B] });
      const unknown = await api.call('POST', '/api/v1/incidents/search', { tenants: [MISSING] });
      assert.equal(named.status, 404);
      assert.equal(JSON.stringify(named.body).replaceAll(B, MISSING), JSON.stringify(unknown.body));
      const stats = await api.call<{ tenants: { tenant: string }[] }>('GET', '/api/v1/incidents/stats');
      assert.deepEqual(stats.body.tenants.map((t) => t.tenant), [A]);
      assertNoB(stats, `${who}: stats`);
      const replayed = await api.call<{ error: { code: string } }>('POST', '/api/v1/incidents/search', { tenants: [B], size: 2, cursor: bCursor });
      assert.equal(replayed.status, 404, `${who}: B's cursor with B named`);
      const foreign = await api.call<{ error: { code: string } }>('POST', '/api/v1/incidents/search', { size: 2, cursor: bCursor });
      assert.equal(foreign.status, 400, `${who}: B's cursor on A's selection`);
      assert.equal(foreign.body.error.code, 'invalid_cursor');
      assertNoB(foreign, `${who}: foreign cursor`);
      const paged = await api.call<{ items: { name: string }[] }>('POST', `/api/v1/tenants/${A}/incidents/search`, { size: 10, cursor: bTenantCursor });
      assert.ok(paged.status === 400 || paged.body.items.every((i) => i.name.startsWith('acme')), `${who}: B's tenant cursor on A`);
      assertNoB(paged, `${who}: tenant cursor`);
      const me = await api.call('GET', '/api/v1/me');
      const tenants = await api.call<{ items: { id: string }[] }>('GET', '/api/v1/tenants');
      assert.deepEqual(tenants.body.items.map((t) => t.id), [A]);
      for (const r of [me, tenants, await api.call('GET', '/api/v1/api-keys')]) assertNoB(r, `${who}: listing`);
      for (const path of ['/api/v1/audit', '/api/v1/users', '/api/v1/roles', '/api/v1/hosts', '/api/v1/content/drift', '/api/v1/content/playbooks', '/api/v1/packs', '/api/v1/marketplace']) {
        const r = await api.call('GET', path);
        assert.equal(r.status, 403, `${who}: ${path}`);
        assertNoB(r, `${who}: ${path}`);
      }
      // Content sync names tenants: A's credentials may neither preview nor start one, for B or at all.
      for (const body of [{ tenants: [B] }, {}]) {
        for (const path of ['/api/v1/content/sync/preview', '/api/v1/content/sync']) {
          const r = await api.call('POST', path, body);
          assert.equal(r.status, 403, `${who}: ${path}`);
          assertNoB(r, `${who}: ${path}`);
        }
      }
      // A's tenant content lists only A's, even for the item id B holds.
      const own = await api.call('GET', `/api/v1/tenants/${A}/content/lists/globex-list`);
      assert.equal(own.status, 404, `${who}: B's item id on A`);
      assertNoB(own, `${who}: B's item id on A`);
    }
  });
});
