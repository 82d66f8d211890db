import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Agent, request } from 'undici';
import { ApiClient } from '../../src/cli/api-client.js';
import { CLI_PATH } from '../../src/cli/spawn.js';
import { HostFiles } from '../../src/host/state.js';
import { AsMain } from '../support/as-main.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { adminPgUrl } from '../support/pg.js';

interface Rec {
  seq: number;
  at: string;
  actor: string;
  address: string;
  action: string;
  tenant: string;
  target: string;
  result: number;
  prevHash: string;
  hash: string;
}
interface Page {
  items: Rec[];
  cursor: number | null;
}
interface Verdict {
  records: number;
  broken: { seq: number; reason: string } | null;
}

const PASSWORD = 'a long enough passphrase';
const T = 'ta';
const SECRET = `Secret-${randomBytes(4).toString('hex')}`;
const line = (r: Rec): string => `${r.actor} ${r.action} ${r.target} ${r.result}`;

/** What `palisade audit verify` says about one tenant's trail. */
const verifyCli = (...args: string[]) => spawnSync(process.execPath, [CLI_PATH, 'audit', 'verify', ...args], { encoding: 'utf8' });

/** A JSON-lines body: the client parses a single line as JSON and leaves several as text. */
function jsonLines(body: unknown): Rec[] {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  return text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l) as Rec);
}

