// In-process stand-in for slapd (./ldap.ts) on machines without OpenLDAP. It only has to be
// faithful where login code can tell the difference, so result codes, ACL outcomes, DN forms
// and memberOf bookkeeping copy what slapd 2.5 with the memberof overlay answers to the same
// requests; schema checking is limited to the rule the helper relies on (groupOfNames needs a
// member). Much of the code works around ldapjs 3 server quirks, noted where they bite.
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import ldap from 'ldapjs';

/** readerDn reads everything, like `by dn.exact=... read` in the slapd ACL. With tls the port speaks ldaps only: ldapjs has no StartTLS. */
export interface FallbackOptions { suffix: string; rootDn: string; rootPassword: string; readerDn: string; tls?: { certificate: string; key: string } }
export interface FallbackServer { port: number; close(): Promise<void> }

// @types/ldapjs describes ldapjs 2 and leaves requests and responses as `any`; these are the
// parts of version 3 used here.
interface ParsedRdn { keys(): Iterable<string>; getValue(name: string): string }
interface ParsedDn { length: number; rdnAt(i: number): ParsedRdn; parent(): ParsedDn | undefined }
interface LdapAttr { type: string; values: string[] }
interface Req { connection: { ldap: { bindDN: ParsedDn } } }
interface BindReq extends Req { dn: ParsedDn; credentials: string }
interface SearchReq extends Req { baseObject: ParsedDn; scope: number; filter: FilterNode; attributes: string[]; sizeLimit: number }
interface AddReq extends Req { entry: ParsedDn; attributes: LdapAttr[] }
interface ModifyReq extends Req { object: ParsedDn; changes: { operation: string; modification: LdapAttr }[] }
interface DelReq extends Req { entry: ParsedDn }
interface Res { diagnosticMessage: string; end(): void; send(entry: unknown): void; createSearchEntry(entry: object): unknown }
type Filter = ReturnType<typeof ldap.parseFilter>;
interface FilterNode extends Filter { attribute: string; value: string; filters: FilterNode[]; filter: FilterNode; initial: string; any: string[]; final: string }

/** ndn and ancestors are normalized DNs, nearest ancestor first; attrs are keyed lower-case. */
interface Entry { dn: string; ndn: string; ancestors: string[]; attrs: Map<string, LdapAttr> }

const [SCOPE_BASE, SCOPE_ONE] = [0, 1];
// ldapjs's identity for a connection that has not bound.
const ANONYMOUS = 'cn=anonymous';
// Operational: returned only when asked for by name or with '+', as slapd does.
const MEMBER_OF = 'memberof';
const DN_VALUED = new Set(['member', MEMBER_OF, 'manager', 'owner', 'seealso']);
// ldapjs lower-cases attribute names on add, but clients read results by the schema's
// spelling (entry.memberOf, entry.displayName), which is what slapd returns.
const CANONICAL = new Map(['objectClass', 'cn', 'sn', 'uid', 'mail', 'userPassword', 'givenName', 'displayName',
  'initials', 'description', 'title', 'ou', 'o', 'dc', 'l', 'st', 'street', 'postalCode', 'telephoneNumber', 'mobile',
  'employeeNumber', 'employeeType', 'departmentNumber', 'preferredLanguage', 'member', 'memberOf', 'manager', 'owner',
  'seeAlso', 'uidNumber', 'gidNumber', 'homeDirectory', 'loginShell', 'gecos', 'memberUid'].map((n) => [n.toLowerCase(), n]));
// @types/ldapjs misspells this class (InvalidAttriubteSyntaxError); this is the real export.
const { InvalidAttributeSyntaxError } = ldap as unknown as { InvalidAttributeSyntaxError: new (message: string) => Error };

