import type { FastifyInstance } from 'fastify';
import type { IncidentInput, IncidentPatch } from '../../core/incident.js';
import {
  incidentCloseBody,
  incidentCreateBody,
  incidentIdParams,
  incidentPatchBody,
  searchBody,
} from '../../core/schemas/incident.js';
import type { IncidentService, SearchRequest } from './service.js';

interface IdParams {
  incidentId: number;
}

/** The tenant's incident API, as reached through its host (main adds `/tenants/{id}` in front). */
export function incidentRoutes(app: FastifyInstance, service: IncidentService): void {
  app.post<{ Body: IncidentInput | IncidentInput[] }>('/api/v1/incidents', { schema: { body: incidentCreateBody } }, async (req, reply) => {
    const batch = Array.isArray(req.body);
    const ids = await service.create(batch ? (req.body as IncidentInput[]) : [req.body as IncidentInput]);
    if (batch) return reply.status(201).send({ created: ids.length, ids });
    return reply.status(201).send(await service.get(ids[0]!));
  });

  app.get<{ Params: IdParams }>('/api/v1/incidents/:incidentId', { schema: { params: incidentIdParams } }, async (req) =>
    service.get(req.params.incidentId),
  );

  app.patch<{ Params: IdParams; Body: IncidentPatch }>(
    '/api/v1/incidents/:incidentId',
    { schema: { params: incidentIdParams, body: incidentPatchBody } },
    async (req) => service.patch(req.params.incidentId, req.body),
  );

  app.post<{ Params: IdParams; Body: { reason?: string; notes?: string } }>(
    '/api/v1/incidents/:incidentId/close',
    { schema: { params: incidentIdParams, body: incidentCloseBody } },
    async (req) => service.close(req.params.incidentId, req.body.reason ?? '', req.body.notes ?? ''),
  );

  app.post<{ Body: SearchRequest }>('/api/v1/incidents/search', { schema: { body: searchBody } }, async (req) =>
    service.search(req.body),
  );

  app.get('/api/v1/incidents/stats', async () => ({ counts: await service.stats() }));
}
