import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const PASSWORD = 'a long enough passphrase';
type Err = { error: { code: string; message: string } };

async function customer(tenant: string, username: string): Promise<ApiClient> {
  const api = new ApiClient(c.url, c.caPem);
  await api.login(username, PASSWORD, tenant);
  return api;
}

void describe('customer users, tenant roles and role changes', () => {
  const clients: ApiClient[] = [];
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'acme', name: 'Acme', labels: ['finance'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'globex', name: 'Globex Corporation', labels: [] });
    await c.api.ok('POST', '/api/v1/tenants/globex/incidents', { name: 'globex secret incident' });
  });
  after(async () => {
    await Promise.all(clients.map((a) => a.close()));
    await c?.stop();
  });

  void it('confines a customer user to their one tenant: they see no other, not even its name', async () => {
    const bob = await c.api.ok<{ id: string; username: string; kind: string; tenant: string; role: string }>('POST', '/api/v1/tenants/acme/users', {
      username: 'bob', password: PASSWORD, role: 'Read-Only',
    });
    assert.deepEqual([bob.username, bob.kind, bob.tenant, bob.role], ['bob', 'customer', 'acme', 'read-only']);
    // The same name on another tenant is another person: creating it reveals nothing.
    await c.api.ok('POST', '/api/v1/tenants/globex/users', { username: 'bob', password: PASSWORD, role: 'Analyst' });
    const api = await customer('acme', 'bob');
    clients.push(api);
    const me = await api.ok<{ user: { kind: string; tenant: string }; tenants: { id: string }[]; main: { resources: object } }>('GET', '/api/v1/me');
    assert.deepEqual(me.tenants.map((t) => t.id), ['acme']);
    assert.deepEqual([me.user.kind, me.user.tenant], ['customer', 'acme']);
    assert.deepEqual(me.main.resources, {});
    const list = await api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants');
    assert.deepEqual(list.items.map((t) => t.id), ['acme']);
    for (const [method, path] of [['GET', '/api/v1/users'], ['GET', '/api/v1/roles'], ['GET', '/api/v1/audit'], ['GET', '/api/v1/hosts']] as const) {
      const r = await api.call<Err>(method, path);
      assert.equal(r.status, 403, `${method} ${path}`);
    }
    for (const path of ['/api/v1/tenants/globex', '/api/v1/tenants/globex/incidents/1', '/api/v1/tenants/globex/users', '/api/v1/tenants/globex/roles']) {
      const r = await api.call<Err>('GET', path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(JSON.stringify(r.body), /Globex Corporation|secret/);
    }
    const search = await api.ok<{ items: { tenant: string }[] }>('POST', '/api/v1/incidents/search', { query: 'secret', size: 100 });
    assert.deepEqual(search.items, []);
    assert.equal((await api.call('POST', '/api/v1/tenants/acme/incidents', { name: 'x' })).status, 403, 'read-only here');
    // Without naming the tenant, the customer's name is nobody's.
    const bare = new ApiClient(c.url, c.caPem);
    clients.push(bare);
    assert.equal((await bare.call('POST', '/api/v1/auth/login', { username: 'bob', password: PASSWORD })).status, 401);
    await bare.login('acme/bob', PASSWORD);
  });

  void it('lets a tenant define roles for its own users, and nobody hand out more than they hold', async () => {
    await c.api.ok('POST', '/api/v1/tenants/acme/users', { username: 'carol', password: PASSWORD, role: 'Administrator' });
    const carol = await customer('acme', 'carol');
    clients.push(carol);
    const role = await carol.ok<{ id: string; tenant: string }>('POST', '/api/v1/tenants/acme/roles', {
      name: 'User Manager', permissions: { users: ['write'], incidents: ['read'] },
    });
    assert.equal(role.tenant, 'acme');
    const roles = await carol.ok<{ items: { name: string }[] }>('GET', '/api/v1/tenants/acme/roles');
    assert.ok(roles.items.some((r) => r.name === 'User Manager') && roles.items.some((r) => r.name === 'Administrator'));
    await carol.ok('POST', '/api/v1/tenants/acme/users', { username: 'dave', password: PASSWORD, role: 'User Manager' });
    const dave = await customer('acme', 'dave');
    clients.push(dave);
    const escalate = await dave.call<Err>('POST', '/api/v1/tenants/acme/users', { username: 'eve', password: PASSWORD, role: 'Analyst' });
    assert.equal(escalate.status, 403);
    assert.match(escalate.body.error.message, /write on incidents/);
    const wider = await dave.call<Err>('POST', '/api/v1/tenants/acme/roles', { name: 'Mine', permissions: { incidents: ['admin'] } });
    assert.equal(wider.status, 403, 'dave holds no roles:write');
    const greedy = await carol.call<Err>('POST', '/api/v1/roles', { name: 'Global', permissions: { incidents: ['read'] } });
    assert.equal(greedy.status, 403, "a tenant's administrator is nobody on main");
    // A tenant's role never applies elsewhere, and no other tenant sees it.
    const u = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'frank', password: PASSWORD });
    const cross = await c.api.call<Err>('PUT', `/api/v1/users/${u.id}/access`, [{ tenant: 'globex', role: role.id }]);
    assert.equal(cross.status, 400);
    const globexRoles = await c.api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants/globex/roles');
    assert.equal(globexRoles.items.some((r) => r.id === role.id), false);
    assert.equal((await c.api.call('PATCH', `/api/v1/tenants/globex/roles/${role.id}`, { name: 'stolen' })).status, 404);
    const inUse = await carol.call<Err>('DELETE', `/api/v1/tenants/acme/roles/${role.id}`);
    assert.equal(inUse.status, 409);
    assert.match(inUse.body.error.message, /held by 1 user/);
  });

  void it('lets a user administrator give nobody, themselves included, more than they hold', async () => {
    const role = await c.api.ok<{ id: string }>('POST', '/api/v1/roles', { name: 'User Admin', permissions: { users: ['admin'], incidents: ['read'] } });
    const ua = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'uadmin', password: PASSWORD });
    await c.api.ok('PUT', `/api/v1/users/${ua.id}/access`, [{ tenant: '*', role: role.id }]);
    const api = new ApiClient(c.url, c.caPem);
    clients.push(api);
    await api.login('uadmin', PASSWORD);
    const self = await api.call<Err>('PUT', `/api/v1/users/${ua.id}/access`, [{ tenant: '*', role: 'Administrator' }]);
    assert.equal(self.status, 403);
    assert.match(self.body.error.message, /write on incidents, which you do not hold/);
    const other = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'victor', password: PASSWORD });
    assert.equal((await api.call('PUT', `/api/v1/users/${other.id}/access`, [{ tenant: 'acme', role: 'Analyst' }])).status, 403);
    const narrow = await c.api.ok<{ id: string }>('POST', '/api/v1/roles', { name: 'Incident Reader', permissions: { incidents: ['read'] } });
    assert.equal((await api.call('PUT', `/api/v1/users/${other.id}/access`, [{ tenant: 'acme', role: narrow.id }])).status, 200, 'within what they hold');
    assert.deepEqual((await c.api.ok<{ items: unknown[] }>('GET', `/api/v1/users/${ua.id}/access`)).items, [{ scope: { all: true }, role: role.id }], 'unchanged');
    // Nor take over someone who holds more: no password reset, disabling or deleting them.
    const admin = (await c.api.ok<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users')).items.find((u) => u.username === 'admin')!;
    for (const [method, body] of [['PATCH', { password: 'taken over by uadmin' }], ['PATCH', { disabled: true }], ['DELETE', undefined]] as const) {
      const r = await api.call<Err>(method, `/api/v1/users/${admin.id}`, body);
      assert.equal(r.status, 403, `${method} ${JSON.stringify(body)}`);
    }
    assert.equal((await api.call('PATCH', `/api/v1/users/${other.id}`, { disabled: true })).status, 200, 'someone holding less is fine');
  });

  void it('keeps built-in roles unchangeable, copies them, and deletes custom roles nobody holds', async () => {
    for (const [method, body] of [['PATCH', { name: 'Boss' }], ['DELETE', undefined]] as const) {
      const r = await c.api.call<Err>(method, '/api/v1/roles/administrator', body);
      assert.equal(r.status, 409);
      assert.match(r.body.error.message, /built-in/);
    }
    const copy = await c.api.ok<{ id: string; permissions: { resources: Record<string, string[]> } }>('POST', '/api/v1/roles', { name: 'Analyst Plus', copyOf: 'Analyst' });
    assert.deepEqual(copy.permissions.resources['incidents'], ['read', 'write', 'execute']);
    const edited = await c.api.ok<{ name: string; permissions: { resources: Record<string, string[]> } }>('PATCH', `/api/v1/roles/${copy.id}`, {
      name: 'Analyst Extra', permissions: { incidents: ['admin'], audit: ['read'] },
    });
    assert.equal(edited.name, 'Analyst Extra');
    assert.deepEqual(edited.permissions.resources['audit'], ['read']);
    assert.equal((await c.api.call('POST', '/api/v1/roles', { name: 'analyst extra', permissions: {} })).status, 409, 'names are case-insensitively unique');
    assert.equal((await c.api.call('POST', '/api/v1/roles', { name: 'x', permissions: { bogus: ['read'] } })).status, 400);
    assert.equal((await c.api.call('DELETE', `/api/v1/roles/${copy.id}`)).status, 204);
    assert.equal((await c.api.call('DELETE', `/api/v1/roles/${copy.id}`)).status, 404);
  });

  void it('runs console sessions on an HttpOnly cookie that needs a CSRF token for every change', async () => {
    const raw = await c.api.call<{ token?: string; csrfToken: string; user: { username: string } }>('POST', '/api/v1/auth/login', {
      username: 'admin', password: c.password, session: 'cookie',
    });
    assert.equal(raw.status, 200);
    assert.equal(raw.body.token, undefined, 'scripts never see the session token');
    const setCookie = String(raw.headers['set-cookie']);
    assert.match(setCookie, /^palisade_session=pls_[\w-]+; Path=\/api\/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    const cookie = setCookie.split(';')[0]!;
    const browser = new ApiClient(c.url, c.caPem);
    clients.push(browser);
    assert.equal((await browser.call('GET', '/api/v1/me', undefined, { cookie })).status, 200);
    const forged = await browser.call<Err>('POST', '/api/v1/users', { username: 'mallory', password: PASSWORD }, { cookie });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'csrf_failed');
    const wrong = await browser.call<Err>('POST', '/api/v1/users', { username: 'mallory', password: PASSWORD }, { cookie, 'x-csrf-token': 'x'.repeat(43) });
    assert.equal(wrong.status, 403);
    const users = await c.api.ok<{ items: { username: string }[] }>('GET', '/api/v1/users');
    assert.equal(users.items.some((u) => u.username === 'mallory'), false, 'a refused change changes nothing');
    assert.equal((await browser.call('POST', '/api/v1/users', { username: 'trent', password: PASSWORD }, { cookie, 'x-csrf-token': raw.body.csrfToken })).status, 201);
    const out = await browser.call('POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': raw.body.csrfToken });
    assert.equal(out.status, 204);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    assert.equal((await browser.call('GET', '/api/v1/me', undefined, { cookie })).status, 401, 'logout revokes the session');
    assert.equal((await browser.call('GET', '/api/v1/me', undefined, { authorization: 'Basic abc' })).status, 401);
  });

  void it("takes a deleted tenant's customer users, roles and keys with it", async () => {
    await c.api.ok('POST', '/api/v1/tenants', { id: 'short', name: 'Short Lived', labels: [] });
    await c.api.ok('POST', '/api/v1/tenants/short/users', { username: 'gone', password: PASSWORD, role: 'Read-Only' });
    await c.api.ok('POST', '/api/v1/tenants/short/roles', { name: 'Temp', permissions: { incidents: ['read'] } });
    const key = await c.api.ok<{ key: string }>('POST', '/api/v1/api-keys', { name: 'ingest', tenant: 'short' });
    assert.equal((await c.api.call('DELETE', '/api/v1/tenants/short?confirm=Short%20Lived')).status, 204);
    await c.api.ok('POST', '/api/v1/tenants', { id: 'short', name: 'Short Again', labels: [] });
    assert.deepEqual((await c.api.ok<{ items: unknown[] }>('GET', '/api/v1/tenants/short/users')).items, []);
    const roles = await c.api.ok<{ items: { tenant: string | null }[] }>('GET', '/api/v1/tenants/short/roles');
    assert.equal(roles.items.some((r) => r.tenant === 'short'), false);
    const gone = new ApiClient(c.url, c.caPem);
    clients.push(gone);
    assert.equal((await gone.call('POST', '/api/v1/auth/login', { username: 'gone', password: PASSWORD, tenant: 'short' })).status, 401);
    assert.equal((await gone.call('GET', '/api/v1/tenants/short/incidents/stats', undefined, { authorization: `Bearer ${key.key}` })).status, 401);
  });
});
