import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { AsMain } from '../support/as-main.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;

function withKey(key: string): ApiClient {
  const api = new ApiClient(c.url, c.caPem);
  api.token = key;
  return api;
}

void describe('API keys', () => {
  before(async () => {
    c = await startCluster();
    for (const id of ['acme', 'globex']) {
      await c.api.ok('POST', '/api/v1/tenants', { id, name: id });
      await c.api.ok('POST', `/api/v1/tenants/${id}/incidents`, { name: `${id} incident` });
    }
  });
  after(async () => c?.stop());

  void it('gives a tenant key one role on one tenant and nothing else', async () => {
    const created = await c.api.ok<{ id: string; key: string; scope: unknown }>('POST', '/api/v1/api-keys', { name: 'acme ingest', tenant: 'acme' });
    assert.match(created.key, /^pak_/);
    const api = withKey(created.key);
    try {
      assert.equal((await api.call('POST', '/api/v1/tenants/acme/incidents', { name: 'from a script' })).status, 201);
      assert.equal((await api.call('GET', '/api/v1/tenants/globex/incidents/1')).status, 404);
      const search = await api.ok<{ items: { tenant: string }[] }>('POST', '/api/v1/incidents/search', {});
      assert.deepEqual([...new Set(search.items.map((i) => i.tenant))], ['acme']);
      assert.equal((await api.call('GET', '/api/v1/users')).status, 403);
      assert.equal((await api.call('POST', '/api/v1/api-keys', { name: 'escalate' })).status, 403);
      const listed = await c.api.ok<{ items: Record<string, unknown>[] }>('GET', '/api/v1/api-keys');
      const row = listed.items.find((k) => k['id'] === created.id)!;
      assert.ok(row['lastUsed']);
      assert.equal(JSON.stringify(listed).includes(created.key), false, 'never shown again');
      assert.equal((await c.api.call('DELETE', `/api/v1/api-keys/${created.id}`)).status, 204);
      assert.equal((await api.call('GET', '/api/v1/tenants/acme/incidents/1')).status, 401, 'revoked at once');
    } finally {
      await api.close();
    }
  });

  void it('lets a personal key act as its user, and stop with the user or at expiry', async () => {
    const user = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: 'scripter', password: 'a long enough passphrase' });
    await c.api.ok('PUT', `/api/v1/users/${user.id}/access`, [{ tenant: 'globex', role: 'read-only' }]);
    const session = new ApiClient(c.url, c.caPem);
    await session.login('scripter', 'a long enough passphrase');
    const mine = await session.ok<{ key: string }>('POST', '/api/v1/api-keys', { name: 'mine' });
    const short = await session.ok<{ key: string }>('POST', '/api/v1/api-keys', { name: 'short', expiresAt: new Date(Date.now() + 1500).toISOString() });
    assert.equal((await session.call('POST', '/api/v1/api-keys', { name: 'x', tenant: 'acme' })).status, 404, 'a tenant they cannot see does not exist');
    assert.equal((await session.call('POST', '/api/v1/api-keys', { name: 'x', tenant: 'globex' })).status, 403, 'tenant keys need user administration there');
    assert.equal((await session.call('POST', '/api/v1/api-keys', { name: 'x', expiresAt: '2001-01-01T00:00:00Z' })).status, 400);
    await session.close();
    const key = withKey(mine.key);
    const expiring = withKey(short.key);
    try {
      const me = await key.ok<{ user: { username: string }; tenants: { id: string }[] }>('GET', '/api/v1/me');
      assert.equal(me.user.username, 'scripter');
      assert.deepEqual(me.tenants.map((t) => t.id), ['globex']);
      assert.equal((await key.call('POST', '/api/v1/tenants/globex/incidents', { name: 'no' })).status, 403);
      assert.equal((await expiring.call('GET', '/api/v1/me')).status, 200);
      await new Promise((r) => setTimeout(r, 1700));
      assert.equal((await expiring.call('GET', '/api/v1/me')).status, 401, 'expired');
      await c.api.ok('PATCH', `/api/v1/users/${user.id}`, { disabled: true });
      assert.equal((await key.call('GET', '/api/v1/me')).status, 401, 'a disabled user\'s keys stop too');
    } finally {
      await key.close();
      await expiring.close();
    }
  });

  void it('lets the tenant itself check its keys: its own are good there only, a revoked one nowhere', async () => {
    const asMain = new AsMain(c);
    try {
      const made = await c.api.ok<{ id: string; key: string }>('POST', '/api/v1/api-keys', { name: 'direct', tenant: 'acme', role: 'read-only' });
      // Straight at the tenants, the key in place of main's assertion: each tenant judges it alone.
      assert.equal((await asMain.call('acme', 'GET', '/api/v1/incidents/1', { token: made.key })).status, 200);
      assert.equal((await asMain.call('acme', 'POST', '/api/v1/incidents', { token: made.key, body: { name: 'x' } })).status, 403, 'read-only there');
      assert.equal((await asMain.call('globex', 'GET', '/api/v1/incidents/1', { token: made.key })).status, 401, "another tenant's key is nothing here");
      const forged = `pak_${'A'.repeat(43)}`;
      assert.equal((await asMain.call('acme', 'GET', '/api/v1/incidents/1', { token: forged })).status, 401);
      await c.api.ok('DELETE', `/api/v1/api-keys/${made.id}`);
      assert.equal((await asMain.call('acme', 'GET', '/api/v1/incidents/1', { token: made.key })).status, 401, 'revoked at the tenant too');
      const trail = await c.api.ok<{ items: { actor: string }[] }>('GET', '/api/v1/tenants/acme/audit?limit=100');
      assert.ok(trail.items.some((r) => r.actor === 'apikey:direct'), 'the refused write is in the tenant trail under the key');
    } finally {
      await asMain.close();
    }
  });
});
