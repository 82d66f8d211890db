import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { missingFrom, parsePermissions } from '../../core/rbac.js';
import type { Asserted } from '../../net/assertion-verify.js';
import type { TenantKeyRepository } from '../../store/tenant-key-repo.js';
import type { Router } from '../http/router.js';
import { tenantKeyBody } from '../http/validators.js';

const ADMIN = ['users', 'admin'] as const;
const KEY_ID = /^[0-9a-f-]{36}$/;

/**
 * Tenant-scoped API keys, checked by the tenant itself: main hands over each key's hash and
 * permissions when it makes one, and a request carrying the key (instead of main's signed
 * assertion) is judged here against this copy, so a key can never do more than its tenant
 * recorded, whatever main says.
 */
export class TenantKeys {
  constructor(
    private readonly repo: TenantKeyRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(key: string): Promise<Asserted> {
    const found = await this.repo.use(createHash('sha256').update(key).digest('hex'), this.now());
    if (!found) throw new AppError('unauthorized', 'invalid, revoked or expired API key');
    return { subject: `apikey:${found.id}`, name: `apikey:${found.name}`, permissions: found.permissions };
  }

  routes(router: Router): void {
    const id = (params: Record<string, string>): string => {
      const v = params['keyId'] ?? '';
      if (!KEY_ID.test(v)) throw new AppError('invalid_request', 'keyId must be a key id');
      return v;
    };
    router
      .add('PUT', '/api/v1/api-keys/:keyId', { need: ADMIN, body: tenantKeyBody }, async (req) => {
        const b = req.body as { name: string; keyHash: string; permissions: unknown; expires: number | null };
        // Flags are powers on main, never on a tenant.
        const permissions = { resources: parsePermissions(b.permissions).resources, flags: [] };
        // A key holds no more than whoever made it holds here.
        const missing = req.caller ? missingFrom(req.caller.permissions, permissions) : 'everything';
        if (missing) throw new AppError('forbidden', `the key would hold ${missing}, which its maker does not hold here`);
        await this.repo.put({ id: id(req.params), name: b.name, keyHash: b.keyHash, permissions, expires: b.expires }, this.now());
        return { status: 204 };
      })
      .add('DELETE', '/api/v1/api-keys/:keyId', { need: ADMIN }, async (req) => {
        if (!(await this.repo.revoke(id(req.params), this.now()))) throw new AppError('not_found', `API key ${req.params['keyId']} not found`);
        return { status: 204 };
      });
  }
}
