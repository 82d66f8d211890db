import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentRepository, type ContentSave } from '../../src/store/content-repo.js';
import { ContentSyncRepository } from '../../src/store/content-sync-repo.js';
import type { Database } from '../../src/store/database.js';
import { JobRepository } from '../../src/store/job-repo.js';
import { migrate } from '../../src/store/migrate.js';
import { mainMigrations } from '../../src/store/migrations/main.js';
import { tenantMigrations } from '../../src/store/migrations/tenant.js';
import { PackRepository } from '../../src/store/pack-repo.js';
import { TenantContentRepository } from '../../src/store/tenant-content-repo.js';
import { withDb, type OpenStore } from './contract-core.js';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const h = (c: string): string => c.repeat(64);
const item = (id: string, hash: string, o: Partial<ContentSave> = {}): ContentSave => ({
  kind: 'playbooks', id, name: id, labels: [], hash, format: 'yaml', body: `{"id":"${id}","v":"${hash.slice(0, 1)}"}`, pack: null, author: 'alice', ...o,
});

function withMigrated(open: OpenStore, migrations: typeof mainMigrations, fn: (db: Database) => Promise<void>): Promise<void> {
  return withDb(open, async (db) => {
    await migrate(db, migrations);
    await fn(db);
  });
}

/** Main's content library, packs, sync status and jobs, and a tenant's content, on every engine. */
export function defineContentContract(open: OpenStore): void {
  void describe('ContentRepository and PackRepository', () => {
    void it('versions new documents only, keeps history across a delete, and gives pack labels with the bodies', () =>
      withMigrated(open, mainMigrations, async (db) => {
        const repo = new ContentRepository(db);
        assert.deepEqual(await repo.save([item('A', h('a')), item('B', h('b'))], NOW), [
          { kind: 'playbooks', id: 'A', version: 1, changed: true },
          { kind: 'playbooks', id: 'B', version: 1, changed: true },
        ]);
        assert.deepEqual((await repo.save([item('A', h('a'))], NOW + 1))[0], { kind: 'playbooks', id: 'A', version: 1, changed: false }, 'the same document is no new version');
        assert.deepEqual((await repo.save([item('A', h('a'), { labels: ['x', 'x'] })], NOW + 2))[0]?.version, 1, 'new labels alone are no new version');
        assert.deepEqual((await repo.get('playbooks', 'A'))?.labels, ['x']);
        assert.equal((await repo.save([item('A', h('c'))], NOW + 3))[0]?.version, 2);
        assert.deepEqual((await repo.versions('playbooks', 'A')).map((v) => [v.version, v.hash, v.author]), [[2, h('c'), 'alice'], [1, h('a'), 'alice']]);
        assert.equal((await repo.body('playbooks', 'A', 1))?.body, item('A', h('a')).body);
        assert.equal(await repo.remove([{ kind: 'playbooks', id: 'A' }], NOW + 4), 1);
        assert.equal(await repo.get('playbooks', 'A'), undefined);
        assert.equal((await repo.save([item('A', h('c'))], NOW + 5))[0]?.version, 3, 'brought back after a delete: versions keep counting');

        const packs = new PackRepository(db);
        const row = { id: 'P', name: 'Pack', version: '1.0.0', metadata: { name: 'Pack' }, labels: ['fin'], source: 'upload' as const, installed: NOW, installedBy: 'alice', updated: NOW };
        await repo.save([item('B', h('b'), { pack: 'P' })], NOW + 6, { remove: [{ kind: 'playbooks', id: 'A' }], also: (tx) => packs.put(tx, row, [{ kind: 'playbooks', id: 'B', hash: h('b') }]) });
        assert.equal(await repo.get('playbooks', 'A'), undefined, 'removals commit with the save');
        assert.deepEqual((await packs.get('P'))?.labels, ['fin']);
        assert.deepEqual(await packs.items('P'), [{ kind: 'playbooks', id: 'B', hash: h('b') }]);
        const bodies = await repo.currentBodies();
        assert.deepEqual(bodies.map((b) => [b.id, b.pack, b.packLabels]), [['B', 'P', ['fin']]]);
        assert.deepEqual((await repo.ofPack('P')).map((i) => i.id), ['B']);

        await packs.put(db, { ...row, version: '1.1.0', labels: ['fin', 'ret'] }, []);
        assert.deepEqual([(await packs.get('P'))?.version, await packs.items('P')], ['1.1.0', []], 'a pack is replaced whole');
        assert.equal(await packs.setLabels('P', ['z', 'a', 'z'], NOW + 7), true);
        assert.deepEqual((await packs.get('P'))?.labels, ['a', 'z']);
        await db.transaction((tx) => repo.release(tx, [{ kind: 'playbooks', id: 'B' }]));
        assert.equal((await repo.get('playbooks', 'B'))?.pack, null);
        await db.transaction((tx) => packs.remove(tx, 'P'));
        assert.deepEqual(await packs.list(), []);
        await assert.rejects(repo.save([item('C', h('c'))], NOW, { also: () => Promise.reject(new Error('boom')) }), /boom/);
        assert.equal(await repo.get('playbooks', 'C'), undefined, 'a failing addition rolls the save back');
      }));
  });

  void describe('ContentSyncRepository and JobRepository', () => {
    void it('backs off a failing tenant, clears it on success, and fails jobs left running', () =>
      withMigrated(open, mainMigrations, async (db) => {
        const sync = new ContentSyncRepository(db);
        await sync.failed('t1', 'host down', NOW);
        await sync.failed('t1', 'host still down', NOW + 1000);
        let [row] = await sync.all();
        assert.deepEqual([row?.status, row?.reason, row?.failures, row?.nextAttempt], ['behind', 'host still down', 2, NOW + 1000 + 4000]);
        await sync.succeeded('t1', NOW + 2000);
        [row] = await sync.all();
        assert.deepEqual([row?.status, row?.failures, row?.lastSuccess], ['in_sync', 0, NOW + 2000]);
        await sync.forget('t1');
        assert.deepEqual(await sync.all(), []);

        const jobs = new JobRepository(db);
        await jobs.create({ id: 'j1', kind: 'content-sync', createdBy: 'alice', progress: { done: 0 } }, NOW);
        await jobs.update('j1', { done: 1 });
        assert.deepEqual([(await jobs.get('j1'))?.status, (await jobs.get('j1'))?.progress], ['running', { done: 1 }]);
        assert.equal(await jobs.failRunning(NOW + 5), 1);
        assert.deepEqual([(await jobs.get('j1'))?.status, (await jobs.get('j1'))?.finished], ['failed', NOW + 5]);
      }));
  });

  void describe('TenantContentRepository', () => {
    void it("applies pushes atomically, never over the tenant's own items, and detaches copies", () =>
      withMigrated(open, tenantMigrations, async (db) => {
        const repo = new TenantContentRepository(db);
        const push = (id: string, hash: string) => ({ kind: 'playbooks', id, name: id, version: 1, hash, body: '{}' });
        assert.equal(await repo.saveOwn({ kind: 'playbooks', id: 'Mine', name: 'Mine', hash: h('m'), body: '{}' }, 'tina', NOW), 'created');
        assert.deepEqual(await repo.applyPush([push('A', h('a')), push('Mine', h('x'))], [], NOW), {
          added: 1, updated: 0, removed: 0, conflicts: [{ kind: 'playbooks', id: 'Mine', reason: "the tenant's own item has this id" }],
        });
        assert.deepEqual(await repo.applyPush([push('A', h('a'))], [], NOW + 1), { added: 0, updated: 0, removed: 0, conflicts: [] }, 'the same hash changes nothing');
        assert.deepEqual(await repo.applyPush([{ ...push('A', h('b')), version: 2 }], [{ kind: 'playbooks', id: 'Mine' }], NOW + 2), { added: 0, updated: 1, removed: 0, conflicts: [] }, "a removal never takes the tenant's own");
        assert.equal(await repo.saveOwn({ kind: 'playbooks', id: 'A', name: 'A', hash: h('c'), body: '{}' }, 'tina', NOW + 3), 'locked');
        assert.equal(await repo.detach('playbooks', 'A', 'tina', NOW + 4), true);
        const a = await repo.get('playbooks', 'A');
        assert.deepEqual([a?.owner, a?.detached, a?.version], ['tenant', NOW + 4, 2]);
        assert.equal((await repo.applyPush([push('A', h('d'))], [], NOW + 5)).conflicts[0]?.reason, 'detached by the tenant');
        assert.equal(await repo.deleteOwn('playbooks', 'Mine'), true);
        assert.deepEqual((await repo.list('playbooks')).map((r) => [r.id, r.owner]), [['A', 'tenant']]);
      }));
  });
}
