import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_ROLES } from '../../src/core/rbac.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { migrate } from '../../src/store/migrate.js';
import { tenantMigrations } from '../../src/store/migrations/tenant.js';
import { SqliteDatabase } from '../../src/store/sqlite.js';
import { tenantRouter } from '../../src/tenant/server.js';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/core/content/index.js';
import { AsMain } from '../support/as-main.js';
import { playbookYaml, type TaskSpec } from '../support/playbooks.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';

const T = 'rmx';
const OTHER = 'rmx-other';

/** Who calls: a built-in role's permission set, no permission at all, no assertion, or one meant for another tenant. */
const WHO = ['Administrator', 'Analyst', 'Read-Only', 'empty', 'no assertion', 'other tenant'] as const;
type Who = (typeof WHO)[number];
/** 'allow' = the route ran (anything but 401/403); a number = that refusal. */
type Expect = 'allow' | 401 | 403;
type Row = [method: string, route: string, path: () => Promise<string> | string, body: ((who: Who) => unknown) | null, expect: Record<Who, Expect>];

/** Expectations in the order of WHO. */
const e = (...x: Expect[]): Record<Who, Expect> => Object.fromEntries(WHO.map((w, i) => [w, x[i]!])) as Record<Who, Expect>;
// Written by hand from what each role is meant to do, not computed with allows(): the test
// would otherwise agree with any bug in it. Without a valid assertion for this tenant nothing
// but the public health check answers.
const INCIDENT_READERS = e('allow', 'allow', 'allow', 403, 401, 401);
const INCIDENT_WRITERS = e('allow', 'allow', 403, 403, 401, 401);
const AUDITORS = e('allow', 403, 403, 403, 401, 401);
const USER_ADMINS = AUDITORS;
const CONTENT_READERS = INCIDENT_READERS;
const CONTENT_WRITERS = AUDITORS;
// Only main pushes: an assertion from anyone else is refused, an administrator's included.
const NOBODY = e(403, 403, 403, 403, 401, 401);
const PUBLIC = e('allow', 'allow', 'allow', 'allow', 'allow', 'allow');
// Running playbooks: playbooks:execute (administrators and analysts).
const PLAYBOOK_RUNNERS = INCIDENT_WRITERS;
// Settings are read by analysts too, not by the read-only role.
const SETTINGS_READERS = e('allow', 'allow', 403, 403, 401, 401);

let c: Cluster;
let asMain: AsMain;
/** An open incident of its own for each close, which refuses an incident closed already (409). */
const openIncident = async (): Promise<string> => `/api/v1/incidents/${(await c.api.ok<{ id: number }>('POST', `/api/v1/tenants/${T}/incidents`, { name: 'to close' })).id}/close`;

const keyBody = () => ({ name: 'matrix key', keyHash: randomBytes(32).toString('hex'), permissions: { incidents: ['read'] }, expires: null });
/** A key the tenant holds, for each revocation (a second one of the same key is 404). */
async function givenKey(): Promise<string> {
  const path = `/api/v1/api-keys/${randomUUID()}`;
  const r = await asMain.call(T, 'PUT', path, { token: await tokenFor('Administrator'), body: keyBody() });
  assert.equal(r.status, 204);
  return path;
}

let seq = 0;
const list = (id: string) => ({ doc: { id, name: id, type: 'plain_text', data: `data of ${id}` } });
/** A tenant-own list, for a change or a deletion that needs one of its own. */
async function ownList(): Promise<string> {
  const id = `own-${seq++}`;
  await c.api.ok('POST', `/api/v1/tenants/${T}/content/lists`, list(id));
  return `/api/v1/content/lists/${id}`;
}
/** A list pushed the way main pushes it (subject `main`), for each detach. */
async function pushedList(): Promise<string> {
  const id = `pushed-${seq++}`;
  const doc = list(id).doc;
  const body = JSON.stringify(doc);
  const hash = createHash('sha256').update(canonicalJson(doc)).digest('hex');
  const token = await asMain.assertion({ aud: T, sub: 'main', perms: permsOf('Administrator') });
  const r = await asMain.call(T, 'POST', '/api/v1/content/sync', { token, body: { put: [{ kind: 'lists', id, name: id, version: 1, hash, body }], remove: [] } });
  assert.equal(r.status, 200, r.text);
  return `/api/v1/content/lists/${id}/detach`;
}

