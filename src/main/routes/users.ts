import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { RESOURCES } from '../../core/rbac.js';
import { hashPassword } from '../passwords.js';
import { accessOf, callerOf, type RouteModule } from './context.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const password = { type: 'string', minLength: 12, maxLength: 1000 } as const;

/** A password long enough to resist guessing, and not built on the account's own name. */
function checkPassword(username: string, pw: string): void {
  if (pw.toLowerCase().includes(username.toLowerCase())) throw new AppError('invalid_request', 'password must not contain the username');
}

/** Local users, roles, and who holds which role where. */
export const userRoutes: RouteModule = (app, s) => {
  app.get('/api/v1/me', { schema: { summary: 'Who I am, the tenants I may see and my permissions on each' } }, async (req) => {
    const ctx = accessOf(req);
    const tenants = (await s.tenants.list()).filter((t) => ctx.sees(t));
    return {
      user: { id: callerOf(req).userId, username: callerOf(req).username },
      main: ctx.main,
      tenants: tenants.map((t) => ({ id: t.id, name: t.name, permissions: ctx.on({ id: t.id, labels: t.labels }) })),
    };
  });

  app.get('/api/v1/users', { schema: { summary: 'List local users' } }, async (req) => {
    accessOf(req).requireMain('users', 'read');
    return { items: await s.users.list() };
  });

  app.post<{ Body: { username: string; password: string } }>(
    '/api/v1/users',
    {
      schema: {
        summary: 'Create a local user (no access until granted)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: { username: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$' }, password },
        },
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('users', 'write');
      checkPassword(req.body.username, req.body.password);
      if (await s.users.byUsername(req.body.username)) throw new AppError('conflict', `a user named ${req.body.username} exists already`);
      const id = randomUUID();
      await s.users.create({ id, username: req.body.username, passwordHash: await hashPassword(req.body.password), created: Date.now() });
      return reply.status(201).send(await s.users.get(id));
    },
  );

  app.patch<{ Params: { id: string }; Body: { password?: string; disabled?: boolean } }>(
    '/api/v1/users/:id',
    {
      schema: {
        summary: 'Reset a password or disable / enable a user',
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { password, disabled: { type: 'boolean' } } },
      },
    },
    async (req) => {
      accessOf(req).requireMain('users', 'write');
      const user = await s.users.get(req.params.id);
      if (!user) throw new AppError('not_found', `user ${req.params.id} not found`);
      if (req.body.password !== undefined) {
        checkPassword(user.username, req.body.password);
        await s.users.setPassword(user.id, await hashPassword(req.body.password));
      }
      if (req.body.disabled !== undefined) await s.users.setDisabled(user.id, req.body.disabled);
      return s.users.get(user.id);
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/users/:id', { schema: { summary: 'Delete a user', params: idParams } }, async (req, reply) => {
    accessOf(req).requireMain('users', 'admin');
    if (req.params.id === callerOf(req).userId) throw new AppError('conflict', 'you cannot delete your own account');
    if (!(await s.users.delete(req.params.id))) throw new AppError('not_found', `user ${req.params.id} not found`);
    return reply.status(204).send();
  });

  app.put<{ Params: { id: string }; Body: { tenant?: string; label?: string; role: string }[] }>(
    '/api/v1/users/:id/access',
    {
      schema: {
        summary: 'Replace what a user may do where: [{tenant | label | tenant "*", role}]',
        params: idParams,
        body: {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['role'],
            properties: { tenant: { type: 'string', maxLength: 40 }, label: { type: 'string', maxLength: 63 }, role: { type: 'string', maxLength: 100 } },
          },
        },
      },
    },
    async (req) => {
      accessOf(req).requireMain('users', 'admin');
      if (!(await s.users.get(req.params.id))) throw new AppError('not_found', `user ${req.params.id} not found`);
      const tenantIds = new Set((await s.tenants.list()).map((t) => t.id));
      return { items: await s.access.setGrants(req.params.id, req.body, tenantIds) };
    },
  );

  app.get('/api/v1/roles', { schema: { summary: 'Built-in and custom roles' } }, async (req) => {
    accessOf(req).requireMain('roles', 'read');
    return { items: await s.access.roles() };
  });

  app.post<{ Body: { name: string; permissions: Record<string, unknown> } }>(
    '/api/v1/roles',
    {
      schema: {
        summary: `Create a role: {name, permissions: {resource: [read|write|execute|admin]}, accountManagement?, contentSync?}; resources: ${RESOURCES.join(', ')}`,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'permissions'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, permissions: { type: 'object', maxProperties: 50 } },
        },
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('roles', 'write');
      return reply.status(201).send(await s.access.createRole(req.body.name, req.body.permissions));
    },
  );
};
