import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ApiClient } from '../../src/cli/api-client.js';
import { createCa } from '../../src/net/pki.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { startDirectory, type TestDirectory } from '../support/ldap.js';

type Err = { error: { code: string; message: string } };
type Me = { user: { kind: string; groups?: string[] }; tenants: { id: string; permissions: { resources: Record<string, string[]> } }[] };

// The real OpenLDAP server where it is installed (.ci/run installs it), and always the
// harness's own server, so both paths stay honest.
const kinds = [...(existsSync('/usr/sbin/slapd') ? (['slapd'] as const) : []), 'ldapjs' as const];

for (const kind of kinds) {
  void describe(`directory logins against ${kind}`, () => {
    let c: Cluster;
    let dir: TestDirectory;
    const clients: ApiClient[] = [];
    const settings = () => ({
      enabled: true,
      url: dir.url,
      bindDn: dir.bindDn,
      bindPassword: dir.bindPassword,
      userBase: dir.usersDn,
      userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
      groupAttribute: 'memberOf',
      mappings: [
        { group: 'soc-acme', tenant: 'acme', role: 'Analyst' },
        { group: 'soc-all', tenant: '*', role: 'Read-Only' },
        { group: `cn=finance-admins,${dir.groupsDn}`, label: 'finance', role: 'Administrator' },
      ],
    });
    const login = async (username: string, password: string) => {
      const api = new ApiClient(c.url, c.caPem);
      clients.push(api);
      const r = await api.call<{ token: string } & Err>('POST', '/api/v1/auth/login', { username, password });
      api.token = r.body.token;
      return { api, status: r.status, body: r.body };
    };
    const tenantsOf = async (username: string, password: string) => {
      const { api, status } = await login(username, password);
      assert.equal(status, 200, `${username} logs in`);
      return (await api.ok<Me>('GET', '/api/v1/me')).tenants.map((t) => t.id);
    };

    before(async () => {
      [dir, c] = await Promise.all([startDirectory({ kind }), startCluster()]);
      await c.api.ok('POST', '/api/v1/tenants', { id: 'acme', name: 'Acme', labels: [] });
      await c.api.ok('POST', '/api/v1/tenants', { id: 'globex', name: 'Globex', labels: ['finance'] });
      await dir.addUser('alice', 'alice-directory-pw');
      await dir.addToGroup('alice', 'soc-acme');
    });
    after(async () => {
      await Promise.all(clients.map((a) => a.close()));
      await c?.stop();
      await dir?.stop();
    });

    void it('refuses a bad configuration whole, and keeps the bind password sealed', async () => {
      const noPlaceholder = await c.api.call<Err>('PUT', '/api/v1/settings/directory', { ...settings(), userFilter: '(uid=alice)' });
      assert.equal(noPlaceholder.status, 400);
      const badTenant = await c.api.call<Err>('PUT', '/api/v1/settings/directory', { ...settings(), mappings: [{ group: 'g', tenant: 'nosuch', role: 'Analyst' }] });
      assert.equal(badTenant.status, 400);
      assert.match(badTenant.body.error.message, /mappings\[0\]\.tenant "nosuch"/);
      assert.deepEqual(await c.api.ok('GET', '/api/v1/settings/directory'), { enabled: false, configured: false });

      const saved = await c.api.ok<Record<string, unknown>>('PUT', '/api/v1/settings/directory', settings());
      assert.equal(saved['bindPassword'], undefined);
      assert.equal(saved['bindPasswordSet'], true);
      const shown = await c.api.ok<Record<string, unknown>>('GET', '/api/v1/settings/directory');
      assert.equal(JSON.stringify(shown).includes(dir.bindPassword), false);
      const db = new Database(join(c.mainHome, 'main.db'), { readonly: true });
      const row = db.prepare("SELECT value FROM settings WHERE key = 'directory'").get() as { value: string };
      db.close();
      assert.equal(row.value.includes(dir.bindPassword), false, 'sealed at rest');
      assert.deepEqual(await c.api.ok('POST', '/api/v1/settings/directory/test'), { ok: true, usersVisible: 2 });
    });

    void it("logs a directory user in and gives them exactly what their groups map to", async () => {
      const { api, status } = await login('alice', 'alice-directory-pw');
      assert.equal(status, 200);
      const me = await api.ok<Me>('GET', '/api/v1/me');
      assert.equal(me.user.kind, 'directory');
      assert.ok(me.user.groups?.includes('soc-acme'));
      assert.deepEqual(me.tenants.map((t) => t.id), ['acme']);
      assert.deepEqual(me.tenants[0]!.permissions.resources['incidents'], ['read', 'write', 'execute']);
      const users = await c.api.ok<{ items: { username: string; kind: string; directoryDn: string }[] }>('GET', '/api/v1/users');
      const alice = users.items.find((u) => u.username === 'alice');
      assert.equal(alice?.kind, 'directory');
      assert.equal(alice?.directoryDn.toLowerCase(), `uid=alice,${dir.usersDn}`);
    });

    void it('answers a wrong password, an unknown user and a filter injection alike', async () => {
      const wrong = await login('alice', 'not-her-password');
      const unknown = await login('zed', 'whatever-password');
      const star = await login('*', 'alice-directory-pw');
      const injected = await login('alice)(uid=*', 'alice-directory-pw');
      for (const r of [wrong, unknown, star, injected]) {
        assert.equal(r.status, 401);
        assert.equal(r.body.error.message, 'invalid username or password');
      }
    });

    void it('recomputes access at every login as group membership changes', async () => {
      await dir.addToGroup('alice', 'soc-all');
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme', 'globex']);
      await dir.addToGroup('alice', 'finance-admins');
      const { api } = await login('alice', 'alice-directory-pw');
      const me = await api.ok<Me>('GET', '/api/v1/me');
      assert.deepEqual(me.tenants.find((t) => t.id === 'globex')?.permissions.resources['users'], ['read', 'write', 'execute', 'admin'], 'finance label → Administrator');
      await dir.removeFromGroup('alice', 'soc-acme');
      await dir.removeFromGroup('alice', 'soc-all');
      await dir.removeFromGroup('alice', 'finance-admins');
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), []);
      await dir.addToGroup('alice', 'soc-acme');
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme']);
    });

    void it("keeps a directory user's password and access in the directory, and lets main disable them", async () => {
      const users = await c.api.ok<{ items: { id: string; username: string }[] }>('GET', '/api/v1/users');
      const id = users.items.find((u) => u.username === 'alice')!.id;
      assert.equal((await c.api.call('PUT', `/api/v1/users/${id}/access`, [{ tenant: 'globex', role: 'Administrator' }])).status, 409);
      assert.equal((await c.api.call('PATCH', `/api/v1/users/${id}`, { password: 'a new local password' })).status, 409);
      await c.api.ok('PATCH', `/api/v1/users/${id}`, { disabled: true });
      assert.equal((await login('alice', 'alice-directory-pw')).status, 401);
      await c.api.ok('PATCH', `/api/v1/users/${id}`, { disabled: false });
      await dir.setPassword('alice', 'alice-changed-pw');
      assert.equal((await login('alice', 'alice-directory-pw')).status, 401);
      assert.equal((await login('alice', 'alice-changed-pw')).status, 200);
    });

    void it('lets a local account win over a directory entry of the same name', async () => {
      await c.api.ok('POST', '/api/v1/users', { username: 'carl', password: 'local passphrase of C' });
      await dir.addUser('carl', 'carl-directory-pw');
      assert.equal((await login('carl', 'carl-directory-pw')).status, 401);
      assert.equal((await login('carl', 'local passphrase of C')).status, 200);
    });

    void it('says the directory is unavailable, not that the password is wrong, when it is down', async () => {
      await dir.stop();
      const r = await login('alice', 'alice-changed-pw');
      assert.equal(r.status, 503);
      assert.equal(r.body.error.code, 'directory_unavailable');
      assert.equal(JSON.stringify(r.body).includes(dir.bindPassword), false);
      assert.equal((await login('admin', c.password)).status, 200, 'local accounts still log in');
    });
  });

  // The same logins over TLS, against a directory whose certificate a throwaway CA signed:
  // ldaps:// on both backends, StartTLS on slapd only (the ldapjs server cannot do it).
  void describe(`directory logins over TLS against ${kind}`, () => {
    let c: Cluster;
    let dir: TestDirectory;
    let ldapsUrl: string;
    let caPem: string;
    let otherCaPem: string;
    const clients: ApiClient[] = [];
    const settings = (connection: { url: string; startTls?: boolean; caPem?: string }) => ({
      enabled: true,
      ...connection,
      bindDn: dir.bindDn,
      bindPassword: dir.bindPassword,
      userBase: dir.usersDn,
      userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
      groupAttribute: 'memberOf',
      mappings: [
        { group: 'soc-acme', tenant: 'acme', role: 'Analyst' },
        { group: 'soc-all', tenant: '*', role: 'Read-Only' },
      ],
    });
    const login = async (username: string, password: string) => {
      const api = new ApiClient(c.url, c.caPem);
      clients.push(api);
      const r = await api.call<{ token: string } & Err>('POST', '/api/v1/auth/login', { username, password });
      api.token = r.body.token;
      return { api, status: r.status, body: r.body };
    };
    const tenantsOf = async (username: string, password: string) => {
      const { api, status } = await login(username, password);
      assert.equal(status, 200, `${username} logs in`);
      return (await api.ok<Me>('GET', '/api/v1/me')).tenants.map((t) => t.id);
    };

    before(async () => {
      let otherCa;
      [dir, c, otherCa] = await Promise.all([startDirectory({ kind, tls: true }), startCluster(), createCa('Some other CA')]);
      assert.ok(dir.ldapsUrl !== undefined && dir.caPem !== undefined, 'the directory serves ldaps://');
      [ldapsUrl, caPem, otherCaPem] = [dir.ldapsUrl, dir.caPem, otherCa.certPem];
      assert.equal(dir.startTls, kind === 'slapd', 'StartTLS on slapd only');
      await c.api.ok('POST', '/api/v1/tenants', { id: 'acme', name: 'Acme', labels: [] });
      await c.api.ok('POST', '/api/v1/tenants', { id: 'globex', name: 'Globex', labels: [] });
      await dir.addUser('alice', 'alice-directory-pw');
      await dir.addToGroup('alice', 'soc-acme');
    });
    after(async () => {
      await Promise.all(clients.map((a) => a.close()));
      await c?.stop();
      await dir?.stop();
    });

    void it('refuses startTls with an ldaps:// URL', async () => {
      const r = await c.api.call<Err>('PUT', '/api/v1/settings/directory', settings({ url: ldapsUrl, startTls: true, caPem }));
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'invalid_request');
      assert.match(r.body.error.message, /startTls/);
      assert.deepEqual(await c.api.ok('GET', '/api/v1/settings/directory'), { enabled: false, configured: false });
    });

    void it('logs a directory user in over ldaps:// with the configured CA, and maps their groups', async () => {
      await c.api.ok('PUT', '/api/v1/settings/directory', settings({ url: ldapsUrl, caPem }));
      assert.deepEqual(await c.api.ok('POST', '/api/v1/settings/directory/test'), { ok: true, usersVisible: 2 });
      const { api, status } = await login('alice', 'alice-directory-pw');
      assert.equal(status, 200);
      const me = await api.ok<Me>('GET', '/api/v1/me');
      assert.equal(me.user.kind, 'directory');
      assert.ok(me.user.groups?.includes('soc-acme'));
      assert.deepEqual(me.tenants.map((t) => t.id), ['acme']);
      assert.deepEqual(me.tenants[0]!.permissions.resources['incidents'], ['read', 'write', 'execute']);
      await dir.addToGroup('alice', 'soc-all');
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme', 'globex']);
      await dir.removeFromGroup('alice', 'soc-all');
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme']);
      assert.equal((await login('alice', 'not-her-password')).status, 401, 'a wrong password is still a 401 over TLS');
    });

    void it('logs a directory user in over ldap:// after StartTLS', async (t) => {
      if (!dir.startTls) {
        t.skip('the ldapjs server has no StartTLS');
        return;
      }
      await c.api.ok('PUT', '/api/v1/settings/directory', settings({ url: dir.url, startTls: true, caPem }));
      assert.deepEqual(await c.api.ok('POST', '/api/v1/settings/directory/test'), { ok: true, usersVisible: 2 });
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme']);
    });

    void it('says the directory is unavailable, and never logs in, when another CA signed its certificate', async () => {
      const untrusted = [
        { url: ldapsUrl, caPem: otherCaPem },
        // Without caPem only the public CAs are trusted, and the test CA is none of them.
        { url: ldapsUrl },
        ...(dir.startTls ? [{ url: dir.url, startTls: true, caPem: otherCaPem }] : []),
      ];
      for (const connection of untrusted) {
        const why = JSON.stringify(connection, (k, v: unknown) => (k === 'caPem' ? (v === caPem ? 'directory CA' : 'other CA') : v));
        await c.api.ok('PUT', '/api/v1/settings/directory', settings(connection));
        const r = await login('alice', 'alice-directory-pw');
        assert.equal(r.status, 503, why);
        assert.equal(r.body.error.code, 'directory_unavailable', why);
        assert.match(r.body.error.message, /certificate/, why);
        assert.equal(JSON.stringify(r.body).includes(dir.bindPassword), false);
        const tested = await c.api.call<Err>('POST', '/api/v1/settings/directory/test');
        assert.equal(tested.status, 503, why);
        assert.equal(tested.body.error.code, 'directory_unavailable', why);
      }
      assert.equal((await login('admin', c.password)).status, 200, 'local accounts still log in');
      // The same directory with its own CA: it was the certificate, not the directory.
      await c.api.ok('PUT', '/api/v1/settings/directory', settings({ url: ldapsUrl, caPem }));
      assert.deepEqual(await tenantsOf('alice', 'alice-directory-pw'), ['acme']);
    });
  });
}
