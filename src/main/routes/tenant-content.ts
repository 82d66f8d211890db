import { KINDS } from '../../core/content/index.js';
import { contentItemBody } from '../../core/schemas/content.js';
import type { RouteModule } from './context.js';
import { relay } from './relay.js';
import { tenantIdParams } from './schemas.js';

const kindParams = { type: 'object', required: ['id', 'kind'], properties: { ...tenantIdParams.properties, kind: { type: 'string', enum: [...KINDS] } } } as const;
const itemParams = { type: 'object', required: ['id', 'kind', 'itemId'], properties: { ...kindParams.properties, itemId: { type: 'string', minLength: 1, maxLength: 300 } } } as const;

type P = { id: string; kind: string; itemId: string };
const path = (p: { kind: string; itemId?: string }, suffix = ''): string =>
  `/api/v1/content/${p.kind}${p.itemId === undefined ? '' : `/${encodeURIComponent(p.itemId)}`}${suffix}`;

/**
 * A tenant's content, relayed to the tenant: main's pushed copies (`owner: main`, read-only
 * there) and the tenant's own items, which its users create, edit, delete, or detach from main.
 */
export const tenantContentRoutes: RouteModule = (app, s) => {
  app.get<{ Params: Omit<P, 'itemId'>; Querystring: { owner?: 'main' | 'tenant' } }>(
    '/api/v1/tenants/:id/content/:kind',
    {
      schema: {
        summary: "A tenant's items of one kind, each with its owner (main or tenant); ?owner= keeps one kind of owner",
        params: kindParams,
        querystring: { type: 'object', additionalProperties: false, properties: { owner: { type: 'string', enum: ['main', 'tenant'] } } },
      },
    },
    async (req, reply) => relay(s, req, reply, { need: ['content', 'read'], path: `${path(req.params)}${req.query.owner ? `?owner=${req.query.owner}` : ''}` }),
  );
  app.post<{ Params: Omit<P, 'itemId'> }>(
    '/api/v1/tenants/:id/content/:kind',
    { schema: { summary: "Create one of the tenant's own items", params: kindParams, body: contentItemBody } },
    async (req, reply) => relay(s, req, reply, { need: ['content', 'write'], path: path(req.params) }),
  );
  app.get<{ Params: P }>(
    '/api/v1/tenants/:id/content/:kind/:itemId',
    { schema: { summary: 'One item of a tenant, with its document', params: itemParams } },
    async (req, reply) => relay(s, req, reply, { need: ['content', 'read'], path: path(req.params) }),
  );
  app.put<{ Params: P }>(
    '/api/v1/tenants/:id/content/:kind/:itemId',
    { schema: { summary: "Change one of the tenant's own items (main's copies are locked: 403)", params: itemParams, body: contentItemBody } },
    async (req, reply) => relay(s, req, reply, { need: ['content', 'write'], path: path(req.params) }),
  );
  app.delete<{ Params: P }>(
    '/api/v1/tenants/:id/content/:kind/:itemId',
    { schema: { summary: "Delete one of the tenant's own items (main's copies are locked: 403)", params: itemParams } },
    async (req, reply) => relay(s, req, reply, { need: ['content', 'write'], path: path(req.params) }),
  );
  app.post<{ Params: P }>(
    '/api/v1/tenants/:id/content/:kind/:itemId/detach',
    { schema: { summary: "Make main's copy the tenant's own: editable there, no longer updated by main", params: itemParams } },
    async (req, reply) => {
      const res = await relay(s, req, reply, { need: ['content', 'admin'], path: path(req.params, '/detach') });
      // Main shows the detach at once (drift), and stops pushing that item there.
      if (reply.statusCode === 200) s.sync.soon([req.params.id]);
      return res;
    },
  );
};