void describe("each tenant's own audit trail (SQLite)", () => {
  let c: Cluster;
  let asMain: AsMain;
  const users = new Map<string, ApiClient>();
  const trail = async (query = 'limit=1000'): Promise<Rec[]> => (await c.api.ok<Page>('GET', `/api/v1/tenants/${T}/audit?${query}`)).items;

  before(async () => {
    c = await startCluster();
    asMain = new AsMain(c);
    await c.api.ok('POST', '/api/v1/tenants', { id: T, name: 'Tenant audited' });
    await c.api.ok('POST', `/api/v1/tenants/${T}/incidents`, { name: SECRET, details: SECRET });
    await c.api.ok('POST', `/api/v1/tenants/${T}/incidents`, [{ name: 'two' }, { name: 'three' }]);
    await c.api.ok('PATCH', `/api/v1/tenants/${T}/incidents/1`, { owner: SECRET });
    await c.api.ok('POST', `/api/v1/tenants/${T}/incidents/2/close`, { reason: 'Resolved', notes: SECRET });
    // Refused by the tenant itself (main's schemas pass both): no such incident, a date it cannot read.
    assert.equal((await c.api.call('PATCH', `/api/v1/tenants/${T}/incidents/999`, { owner: 'x' })).status, 404);
    assert.equal((await c.api.call('POST', `/api/v1/tenants/${T}/incidents`, { name: 'bad date', created: 'not a date' })).status, 400);
    for (const [name, role] of [['reader', 'read-only'], ['analyst', 'analyst'], ['outsider', null]] as const) {
      const user = await c.api.ok<{ id: string }>('POST', '/api/v1/users', { username: name, password: PASSWORD });
      await c.api.ok('PUT', `/api/v1/users/${user.id}/access`, role ? [{ tenant: T, role }] : []);
      const api = new ApiClient(c.url, c.caPem);
      await api.login(name, PASSWORD);
      users.set(name, api);
    }
  });
  after(async () => {
    for (const api of users.values()) await api.close();
    await asMain?.close();
    await c?.stop();
  });

  void it("records every change made through main: the admin's name, the client's address, action, target, result; never a body", async () => {
    const items = await trail();
    const lines = items.map(line);
    assert.deepEqual(lines.slice().reverse(), [
      'admin POST /api/v1/incidents 1 201',
      'admin POST /api/v1/incidents  201',
      'admin PATCH /api/v1/incidents/:incidentId 1 200',
      'admin POST /api/v1/incidents/:incidentId/close 2 200',
      'admin PATCH /api/v1/incidents/:incidentId 999 404',
      'admin POST /api/v1/incidents  400',
    ]);
    for (const r of items) {
      assert.equal(r.tenant, T);
      assert.match(r.address, /^(::ffff:)?127\.0\.0\.1$/, 'the address main saw, signed into the assertion');
      assert.ok(Math.abs(Date.parse(r.at) - Date.now()) < 120_000);
    }
    assert.equal(JSON.stringify(items).includes(SECRET), false, 'no request body in the trail');
    const seqs = items.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    // Reads are not recorded, searches (POSTs that change nothing) included.
    await c.api.ok('GET', `/api/v1/tenants/${T}/incidents/1`);
    await c.api.ok('POST', `/api/v1/tenants/${T}/incidents/search`, {});
    await c.api.ok('POST', '/api/v1/incidents/search', { tenants: [T] });
    assert.equal((await trail()).length, items.length);
  });

  void it('a write main refuses never reaches the tenant: main records it, the tenant does not', async () => {
    const reader = users.get('reader')!;
    assert.equal((await reader.call('PATCH', `/api/v1/tenants/${T}/incidents/1`, { owner: 'mallory' })).status, 403);
    const mains = await c.api.ok<Page>('GET', `/api/v1/audit?actor=reader&tenant=${T}&limit=1000`);
    assert.deepEqual(mains.items.map((r) => `${r.action} ${r.tenant} ${r.target} ${r.result}`), ['PATCH /api/v1/tenants/:id/incidents/:incidentId ta 1 403']);
    assert.deepEqual(await trail('actor=reader'), []);
  });

  void it('a write the tenant refuses itself is recorded there: 403 with the asserted caller, 401 as anonymous', async () => {
    const readOnly = await asMain.assertion({ aud: T, perms: { incidents: ['read'] }, address: '198.51.100.9' });
    const refused = await asMain.call(T, 'POST', '/api/v1/incidents', { token: readOnly, body: { name: 'should not exist' } });
    assert.equal(refused.status, 403);
    const anonymous = await asMain.call(T, 'POST', '/api/v1/incidents', { body: { name: 'should not exist' } });
    assert.equal(anonymous.status, 401);
    const [last, previous] = await trail('limit=2');
    assert.deepEqual([previous, last].map((r) => r && `${line(r)} ${r.address}`), [
      'tester POST /api/v1/incidents  403 198.51.100.9',
      'anonymous POST /api/v1/incidents  401 ',
    ]);
  });

  void it('filters, pages by cursor and exports JSON lines', async () => {
    const all = await trail();
    const patches = await trail(`action=${encodeURIComponent('PATCH /api/v1/incidents/:incidentId')}`);
    assert.deepEqual(patches.map((r) => r.seq), all.filter((r) => r.action === 'PATCH /api/v1/incidents/:incidentId').map((r) => r.seq));
    assert.equal(patches.length, 2);
    assert.ok((await trail('actor=admin')).every((r) => r.actor === 'admin'));
    assert.deepEqual(await trail(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), []);
    assert.deepEqual(await trail('until=2000-01-01T00:00:00Z'), []);
    assert.equal((await trail(`since=${encodeURIComponent(all[all.length - 1]!.at)}`)).length, all.length);

    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Page = await c.api.ok<Page>('GET', `/api/v1/tenants/${T}/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((r) => r.seq));
      cursor = page.cursor;
    } while (cursor !== null);
    assert.deepEqual(seen, all.map((r) => r.seq), 'every record once, in order');

    const jsonl = await c.api.call('GET', `/api/v1/tenants/${T}/audit?format=jsonl&actor=admin`);
    assert.equal(jsonl.status, 200);
    assert.match(String(jsonl.headers['content-type']), /^application\/x-ndjson/);
    assert.deepEqual(jsonLines(jsonl.body), all.filter((r) => r.actor === 'admin'));
  });

  void it('refuses a bad query with a 400 naming it, on main and on the tenant', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=x', 'cursor=0', 'since=yesterday', 'format=csv', 'tenant=ta', 'bogus=1']) {
      const r = await c.api.call<{ error: { code: string; message: string } }>('GET', `/api/v1/tenants/${T}/audit?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.code, 'invalid_request', q);
      assert.match(r.body.error.message, new RegExp(q.split('=')[0]!), q);
    }
    const admin = { audit: ['read'], incidents: ['read'] };
    for (const [q, named] of [['bogus=1', 'bogus'], ['limit=0', 'limit'], ['limit=1.5', 'limit'], ['limit=5&limit=6', 'limit'], ['until=someday', 'until'], ['format=xml', 'format'], ['actor=' + 'x'.repeat(201), 'actor']] as const) {
      const r = await asMain.call(T, 'GET', `/api/v1/audit?${q}`, { token: await asMain.assertion({ aud: T, perms: admin }) });
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error?.code, 'invalid_request');
      assert.match(r.body.error?.message ?? '', new RegExp(named), q);
    }
    // A route that takes no query refuses one.
    const stats = await asMain.call(T, 'GET', '/api/v1/incidents/stats?x=1', { token: await asMain.assertion({ aud: T, perms: admin }) });
    assert.equal(stats.status, 400);
    assert.match(stats.body.error?.message ?? '', /unknown field "x"/);
  });

  void it('needs audit:read on the tenant: administrators only; analysts and readers 403, no grant 404', async () => {
    for (const path of [`/api/v1/tenants/${T}/audit`, `/api/v1/tenants/${T}/audit/verify`]) {
      assert.equal((await users.get('analyst')!.call('GET', path)).status, 403, path);
      assert.equal((await users.get('reader')!.call('GET', path)).status, 403, path);
      assert.equal((await users.get('outsider')!.call('GET', path)).status, 404, path);
      assert.equal((await c.api.call('GET', path.replace(`/${T}/`, '/nope/'))).status, 404, path);
    }
    const noAudit = await asMain.call(T, 'GET', '/api/v1/audit', { token: await asMain.assertion({ aud: T, perms: { incidents: ['admin'] } }) });
    assert.equal(noAudit.status, 403);
  });

  void it("refuses a call on the tenant's own socket without main's assertion", async () => {
    const socket = new HostFiles(c.hostHome).socketPath(T);
    const agent = new Agent({ connect: { socketPath: socket } });
    try {
      for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
        const res = await request(`http://tenant${path}`, { dispatcher: agent });
        const body = (await res.body.json()) as { error: { code: string; message: string } };
        assert.equal(res.statusCode, 401, path);
        assert.equal(body.error.code, 'unauthorized');
        assert.match(body.error.message, /missing/);
      }
    } finally {
      await agent.close();
    }
  });

  void it('detects an edited or deleted record (the API and palisade audit verify)', async () => {
    const good = await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`);
    assert.equal(good.broken, null);
    assert.equal(good.records, (await trail()).length);
    const file = join(new HostFiles(c.hostHome).tenantDir(T), 'tenant.db');
    const byId = verifyCli('--home', c.hostHome, '--tenant', T);
    assert.equal(byId.status, 0, byId.stderr);
    assert.deepEqual(JSON.parse(byId.stdout), good);
    assert.equal(verifyCli('--tenant-db', file).status, 0);
    assert.equal(verifyCli('--home', c.hostHome, '--tenant', 'nope').status, 1);

    const db = new BetterSqlite3(file);
    try {
      const victim = db.prepare("SELECT seq FROM audit WHERE action = 'POST /api/v1/incidents/:incidentId/close'").get() as { seq: number };
      db.prepare('UPDATE audit SET actor = ? WHERE seq = ?').run('someone-else', victim.seq);
      const edited = await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`);
      assert.deepEqual(edited.broken, { seq: victim.seq, reason: 'content does not match its hash' });
      for (const args of [['--home', c.hostHome, '--tenant', T], ['--tenant-db', file]]) {
        const r = verifyCli(...args);
        assert.equal(r.status, 1);
        assert.match(r.stderr, new RegExp(`broken at record ${victim.seq}: content does not match`));
      }
      db.prepare('UPDATE audit SET actor = ? WHERE seq = ?').run('admin', victim.seq);
      assert.equal((await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`)).broken, null, 'restored');

      // The newest record removed: the chain that is left holds, but main witnessed that record
      // (it came back with the answer to a change main relayed).
      await c.api.ok('PATCH', `/api/v1/tenants/${T}/incidents/3`, { owner: 'witnessed' });
      const newest = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown> & { seq: number };
      db.prepare('DELETE FROM audit WHERE seq = ?').run(newest.seq);
      const cut = await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`);
      assert.deepEqual(cut.broken, { seq: newest.seq, reason: 'a record the other side witnessed is missing or changed' });
      const cols = Object.keys(newest);
      db.prepare(`INSERT INTO audit (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((k) => newest[k]));
      assert.equal((await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`)).broken, null, 'put back');

      const middle = db.prepare('SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 2').get() as { seq: number };
      const next = db.prepare('SELECT seq FROM audit WHERE seq > ? ORDER BY seq LIMIT 1').get(middle.seq) as { seq: number };
      db.prepare('DELETE FROM audit WHERE seq = ?').run(middle.seq);
      const removed = await c.api.ok<Verdict>('GET', `/api/v1/tenants/${T}/audit/verify`);
      assert.deepEqual(removed.broken, { seq: next.seq, reason: 'does not follow the record before it' });
      const cli = verifyCli('--tenant-db', file);
      assert.equal(cli.status, 1);
      assert.match(cli.stderr, new RegExp(`broken at record ${next.seq}: does not follow`));
    } finally {
      db.close();
    }
  });
});

