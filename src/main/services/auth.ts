import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { ApiKeyRepository } from '../../store/api-key-repo.js';
import type { UserKind, UserRepository, UserRow } from '../../store/user-repo.js';
import { hashPassword, needsRehash, verifyPassword } from '../passwords.js';
import type { AccessService } from './access.js';
import type { Caller } from './caller.js';
import type { DirectoryService } from './directory.js';
import type { LoginGuard } from './login-guard.js';

export interface Credentials {
  authorization?: string | undefined;
  cookie?: string | undefined;
  csrf?: string | undefined;
  method: string;
}

export interface LoginResult {
  /** The bearer token; absent for a cookie session, whose token scripts must never see. */
  token?: string;
  /** For a cookie session: the value to send back in `x-csrf-token` on every change. */
  csrfToken?: string;
  /** For a cookie session: the Set-Cookie value. */
  cookie?: string;
  expiresAt: string;
  user: { id: string; username: string; kind: UserKind; tenant: string | null };
}

export const SESSION_COOKIE = 'palisade_session';
const SESSION_MS = 12 * 60 * 60 * 1000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Verifying against a real hash whatever happens keeps every failed login equally slow.
let dummyHash: Promise<string> | undefined;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
/** Bound to the session token: a page that cannot read the cookie cannot compute it. */
export const csrfFor = (token: string): string => createHash('sha256').update(`csrf:${token}`).digest('base64url');

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Logins (local, customer and directory users), sessions (bearer or cookie) and API keys. */
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly access: AccessService,
    private readonly directory: DirectoryService,
    private readonly tenantIds: () => Promise<Set<string>>,
    private readonly guard: LoginGuard,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A customer user signs in naming their tenant (or as `tenant/name`); anyone else by name.
   * Unknown users, wrong passwords and disabled accounts get the same answer after the same work.
   */
  async login(input: { username: string; password: string; tenant?: string; session?: 'bearer' | 'cookie' }, address: string): Promise<LoginResult> {
    const login = input.tenant === undefined ? input.username : `${input.tenant}/${input.username}`;
    await this.guard.before(login, address);
    let user = await this.users.byUsername(login);
    const ok = await verifyPassword(input.password, user && user.kind !== 'directory' ? user.passwordHash : await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
    if (user && user.kind !== 'directory') {
      if (!ok) user = undefined;
      else if (needsRehash(user.passwordHash)) await this.users.setPassword(user.id, await hashPassword(input.password));
    } else if (!login.includes('/')) {
      user = await this.directoryLogin(login, input.password, user);
    }
    if (!user || user.disabled) {
      await this.guard.failed(login);
      throw new AppError('unauthorized', 'invalid username or password');
    }
    await this.guard.succeeded(login);
    await this.users.loggedIn(user.id, this.now());
    return this.startSession(user, input.session ?? 'bearer');
  }

  /** Binds to the directory as the user; on success their access is recomputed from their groups now. */
  private async directoryLogin(login: string, password: string, known: UserRow | undefined): Promise<UserRow | undefined> {
    const found = await this.directory.authenticate(login, password);
    if (!found) return undefined;
    let user = known;
    if (!user) {
      await this.users.create({ id: randomUUID(), username: login, passwordHash: '!directory', created: this.now(), kind: 'directory', directoryDn: found.dn });
      user = await this.users.byUsername(login);
      if (!user) return undefined;
    }
    if (user.disabled) return user;
    const mappings = (await this.directory.get())?.mappings ?? [];
    const groups = new Set(found.groups);
    const entries = mappings.filter((m) => groups.has(m.group.toLowerCase())).map(({ group: _, ...entry }) => entry);
    await this.access.setDirectoryGrants(user.id, entries, await this.tenantIds());
    await this.users.setGroups(user.id, found.groups);
    await this.users.loggedIn(user.id, this.now(), found.dn);
    return user;
  }

  private async startSession(user: UserRow, kind: 'bearer' | 'cookie'): Promise<LoginResult> {
    const token = `pls_${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    await this.users.createSession(hashToken(token), user.id, now, now + SESSION_MS, kind);
    const expiresAt = new Date(now + SESSION_MS).toISOString();
    const shown = { id: user.id, username: user.username, kind: user.kind, tenant: user.tenant };
    if (kind === 'bearer') return { token, expiresAt, user: shown };
    return {
      csrfToken: csrfFor(token),
      cookie: `${SESSION_COOKIE}=${token}; Path=/api/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`,
      expiresAt,
      user: shown,
    };
  }

  /** Ends the session the request came with (bearer or cookie); returns the cookie that clears it. */
  async logout(c: Credentials): Promise<string> {
    const token = /^Bearer\s+(\S+)$/i.exec(c.authorization ?? '')?.[1] ?? cookieValue(c.cookie, SESSION_COOKIE);
    if (token) await this.users.deleteSession(hashToken(token));
    return `${SESSION_COOKIE}=; Path=/api/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
  }

  async authenticate(c: Credentials): Promise<Caller> {
    if (c.authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(c.authorization);
      if (!m?.[1]) throw new AppError('unauthorized', 'malformed authorization header: expected "Bearer <token>"');
      if (m[1].startsWith('pak_')) return this.byApiKey(m[1]);
      return this.bySession(m[1], 'bearer');
    }
    const token = cookieValue(c.cookie, SESSION_COOKIE);
    if (!token) throw new AppError('unauthorized', 'missing bearer token or session cookie');
    // A cookie rides along with any request the browser makes, even one another site
    // triggers: changes must also prove they come from our page.
    if (!SAFE_METHODS.has(c.method.toUpperCase()) && !(c.csrf && sameSecret(c.csrf, csrfFor(token)))) {
      throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header for a cookie session');
    }
    return this.bySession(token, 'cookie');
  }

  private async bySession(token: string, via: 'bearer' | 'cookie'): Promise<Caller> {
    const user = await this.users.sessionUser(hashToken(token), this.now());
    if (!user) throw new AppError('unauthorized', 'invalid or expired session');
    return { userId: user.id, username: user.username, kind: user.kind, via, ...(user.tenant ? { tenant: user.tenant } : {}) };
  }

  /** A user's key acts as that (enabled) user; a tenant's key holds one role on that tenant only. */
  private async byApiKey(key: string): Promise<Caller> {
    const row = await this.keys.use(hashToken(key), this.now());
    if (!row) throw new AppError('unauthorized', 'invalid, revoked or expired API key');
    if (row.userId) {
      const user = await this.users.get(row.userId);
      if (!user || user.disabled) throw new AppError('unauthorized', 'invalid, revoked or expired API key');
      return { userId: user.id, username: user.username, kind: user.kind, via: 'apikey', ...(user.tenant ? { tenant: user.tenant } : {}) };
    }
    const tenant = row.tenant ?? '';
    return { userId: `apikey:${row.id}`, username: `apikey:${row.name}`, kind: 'apikey', via: 'apikey', tenant, key, grants: [{ scope: { tenant }, role: row.role ?? 'read-only' }] };
  }
}
