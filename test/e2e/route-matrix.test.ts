import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from '../../src/cli/api-client.js';
import { writeZip } from '../../src/core/packs/zip-write.js';
import { playbookYaml } from '../support/playbooks.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';

let c: Cluster;
const PASSWORD = 'a long enough passphrase';
const WHO = ['admin', 'analyst-all', 'reader-all', 'analyst-mx', 'customer-admin-mx', 'nobody'] as const;
type Who = (typeof WHO)[number];
/** 'ok' = the route ran (any answer but 401/403/404); a number = that refusal. */
type Expect = 'ok' | 403 | 404;
type Row = [method: string, template: string, path: (api: ApiClient) => Promise<string> | string, body: () => unknown, expect: Record<Who, Expect>];

let seq = 0;
const unique = () => `n${Date.now().toString(36)}${seq++}`;
/** Expectations in the order of WHO. */
const e = (...x: Expect[]): Record<Who, Expect> => Object.fromEntries(WHO.map((w, i) => [w, x[i]!])) as Record<Who, Expect>;
const ALL = e('ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const ADMIN_ONLY = e('ok', 403, 403, 403, 403, 403);
// On tenant mx: Administrators (main's, and mx's own customer administrator) only; no grant → the tenant does not exist.
const MX_ADMINS = e('ok', 403, 403, 403, 'ok', 404);
const MX_READ = e('ok', 'ok', 'ok', 'ok', 'ok', 404);
const MX_WRITE = e('ok', 'ok', 403, 'ok', 'ok', 404);
// Main's library: read by whoever holds content:read for all tenants; changed by administrators.
const LIBRARY_READ = e('ok', 'ok', 'ok', 403, 403, 403);
// A job is seen by whoever started it (here: the administrator); to others it does not exist.
const JOB_OWNER = e('ok', 404, 404, 404, 404, 404);
const listDoc = (id: string) => ({ doc: { id, name: id, type: 'plain_text', data: 'matrix' } });
/** A fresh library item, for a deletion. */
const libraryItem = async (): Promise<string> => {
  const id = unique();
  await c.api.ok('POST', '/api/v1/content/lists', { ...listDoc(id), labels: [] });
  return `/api/v1/content/lists/${id}`;
};
let jobId = '';
/** A pack zip with one list, installed fresh for each deletion. */
const packZip = (id: string) => writeZip([
  { path: `${id}/pack_metadata.json`, data: Buffer.from(JSON.stringify({ name: id, currentVersion: '1.0.0' })) },
  { path: `${id}/Lists/list-${id}.json`, data: Buffer.from(JSON.stringify(listDoc(`${id}-list`).doc)) },
]);
const freshPack = async (): Promise<string> => {
  const id = unique();
  const r = await c.api.call('POST', '/api/v1/packs/upload', packZip(id), { 'content-type': 'application/zip' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return `/api/v1/packs/${id}`;
};

const fresh = {
  user: async () => (await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: unique(), password: PASSWORD })).id,
  role: async (tenant?: string) =>
    (await c.api.ok<{ id: string }>('POST', tenant ? `/api/v1/tenants/${tenant}/roles` : '/api/v1/roles', { name: unique(), permissions: { incidents: ['read'] } })).id,
  customer: async () => (await c.api.ok<{ id: string }>('POST', '/api/v1/tenants/mx/users', { username: unique(), password: PASSWORD, role: 'read-only' })).id,
};
const ids = { user: '', role: '', mxRole: '', customer: '', host: '' };

// Every authenticated route of main, and what each built-in role (held for all tenants, on one
// tenant, or by one tenant's customer administrator) may do with it.
const MATRIX: Row[] = [
  ['GET', '/api/v1/me', () => '/api/v1/me', () => undefined, ALL],
  ['GET', '/api/v1/tenants', () => '/api/v1/tenants', () => undefined, ALL],
  ['GET', '/api/v1/tenants/{id}', () => '/api/v1/tenants/mx', () => undefined, MX_READ],
  ['POST', '/api/v1/tenants', () => '/api/v1/tenants', () => ({ name: unique() }), ADMIN_ONLY],
  ['DELETE', '/api/v1/tenants/{id}', () => '/api/v1/tenants/mx?confirm=wrong', () => undefined, ADMIN_ONLY],
  ['POST', '/api/v1/tenants/{id}/pause', () => '/api/v1/tenants/px/pause', () => undefined, ADMIN_ONLY],
  ['POST', '/api/v1/tenants/{id}/resume', () => '/api/v1/tenants/px/resume', () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/hosts', () => '/api/v1/hosts', () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/hosts/{id}', () => `/api/v1/hosts/${ids.host}`, () => undefined, ADMIN_ONLY],
  ['POST', '/api/v1/hosts/enrollments', () => '/api/v1/hosts/enrollments', () => ({ name: unique() }), ADMIN_ONLY],
  ['GET', '/api/v1/users', () => '/api/v1/users', () => undefined, ADMIN_ONLY],
  ['POST', '/api/v1/users', () => '/api/v1/users', () => ({ username: unique(), password: PASSWORD }), ADMIN_ONLY],
  ['PATCH', '/api/v1/users/{id}', () => `/api/v1/users/${ids.user}`, () => ({ disabled: false }), ADMIN_ONLY],
  ['DELETE', '/api/v1/users/{id}', async () => `/api/v1/users/${await fresh.user()}`, () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/users/{id}/access', () => `/api/v1/users/${ids.user}/access`, () => undefined, ADMIN_ONLY],
  ['PUT', '/api/v1/users/{id}/access', () => `/api/v1/users/${ids.user}/access`, () => [{ tenant: 'mx', role: 'read-only' }], ADMIN_ONLY],
  ['GET', '/api/v1/roles', () => '/api/v1/roles', () => undefined, ADMIN_ONLY],
  ['POST', '/api/v1/roles', () => '/api/v1/roles', () => ({ name: unique(), permissions: { incidents: ['read'] } }), ADMIN_ONLY],
  ['PATCH', '/api/v1/roles/{id}', () => `/api/v1/roles/${ids.role}`, () => ({ name: unique() }), ADMIN_ONLY],
  ['DELETE', '/api/v1/roles/{id}', async () => `/api/v1/roles/${await fresh.role()}`, () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/tenants/{id}/roles', () => '/api/v1/tenants/mx/roles', () => undefined, MX_ADMINS],
  ['POST', '/api/v1/tenants/{id}/roles', () => '/api/v1/tenants/mx/roles', () => ({ name: unique(), permissions: { incidents: ['read'] } }), MX_ADMINS],
  ['PATCH', '/api/v1/tenants/{id}/roles/{roleId}', () => `/api/v1/tenants/mx/roles/${ids.mxRole}`, () => ({ name: unique() }), MX_ADMINS],
  ['DELETE', '/api/v1/tenants/{id}/roles/{roleId}', async () => `/api/v1/tenants/mx/roles/${await fresh.role('mx')}`, () => undefined, MX_ADMINS],
  ['GET', '/api/v1/tenants/{id}/users', () => '/api/v1/tenants/mx/users', () => undefined, MX_ADMINS],
  ['POST', '/api/v1/tenants/{id}/users', () => '/api/v1/tenants/mx/users', () => ({ username: unique(), password: PASSWORD, role: 'read-only' }), MX_ADMINS],
  ['PATCH', '/api/v1/tenants/{id}/users/{userId}', () => `/api/v1/tenants/mx/users/${ids.customer}`, () => ({ disabled: false }), MX_ADMINS],
  ['DELETE', '/api/v1/tenants/{id}/users/{userId}', async () => `/api/v1/tenants/mx/users/${await fresh.customer()}`, () => undefined, MX_ADMINS],
  ['GET', '/api/v1/audit', () => '/api/v1/audit', () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/audit/verify', () => '/api/v1/audit/verify', () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/tenants/{id}/audit', () => '/api/v1/tenants/mx/audit', () => undefined, MX_ADMINS],
  ['GET', '/api/v1/tenants/{id}/audit/verify', () => '/api/v1/tenants/mx/audit/verify', () => undefined, MX_ADMINS],
  ['POST', '/api/v1/tenants/{id}/incidents', () => '/api/v1/tenants/mx/incidents', () => ({ name: unique() }), MX_WRITE],
  ['GET', '/api/v1/tenants/{id}/incidents/{incidentId}', () => '/api/v1/tenants/mx/incidents/1', () => undefined, MX_READ],
  ['PATCH', '/api/v1/tenants/{id}/incidents/{incidentId}', () => '/api/v1/tenants/mx/incidents/1', () => ({ owner: unique() }), MX_WRITE],
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/close', () => '/api/v1/tenants/mx/incidents/2/close', () => ({ reason: 'x' }), MX_WRITE],
  // Every caller gets an answer; what they may not change is a per-item refusal (see the leak suite).
  ['POST', '/api/v1/incidents/bulk', () => '/api/v1/incidents/bulk', () => ({ items: [{ tenant: 'mx', id: 1 }], set: { owner: unique() } }), ALL],
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/playbook/run', () => '/api/v1/tenants/mx/incidents/1/playbook/run', () => ({ playbookId: 'matrix-pb' }), MX_WRITE],
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/playbook/stop', () => '/api/v1/tenants/mx/incidents/2/playbook/stop', () => undefined, MX_WRITE],
  ['GET', '/api/v1/tenants/{id}/incidents/{incidentId}/workplan', () => '/api/v1/tenants/mx/incidents/1/workplan', () => undefined, MX_READ],
  // Task 1 of matrix-pb waits for an analyst, or the run is gone (409): either way the route ran.
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/workplan/tasks/{taskId}/complete', () => '/api/v1/tenants/mx/incidents/1/workplan/tasks/1/complete', () => ({}), MX_WRITE],
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/workplan/tasks/{taskId}/retry', () => '/api/v1/tenants/mx/incidents/1/workplan/tasks/1/retry', () => undefined, MX_WRITE],
  ['GET', '/api/v1/tenants/{id}/incidents/{incidentId}/context', () => '/api/v1/tenants/mx/incidents/1/context', () => undefined, MX_READ],
  ['GET', '/api/v1/tenants/{id}/incidents/{incidentId}/entries', () => '/api/v1/tenants/mx/incidents/1/entries?limit=5', () => undefined, MX_READ],
  ['POST', '/api/v1/tenants/{id}/incidents/{incidentId}/war-room/command', () => '/api/v1/tenants/mx/incidents/1/war-room/command', () => ({ command: '!Print value=matrix' }), MX_WRITE],
  ['GET', '/api/v1/tenants/{id}/war-room/commands', () => '/api/v1/tenants/mx/war-room/commands', () => undefined, MX_READ],
  ['GET', '/api/v1/tenants/{id}/incidents/{incidentId}/links', () => '/api/v1/tenants/mx/incidents/1/links', () => undefined, MX_READ],
  ['GET', '/api/v1/tenants/{id}/lists', () => '/api/v1/tenants/mx/lists', () => undefined, MX_READ],
  ['GET', '/api/v1/tenants/{id}/lists/{name}', () => '/api/v1/tenants/mx/lists/matrix-runtime', () => undefined, MX_READ],
  ['PUT', '/api/v1/tenants/{id}/lists/{name}', () => '/api/v1/tenants/mx/lists/matrix-runtime', () => ({ data: unique() }), MX_WRITE],
  ['DELETE', '/api/v1/tenants/{id}/lists/{name}', async () => {
    const name = unique();
    await c.api.ok('PUT', `/api/v1/tenants/mx/lists/${name}`, { data: 'to delete' });
    return `/api/v1/tenants/mx/lists/${name}`;
  }, () => undefined, MX_WRITE],
  ['GET', '/api/v1/tenants/{id}/indicators/{value}', () => '/api/v1/tenants/mx/indicators/198.51.100.7', () => undefined, MX_READ],
  ['GET', '/api/v1/tenants/{id}/playbook-settings', () => '/api/v1/tenants/mx/playbook-settings', () => undefined, e('ok', 'ok', 403, 'ok', 'ok', 404)],
  ['PUT', '/api/v1/tenants/{id}/playbook-settings', () => '/api/v1/tenants/mx/playbook-settings', () => ({ httpAllowList: ['https://api.example.com/'] }), MX_ADMINS],
  ['POST', '/api/v1/tenants/{id}/incidents/search', () => '/api/v1/tenants/mx/incidents/search', () => ({}), MX_READ],
  ['GET', '/api/v1/tenants/{id}/incidents/stats', () => '/api/v1/tenants/mx/incidents/stats', () => undefined, MX_READ],
  ['POST', '/api/v1/incidents/search', () => '/api/v1/incidents/search', () => ({}), ALL],
  ['GET', '/api/v1/incidents/stats', () => '/api/v1/incidents/stats', () => undefined, ALL],
  ['POST', '/api/v1/api-keys', () => '/api/v1/api-keys', () => ({ name: unique() }), ALL],
  ['GET', '/api/v1/api-keys', () => '/api/v1/api-keys', () => undefined, ALL],
  ['DELETE', '/api/v1/api-keys/{id}', async (api) => `/api/v1/api-keys/${(await api.ok<{ id: string }>('POST', '/api/v1/api-keys', { name: unique() })).id}`, () => undefined, ALL],
  ['GET', '/api/v1/settings/directory', () => '/api/v1/settings/directory', () => undefined, ADMIN_ONLY],
  ['PUT', '/api/v1/settings/directory', () => '/api/v1/settings/directory', () => ({ ...DIRECTORY, enabled: false }), ADMIN_ONLY],
  ['POST', '/api/v1/settings/directory/test', () => '/api/v1/settings/directory/test', () => undefined, ADMIN_ONLY],
  ['PATCH', '/api/v1/tenants/{id}', () => '/api/v1/tenants/mx', () => ({ labels: ['mx-only', 'matrix'] }), ADMIN_ONLY],
  ['GET', '/api/v1/content/{kind}', () => '/api/v1/content/lists', () => undefined, LIBRARY_READ],
  ['POST', '/api/v1/content/{kind}', () => '/api/v1/content/lists', () => listDoc(unique()), ADMIN_ONLY],
  ['POST', '/api/v1/content/import', () => '/api/v1/content/import', () => ({ files: [{ fileName: `list-${unique()}.json`, text: JSON.stringify(listDoc(unique()).doc) }] }), ADMIN_ONLY],
  ['GET', '/api/v1/content/{kind}/{id}', () => '/api/v1/content/lists/matrix-list', () => undefined, LIBRARY_READ],
  ['PUT', '/api/v1/content/{kind}/{id}', () => '/api/v1/content/lists/matrix-list', () => listDoc('matrix-list'), ADMIN_ONLY],
  ['PATCH', '/api/v1/content/{kind}/{id}', () => '/api/v1/content/lists/matrix-list', () => ({ labels: ['matrix'] }), ADMIN_ONLY],
  ['DELETE', '/api/v1/content/{kind}/{id}', libraryItem, () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/content/{kind}/{id}/versions', () => '/api/v1/content/lists/matrix-list/versions', () => undefined, LIBRARY_READ],
  ['GET', '/api/v1/content/{kind}/{id}/diff', () => '/api/v1/content/lists/matrix-list/diff?from=1&to=1', () => undefined, LIBRARY_READ],
  ['POST', '/api/v1/content/{kind}/{id}/revert', () => '/api/v1/content/lists/matrix-list/revert', () => ({ version: 1 }), ADMIN_ONLY],
  ['POST', '/api/v1/content/sync/preview', () => '/api/v1/content/sync/preview', () => ({}), ADMIN_ONLY],
  ['POST', '/api/v1/content/sync', () => '/api/v1/content/sync', () => ({ tenants: ['mx'] }), ADMIN_ONLY],
  ['GET', '/api/v1/content/drift', () => '/api/v1/content/drift', () => undefined, ADMIN_ONLY],
  ['GET', '/api/v1/jobs/{id}', () => `/api/v1/jobs/${jobId}`, () => undefined, JOB_OWNER],
  ['GET', '/api/v1/tenants/{id}/content/{kind}', () => '/api/v1/tenants/mx/content/lists', () => undefined, MX_READ],
  ['POST', '/api/v1/tenants/{id}/content/{kind}', () => '/api/v1/tenants/mx/content/lists', () => listDoc(unique()), MX_ADMINS],
  ['GET', '/api/v1/tenants/{id}/content/{kind}/{itemId}', () => '/api/v1/tenants/mx/content/lists/mx-own', () => undefined, MX_READ],
  ['PUT', '/api/v1/tenants/{id}/content/{kind}/{itemId}', () => '/api/v1/tenants/mx/content/lists/mx-own', () => listDoc('mx-own'), MX_ADMINS],
  ['DELETE', '/api/v1/tenants/{id}/content/{kind}/{itemId}', async () => {
    const id = unique();
    await c.api.ok('POST', '/api/v1/tenants/mx/content/lists', listDoc(id));
    return `/api/v1/tenants/mx/content/lists/${id}`;
  }, () => undefined, MX_ADMINS],
  ['POST', '/api/v1/tenants/{id}/content/{kind}/{itemId}/detach', async () => {
    // Main's item, pushed to mx and waited for, so each caller has one to detach.
    const id = unique();
    await c.api.ok('POST', '/api/v1/content/lists', { ...listDoc(id), labels: ['mx-only'] });
    const job = await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', { tenants: ['mx'] });
    await waitJob(job.jobId);
    return `/api/v1/tenants/mx/content/lists/${id}/detach`;
  }, () => undefined, MX_ADMINS],
  ['GET', '/api/v1/content/{kind}/{id}/export', () => '/api/v1/content/lists/matrix-list/export', () => undefined, LIBRARY_READ],
  ['GET', '/api/v1/marketplace', () => '/api/v1/marketplace', () => undefined, LIBRARY_READ],
  ['POST', '/api/v1/marketplace/{id}/install', () => '/api/v1/marketplace/MatrixPack/install', () => undefined, ADMIN_ONLY],
  // A JSON body is refused as 415 once the caller may install: the route ran.
  ['POST', '/api/v1/packs/upload', () => '/api/v1/packs/upload', () => ({}), ADMIN_ONLY],
  ['GET', '/api/v1/packs', () => '/api/v1/packs', () => undefined, LIBRARY_READ],
  ['GET', '/api/v1/packs/{id}', () => '/api/v1/packs/MatrixPack', () => undefined, LIBRARY_READ],
  ['PATCH', '/api/v1/packs/{id}', () => '/api/v1/packs/MatrixPack', () => ({ labels: ['matrix'] }), ADMIN_ONLY],
  ['GET', '/api/v1/packs/{id}/export', () => '/api/v1/packs/MatrixPack/export', () => undefined, LIBRARY_READ],
  ['DELETE', '/api/v1/packs/{id}', freshPack, () => undefined, ADMIN_ONLY],
  // Last: it ends each caller's session.
  ['POST', '/api/v1/auth/logout', () => '/api/v1/auth/logout', () => undefined, ALL],
];
async function waitJob(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const job = await c.api.ok<{ status: string }>('GET', `/api/v1/jobs/${id}`);
    if (job.status !== 'running' && job.status !== 'queued') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}
// Reachable without credentials, by design: covered by their own tests.
const PUBLIC = ['GET /api/v1/openapi.json', 'GET /api/v1/health', 'GET /api/v1/ca.pem', 'POST /api/v1/auth/login', 'POST /api/v1/hosts', 'POST /api/v1/hosts/heartbeat'];
// A directory nobody listens on: testing it runs and answers 503.
const DIRECTORY = {
  enabled: true, url: 'ldap://127.0.0.1:1', bindDn: 'cn=reader', bindPassword: 'unused-secret', userBase: 'ou=people',
  userFilter: '(uid={username})', groupAttribute: 'memberOf', mappings: [],
};

void describe('route × role matrix', () => {
  const clients = new Map<Who, ApiClient>();
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'mx', name: 'Matrix', labels: ['mx-only'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'px', name: 'Paused and resumed' });
    await c.api.ok('POST', '/api/v1/tenants/mx/incidents', [{ name: 'one' }, { name: 'two' }]);
    await c.api.ok('PUT', '/api/v1/settings/directory', DIRECTORY);
    ids.user = await fresh.user();
    ids.role = await fresh.role();
    ids.mxRole = await fresh.role('mx');
    ids.customer = await fresh.customer();
    await c.api.ok('POST', '/api/v1/content/lists', { ...listDoc('matrix-list'), labels: [] });
    mkdirSync(join(c.mainHome, 'marketplace'), { recursive: true });
    writeFileSync(join(c.mainHome, 'marketplace', 'MatrixPack-1.0.0.zip'), packZip('MatrixPack'));
    await c.api.ok('POST', '/api/v1/marketplace/MatrixPack/install', {});
    await c.api.ok('POST', '/api/v1/tenants/mx/content/lists', listDoc('mx-own'));
    await c.api.ok('POST', '/api/v1/tenants/mx/content/playbooks', { text: playbookYaml('matrix-pb', [{ id: '1', name: 'Wait for an analyst' }]), fileName: 'matrix-pb.yml' });
    await c.api.ok('POST', '/api/v1/tenants/mx/content/playbooks', {
      text: playbookYaml('matrix-indicator', [{ id: '1', script: 'Builtin|||createNewIndicator', args: { value: '198.51.100.7', type: 'IP' } }]),
      fileName: 'matrix-indicator.yml',
    });
    await c.api.ok('POST', '/api/v1/tenants/mx/incidents/2/playbook/run', { playbookId: 'matrix-indicator' });
    await waitFor('the matrix indicator', async () => (await c.api.call('GET', '/api/v1/tenants/mx/indicators/198.51.100.7')).status === 200);
    await c.api.ok('PUT', '/api/v1/tenants/mx/lists/matrix-runtime', { data: 'matrix' });
    jobId = (await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', { tenants: ['mx'] })).jobId;
    await waitJob(jobId);
    ids.host = (await c.api.ok<{ items: { id: string }[] }>('GET', '/api/v1/hosts')).items[0]!.id;
    clients.set('admin', c.api);
    const grants: Record<Exclude<Who, 'admin' | 'customer-admin-mx'>, { tenant: string; role: string }[]> = {
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
    await c.api.ok('POST', '/api/v1/tenants/mx/users', { username: 'chief', password: PASSWORD, role: 'Administrator' });
    const customer = new ApiClient(c.url, c.caPem);
    await customer.login('chief', PASSWORD, 'mx');
    clients.set('customer-admin-mx', customer);
  });
  after(async () => {
    for (const [who, api] of clients) if (who !== 'admin') await api.close();
    await c?.stop();
  });

  void it('covers every authenticated route of main', async () => {
    const doc = await c.api.ok<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set([...MATRIX.map(([m, t]) => `${m} ${t}`), ...PUBLIC]);
    assert.deepEqual(served.filter((r) => !covered.has(r)), [], 'routes missing from the matrix');
    assert.deepEqual([...covered].filter((r) => !served.includes(r)), [], 'matrix rows for routes that do not exist');
  });

  void it('allows and refuses every route exactly as each role says', async () => {
    const wrong: string[] = [];
    for (const [method, , path, body, expect] of MATRIX) {
      for (const who of WHO) {
        const api = clients.get(who)!;
        const p = await path(api);
        const r = await api.call(method, p, body());
        const got: Expect = r.status === 403 ? 403 : r.status === 404 ? 404 : 'ok';
        if (r.status === 401 || got !== expect[who]) wrong.push(`${who} ${method} ${p} → ${r.status} (expected ${expect[who]})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  void it('shows a user with no role nothing from any tenant', async () => {
    const nobody = new ApiClient(c.url, c.caPem);
    await nobody.login('nobody', PASSWORD);
    const search = await nobody.ok<{ items: unknown[]; errors: unknown[] }>('POST', '/api/v1/incidents/search', { total: true });
    assert.deepEqual(search, { items: [], cursor: null, total: 0, errors: [] });
    assert.deepEqual((await nobody.ok<{ items: unknown[] }>('GET', '/api/v1/tenants')).items, []);
    assert.deepEqual((await nobody.ok<{ tenants: unknown[] }>('GET', '/api/v1/incidents/stats')).tenants, []);
    await nobody.close();
  });
});
