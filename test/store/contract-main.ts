import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../../src/store/database.js';
import { HostRepository, SettingsRepository, TenantRepository, type TenantRow } from '../../src/store/main-repos.js';
import { UserRepository } from '../../src/store/user-repo.js';
import { LoginFailureRepository } from '../../src/store/login-failure-repo.js';
import { AccessRepository } from '../../src/store/access-repo.js';
import { migrate } from '../../src/store/migrate.js';
import { mainMigrations } from '../../src/store/migrations/main.js';
import { countRows, withDb, type OpenStore } from './contract-core.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const MINUTE = 60_000;

/** Runs `fn` on a fresh, migrated main database. */
function withMain(open: OpenStore, fn: (db: Database) => Promise<void>): Promise<void> {
  return withDb(open, async (db) => {
    await migrate(db, mainMigrations);
    await fn(db);
  });
}

async function twoHosts(hosts: HostRepository): Promise<void> {
  await hosts.create({ id: 'h-b', name: 'b-host', address: '10.0.0.2', certFingerprint: 'fp-b', certPem: 'PEM-B', created: NOW });
  await hosts.create({ id: 'h-a', name: 'a-host', address: '10.0.0.1', certFingerprint: 'fp-a', certPem: 'PEM-A', created: NOW + 1 });
}

