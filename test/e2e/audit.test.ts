import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { CLI_PATH } from '../../src/cli/spawn.js';
import { startCluster, type Cluster } from '../support/cluster.js';

let c: Cluster;

interface Rec {
  seq: number;
  actor: string;
  action: string;
  tenant: string;
  target: string;
  result: number;
  hash: string;
  prevHash: string;
}

const verifyCli = () => spawnSync(process.execPath, [CLI_PATH, 'audit', 'verify', '--home', c.mainHome], { encoding: 'utf8' });

void describe("main's audit trail", () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: 'au', name: 'Audited' });
    await c.api.ok('POST', '/api/v1/tenants/au/incidents', { name: 'first' });
    await c.api.ok('PATCH', '/api/v1/tenants/au/incidents/1', { owner: 'ana' });
    await c.api.call('POST', '/api/v1/auth/login', { username: 'mallory', password: 'hunter2-secret-guess' });
    await c.api.ok('POST', '/api/v1/incidents/search', { query: 'first' });
    await c.api.ok('POST', '/api/v1/tenants/au/incidents/search', {});
  });
  after(async () => c?.stop());

  void it('records every change and login attempt: who, from where, what, which tenant, result; never a body', async () => {
    const page = await c.api.ok<{ items: Rec[] }>('GET', '/api/v1/audit?limit=1000');
    const actions = page.items.map((r) => `${r.actor} ${r.action} ${r.tenant} ${r.target} ${r.result}`);
    assert.ok(actions.includes('admin POST /api/v1/tenants   201'), actions.join('\n'));
    assert.ok(actions.includes('admin POST /api/v1/tenants/:id/incidents au  201'));
    assert.ok(actions.includes('admin PATCH /api/v1/tenants/:id/incidents/:incidentId au 1 200'));
    assert.ok(actions.includes('mallory POST /api/v1/auth/login   401'));
    assert.ok(page.items.every((r) => (r as unknown as { address: string }).address.length > 0));
    assert.equal(JSON.stringify(page.items).includes('hunter2'), false);
    assert.equal(actions.some((a) => a.includes('/search')), false, 'a search changes nothing: it is not a change to audit');
    const seqs = page.items.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  });

  void it('filters, pages and exports as JSON lines', async () => {
    const byTenant = await c.api.ok<{ items: Rec[] }>('GET', '/api/v1/audit?tenant=au');
    assert.ok(byTenant.items.length >= 2 && byTenant.items.every((r) => r.tenant === 'au'));
    const first = await c.api.ok<{ items: Rec[]; cursor: number }>('GET', '/api/v1/audit?limit=2');
    const next = await c.api.ok<{ items: Rec[] }>('GET', `/api/v1/audit?limit=2&cursor=${first.cursor}`);
    assert.ok(next.items.every((r) => r.seq < first.cursor));
    const lines = await c.api.call<unknown>('GET', '/api/v1/audit?format=jsonl&actor=mallory');
    assert.equal(lines.status, 200);
    assert.match(String(lines.headers['content-type']), /ndjson/);
    // One line is itself valid JSON, and the client parses it; several are not.
    const text = typeof lines.body === 'string' ? lines.body : JSON.stringify(lines.body);
    const parsed = text.trim().split('\n').map((l) => JSON.parse(l) as Rec);
    assert.ok(parsed.length >= 1 && parsed.every((r) => r.actor === 'mallory'));
    assert.equal((await c.api.call('GET', '/api/v1/audit?limit=0')).status, 400);
  });

  void it("detects main's newest records deleted: a tenant witnessed them", async () => {
    await c.api.ok('PATCH', '/api/v1/tenants/au/incidents/1', { owner: 'witnessed' });
    await c.api.ok('PATCH', '/api/v1/tenants/au/incidents/1', { owner: 'witness' });
    const before = await c.api.ok<{ broken: unknown; witnesses: { checked: number; unreachable: string[] } }>('GET', '/api/v1/audit/verify');
    assert.deepEqual([before.broken, before.witnesses], [null, { checked: 1, unreachable: [] }]);
    const db = new BetterSqlite3(join(c.mainHome, 'main.db'));
    try {
      // The second change carried the first one's record to the tenant; cut both from main.
      const newest = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 2').all() as (Record<string, unknown> & { seq: number })[];
      db.prepare('DELETE FROM audit WHERE seq >= ?').run(newest[1]!.seq);
      assert.equal(verifyCli().status, 0, 'the chain alone cannot tell');
      const cut = await c.api.ok<{ broken: { seq: number; reason: string } | null }>('GET', '/api/v1/audit/verify');
      assert.deepEqual(cut.broken, { seq: newest[1]!.seq, reason: 'tenant au witnessed this record, which is missing or changed' });
      for (const row of newest.reverse()) {
        const cols = Object.keys(row);
        db.prepare(`INSERT INTO audit (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((k) => row[k]));
      }
      assert.equal((await c.api.ok<{ broken: unknown }>('GET', '/api/v1/audit/verify')).broken, null, 'put back');
    } finally {
      db.close();
    }
  });

  void it('detects an edited or deleted record (palisade audit verify and the API)', async () => {
    const ok = verifyCli();
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((await c.api.ok<{ broken: unknown }>('GET', '/api/v1/audit/verify')).broken, null);
    const db = new BetterSqlite3(join(c.mainHome, 'main.db'));
    try {
      const victim = db.prepare("SELECT seq FROM audit WHERE actor = 'mallory'").get() as { seq: number };
      db.prepare('UPDATE audit SET result = 200 WHERE seq = ?').run(victim.seq);
      const edited = verifyCli();
      assert.equal(edited.status, 1);
      assert.match(edited.stderr, new RegExp(`record ${victim.seq}: content does not match`));
      db.prepare('UPDATE audit SET result = 401 WHERE seq = ?').run(victim.seq);
      assert.equal(verifyCli().status, 0, 'restored');
      const middle = db.prepare('SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 1').get() as { seq: number };
      db.prepare('DELETE FROM audit WHERE seq = ?').run(middle.seq);
      const removed = await c.api.ok<{ broken: { seq: number; reason: string } | null }>('GET', '/api/v1/audit/verify');
      assert.match(removed.broken?.reason ?? '', /does not follow/);
      assert.equal(verifyCli().status, 1);
    } finally {
      db.close();
    }
  });
});