/** A DN as slapd prints stored ones (ldapjs's own toString() leaves backslashes unescaped). */
function prettyDn(dn: string | ParsedDn): string {
  const parsed = typeof dn === 'string' ? (ldap.parseDN(dn) as unknown as ParsedDn) : dn;
  const rdns: string[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const rdn = parsed.rdnAt(i);
    const escape = (v: string): string => v.replace(/[\\,+"<>;=]|^[ #]| $/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase()}`);
    rdns.push([...rdn.keys()].map((k) => `${k.toLowerCase()}=${escape(rdn.getValue(k))}`).join('+'));
  }
  return rdns.join(',');
}

const normalizeDn = (dn: string | ParsedDn): string => prettyDn(dn).toLowerCase();

/**
 * What equality compares, per the OpenLDAP schema: userPassword exactly, DNs normalized, the
 * rest (uid, cn, mail, ...) ignoring case. ldapjs compares exactly, so both sides get folded.
 */
function fold(attr: string, value: string): string {
  if (attr === 'userpassword') return value;
  try {
    return DN_VALUED.has(attr) ? normalizeDn(value) : value.toLowerCase();
  } catch {
    return value.toLowerCase();
  }
}

/**
 * ldapjs re-parses each incoming filter from its own toString(), so values arrive still
 * escaped: "a*" as "a\2a". Its escaper writes * ( ) \, control and non-ASCII bytes as \XX but
 * passes through \XX already in a value, so only those are decoded, and \5c not in DNs, whose
 * own escapes (slapd writes a backslash as \5C) pass through it.
 */
function unescapeFilterValue(attr: string, value: string): string {
  const decoded = (b: number): boolean => b < 0x20 || b >= 0x80 || [0x2a, 0x28, 0x29].includes(b) || (b === 0x5c && !DN_VALUED.has(attr));
  return value.replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.slice(1).split('\\').flatMap((hex) => {
    const byte = parseInt(hex, 16);
    return decoded(byte) ? [byte] : [...Buffer.from(`\\${hex}`)];
  })).toString('utf8'));
}

const VALUE_FILTERS: Record<string, new (o: { attribute: string; value: string }) => Filter> = {
  EqualityFilter: ldap.EqualityFilter, ApproximateFilter: ldap.ApproximateFilter,
  GreaterThanEqualsFilter: ldap.GreaterThanEqualsFilter, LessThanEqualsFilter: ldap.LessThanEqualsFilter,
};

function caseFold(f: FilterNode): Filter {
  const attribute = f.attribute?.toLowerCase();
  const value = (v: string): string => fold(attribute, unescapeFilterValue(attribute, v));
  const piece = (v: string | undefined): string => (v ? unescapeFilterValue(attribute, v).toLowerCase() : '');
  switch (f.type) {
    case 'AndFilter': return new ldap.AndFilter({ filters: f.filters.map(caseFold) });
    case 'OrFilter': return new ldap.OrFilter({ filters: f.filters.map(caseFold) });
    case 'NotFilter': return new ldap.NotFilter({ filter: caseFold(f.filter) });
    case 'SubstringFilter': return new ldap.SubstringFilter({ attribute, initial: piece(f.initial), any: f.any.map(piece), final: piece(f.final) });
    case 'PresenceFilter': return new ldap.PresenceFilter({ attribute });
  }
  const Ctor = VALUE_FILTERS[f.type];
  return Ctor ? new Ctor({ attribute, value: value(f.value) }) : f;
}

// slapd stores DN-valued attributes in their pretty form ("uid=a, ou=b" becomes "uid=a,ou=b").
function stored(attr: string, values: string[]): string[] {
  try {
    return DN_VALUED.has(attr) ? values.map(prettyDn) : [...values];
  } catch {
    throw new InvalidAttributeSyntaxError(`${attr}: value is not a DN`);
  }
}

const values = (e: Entry, attr: string): string[] => e.attrs.get(attr)?.values ?? [];
const isGroup = (e: Entry): boolean => values(e, 'objectclass').some((v) => v.toLowerCase() === 'groupofnames');