// Every route the tenant serves, each called with a body it accepts so an allowed call really runs.
const MATRIX: Row[] = [
  ['POST', '/api/v1/incidents', () => '/api/v1/incidents', (who) => ({ name: `matrix create by ${who}`, severity: 2, labels: [{ type: 'Source', value: 'matrix' }] }), INCIDENT_WRITERS],
  ['POST', '/api/v1/incidents/bulk', () => '/api/v1/incidents/bulk', (who) => ({ ids: [1], set: { owner: who } }), INCIDENT_WRITERS],
  ['POST', '/api/v1/incidents/search', () => '/api/v1/incidents/search', () => ({ query: 'matrix', size: 10, sort: { field: 'id', order: 'asc' }, total: true }), INCIDENT_READERS],
  ['GET', '/api/v1/incidents/stats', () => '/api/v1/incidents/stats', null, INCIDENT_READERS],
  ['GET', '/api/v1/incidents/:incidentId', () => '/api/v1/incidents/1', null, INCIDENT_READERS],
  ['PATCH', '/api/v1/incidents/:incidentId', () => '/api/v1/incidents/1', (who) => ({ owner: who, severity: 3 }), INCIDENT_WRITERS],
  ['POST', '/api/v1/incidents/:incidentId/close', openIncident, () => ({ reason: 'Resolved', notes: 'closed by the route matrix' }), INCIDENT_WRITERS],
  ['GET', '/api/v1/audit', () => '/api/v1/audit?limit=5', null, AUDITORS],
  ['GET', '/api/v1/audit/verify', () => '/api/v1/audit/verify', null, AUDITORS],
  ['GET', '/api/v1/audit/witness', () => '/api/v1/audit/witness', null, AUDITORS],
  ['PUT', '/api/v1/api-keys/:keyId', () => `/api/v1/api-keys/${randomUUID()}`, () => keyBody(), USER_ADMINS],
  ['DELETE', '/api/v1/api-keys/:keyId', givenKey, null, USER_ADMINS],
  ['GET', '/api/v1/content/state', () => '/api/v1/content/state', null, CONTENT_READERS],
  ['POST', '/api/v1/content/sync', () => '/api/v1/content/sync', () => ({ put: [], remove: [] }), NOBODY],
  ['GET', '/api/v1/content/:kind', () => '/api/v1/content/lists', null, CONTENT_READERS],
  ['POST', '/api/v1/content/:kind', () => '/api/v1/content/lists', (who) => list(`made by ${who}`), CONTENT_WRITERS],
  ['GET', '/api/v1/content/:kind/:itemId', ownList, null, CONTENT_READERS],
  ['PUT', '/api/v1/content/:kind/:itemId', () => '/api/v1/content/lists/changed', () => list('changed'), CONTENT_WRITERS],
  ['DELETE', '/api/v1/content/:kind/:itemId', ownList, null, CONTENT_WRITERS],
  ['POST', '/api/v1/content/:kind/:itemId/detach', pushedList, null, CONTENT_WRITERS],
  ['POST', '/api/v1/incidents/:incidentId/playbook/run', freshIncident('/playbook/run'), () => ({ playbookId: 'matrix-manual' }), PLAYBOOK_RUNNERS],
  ['POST', '/api/v1/incidents/:incidentId/playbook/stop', () => '/api/v1/incidents/1/playbook/stop', null, PLAYBOOK_RUNNERS],
  ['GET', '/api/v1/incidents/:incidentId/workplan', () => '/api/v1/incidents/1/workplan', null, INCIDENT_READERS],
  ['POST', '/api/v1/incidents/:incidentId/workplan/tasks/:taskId/complete', waitingTask, () => ({ note: 'matrix' }), PLAYBOOK_RUNNERS],
  ['POST', '/api/v1/incidents/:incidentId/workplan/tasks/:taskId/retry', failedTask, null, PLAYBOOK_RUNNERS],
  ['GET', '/api/v1/incidents/:incidentId/context', () => '/api/v1/incidents/1/context', null, INCIDENT_READERS],
  ['GET', '/api/v1/incidents/:incidentId/entries', () => '/api/v1/incidents/1/entries?limit=5', null, INCIDENT_READERS],
  ['POST', '/api/v1/incidents/:incidentId/war-room/command', () => '/api/v1/incidents/1/war-room/command', (who) => ({ command: `!Print value="by ${who}"` }), INCIDENT_WRITERS],
  ['GET', '/api/v1/war-room/commands', () => '/api/v1/war-room/commands', null, INCIDENT_READERS],
  ['GET', '/api/v1/incidents/:incidentId/links', () => '/api/v1/incidents/1/links', null, INCIDENT_READERS],
  ['GET', '/api/v1/lists', () => '/api/v1/lists', null, INCIDENT_READERS],
  ['GET', '/api/v1/lists/:name', () => '/api/v1/lists/matrix', null, INCIDENT_READERS],
  ['PUT', '/api/v1/lists/:name', () => '/api/v1/lists/matrix', (who) => ({ data: `by ${who}` }), INCIDENT_WRITERS],
  ['DELETE', '/api/v1/lists/:name', ownRuntimeList, null, INCIDENT_WRITERS],
  ['GET', '/api/v1/indicators/:value', () => '/api/v1/indicators/203.0.113.9', null, INCIDENT_READERS],
  ['GET', '/api/v1/playbook-settings', () => '/api/v1/playbook-settings', null, SETTINGS_READERS],
  ['PUT', '/api/v1/playbook-settings', () => '/api/v1/playbook-settings', () => ({ httpAllowList: ['*.example.com'] }), AUDITORS],
  ['GET', '/health', () => '/health', null, PUBLIC],
];

