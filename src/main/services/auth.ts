import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Grant } from '../../core/rbac.js';
import type { ApiKeyRepository } from '../../store/api-key-repo.js';
import type { UserRepository } from '../../store/main-repos.js';
import { hashPassword, needsRehash, verifyPassword } from '../passwords.js';
import { LoginGuard } from './login-guard.js';

export interface Caller {
  userId: string;
  username: string;
  /** Set for a tenant-scoped API key: exactly these grants, instead of a user's. */
  grants?: Grant[];
}

const SESSION_MS = 12 * 60 * 60 * 1000;
// Verifying against a real hash when the user does not exist keeps failed logins equally slow.
let dummyHash: Promise<string> | undefined;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Logins and bearer sessions. Tokens are random; only their hash is stored. */
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly guard: LoginGuard = new LoginGuard(),
    private readonly now: () => number = Date.now,
  ) {}

  async login(username: string, password: string, address: string): Promise<{ token: string; expiresAt: string }> {
    this.guard.before(username, address);
    const user = await this.users.byUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex')))));
    if (!user || !ok || user.disabled) {
      this.guard.failed(username);
      throw new AppError('unauthorized', 'invalid username or password');
    }
    this.guard.succeeded(username);
    if (needsRehash(user.passwordHash)) await this.users.setPassword(user.id, await hashPassword(password));
    const token = `pls_${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    await this.users.createSession(hashToken(token), user.id, now, now + SESSION_MS);
    return { token, expiresAt: new Date(now + SESSION_MS).toISOString() };
  }

  async logout(authorization: string | undefined): Promise<void> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (m?.[1]) await this.users.deleteSession(hashToken(m[1]));
  }

  async authenticate(authorization: string | undefined): Promise<Caller> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) throw new AppError('unauthorized', 'missing bearer token');
    if (m[1].startsWith('pak_')) return this.byApiKey(m[1]);
    const user = await this.users.sessionUser(hashToken(m[1]), this.now());
    if (!user) throw new AppError('unauthorized', 'invalid or expired token');
    return { userId: user.id, username: user.username };
  }

  /** A user's key acts as that (enabled) user; a tenant's key holds one role on that tenant only. */
  private async byApiKey(key: string): Promise<Caller> {
    const row = await this.keys.use(hashToken(key), this.now());
    if (!row) throw new AppError('unauthorized', 'invalid, revoked or expired API key');
    if (row.userId) {
      const user = await this.users.get(row.userId);
      if (!user || user.disabled) throw new AppError('unauthorized', 'invalid, revoked or expired API key');
      return { userId: user.id, username: user.username };
    }
    return { userId: `apikey:${row.id}`, username: `apikey:${row.name}`, grants: [{ scope: { tenant: row.tenant ?? '' }, role: row.role ?? 'read-only' }] };
  }
}