void describe("each tenant's own audit trail (PostgreSQL)", () => {
  let c: Cluster;
  const P = `tap-${randomBytes(3).toString('hex')}`;

  before(async () => {
    c = await startCluster({ tenantPg: adminPgUrl() });
    await c.api.ok('POST', '/api/v1/tenants', { id: P, name: `Tenant ${P}` });
  });
  after(async () => {
    await c?.api.call('DELETE', `/api/v1/tenants/${P}?confirm=${encodeURIComponent(`Tenant ${P}`)}`);
    await c?.stop();
  });

  void it('keeps one unbroken chain under concurrent writes, and detects an edit', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => c.api.ok<{ id: number }>('POST', `/api/v1/tenants/${P}/incidents`, { name: `parallel ${i}` })));
    const page = await c.api.ok<Page>('GET', `/api/v1/tenants/${P}/audit?limit=1000`);
    assert.equal(page.items.length, 20);
    assert.ok(page.items.every((r) => r.actor === 'admin' && r.action === 'POST /api/v1/incidents' && r.result === 201 && r.tenant === P));
    const byNumber = (a: number, b: number) => a - b;
    assert.deepEqual(page.items.map((r) => Number(r.target)).sort(byNumber), created.map((i) => i.id).sort(byNumber), 'each record names the incident it created');
    assert.deepEqual(await c.api.ok<Verdict>('GET', `/api/v1/tenants/${P}/audit/verify`), { records: 20, broken: null });
    const ok = verifyCli('--home', c.hostHome, '--tenant', P);
    assert.equal(ok.status, 0, ok.stderr);

    const state = JSON.parse(readFileSync(join(c.hostHome, 'host.json'), 'utf8')) as { tenants: Record<string, { pgUrl?: string }> };
    const client = new pg.Client({ connectionString: state.tenants[P]?.pgUrl });
    await client.connect();
    try {
      const victim = page.items[5]!.seq;
      await client.query('UPDATE audit SET result = 200 WHERE seq = $1', [victim]);
      const broken = await c.api.ok<Verdict>('GET', `/api/v1/tenants/${P}/audit/verify`);
      assert.deepEqual(broken.broken, { seq: victim, reason: 'content does not match its hash' });
      const cli = verifyCli('--home', c.hostHome, '--tenant', P);
      assert.equal(cli.status, 1);
      assert.match(cli.stderr, new RegExp(`broken at record ${victim}:`));
    } finally {
      await client.end();
    }
  });
});