/** A fresh incident, for a route that acts on one. */
function freshIncident(suffix: string): () => Promise<string> {
  return async () => `/api/v1/incidents/${(await c.api.ok<{ id: number }>('POST', `/api/v1/tenants/${T}/incidents`, { name: 'playbook matrix' })).id}${suffix}`;
}
async function runOn(playbookId: string, state: string): Promise<number> {
  const id = (await c.api.ok<{ id: number }>('POST', `/api/v1/tenants/${T}/incidents`, { name: `matrix ${playbookId}` })).id;
  await c.api.ok('POST', `/api/v1/tenants/${T}/incidents/${id}/playbook/run`, { playbookId });
  await waitFor(`task 1 ${state}`, async () => {
    const plan = await c.api.ok<{ tasks: { id: string; state: string }[] }>('GET', `/api/v1/tenants/${T}/incidents/${id}/workplan`);
    return plan.tasks.find((t) => t.id === '1')?.state === state;
  });
  return id;
}
/** A run whose task 1 waits for an analyst, for each completion. */
async function waitingTask(): Promise<string> {
  return `/api/v1/incidents/${await runOn('matrix-manual', 'waiting')}/workplan/tasks/1/complete`;
}
/** A run whose task 1 failed, for each retry. */
async function failedTask(): Promise<string> {
  return `/api/v1/incidents/${await runOn('matrix-fail', 'error')}/workplan/tasks/1/retry`;
}
/** A runtime list of its own, for each deletion. */
async function ownRuntimeList(): Promise<string> {
  const name = `gone-${seq++}`;
  await c.api.ok('PUT', `/api/v1/tenants/${T}/lists/${name}`, { data: 'x' });
  return `/api/v1/lists/${name}`;
}

/** Exactly the permission set main would sign for a holder of this built-in role on the tenant. */
function permsOf(name: string): unknown {
  const role = BUILTIN_ROLES.find((r) => r.name === name);
  assert.ok(role, `built-in role ${name}`);
  return role.permissions.resources;
}