export function defineMainContract(open: OpenStore): void {
  void describe('UserRepository', () => {
    void it('creates users and finds them by exact username', () =>
      withMain(open, async (db) => {
        const users = new UserRepository(db);
        await users.create({ id: 'u1', username: 'admin', passwordHash: 'hash-1', created: NOW });
        assert.deepEqual(await users.byUsername('admin'), {
          id: 'u1', username: 'admin', passwordHash: 'hash-1', disabled: false, created: NOW, kind: 'local', tenant: null, directoryDn: null, lastLogin: null,
        });
        assert.equal(await users.byUsername('ADMIN'), undefined);
        assert.equal(await users.byUsername('nobody'), undefined);
        await assert.rejects(users.create({ id: 'u2', username: 'admin', passwordHash: 'x', created: NOW }), 'usernames are unique');
        await users.setPassword('u1', 'hash-2');
        assert.equal((await users.byUsername('admin'))?.passwordHash, 'hash-2');
      }));

    void it('accepts valid sessions only and deletes the expired ones', () =>
      withMain(open, async (db) => {
        const users = new UserRepository(db);
        await users.create({ id: 'u1', username: 'admin', passwordHash: 'h', created: NOW });
        await users.createSession('valid', 'u1', NOW, NOW + MINUTE);
        await users.createSession('expired', 'u1', NOW - 2 * MINUTE, NOW - MINUTE);
        await users.createSession('edge', 'u1', NOW - MINUTE, NOW);
        assert.deepEqual(await users.sessionUser('valid', NOW), { id: 'u1', username: 'admin', kind: 'local', tenant: null, session: 'bearer' });
        assert.equal(await users.sessionUser('expired', NOW), undefined);
        assert.equal(await users.sessionUser('edge', NOW), undefined, 'a session ends at its expiry instant');
        assert.equal(await users.sessionUser('valid', NOW + MINUTE), undefined);
        assert.equal(await users.sessionUser('unknown', NOW), undefined);
        await assert.rejects(users.createSession('orphan', 'no-such-user', NOW, NOW + MINUTE), 'sessions reference users');

        assert.equal(await users.deleteExpiredSessions(NOW), 2);
        assert.equal(await users.deleteExpiredSessions(NOW), 0);
        assert.deepEqual(await db.all('SELECT token_hash FROM sessions'), [{ token_hash: 'valid' }]);

        await db.run('UPDATE users SET disabled = 1 WHERE id = ?', ['u1']);
        assert.equal(await users.sessionUser('valid', NOW), undefined, 'a disabled user has no session');
        await db.run('DELETE FROM users WHERE id = ?', ['u1']);
        assert.equal(await countRows(db, 'sessions'), 0, 'sessions go with their user');
      }));
  });

  void describe('LoginFailureRepository', () => {
    void it('counts concurrent failures exactly and locks at the limit', () =>
      withMain(open, async (db) => {
        const repo = new LoginFailureRepository(db);
        const o = { windowMs: MINUTE, max: 8, lockMs: 5 * MINUTE };
        const results = await Promise.all(Array.from({ length: 8 }, () => repo.failed('eve', NOW, o)));
        assert.deepEqual(results.filter((r) => r > 0), [NOW + 5 * MINUTE], 'exactly the eighth failure locks');
        assert.equal(await repo.lockedUntil('eve', NOW + MINUTE), NOW + 5 * MINUTE);
        assert.equal(await repo.lockedUntil('eve', NOW + 5 * MINUTE), 0, 'a lock ends at its instant');
        assert.equal(await repo.lockedUntil('nobody', NOW), 0);
      }));
  });

  void describe('HostRepository', () => {
    void it('consumes an enrollment token exactly once, even with 10 concurrent attempts', () =>
      withMain(open, async (db) => {
        const hosts = new HostRepository(db);
        await hosts.createEnrollment({ tokenHash: 'tok', name: 'host-1', created: NOW, expires: NOW + MINUTE });
        const results = await Promise.all(Array.from({ length: 10 }, (_, k) => hosts.consumeEnrollment('tok', NOW, `host-${k}`)));
        const winners = results.flatMap((r, k) => (r ? [k] : []));
        assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
        assert.deepEqual(results[winners[0] ?? -1], { name: 'host-1' });
        assert.deepEqual(await db.get('SELECT used_at, host_id FROM host_enrollments WHERE token_hash = ?', ['tok']), {
          used_at: NOW,
          host_id: `host-${winners[0]}`,
        });
        assert.equal(await hosts.consumeEnrollment('tok', NOW + 1, 'late'), undefined);
      }));

    void it('refuses expired and unknown enrollment tokens', () =>
      withMain(open, async (db) => {
        const hosts = new HostRepository(db);
        await hosts.createEnrollment({ tokenHash: 'old', name: 'h', created: NOW - 2 * MINUTE, expires: NOW - MINUTE });
        await hosts.createEnrollment({ tokenHash: 'edge', name: 'h', created: NOW - MINUTE, expires: NOW });
        assert.equal(await hosts.consumeEnrollment('old', NOW, 'x'), undefined);
        assert.equal(await hosts.consumeEnrollment('edge', NOW, 'x'), undefined, 'a token ends at its expiry instant');
        assert.equal(await hosts.consumeEnrollment('unknown', NOW, 'x'), undefined);
        assert.equal(await countRows(db, 'host_enrollments', 'used_at IS NOT NULL'), 0);
      }));

    void it('creates, lists, finds and marks hosts as seen', () =>
      withMain(open, async (db) => {
        const hosts = new HostRepository(db);
        await twoHosts(hosts);
        const a = { id: 'h-a', name: 'a-host', address: '10.0.0.1', url: null, certFingerprint: 'fp-a', version: null, created: NOW + 1, lastSeen: null };
        const b = { id: 'h-b', name: 'b-host', address: '10.0.0.2', url: null, certFingerprint: 'fp-b', version: null, created: NOW, lastSeen: null };
        assert.deepEqual(await hosts.list(), [a, b]);
        assert.deepEqual(await hosts.get('h-b'), b);
        assert.deepEqual(await hosts.byName('a-host'), a);
        assert.deepEqual(await hosts.byFingerprint('fp-b'), b);
        assert.equal(await hosts.byFingerprint('fp-x'), undefined);
        assert.equal(await hosts.get('h-x'), undefined);
        await assert.rejects(hosts.create({ id: 'h-c', name: 'c-host', address: 'x', certFingerprint: 'fp-a', certPem: 'P', created: NOW }), 'fingerprints are unique');
        await hosts.seen('h-a', 'https://10.0.0.1:8443', '1.2.3', NOW + MINUTE);
        assert.deepEqual(await hosts.get('h-a'), { ...a, url: 'https://10.0.0.1:8443', version: '1.2.3', lastSeen: NOW + MINUTE });
        assert.deepEqual(await hosts.get('h-b'), b);
      }));
  });

  void describe('TenantRepository', () => {
    const acme: TenantRow = { id: 't-1', name: 'Acme', hostId: 'h-a', labels: ['eu', 'gold'], state: 'active', created: NOW, modified: NOW };
    const globex: TenantRow = { id: 't-2', name: 'Globex', hostId: 'h-b', labels: [], state: 'active', created: NOW + 1, modified: NOW + 1 };

    void it('creates, lists, finds, pauses and deletes tenants', () =>
      withMain(open, async (db) => {
        await twoHosts(new HostRepository(db));
        const tenants = new TenantRepository(db);
        await tenants.create(globex);
        await tenants.create(acme);
        assert.deepEqual(await tenants.list(), [acme, globex]);
        assert.deepEqual(await tenants.get('t-2'), globex);
        assert.equal(await tenants.get('t-x'), undefined);
        assert.deepEqual(await tenants.byName('ACME'), acme);
        assert.deepEqual(await tenants.byName('globex'), globex);
        assert.equal(await tenants.byName('initech'), undefined);
        assert.deepEqual(await tenants.onHost('h-a'), [acme]);
        assert.deepEqual(await tenants.onHost('h-x'), []);

        await tenants.setState('t-1', 'paused', NOW + MINUTE);
        assert.deepEqual(await tenants.get('t-1'), { ...acme, state: 'paused', modified: NOW + MINUTE });
        await tenants.delete('t-2');
        assert.equal(await tenants.get('t-2'), undefined);
        assert.deepEqual((await tenants.list()).map((t) => t.id), ['t-1']);
      }));

    void it('refuses a tenant on a missing host, and a host deletion under a tenant', () =>
      withMain(open, async (db) => {
        await twoHosts(new HostRepository(db));
        const tenants = new TenantRepository(db);
        await assert.rejects(tenants.create({ ...acme, hostId: 'no-such-host' }), 'tenants reference hosts');
        assert.deepEqual(await tenants.list(), []);
        await tenants.create(acme);
        await assert.rejects(tenants.create({ ...globex, name: 'Acme' }), 'tenant names are unique');
        await assert.rejects(db.run('DELETE FROM hosts WHERE id = ?', ['h-a']), 'a host with tenants stays');
        assert.equal(await countRows(db, 'hosts'), 2);
      }));
  });

  void describe('SettingsRepository', () => {
    void it('sets a key twice and gets the last value', () =>
      withMain(open, async (db) => {
        const settings = new SettingsRepository(db);
        assert.equal(await settings.get('theme'), undefined);
        await settings.set('theme', 'dark');
        await settings.set('theme', 'light ? 東京');
        await settings.set('other', '');
        assert.equal(await settings.get('theme'), 'light ? 東京');
        assert.equal(await settings.get('other'), '');
        assert.equal(await countRows(db, 'settings'), 2);
      }));

    void it('sets a new key from concurrent callers without a conflict', () =>
      withMain(open, async (db) => {
        const settings = new SettingsRepository(db);
        await Promise.all(Array.from({ length: 5 }, (_, k) => settings.set('race', `v${k}`)));
        assert.match((await settings.get('race')) ?? '', /^v[0-4]$/);
        assert.equal(await countRows(db, 'settings'), 1);
      }));
  });

  void describe('AccessRepository', () => {
    void it('keeps custom roles and replaces a user\'s grants as a whole', () =>
      withMain(open, async (db) => {
        const users = new UserRepository(db);
        const access = new AccessRepository(db);
        await users.create({ id: 'u1', username: 'ana', passwordHash: 'h', created: NOW });
        await access.createRole({ id: 'r1', name: 'Triage', builtin: false, tenant: null, permissions: { resources: { incidents: ['read', 'write'] }, flags: [] } }, NOW);
        assert.deepEqual(await access.roles(), [{ id: 'r1', name: 'Triage', builtin: false, tenant: null, permissions: { resources: { incidents: ['read', 'write'] }, flags: [] } }]);
        await access.setGrants('u1', [{ scope: { tenant: 'acme' }, role: 'r1' }, { scope: { label: 'finance' }, role: 'read-only' }, { scope: { all: true }, role: 'analyst' }]);
        assert.deepEqual(await access.grants('u1'), [
          { scope: { all: true }, role: 'analyst' },
          { scope: { label: 'finance' }, role: 'read-only' },
          { scope: { tenant: 'acme' }, role: 'r1' },
        ]);
        await access.setGrants('u1', [{ scope: { tenant: 'globex' }, role: 'administrator' }]);
        assert.deepEqual(await access.grants('u1'), [{ scope: { tenant: 'globex' }, role: 'administrator' }]);
        await users.create({ id: 'u2', username: 'bo', passwordHash: 'h', created: NOW });
        await access.setGrants('u2', [{ scope: { tenant: 'acme' }, role: 'r1' }, { scope: { all: true }, role: 'read-only' }]);
        // Everyone's grants in one read, each user's as `grants` answers them.
        assert.deepEqual(await access.grantsByUser(), new Map([['u1', await access.grants('u1')], ['u2', await access.grants('u2')]]));
        await users.delete('u2');
        await users.delete('u1');
        assert.equal(await countRows(db, 'user_grants'), 0, 'grants go with their user');
      }));

    void it('keeps role names unique per tenant, updates and deletes roles, and drops a tenant\'s roles with their grants', () =>
      withMain(open, async (db) => {
        const users = new UserRepository(db);
        const access = new AccessRepository(db);
        const perms = { resources: { incidents: ['read' as const] }, flags: [] };
        await users.create({ id: 'u1', username: 'acme/bob', passwordHash: 'h', created: NOW, kind: 'customer', tenant: 'acme' });
        await access.createRole({ id: 'main-t', name: 'Tier 1', builtin: false, tenant: null, permissions: perms }, NOW);
        await access.createRole({ id: 'acme-t', name: 'Tier 1', builtin: false, tenant: 'acme', permissions: perms }, NOW);
        await access.createRole({ id: 'globex-t', name: 'Tier 1', builtin: false, tenant: 'globex', permissions: perms }, NOW);
        await assert.rejects(access.createRole({ id: 'dup', name: 'Tier 1', builtin: false, tenant: 'acme', permissions: perms }, NOW), 'one name per tenant');
        await access.updateRole({ id: 'acme-t', name: 'Tier 2', builtin: false, tenant: 'acme', permissions: { resources: {}, flags: [] } }, NOW + 1);
        assert.deepEqual((await access.roles()).map((r) => [r.id, r.tenant, r.name]), [['main-t', null, 'Tier 1'], ['acme-t', 'acme', 'Tier 2'], ['globex-t', 'globex', 'Tier 1']]);
        await access.setGrants('u1', [{ scope: { tenant: 'acme' }, role: 'acme-t' }]);
        assert.equal(await access.holders('acme-t'), 1);
        assert.equal(await access.holders('main-t'), 0);
        await access.deleteTenantRoles('acme');
        assert.deepEqual((await access.roles()).map((r) => r.id), ['main-t', 'globex-t']);
        assert.deepEqual(await access.grants('u1'), []);
        assert.equal(await access.deleteRole('globex-t'), true);
        assert.equal(await access.deleteRole('globex-t'), false);
        assert.equal(await users.deleteTenantUsers('acme'), 1);
      }));

    void it('gives accounts that existed before roles the Administrator role on every tenant', () =>
      withDb(open, async (db) => {
        await migrate(db, mainMigrations.filter((m) => m.version === 1));
        await db.run('INSERT INTO users (id, username, password_hash, created) VALUES (?, ?, ?, ?)', ['old', 'admin', 'h', NOW]);
        await migrate(db, mainMigrations);
        assert.deepEqual(await new AccessRepository(db).grants('old'), [{ scope: { all: true }, role: 'administrator' }]);
      }));
  });
}
