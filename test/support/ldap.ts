// A real LDAP directory for end-to-end tests of directory logins: OpenLDAP's slapd when the
// machine has it (.ci/run installs it), otherwise an in-process ldapjs server that mimics it
// (./ldap-fallback.ts). PALISADE_TEST_LDAP=slapd|ldapjs, or the `kind` option, picks one.
// Both are seeded and changed through the same ldapts code bound as the rootdn, so a test
// cannot pass on one backend only because the helper took a shortcut on it. With `tls`, slapd
// serves ldap:// with StartTLS plus ldaps://, the fallback ldaps:// only (./ldap-tls.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlreadyExistsError, Attribute, Change, Client, NoSuchAttributeError, TypeOrValueExistsError } from 'ldapts';
import { startFallbackServer } from './ldap-fallback.js';
import { clientTlsOptions, makeDirectoryTls, slapdTlsConfig, type DirectoryTls } from './ldap-tls.js';

export interface TestDirectory {
  kind: 'slapd' | 'ldapjs';
  /** ldap://127.0.0.1:<port>; with `tls` on the ldapjs fallback, which has no plain port, the same as ldapsUrl. */
  url: string;
  /** With `tls`: ldaps://127.0.0.1:<port>. */
  ldapsUrl?: string;
  /** With `tls`: the PEM of the CA that signed the directory's certificate (for 127.0.0.1 and localhost). */
  caPem?: string;
  /** Whether StartTLS works on `url`: with `tls` on slapd only; the ldapjs server cannot do it. */
  startTls: boolean;
  baseDn: string;              // 'dc=palisade,dc=test'
  usersDn: string;             // 'ou=people,dc=palisade,dc=test'
  groupsDn: string;            // 'ou=groups,dc=palisade,dc=test'
  bindDn: string;              // the read-only service account DN
  bindPassword: string;
  /** Adds a person (inetOrgPerson, uid=<uid>, cn, sn, mail, userPassword) under usersDn; returns its DN. */
  addUser(uid: string, password: string): Promise<string>;
  /**
   * Creates the groupOfNames cn=<group> under groupsDn if needed and adds the user; a no-op if
   * already a member. Every group also lists bindDn, because groupOfNames must keep a member
   * when the last user is removed.
   */
  addToGroup(uid: string, group: string): Promise<void>;
  /** A no-op if the user is not a member; the group must exist. */
  removeFromGroup(uid: string, group: string): Promise<void>;
  setPassword(uid: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartDirectoryOptions {
  /** Defaults to PALISADE_TEST_LDAP, then to slapd when installed. */
  kind?: 'slapd' | 'ldapjs';
  /** Serve TLS too, with a certificate from a fresh CA (TestDirectory.caPem); see ldapsUrl and startTls. */
  tls?: boolean;
}

const SLAPD = '/usr/sbin/slapd';
const BASE_DN = 'dc=palisade,dc=test';
const USERS_DN = `ou=people,${BASE_DN}`;
const GROUPS_DN = `ou=groups,${BASE_DN}`;
const ROOT_DN = `cn=admin,${BASE_DN}`;
// Plaintext is fine: the server only listens on loopback and lives for one test.
const ROOT_PASSWORD = 'admin-pass-123';
const READER_DN = `cn=reader,ou=services,${BASE_DN}`;
const READER_PASSWORD = 'reader-pass-123';

interface Backend {
  url: string;
  ldapsUrl?: string;
  startTls: boolean;
  stop(): Promise<void>;
}

function chooseKind(requested: StartDirectoryOptions['kind']): TestDirectory['kind'] {
  const wanted = requested ?? (process.env['PALISADE_TEST_LDAP'] || undefined);
  if (wanted !== undefined && wanted !== 'slapd' && wanted !== 'ldapjs') {
    throw new Error(`PALISADE_TEST_LDAP must be "slapd" or "ldapjs", not ${JSON.stringify(wanted)}`);
  }
  if (wanted === 'slapd' && !existsSync(SLAPD)) {
    throw new Error(`slapd was asked for but ${SLAPD} is missing: apt-get install slapd (or unset PALISADE_TEST_LDAP)`);
  }
  return wanted ?? (existsSync(SLAPD) ? 'slapd' : 'ldapjs');
}

/**
 * RFC 4514 escaping, so odd uids (the kind injection tests use) still make valid DNs; in hex,
 * as slapd prints DNs, so addUser() returns the DN searches will show.
 */
function rdnValue(value: string): string {
  return value.replace(/[\\,+"<>;=]|^[ #]| $/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function slapdConfig(dir: string, tls: DirectoryTls | undefined): string {
  return [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`),
    `pidfile "${dir}/slapd.pid"`,
    `argsfile "${dir}/slapd.args"`,
    ...(tls ? slapdTlsConfig(dir, tls) : []),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    'database mdb',
    `suffix "${BASE_DN}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory "${dir}/db"`,
    // The data is thrown away after the test; skipping fsync keeps the seeding fast.
    'dbnosync',
    'overlay memberof',
    // The rootdn is not subject to ACLs. `anonymous auth` is what lets anyone try a bind.
    // As a real directory would: nobody reads a password; users bind with theirs.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    `access to * by dn.exact="${READER_DN}" read by self read by anonymous auth by * none`,
    '',
  ].join('\n');
}

async function waitForBind(url: string, child: ChildProcess, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('slapd exited during startup');
    const client = new Client({ url, connectTimeout: 1000 });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      await client.unbind();
      return;
    } catch (err) {
      await client.unbind().catch(() => {});
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startSlapd(tls: DirectoryTls | undefined): Promise<Backend> {
  // The ports are picked before slapd binds them, so another process can take one in between.
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'palisade-slapd-'));
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'slapd.conf'), slapdConfig(dir, tls));
    const url = `ldap://127.0.0.1:${await freePort()}`;
    // With TLS configured, slapd offers StartTLS on its ldap:// listener by itself.
    const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
    const logFd = openSync(join(dir, 'slapd.log'), 'w');
    // -d keeps slapd in the foreground as our direct child; no -u/-g, so it runs as whoever
    // runs the tests and can use the folder it was given.
    const child = spawn(SLAPD, ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', `${url}/${ldapsUrl ? ` ${ldapsUrl}/` : ''}`], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    // A test that never calls stop() must not keep the test process alive: the exit hook
    // and the watchdog below take care of slapd then.
    child.unref();
    const onExit = (): void => void child.kill('SIGTERM');
    process.on('exit', onExit);
    // If the test process is killed outright (no 'exit' event), the watchdog's stdin pipe
    // closes and it stops slapd and removes the folder. Its own session keeps it out of a
    // Ctrl-C aimed at the test run. An orphaned slapd that has exited stays a zombie (kill -0
    // succeeds) until init reaps it, hence the State check and the bound on the wait.
    const script = 'read _; kill -TERM "$1" 2>/dev/null; i=0; while [ $i -lt 100 ] && kill -0 "$1" 2>/dev/null && '
      + '! grep -qs "^State:.*Z" "/proc/$1/status"; do sleep 0.1; i=$((i+1)); done; rm -rf "$2"';
    const watchdog = spawn('/bin/sh', ['-c', script, 'slapd-watchdog', String(child.pid), dir], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watchdog.unref();
    (watchdog.stdin as unknown as Socket).unref();
    const stop = async (): Promise<void> => {
      watchdog.kill('SIGKILL');
      process.off('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.ref();
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      // slapd opens every listener before it answers on any, or exits when one fails.
      await waitForBind(url, child, Date.now() + 15_000);
      return { url, ...(ldapsUrl ? { ldapsUrl } : {}), startTls: tls !== undefined, stop };
    } catch (err) {
      const log = readFileSync(join(dir, 'slapd.log'), 'utf8');
      await stop();
      if (attempt < 3 && log.includes('Address already in use')) continue;
      throw new Error(`slapd did not start (${String(err)}); its output:\n${log}`);
    }
  }
}

async function startLdapjs(tls: DirectoryTls | undefined): Promise<Backend> {
  // An ldapjs server speaks either plain LDAP or TLS from the first byte, and has no StartTLS.
  const serverTls = tls ? { tls: { certificate: tls.certPem, key: tls.keyPem } } : {};
  const server = await startFallbackServer({ suffix: BASE_DN, rootDn: ROOT_DN, rootPassword: ROOT_PASSWORD, readerDn: READER_DN, ...serverTls });
  const url = `${tls ? 'ldaps' : 'ldap'}://127.0.0.1:${server.port}`;
  return { url, ...(tls ? { ldapsUrl: url } : {}), startTls: false, stop: () => server.close() };
}

async function seed(admin: Client): Promise<void> {
  await admin.add(BASE_DN, { objectClass: ['top', 'dcObject', 'organization'], dc: 'palisade', o: 'Palisade tests' });
  for (const ou of ['people', 'groups', 'services']) {
    await admin.add(`ou=${ou},${BASE_DN}`, { objectClass: ['top', 'organizationalUnit'], ou });
  }
  await admin.add(READER_DN, {
    objectClass: ['organizationalRole', 'simpleSecurityObject'],
    cn: 'reader',
    userPassword: READER_PASSWORD,
  });
}

/** Lets an idempotent helper swallow the one LDAP result that means "already done". */
async function ignoring(kind: new (...args: never[]) => Error, op: Promise<void>): Promise<void> {
  try {
    await op;
  } catch (err) {
    if (!(err instanceof kind)) throw err;
  }
}

export async function startDirectory(options: StartDirectoryOptions = {}): Promise<TestDirectory> {
  const kind = chooseKind(options.kind);
  const tls = options.tls ? await makeDirectoryTls() : undefined;
  const backend = kind === 'slapd' ? await startSlapd(tls) : await startLdapjs(tls);
  // Only the TLS-only fallback has an ldaps:// url; ldapts must not be given TLS options for
  // ldap://, or it speaks TLS from the first byte there.
  const adminTls = tls && backend.url.startsWith('ldaps:') ? { tlsOptions: clientTlsOptions(tls) } : {};
  // A connection per change rather than one kept open: an open socket would keep the test
  // process alive when a test forgets stop(), which both backends otherwise avoid.
  const asAdmin = async (op: (admin: Client) => Promise<void>): Promise<void> => {
    const admin = new Client({ url: backend.url, connectTimeout: 5000, ...adminTls });
    try {
      await admin.bind(ROOT_DN, ROOT_PASSWORD);
      await op(admin);
    } finally {
      await admin.unbind().catch(() => {});
    }
  };
  try {
    await asAdmin(seed);
  } catch (err) {
    await backend.stop();
    throw err;
  }

  const userDn = (uid: string): string => `uid=${rdnValue(uid)},${USERS_DN}`;
  const groupDn = (cn: string): string => `cn=${rdnValue(cn)},${GROUPS_DN}`;
  const member = (op: 'add' | 'delete', uid: string): Change =>
    new Change({ operation: op, modification: new Attribute({ type: 'member', values: [userDn(uid)] }) });

  let stopped: Promise<void> | undefined;
  return {
    kind,
    url: backend.url,
    ...(backend.ldapsUrl ? { ldapsUrl: backend.ldapsUrl } : {}),
    ...(tls ? { caPem: tls.caPem } : {}),
    startTls: backend.startTls,
    baseDn: BASE_DN,
    usersDn: USERS_DN,
    groupsDn: GROUPS_DN,
    bindDn: READER_DN,
    bindPassword: READER_PASSWORD,
    async addUser(uid, password) {
      const dn = userDn(uid);
      await asAdmin((admin) => admin.add(dn, {
        objectClass: ['inetOrgPerson'],
        uid,
        cn: uid,
        sn: uid,
        mail: `${uid}@palisade.test`,
        userPassword: password,
      }));
      return dn;
    },
    addToGroup: (uid, group) => asAdmin(async (admin) => {
      try {
        await admin.add(groupDn(group), { objectClass: ['groupOfNames'], cn: group, member: [READER_DN, userDn(uid)] });
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
        await ignoring(TypeOrValueExistsError, admin.modify(groupDn(group), member('add', uid)));
      }
    }),
    removeFromGroup: (uid, group) => asAdmin((admin) => ignoring(NoSuchAttributeError, admin.modify(groupDn(group), member('delete', uid)))),
    setPassword: (uid, password) => asAdmin((admin) => admin.modify(userDn(uid), new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'userPassword', values: [password] }),
    }))),
    stop() {
      stopped ??= backend.stop();
      return stopped;
    },
  };
}
