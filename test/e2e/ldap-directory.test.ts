// The test directory itself, on both backends: directory-login tests are only as good as the
// directory they log in to, so it must answer like the real server would.
import { existsSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Client, EqualityFilter, InvalidCredentialsError, type Entry, type Filter } from 'ldapts';
import { startDirectory, type TestDirectory } from '../support/ldap.js';

const slapdInstalled = existsSync('/usr/sbin/slapd');
const forced = process.env['PALISADE_TEST_LDAP'] || undefined;
// An explicit PALISADE_TEST_LDAP=slapd without slapd must fail, not skip.
const defaultKind = forced ?? (slapdInstalled ? 'slapd' : 'ldapjs');

const normalize = (dn: string): string => dn.toLowerCase().replace(/,\s+/g, ',');

function asList(value: Entry[string] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.toString());
}

async function withClient<T>(dir: TestDirectory, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: dir.url, connectTimeout: 5000 });
  try {
    return await fn(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

async function readerFind(dir: TestDirectory, uid: string): Promise<Entry[]> {
  return withClient(dir, async (c) => {
    await c.bind(dir.bindDn, dir.bindPassword);
    const { searchEntries } = await c.search(dir.usersDn, { scope: 'sub', filter: `(uid=${uid})`, attributes: ['uid', 'mail', 'memberOf'] });
    return searchEntries;
  });
}

async function canBind(dir: TestDirectory, dn: string, password: string): Promise<void> {
  await withClient(dir, (c) => c.bind(dn, password));
}

async function exercise(t: TestContext, dir: TestDirectory): Promise<void> {
  assert.match(dir.url, /^ldap:\/\/127\.0\.0\.1:\d+$/);
  const aliceDn = await dir.addUser('alice', 'alice-pass-1');
  await dir.addUser('bob', 'bob-pass-1');
  const admins = `cn=palisade-admins,${dir.groupsDn}`;

  await dir.addToGroup('alice', 'palisade-admins');
  await dir.addToGroup('alice', 'palisade-admins'); // idempotent
  const found = await readerFind(dir, 'alice');
  assert.equal(found.length, 1, 'the reader finds alice');
  let alice = found[0];
  assert.ok(alice);
  assert.equal(alice.dn, aliceDn, 'addUser returns the DN as the server prints it');
  assert.deepEqual(asList(alice['mail']), ['alice@palisade.test']);
  assert.deepEqual(asList(alice['memberOf']).map(normalize), [normalize(admins)]);
  const [bob] = await readerFind(dir, 'bob');
  assert.deepEqual(asList(bob?.['memberOf']), [], 'bob is in no group');

  // uid matches ignoring case, as the OpenLDAP schema says, and escaped filter characters stay
  // literal: both took work in the ldapjs fallback.
  const oddDn = await dir.addUser('o*(dd),x', 'odd-pass-1');
  const odd = await withClient(dir, async (c) => {
    await c.bind(dir.bindDn, dir.bindPassword);
    const dns = async (filter: Filter | string): Promise<string[]> =>
      (await c.search(dir.usersDn, { scope: 'sub', filter, attributes: ['1.1'] })).searchEntries.map((e) => e.dn);
    return { exact: await dns(new EqualityFilter({ attribute: 'uid', value: 'O*(DD),X' })), star: await dns('(uid=\\2a)') };
  });
  assert.deepEqual(odd, { exact: [oddDn], star: [] });

  await dir.removeFromGroup('alice', 'palisade-admins');
  [alice] = await readerFind(dir, 'alice');
  assert.deepEqual(asList(alice?.['memberOf']), [], 'memberOf follows removal');
  // The reader placeholder keeps the now user-less group valid, so alice can rejoin.
  await dir.addToGroup('alice', 'palisade-admins');
  [alice] = await readerFind(dir, 'alice');
  assert.deepEqual(asList(alice?.['memberOf']).map(normalize), [normalize(admins)]);

  await canBind(dir, aliceDn, 'alice-pass-1');
  await assert.rejects(canBind(dir, aliceDn, 'wrong-password'), InvalidCredentialsError);
  await assert.rejects(canBind(dir, `uid=nobody,${dir.usersDn}`, 'x'), InvalidCredentialsError);
  // An empty password is an unauthenticated bind, which must never count as a login.
  await assert.rejects(canBind(dir, aliceDn, ''));
  await dir.setPassword('alice', 'alice-pass-2');
  await assert.rejects(canBind(dir, aliceDn, 'alice-pass-1'), InvalidCredentialsError);
  await canBind(dir, aliceDn, 'alice-pass-2');

  const anonymous = await withClient(dir, async (c) => {
    try {
      return (await c.search(dir.usersDn, { scope: 'sub', filter: '(objectClass=*)' })).searchEntries;
    } catch {
      return []; // refused outright, as slapd does
    }
  });
  assert.deepEqual(anonymous, [], 'anonymous sees no people');

  // Users read themselves only.
  const seenByAlice = await withClient(dir, async (c) => {
    await c.bind(aliceDn, 'alice-pass-2');
    const own = (await c.search(aliceDn, { scope: 'base', attributes: ['uid'] })).searchEntries;
    const bobs = await c.search(`uid=bob,${dir.usersDn}`, { scope: 'base' }).then((r) => r.searchEntries, () => []);
    return { own: own.length, bobs: bobs.length };
  });
  assert.deepEqual(seenByAlice, { own: 1, bobs: 0 });

  t.diagnostic(`${dir.kind} directory at ${dir.url}`);
}

async function run(t: TestContext, kind?: 'slapd' | 'ldapjs'): Promise<void> {
  const started = performance.now();
  const dir = await startDirectory(kind ? { kind } : {});
  t.diagnostic(`startDirectory took ${Math.round(performance.now() - started)} ms`);
  try {
    assert.equal(dir.kind, kind ?? defaultKind);
    await exercise(t, dir);
  } finally {
    await dir.stop();
  }
  await assert.rejects(canBind(dir, dir.bindDn, dir.bindPassword), 'the server is gone after stop()');
}

void test('test directory: default backend (slapd when installed)', {
  skip: !slapdInstalled && forced !== 'slapd' ? 'slapd is not installed' : false,
}, (t) => run(t));

void test('test directory: forced ldapjs fallback', (t) => run(t, 'ldapjs'));
