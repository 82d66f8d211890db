import type { FastifyRequest } from 'fastify';
import { RESOURCES, type Action } from '../../core/rbac.js';
import { accessOf, type MainServices, type RouteModule } from './context.js';
import { idParams, tenantIdParams } from './schemas.js';

interface RoleBody {
  name: string;
  permissions?: Record<string, unknown>;
  copyOf?: string;
}

const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const permissions = { type: 'object', maxProperties: 50 } as const;
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name, permissions, copyOf: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
const patchBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: { name, permissions } } as const;
const tenantRoleParams = {
  type: 'object',
  required: ['id', 'roleId'],
  properties: { ...tenantIdParams.properties, roleId: { type: 'string', maxLength: 64 } },
} as const;
const summary = `{name, permissions: {resource: [read|write|execute|admin]}, accountManagement?, contentSync?} or {name, copyOf: role}; resources: ${RESOURCES.join(', ')}`;

/** A tenant whose roles the caller may manage, and what the caller holds there (nobody hands out more). */
async function tenantFor(s: MainServices, req: FastifyRequest<{ Params: { id: string } }>, action: Action) {
  const { tenant } = await s.tenants.requireLive(req.params.id);
  return { tenant, held: accessOf(req).require(tenant, 'roles', action) };
}

/** Roles: main's (usable on any tenant; built-ins are never changed) and each tenant's own. */
export const roleRoutes: RouteModule = (app, s) => {
  app.get('/api/v1/roles', { schema: { summary: 'Built-in and custom roles usable on any tenant' } }, async (req) => {
    accessOf(req).requireMain('roles', 'read');
    return { items: await s.access.roles() };
  });

  app.post<{ Body: RoleBody }>('/api/v1/roles', { schema: { summary: `Create a role: ${summary}`, body: createBody } }, async (req, reply) => {
    accessOf(req).requireMain('roles', 'write');
    return reply.status(201).send(await s.access.createRole(req.body, null, accessOf(req).main));
  });

  app.patch<{ Params: { id: string }; Body: Omit<RoleBody, 'copyOf'> }>(
    '/api/v1/roles/:id',
    { schema: { summary: 'Rename a custom role or replace its permissions (built-in roles: copy them instead)', params: idParams, body: patchBody } },
    async (req) => {
      accessOf(req).requireMain('roles', 'write');
      return s.access.updateRole(req.params.id, req.body, null, accessOf(req).main);
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/roles/:id', { schema: { summary: 'Delete a custom role nobody holds', params: idParams } }, async (req, reply) => {
    accessOf(req).requireMain('roles', 'admin');
    await s.access.deleteRole(req.params.id, null);
    return reply.status(204).send();
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/tenants/:id/roles',
    { schema: { summary: "Roles usable on this tenant: main's and the tenant's own", params: tenantIdParams } },
    async (req) => {
      const { tenant } = await tenantFor(s, req, 'read');
      return { items: await s.access.roles(tenant.id) };
    },
  );

  app.post<{ Params: { id: string }; Body: RoleBody }>(
    '/api/v1/tenants/:id/roles',
    { schema: { summary: `Define a role for this tenant's users only: ${summary}`, params: tenantIdParams, body: createBody } },
    async (req, reply) => {
      const { tenant, held } = await tenantFor(s, req, 'write');
      return reply.status(201).send(await s.access.createRole(req.body, tenant.id, held));
    },
  );

  app.patch<{ Params: { id: string; roleId: string }; Body: Omit<RoleBody, 'copyOf'> }>(
    '/api/v1/tenants/:id/roles/:roleId',
    { schema: { summary: "Rename one of this tenant's roles or replace its permissions", params: tenantRoleParams, body: patchBody } },
    async (req) => {
      const { tenant, held } = await tenantFor(s, req, 'write');
      return s.access.updateRole(req.params.roleId, req.body, tenant.id, held);
    },
  );

  app.delete<{ Params: { id: string; roleId: string } }>(
    '/api/v1/tenants/:id/roles/:roleId',
    { schema: { summary: "Delete one of this tenant's roles that nobody holds", params: tenantRoleParams } },
    async (req, reply) => {
      const { tenant } = await tenantFor(s, req, 'admin');
      await s.access.deleteRole(req.params.roleId, tenant.id);
      return reply.status(204).send();
    },
  );
};
