import {
  fanoutBulkBody,
  incidentCloseBody,
  incidentCreateBody,
  incidentPatchBody,
  searchBody,
  sortSchema,
} from '../../core/schemas/incident.js';
import { accessOf, type RouteModule } from './context.js';
import { relay } from './relay.js';
import { tenantIdParams } from './schemas.js';
import type { BulkRequest, FanoutSearch } from '../services/search.js';

const tenantIncidentParams = {
  type: 'object',
  required: ['id', 'incidentId'],
  properties: { ...tenantIdParams.properties, incidentId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

const READ = ['incidents', 'read'] as const;
const WRITE = ['incidents', 'write'] as const;

// Main relays these to tenants; `after` and `total` are the tenant's keyset options main itself uses.
const tenantSearchBody = searchBody;

export const incidentRoutes: RouteModule = (app, s) => {
  app.post<{ Params: { id: string } }>(
    '/api/v1/tenants/:id/incidents',
    { schema: { summary: 'Create one incident, or a batch of up to 10,000 atomically', params: tenantIdParams, body: incidentCreateBody } },
    async (req, reply) => relay(s, req, reply, { need: WRITE, path: '/api/v1/incidents' }),
  );
  app.post<{ Params: { id: string } }>(
    '/api/v1/tenants/:id/incidents/search',
    { config: { readOnly: true }, schema: { summary: "Search one tenant's incidents", params: tenantIdParams, body: tenantSearchBody } },
    async (req, reply) => relay(s, req, reply, { need: READ, path: '/api/v1/incidents/search' }),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/tenants/:id/incidents/stats',
    { schema: { summary: "Counts of one tenant's incidents by status and severity", params: tenantIdParams } },
    async (req, reply) => relay(s, req, reply, { need: READ, path: '/api/v1/incidents/stats' }),
  );
  app.get<{ Params: { id: string; incidentId: number } }>(
    '/api/v1/tenants/:id/incidents/:incidentId',
    { schema: { summary: 'One incident', params: tenantIncidentParams } },
    async (req, reply) => relay(s, req, reply, { need: READ, path: `/api/v1/incidents/${req.params.incidentId}` }),
  );
  app.patch<{ Params: { id: string; incidentId: number } }>(
    '/api/v1/tenants/:id/incidents/:incidentId',
    { schema: { summary: 'Change fields of an incident', params: tenantIncidentParams, body: incidentPatchBody } },
    async (req, reply) => relay(s, req, reply, { need: WRITE, path: `/api/v1/incidents/${req.params.incidentId}` }),
  );
  app.post<{ Params: { id: string; incidentId: number } }>(
    '/api/v1/tenants/:id/incidents/:incidentId/close',
    { schema: { summary: 'Close an incident with a reason and notes', params: tenantIncidentParams, body: incidentCloseBody } },
    async (req, reply) => relay(s, req, reply, { need: WRITE, path: `/api/v1/incidents/${req.params.incidentId}/close` }),
  );

  app.post<{ Body: FanoutSearch }>(
    '/api/v1/incidents/search',
    {
      config: { readOnly: true },
      schema: {
        summary: 'Search incidents across tenants: parallel fan-out, merged by the sort key, cursor paging',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            query: { type: 'string', maxLength: 4000 },
            tenants: { type: 'array', maxItems: 1000, items: tenantIdParams.properties.id },
            sort: sortSchema,
            size: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
            cursor: { type: 'string', maxLength: 2048 },
            timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000 },
            total: { type: 'boolean', default: false, description: 'Count all matches on the first page (one COUNT per tenant)' },
          },
        },
      },
    },
    async (req) => s.search.search(req.body, accessOf(req), { requestId: req.id, address: req.ip }),
  );

  app.post<{ Body: BulkRequest }>(
    '/api/v1/incidents/bulk',
    { schema: { summary: "Set fields on, or close, incidents of several tenants at once; each in its own tenant, each result apart", body: fanoutBulkBody } },
    async (req) => s.search.bulk(accessOf(req), { requestId: req.id, address: req.ip }, req.body),
  );
  app.get('/api/v1/incidents/stats', { schema: { summary: 'Counts by tenant × status × severity' } }, async (req) => s.search.stats(accessOf(req), { requestId: req.id, address: req.ip }));
};
