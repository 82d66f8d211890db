import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const TENANTS = [
  { id: 'acme', name: 'Acme', labels: ['finance'] },
  { id: 'globex', name: 'Globex', labels: ['retail'] },
  { id: 'initech', name: 'Initech', labels: ['finance'] },
];
const PASSWORD = 'a long enough passphrase';

async function userWith(username: string, access: { tenant?: string; label?: string; role: string }[]): Promise<ApiClient> {
  const user = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username, password: PASSWORD });
  await c.api.ok('PUT', `/api/v1/users/${user.id}/access`, access);
  const api = new ApiClient(c.url, c.caPem);
  await api.login(username, PASSWORD);
  return api;
}

void describe('roles per tenant, per label and for all tenants', () => {
  let analyst: ApiClient;
  before(async () => {
    c = await startCluster();
    for (const t of TENANTS) {
      await c.api.ok('POST', '/api/v1/tenants', t);
      await c.api.ok('POST', `/api/v1/tenants/${t.id}/incidents`, sampleIncidents(t.id, 30, Date.now()));
    }
    analyst = await userWith('analyst1', [{ tenant: 'acme', role: 'Administrator' }, { tenant: 'globex', role: 'read-only' }]);
  });
  after(async () => {
    await analyst?.close();
    await c?.stop();
  });

  void it('shows a user only the tenants they hold a role on, everywhere', async () => {
    const me = await analyst.ok<{ tenants: { id: string }[] }>('GET', '/api/v1/me');
    assert.deepEqual(me.tenants.map((t) => t.id), ['acme', 'globex']);
    const list = await analyst.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants');
    assert.deepEqual(list.items.map((t) => t.id), ['acme', 'globex']);
    const search = await analyst.ok<{ items: { tenant: string }[]; errors: unknown[]; total: number }>('POST', '/api/v1/incidents/search', { size: 1000, total: true });
    assert.deepEqual([...new Set(search.items.map((i) => i.tenant))].sort(), ['acme', 'globex']);
    assert.equal(search.total, 60);
    assert.deepEqual(search.errors, []);
    const stats = await analyst.ok<{ tenants: { tenant: string }[] }>('GET', '/api/v1/incidents/stats');
    assert.deepEqual(stats.tenants.map((t) => t.tenant), ['acme', 'globex']);
  });

  void it("answers another tenant's routes exactly as if it did not exist", async () => {
    const hidden = await analyst.call<{ error: { code: string; message: string } }>('GET', '/api/v1/tenants/initech/incidents/1');
    const missing = await analyst.call<{ error: { code: string; message: string } }>('GET', '/api/v1/tenants/nosuch/incidents/1');
    assert.equal(hidden.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(hidden.body.error.message.replace('initech', 'X'), missing.body.error.message.replace('nosuch', 'X'));
    assert.equal((await analyst.call('GET', '/api/v1/tenants/initech')).status, 404);
    assert.equal((await analyst.call('POST', '/api/v1/incidents/search', { tenants: ['initech'] })).status, 404);
    const body = JSON.stringify((await analyst.call('POST', '/api/v1/incidents/search', { query: 'INITECH', size: 100 })).body);
    assert.equal(body.includes('INITECH-'), false);
  });

  void it('lets a role read where it only reads, and write where it administers', async () => {
    const denied = await analyst.call<{ error: { code: string } }>('POST', '/api/v1/tenants/globex/incidents', { name: 'not allowed' });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'forbidden');
    assert.equal((await analyst.call('PATCH', '/api/v1/tenants/globex/incidents/1', { owner: 'me' })).status, 403);
    assert.equal((await analyst.call('GET', '/api/v1/tenants/globex/incidents/1')).status, 200);
    assert.equal((await analyst.call('POST', '/api/v1/tenants/acme/incidents', { name: 'allowed' })).status, 201);
    const globex = await c.api.ok<{ counts: { count: number }[] }>('GET', '/api/v1/tenants/globex/incidents/stats');
    assert.equal(globex.counts.reduce((n, x) => n + x.count, 0), 30);
  });

  void it('keeps account management, hosts and users to those granted them for all tenants', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/v1/tenants', { name: 'Sneaky' }],
      ['POST', '/api/v1/tenants/acme/pause', undefined],
      ['DELETE', '/api/v1/tenants/acme?confirm=Acme', undefined],
      ['GET', '/api/v1/hosts', undefined],
      ['POST', '/api/v1/hosts/enrollments', { name: 'rogue' }],
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/roles', { name: 'Mine', permissions: { users: ['admin'] } }],
    ] as const) {
      const r = await analyst.call(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
    }
    assert.equal((await c.api.call('GET', '/api/v1/tenants/acme')).status, 200, 'the administrator still sees it');
  });

  void it('grants by propagation label and by custom role', async () => {
    const role = await c.api.ok<{ id: string }>('POST', '/api/v1/roles', { name: 'Triage', permissions: { incidents: ['write'] } });
    const bad = await c.api.call<{ error: { message: string } }>('POST', '/api/v1/roles', { name: 'Bad', permissions: { incidentz: ['read'] } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /incidentz/);
    const finance = await userWith('finance-triage', [{ label: 'finance', role: role.id }]);
    try {
      const me = await finance.ok<{ tenants: { id: string }[] }>('GET', '/api/v1/me');
      assert.deepEqual(me.tenants.map((t) => t.id), ['acme', 'initech']);
      assert.equal((await finance.call('POST', '/api/v1/tenants/initech/incidents', { name: 'triaged' })).status, 201);
      assert.equal((await finance.call('GET', '/api/v1/tenants/globex/incidents/1')).status, 404);
    } finally {
      await finance.close();
    }
  });

  void it('locks an account after repeated failed logins, and logs out for good', async () => {
    await c.api.ok('POST', '/api/v1/users', { username: 'locky', password: PASSWORD });
    for (let i = 0; i < 5; i++) assert.equal((await c.api.call('POST', '/api/v1/auth/login', { username: 'locky', password: 'wrong password!' })).status, 401);
    const locked = await c.api.call<{ error: { message: string } }>('POST', '/api/v1/auth/login', { username: 'locky', password: PASSWORD });
    assert.equal(locked.status, 401);
    assert.match(locked.body.error.message, /locked/);
    const session = new ApiClient(c.url, c.caPem);
    try {
      await session.login('admin', c.password);
      assert.equal((await session.call('GET', '/api/v1/me')).status, 200);
      assert.equal((await session.call('POST', '/api/v1/auth/logout')).status, 204);
      assert.equal((await session.call('GET', '/api/v1/me')).status, 401);
    } finally {
      await session.close();
    }
  });

  void it('enforces the password policy, and ends the sessions of a disabled user', async () => {
    assert.equal((await c.api.call('POST', '/api/v1/users', { username: 'shorty', password: 'short' })).status, 400);
    const named = await c.api.call<{ error: { message: string } }>('POST', '/api/v1/users', { username: 'carol', password: 'carol-is-my-password' });
    assert.equal(named.status, 400);
    assert.match(named.body.error.message, /username/);
    const users = await c.api.ok<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users');
    const id = users.items.find((u) => u.username === 'analyst1')!.id;
    await c.api.ok('PATCH', `/api/v1/users/${id}`, { disabled: true });
    assert.equal((await analyst.call('GET', '/api/v1/me')).status, 401);
    assert.equal((await analyst.call('POST', '/api/v1/auth/login', { username: 'analyst1', password: PASSWORD })).status, 401);
  });
});