async function tokenFor(who: Who): Promise<string | undefined> {
  switch (who) {
    case 'no assertion':
      return undefined;
    case 'empty':
      return asMain.assertion({ aud: T, perms: {} });
    case 'other tenant':
      // Everything an administrator holds, so the audience alone is what the tenant refuses.
      return asMain.assertion({ aud: OTHER, perms: permsOf('Administrator') });
    default:
      return asMain.assertion({ aud: T, perms: permsOf(who) });
  }
}

void describe('tenant route × role matrix: what the tenant itself enforces, called as main', () => {
  before(async () => {
    c = await startCluster();
    for (const id of [T, OTHER]) await c.api.ok('POST', '/api/v1/tenants', { id, name: `Tenant ${id}` });
    await c.api.ok('POST', `/api/v1/tenants/${T}/incidents`, { name: 'patched and read by the matrix' });
    const playbook = (id: string, tasks: TaskSpec[]) => c.api.ok('POST', `/api/v1/tenants/${T}/content/playbooks`, { text: playbookYaml(id, tasks), fileName: `${id}.yml` });
    await playbook('matrix-manual', [{ id: '1', name: 'Wait for an analyst' }]);
    await playbook('matrix-fail', [{ id: '1', script: 'NoSuchCommand' }]);
    await playbook('matrix-indicator', [{ id: '1', script: 'Builtin|||createNewIndicator', args: { value: '203.0.113.9', type: 'IP' } }]);
    await c.api.ok('PUT', `/api/v1/tenants/${T}/lists/matrix`, { data: 'matrix' });
    await runOn('matrix-indicator', 'completed');
    asMain = new AsMain(c);
  });
  after(async () => {
    await asMain?.close();
    await c?.stop();
  });

  void it('covers exactly the routes the tenant serves', async () => {
    // The same router a tenant process builds, on a database of its own.
    const db = SqliteDatabase.open(':memory:');
    await migrate(db, tenantMigrations);
    const served = tenantRouter(db, T).router.list().sort();
    await db.close();
    assert.deepEqual(MATRIX.map(([method, route]) => `${method} ${route}`).sort(), served);
  });

  for (const [method, route, path, body, expect] of MATRIX) {
    void it(`${method} ${route}`, async () => {
      const seen = {} as Record<Who, Expect>;
      for (const who of WHO) {
        const r = await asMain.call(T, method, await path(), { token: await tokenFor(who), body: body?.(who) });
        seen[who] = r.status === 401 || r.status === 403 ? r.status : 'allow';
        if (seen[who] === 'allow') assert.ok(r.status >= 200 && r.status < 300, `${who}: an allowed call runs (${r.status} ${r.text})`);
        else assert.equal(r.body.error?.code, r.status === 401 ? 'unauthorized' : 'forbidden', `${who}: ${r.text}`);
        if (who === 'other tenant' && r.status === 401) assert.match(r.body.error?.message ?? '', /not meant for this tenant/);
        if (who === 'no assertion' && r.status === 401) assert.match(r.body.error?.message ?? '', /missing/);
      }
      assert.deepEqual(seen, expect);
    });
  }

  void it('lets main itself push content (subject main), and nobody else', async () => {
    assert.match(await pushedList(), /detach$/);
  });

  void it('a refused write changed nothing: only the allowed callers created and patched', async () => {
    const found = await c.api.ok<{ items: { name: string }[] }>('POST', `/api/v1/tenants/${T}/incidents/search`, { query: '"matrix create"', size: 100 });
    assert.deepEqual(found.items.map((i) => i.name).sort(), ['matrix create by Administrator', 'matrix create by Analyst']);
    const patched = await c.api.ok<{ owner: string }>('GET', `/api/v1/tenants/${T}/incidents/1`);
    assert.equal(patched.owner, 'Analyst', 'the last caller allowed to patch, not a refused one after it');
  });
});
