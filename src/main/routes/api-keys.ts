import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { missingFrom } from '../../core/rbac.js';
import type { ApiKeyRow } from '../../store/api-key-repo.js';
import { hashToken } from '../services/auth.js';
import type { FastifyRequest } from 'fastify';
import { accessOf, callerOf, type MainServices, type RouteModule } from './context.js';

const view = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  scope: k.tenant ? { tenant: k.tenant, role: k.role } : { user: k.userId },
  created: new Date(k.created).toISOString(),
  expiresAt: k.expires === null ? null : new Date(k.expires).toISOString(),
  lastUsed: k.lastUsed === null ? null : new Date(k.lastUsed).toISOString(),
  revoked: k.revoked !== null,
});

/** Gives a tenant its copy of a key, or takes it back; false when the tenant did not take it. */
async function tellTenant(s: MainServices, req: FastifyRequest, tenantId: string, method: 'PUT' | 'DELETE', keyId: string, body?: unknown): Promise<boolean> {
  try {
    const { tenant, host } = await s.tenants.requireLive(tenantId);
    const res = await s.client.relay(host, tenant.id, {
      method,
      path: `/api/v1/api-keys/${keyId}`,
      body: body === undefined ? null : Buffer.from(JSON.stringify(body)),
      requestId: req.id,
      timeoutMs: 10_000,
      assertion: await s.access.assertFor(accessOf(req), tenant, req.ip),
    });
    await res.body.dump();
    return res.status === 204;
  } catch (err) {
    req.log.warn({ err, tenant: tenantId }, 'tenant API key not synchronised');
    return false;
  }
}

/** API keys for scripts and ingestion: acting as their user, or for one tenant with one role. */
export const apiKeyRoutes: RouteModule = (app, s) => {
  app.post<{ Body: { name: string; tenant?: string; role?: string; expiresAt?: string } }>(
    '/api/v1/api-keys',
    {
      schema: {
        summary: 'Create an API key (shown once): for yourself, or for one tenant with one role (default Analyst)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            tenant: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
            role: { type: 'string', maxLength: 100 },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    async (req, reply) => {
      const ctx = accessOf(req);
      const caller = callerOf(req);
      if (caller.grants) throw new AppError('forbidden', 'an API key cannot create API keys');
      const expires = req.body.expiresAt === undefined ? null : Date.parse(req.body.expiresAt);
      if (expires !== null && expires <= Date.now()) throw new AppError('invalid_request', 'expiresAt must be in the future');
      let tenant: string | null = null;
      let role: string | null = null;
      if (req.body.tenant !== undefined) {
        // Whoever administers users on the tenant (main's or the tenant's own administrators)
        // may give it a key, holding no more than they hold there.
        const { tenant: row } = await s.tenants.requireLive(req.body.tenant);
        const held = ctx.require(row, 'users', 'admin');
        const found = await s.access.findRole(req.body.role ?? 'analyst', row.id);
        if (!found) throw new AppError('invalid_request', `role "${req.body.role ?? ''}" is not a role usable on tenant ${row.id}`);
        const missing = missingFrom(held, found.permissions);
        if (missing) throw new AppError('forbidden', `role ${found.name} includes ${missing}, which you do not hold on tenant ${row.id}`);
        tenant = row.id;
        role = found.id;
      } else if (req.body.role !== undefined) {
        throw new AppError('invalid_request', 'role is only for tenant keys: a personal key acts with your own roles');
      }
      const key = `pak_${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      await s.apiKeys.create({ id, name: req.body.name, keyHash: hashToken(key), userId: tenant ? null : caller.userId, tenant, role, createdBy: caller.userId, created: Date.now(), expires });
      if (tenant && role) {
        // The tenant keeps its own copy and checks the key itself: no tenant copy, no key.
        const permissions = (await s.access.findRole(role, tenant))?.permissions.resources ?? {};
        const told = await tellTenant(s, req, tenant, 'PUT', id, { name: req.body.name, keyHash: hashToken(key), permissions, expires });
        if (!told) {
          await s.apiKeys.delete(id);
          throw new AppError('tenant_unavailable', `tenant ${tenant} could not record the key: try again when it is running`);
        }
      }
      return reply.status(201).send({ ...view((await s.apiKeys.get(id))!), key });
    },
  );

  app.get('/api/v1/api-keys', { schema: { summary: 'Your API keys (all of them for user administrators); never the keys themselves' } }, async (req) => {
    const all = accessOf(req).mainAllows('users', 'admin');
    return { items: (await s.apiKeys.list(all ? undefined : callerOf(req).userId)).map(view) };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/v1/api-keys/:id',
    { schema: { summary: 'Revoke an API key: it stops working at once', params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } } },
    async (req, reply) => {
      const key = await s.apiKeys.get(req.params.id);
      if (!key || (key.createdBy !== callerOf(req).userId && !accessOf(req).mainAllows('users', 'admin'))) {
        throw new AppError('not_found', `API key ${req.params.id} not found`);
      }
      // Main refuses the key from now on whatever happens next; the tenant is told too.
      await s.apiKeys.revoke(key.id, Date.now());
      if (key.tenant && !(await tellTenant(s, req, key.tenant, 'DELETE', key.id))) {
        req.log.warn({ key: key.id, tenant: key.tenant }, 'tenant not told of a revoked key: main refuses it, the tenant still has it');
      }
      return reply.status(204).send();
    },
  );
};
