import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { missingFrom, type Action } from '../../core/rbac.js';
import type { User } from '../../store/user-repo.js';
import { hashPassword } from '../passwords.js';
import { accessOf, callerOf, type MainServices, type RouteModule } from './context.js';
import { checkPassword, passwordSchema, tenantIdParams, usernameSchema } from './schemas.js';

const userParams = {
  type: 'object',
  required: ['id', 'userId'],
  properties: { ...tenantIdParams.properties, userId: { type: 'string', maxLength: 64 } },
} as const;

const roleRef = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** A tenant the caller may manage users of (a tenant they may not see is simply not found). */
async function tenantFor(s: MainServices, req: FastifyRequest<{ Params: { id: string } }>, action: Action) {
  const { tenant } = await s.tenants.requireLive(req.params.id);
  accessOf(req).require(tenant, 'users', action);
  return tenant;
}

/** The role to give a customer user: usable on this tenant, and no more than the caller holds there. */
async function grantable(s: MainServices, req: FastifyRequest, tenant: { id: string; labels: string[] }, ref: string): Promise<string> {
  const role = await s.access.findRole(ref, tenant.id);
  if (!role) throw new AppError('invalid_request', `role "${ref}" is not a role usable on tenant ${tenant.id}`);
  const missing = missingFrom(accessOf(req).on(tenant), role.permissions);
  if (missing) throw new AppError('forbidden', `role ${role.name} includes ${missing}, which you do not hold on tenant ${tenant.id}`);
  return role.id;
}

const shown = async (s: MainServices, u: User) => ({
  ...u,
  username: u.username.slice(u.username.indexOf('/') + 1),
  role: (await s.access.grants(u.id))[0]?.role ?? null,
});

/**
 * Customer users: they belong to exactly one tenant, sign in as `{tenant, username}`, and see
 * nothing beyond it. Their names are per tenant, so creating one reveals nothing of others.
 */
export const tenantUserRoutes: RouteModule = (app, s) => {
  app.get<{ Params: { id: string } }>('/api/v1/tenants/:id/users', { schema: { summary: "A tenant's customer users", params: tenantIdParams } }, async (req) => {
    const tenant = await tenantFor(s, req, 'read');
    return { items: await Promise.all((await s.users.list(tenant.id)).map((u) => shown(s, u))) };
  });

  app.post<{ Params: { id: string }; Body: { username: string; password: string; role: string } }>(
    '/api/v1/tenants/:id/users',
    {
      schema: {
        summary: 'Create a customer user of this tenant, holding one role here (main roles or this tenant\'s own)',
        params: tenantIdParams,
        body: { type: 'object', additionalProperties: false, required: ['username', 'password', 'role'], properties: { username: usernameSchema, password: passwordSchema, role: roleRef } },
      },
    },
    async (req, reply) => {
      const tenant = await tenantFor(s, req, 'write');
      checkPassword(req.body.username, req.body.password);
      const role = await grantable(s, req, tenant, req.body.role);
      const login = `${tenant.id}/${req.body.username}`;
      if (await s.users.byUsername(login)) throw new AppError('conflict', `tenant ${tenant.id} has a user named ${req.body.username} already`);
      const id = randomUUID();
      await s.users.create({ id, username: login, passwordHash: await hashPassword(req.body.password), created: Date.now(), kind: 'customer', tenant: tenant.id });
      await s.access.setGrants(id, [{ tenant: tenant.id, role }], new Set([tenant.id]));
      return reply.status(201).send(await shown(s, (await s.users.get(id))!));
    },
  );

  const customer = async (tenantId: string, userId: string): Promise<User> => {
    const user = await s.users.get(userId);
    if (!user || user.tenant !== tenantId) throw new AppError('not_found', `user ${userId} not found`);
    return user;
  };

  app.patch<{ Params: { id: string; userId: string }; Body: { password?: string; disabled?: boolean; role?: string } }>(
    '/api/v1/tenants/:id/users/:userId',
    {
      schema: {
        summary: "Reset a customer user's password, disable / enable them, or change their role",
        params: userParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { password: passwordSchema, disabled: { type: 'boolean' }, role: roleRef } },
      },
    },
    async (req) => {
      const tenant = await tenantFor(s, req, 'write');
      const user = await customer(tenant.id, req.params.userId);
      await s.access.requireCovers(accessOf(req), user, [tenant]);
      // Checked before anything changes: a refused role leaves the password as it was.
      const role = req.body.role === undefined ? undefined : await grantable(s, req, tenant, req.body.role);
      if (req.body.password !== undefined) {
        checkPassword(user.username, req.body.password);
        await s.users.setPassword(user.id, await hashPassword(req.body.password));
      }
      if (req.body.disabled !== undefined) await s.users.setDisabled(user.id, req.body.disabled);
      if (role !== undefined) await s.access.setGrants(user.id, [{ tenant: tenant.id, role }], new Set([tenant.id]));
      return shown(s, (await s.users.get(user.id))!);
    },
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    '/api/v1/tenants/:id/users/:userId',
    { schema: { summary: 'Delete a customer user', params: userParams } },
    async (req, reply) => {
      const tenant = await tenantFor(s, req, 'admin');
      if (req.params.userId === callerOf(req).userId) throw new AppError('conflict', 'you cannot delete your own account');
      const user = await customer(tenant.id, req.params.userId);
      await s.access.requireCovers(accessOf(req), user, [tenant]);
      await s.users.delete(user.id);
      return reply.status(204).send();
    },
  );
};