export async function startFallbackServer(opts: FallbackOptions): Promise<FallbackServer> {
  const entries = new Map<string, Entry>();
  const suffix = normalizeDn(opts.suffix);
  const rootNdn = normalizeDn(opts.rootDn);
  const readerNdn = normalizeDn(opts.readerDn);
  const boundAs = (req: Req): string => normalizeDn(req.connection.ldap.bindDN);
  const canRead = (bound: string, e: Entry): boolean => bound === rootNdn || bound === readerNdn || bound === e.ndn;
  const requireRoot = (req: Req): void => {
    if (boundAs(req) !== rootNdn) throw new ldap.InsufficientAccessRightsError();
  };
  const find = (dn: ParsedDn | string): Entry => {
    const e = entries.get(normalizeDn(dn));
    if (!e) throw new ldap.NoSuchObjectError();
    return e;
  };

  // What the memberof overlay does when a group's member list changes: members that exist
  // gain or lose the group's DN; dangling members are ignored.
  function syncMemberOf(group: Entry, before: string[], after: string[]): void {
    const was = new Set(before.map(normalizeDn));
    const now = new Set(after.map(normalizeDn));
    for (const ndn of new Set([...was, ...now])) {
      const member = entries.get(ndn);
      if (!member || was.has(ndn) === now.has(ndn)) continue;
      const kept = values(member, MEMBER_OF).filter((v) => normalizeDn(v) !== group.ndn);
      if (now.has(ndn)) kept.push(group.dn);
      if (kept.length) member.attrs.set(MEMBER_OF, { type: 'memberOf', values: kept });
      else member.attrs.delete(MEMBER_OF);
    }
  }

  const checkWritable = (name: string): void => {
    if (name === MEMBER_OF) throw new ldap.ConstraintViolationError('memberOf: no user modification allowed');
  };
  const checkGroupHasMember = (e: Entry): void => {
    if (isGroup(e) && values(e, 'member').length === 0) {
      throw new ldap.ObjectclassViolationError("object class 'groupOfNames' requires attribute 'member'");
    }
  };

  // Handlers throw LDAP errors; ldapjs turns only errors passed to next() into results, and
  // copies their message to a field its v3 result messages no longer send.
  const handle = <R extends Req>(fn: (req: R, res: Res) => void) => (req: R, res: Res, next: (err?: unknown) => void): void => {
    try {
      fn(req, res);
      res.end();
      next();
    } catch (err) {
      if (err instanceof Error && err.message !== err.name) res.diagnosticMessage = err.message;
      next(err);
    }
  };

  const server = ldap.createServer(opts.tls && { ...opts.tls }); // a copy: ldapjs adds to the options it is given

  server.bind('', handle<BindReq>((req) => {
    const ndn = normalizeDn(req.dn);
    try {
      if (req.credentials === '') throw new ldap.UnwillingToPerformError('unauthenticated bind (DN with no password) disallowed');
      const ok = ndn === rootNdn ? req.credentials === opts.rootPassword : values(find(ndn), 'userpassword').includes(req.credentials);
      if (!ok) throw new ldap.InvalidCredentialsError();
    } catch (err) {
      // A failed bind leaves the connection anonymous (RFC 4511 4.2.1); ldapjs would keep the old identity.
      req.connection.ldap.bindDN = ldap.parseDN(ANONYMOUS) as unknown as ParsedDn;
      throw err instanceof ldap.NoSuchObjectError ? new ldap.InvalidCredentialsError() : err;
    }
  }));

  server.search('', handle<SearchReq>((req, res) => {
    const bound = boundAs(req);
    const base = find(req.baseObject);
    if (!canRead(bound, base)) {
      // slapd grants anonymous `auth`, which implies `disclose`: it admits the base exists.
      throw bound === ANONYMOUS ? new ldap.InsufficientAccessRightsError() : new ldap.NoSuchObjectError();
    }
    const filter = caseFold(req.filter);
    const requested = req.attributes.map((a) => a.toLowerCase());
    const allUser = requested.length === 0 || requested.includes('*');
    let sent = 0;
    for (const e of entries.values()) {
      const inScope = req.scope === SCOPE_BASE ? e === base
        : req.scope === SCOPE_ONE ? e.ancestors[0] === base.ndn : e === base || e.ancestors.includes(base.ndn);
      if (!inScope || !canRead(bound, e)) continue;
      // Like the slapd ACL: nobody but the rootdn reads or matches a password (the user binds with it).
      const readable = [...e.attrs].filter(([name]) => name !== 'userpassword' || bound === rootNdn);
      const matchable = Object.fromEntries(readable.map(([name, a]) => [name, a.values.map((v) => fold(name, v))]));
      if (!filter.matches(matchable)) continue;
      // Like slapd: the entries up to the client's limit, then sizeLimitExceeded.
      if (req.sizeLimit > 0 && sent++ === req.sizeLimit) throw new ldap.SizeLimitExceededError();
      const attributes = readable
        .filter(([name]) => requested.includes(name) || (name === MEMBER_OF ? requested.includes('+') : allUser))
        .map(([, a]) => new ldap.Attribute({ type: a.type, values: a.values }));
      // createSearchEntry skips ldapjs's attribute filtering, which compares names
      // case-sensitively; an LdapDn look-alike stops ldapjs re-printing the DN its way.
      res.send(res.createSearchEntry({ objectName: { [Symbol.toStringTag]: 'LdapDn', toString: () => e.dn }, attributes }));
    }
  }));

  server.add('', handle<AddReq>((req) => {
    requireRoot(req);
    const dn = prettyDn(req.entry);
    const ndn = dn.toLowerCase();
    if (entries.has(ndn)) throw new ldap.EntryAlreadyExistsError();
    const ancestors: string[] = [];
    for (let d = req.entry.parent(); d && d.length > 0; d = d.parent()) ancestors.push(normalizeDn(d));
    if (ndn !== suffix && !(ancestors[0] && entries.has(ancestors[0]))) throw new ldap.NoSuchObjectError();
    const e: Entry = { dn, ndn, ancestors, attrs: new Map() };
    for (const a of req.attributes) {
      const name = a.type.toLowerCase();
      checkWritable(name);
      if (a.values.length) e.attrs.set(name, { type: CANONICAL.get(name) ?? a.type, values: stored(name, a.values) });
    }
    checkGroupHasMember(e);
    entries.set(ndn, e);
    if (isGroup(e)) syncMemberOf(e, [], values(e, 'member'));
  }));

  server.modify('', handle<ModifyReq>((req) => {
    requireRoot(req);
    const e = find(req.object);
    // Changes apply all-or-nothing, so work on a copy.
    const updated: Entry = { ...e, attrs: new Map([...e.attrs].map(([k, a]) => [k, { ...a, values: [...a.values] }])) };
    for (const { operation, modification: m } of req.changes) {
      const name = m.type.toLowerCase();
      checkWritable(name);
      const current = values(updated, name);
      const has = new Set(current.map((v) => fold(name, v)));
      const given = new Set(m.values.map((v) => fold(name, v)));
      let result = stored(name, m.values);
      if (operation === 'add') {
        if ([...given].some((v) => has.has(v))) throw new ldap.AttributeOrValueExistsError(`modify/add: ${name}: value already exists`);
        result = [...current, ...result];
      } else if (operation === 'delete') {
        if (!current.length || [...given].some((v) => !has.has(v))) throw new ldap.NoSuchAttributeError(`modify/delete: ${name}: no such value`);
        result = given.size ? current.filter((v) => !given.has(fold(name, v))) : [];
      }
      if (result.length) updated.attrs.set(name, { type: CANONICAL.get(name) ?? m.type, values: result });
      else updated.attrs.delete(name);
    }
    checkGroupHasMember(updated);
    const before = isGroup(e) ? values(e, 'member') : [];
    e.attrs = updated.attrs;
    syncMemberOf(e, before, isGroup(e) ? values(e, 'member') : []);
  }));

  server.del('', handle<DelReq>((req) => {
    requireRoot(req);
    const e = find(req.entry);
    const children = [...entries.values()].filter((o) => o.ancestors[0] === e.ndn);
    if (children.length) throw new ldap.NotAllowedOnNonLeafError('subordinate objects must be deleted first');
    entries.delete(e.ndn);
    if (isGroup(e)) syncMemberOf(e, values(e, 'member'), []);
  }));

  // Unheard 'error' events would crash the test process; a client's broken connection shows up in the client.
  server.on('error', () => {});
  server.on('clientError', () => {});

  // close() waits for open connections, and a test that forgot to unbind must not hang stop().
  const sockets = new Set<Socket>();
  const net = (server as unknown as { server: NetServer }).server;
  net.on('connection', (s: Socket) => {
    // ldapjs writes each entry and the final result separately; with Nagle's algorithm the
    // result waits ~40 ms for the client's delayed ACK on every search that finds something.
    s.setNoDelay(true);
    // Like slapd in ./ldap.ts, a directory a test forgot to stop must not keep the process alive.
    s.unref();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  net.unref();
  const { port } = net.address() as AddressInfo; // listening on TCP: never a pipe name or null
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
