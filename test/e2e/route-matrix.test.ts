import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../../src/cli/api-client.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;
const PASSWORD = 'a long enough passphrase';
const ROLES = ['admin', 'analyst-all', 'reader-all', 'analyst-mx', 'nobody'] as const;
type Who = (typeof ROLES)[number];
/** 'ok' = the route ran (any answer but 401/403/404); a number = that refusal. */
type Expect = 'ok' | 403 | 404;

let seq = 0;
const unique = () => `n${Date.now().toString(36)}${seq++}`;

// Every route of main, and what each built-in role (held for all tenants, or on one) may do with it.
const MATRIX: [string, () => string, () => unknown, Record<Who, Expect>][] = [
  ['GET', () => '/api/v1/me', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 'ok' }],
  ['GET', () => '/api/v1/tenants', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 'ok' }],
  ['GET', () => '/api/v1/tenants/mx', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 404 }],
  ['POST', () => '/api/v1/tenants', () => ({ name: unique() }), { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['DELETE', () => '/api/v1/tenants/mx?confirm=wrong', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['GET', () => '/api/v1/hosts', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['POST', () => '/api/v1/hosts/enrollments', () => ({ name: unique() }), { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['GET', () => '/api/v1/users', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['POST', () => '/api/v1/users', () => ({ username: unique(), password: PASSWORD }), { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['GET', () => '/api/v1/roles', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['POST', () => '/api/v1/roles', () => ({ name: unique(), permissions: { incidents: ['read'] } }), { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['GET', () => '/api/v1/audit', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 403 }],
  ['POST', () => '/api/v1/tenants/mx/incidents', () => ({ name: unique() }), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 403, 'analyst-mx': 'ok', nobody: 404 }],
  ['GET', () => '/api/v1/tenants/mx/incidents/1', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 404 }],
  ['PATCH', () => '/api/v1/tenants/mx/incidents/1', () => ({ owner: unique() }), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 403, 'analyst-mx': 'ok', nobody: 404 }],
  ['POST', () => '/api/v1/tenants/mx/incidents/2/close', () => ({ reason: 'x' }), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 403, 'analyst-mx': 'ok', nobody: 404 }],
  ['POST', () => '/api/v1/tenants/mx/incidents/search', () => ({}), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 404 }],
  ['GET', () => '/api/v1/tenants/mx/audit', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 404 }],
  ['GET', () => '/api/v1/tenants/mx/audit/verify', () => undefined, { admin: 'ok', 'analyst-all': 403, 'reader-all': 403, 'analyst-mx': 403, nobody: 404 }],
  ['GET', () => '/api/v1/tenants/mx/incidents/stats', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 404 }],
  ['POST', () => '/api/v1/incidents/search', () => ({}), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 'ok' }],
  ['GET', () => '/api/v1/incidents/stats', () => undefined, { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 'ok' }],
  ['POST', () => '/api/v1/api-keys', () => ({ name: unique() }), { admin: 'ok', 'analyst-all': 'ok', 'reader-all': 'ok', 'analyst-mx': 'ok', nobody: 'ok' }],
];

void describe('route × role matrix', () => {
  const clients = new Map<Who, ApiClient>();
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'mx', name: 'Matrix' });
    await c.api.ok('POST', '/api/v1/tenants/mx/incidents', [{ name: 'one' }, { name: 'two' }]);
    clients.set('admin', c.api);
    const grants: Record<Exclude<Who, 'admin'>, { tenant: string; role: string }[]> = {
      'analyst-all': [{ tenant: '*', role: 'analyst' }],
      'reader-all': [{ tenant: '*', role: 'read-only' }],
      'analyst-mx': [{ tenant: 'mx', role: 'analyst' }],
      nobody: [],
    };
    for (const [who, access] of Object.entries(grants)) {
      const user = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: who, password: PASSWORD });
      await c.api.ok('PUT', `/api/v1/users/${user.id}/access`, access);
      const api = new ApiClient(c.url, c.caPem);
      await api.login(who, PASSWORD);
      clients.set(who as Who, api);
    }
  });
  after(async () => {
    for (const [who, api] of clients) if (who !== 'admin') await api.close();
    await c?.stop();
  });

  void it('allows and refuses every route exactly as each role says', async () => {
    const wrong: string[] = [];
    for (const [method, path, body, expect] of MATRIX) {
      for (const who of ROLES) {
        const r = await clients.get(who)!.call(method, path(), body());
        const got: Expect = r.status === 403 ? 403 : r.status === 404 ? 404 : 'ok';
        if (r.status === 401 || got !== expect[who]) wrong.push(`${who} ${method} ${path()} → ${r.status} (expected ${expect[who]})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  void it('shows a user with no role nothing from any tenant', async () => {
    const nobody = clients.get('nobody')!;
    const search = await nobody.ok<{ items: unknown[]; errors: unknown[] }>('POST', '/api/v1/incidents/search', { total: true });
    assert.deepEqual(search, { items: [], cursor: null, total: 0, errors: [] });
    assert.deepEqual((await nobody.ok<{ items: unknown[] }>('GET', '/api/v1/tenants')).items, []);
    assert.deepEqual((await nobody.ok<{ tenants: unknown[] }>('GET', '/api/v1/incidents/stats')).tenants, []);
  });
});
