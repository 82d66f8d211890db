import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Grant } from '../../core/rbac.js';
import { hashPassword } from '../passwords.js';
import { accessOf, callerOf, type RouteModule } from './context.js';
import { idParams, passwordSchema, checkPassword, usernameSchema } from './schemas.js';

/** Main's own users (local and directory), and who holds which role where. */
export const userRoutes: RouteModule = (app, s) => {
  app.get('/api/v1/me', { schema: { summary: 'Who I am, the tenants I may see and my permissions on each' } }, async (req) => {
    const ctx = accessOf(req);
    const caller = callerOf(req);
    const tenants = (await s.tenants.list()).filter((t) => ctx.sees(t));
    const user = caller.kind === 'apikey' ? undefined : await s.users.get(caller.userId);
    return {
      user: {
        id: caller.userId,
        username: caller.username,
        kind: caller.kind,
        tenant: caller.tenant ?? null,
        ...(user?.kind === 'directory' ? { groups: await s.users.groups(user.id) } : {}),
      },
      main: ctx.main,
      tenants: tenants.map((t) => ({ id: t.id, name: t.name, permissions: ctx.on({ id: t.id, labels: t.labels }) })),
    };
  });

  app.get(
    '/api/v1/users',
    { schema: { summary: "List main's users (local and directory) with their access, and a directory user's groups at their last login; customer users are listed per tenant" } },
    async (req) => {
      accessOf(req).requireMain('users', 'read');
      // Each user with what GET /users/:id/access answers: a list shows who holds what without a request per user.
      const [users, grants] = await Promise.all([s.users.list(null), s.access.grantsByUser()]);
      const items = await Promise.all(
        users.map(async (u) => ({
          ...u,
          access: grants.get(u.id) ?? [],
          ...(u.kind === 'directory' ? { groups: await s.users.groups(u.id) } : {}),
        })),
      );
      return { items };
    },
  );

  app.post<{ Body: { username: string; password: string } }>(
    '/api/v1/users',
    {
      schema: {
        summary: 'Create a local user (no access until granted)',
        body: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: usernameSchema, password: passwordSchema } },
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

  /** One of main's users: a customer user's id is not found here (they are managed under their tenant). */
  const mainUser = async (id: string) => {
    const user = await s.users.get(id);
    if (!user || user.tenant !== null) throw new AppError('not_found', `user ${id} not found`);
    return user;
  };

  app.patch<{ Params: { id: string }; Body: { password?: string; disabled?: boolean } }>(
    '/api/v1/users/:id',
    {
      schema: {
        summary: 'Reset a password or disable / enable a user',
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { password: passwordSchema, disabled: { type: 'boolean' } } },
      },
    },
    async (req) => {
      accessOf(req).requireMain('users', 'write');
      const user = await mainUser(req.params.id);
      await s.access.requireCovers(accessOf(req), user, await s.tenants.list());
      if (req.body.password !== undefined) {
        if (user.kind === 'directory') throw new AppError('conflict', `${user.username} is a directory user: their password is kept by the directory`);
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
    const user = await mainUser(req.params.id);
    await s.access.requireCovers(accessOf(req), user, await s.tenants.list());
    await s.users.delete(user.id);
    return reply.status(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/access', { schema: { summary: "A user's access: [{tenant | label | tenant \"*\", role}]", params: idParams } }, async (req) => {
    accessOf(req).requireMain('users', 'read');
    const grants = await s.access.grants((await mainUser(req.params.id)).id);
    return { items: grants };
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
      const user = await mainUser(req.params.id);
      if (user.kind === 'directory') throw new AppError('conflict', `${user.username} is a directory user: their access comes from their groups (settings/directory mappings)`);
      await s.access.requireCovers(accessOf(req), user, await s.tenants.list());
      const tenants = new Map((await s.tenants.list()).map((t) => [t.id, t]));
      const ctx = accessOf(req);
      const limit = (g: Grant) => ('tenant' in g.scope ? ctx.on(tenants.get(g.scope.tenant) ?? { id: g.scope.tenant, labels: [] }) : ctx.main);
      return { items: await s.access.setGrants(user.id, req.body, new Set(tenants.keys()), limit) };
    },
  );
};
