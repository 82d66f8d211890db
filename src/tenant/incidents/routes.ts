import type { IncidentInput, IncidentPatch } from '../../core/incident.js';
import { intParam, type Router } from '../http/router.js';
import { incidentBulkBody, incidentCloseBody, incidentCreateBody, incidentPatchBody, searchBody } from '../http/validators.js';
import type { IncidentService, SearchRequest } from './service.js';

const READ = ['incidents', 'read'] as const;
const WRITE = ['incidents', 'write'] as const;

/** The tenant's incident API, as reached through its host (main adds `/tenants/{id}` in front). */
export function incidentRoutes(router: Router, service: IncidentService, created?: (ids: readonly number[], inputs: readonly IncidentInput[]) => Promise<void>): void {
  router
    .add('POST', '/api/v1/incidents', { need: WRITE, body: incidentCreateBody }, async (req) => {
      const batch = Array.isArray(req.body);
      const inputs = batch ? (req.body as IncidentInput[]) : [req.body as IncidentInput];
      const ids = await service.create(inputs);
      // Default playbooks of the incidents' types start before the answer, so a client sees them.
      if (created) await created(ids, inputs);
      return batch ? { status: 201, body: { created: ids.length, ids } } : { status: 201, body: await service.get(ids[0]!), target: String(ids[0]) };
    })
    .add('POST', '/api/v1/incidents/bulk', { need: WRITE, body: incidentBulkBody }, async (req) => {
      const b = req.body as { ids: number[]; set?: IncidentPatch; close?: { reason?: string; notes?: string } };
      return { body: { results: await service.bulk(b.ids, b) }, target: `${b.ids.length} incidents` };
    })
    .add('POST', '/api/v1/incidents/search', { need: READ, body: searchBody }, async (req) => ({ body: await service.search(req.body as SearchRequest) }))
    .add('GET', '/api/v1/incidents/stats', { need: READ }, async () => ({ body: { counts: await service.stats(), ...(await service.trends()) } }))
    .add('GET', '/api/v1/incidents/:incidentId', { need: READ }, async (req) => ({ body: await service.get(intParam(req.params, 'incidentId')) }))
    .add('PATCH', '/api/v1/incidents/:incidentId', { need: WRITE, body: incidentPatchBody }, async (req) => ({
      body: await service.patch(intParam(req.params, 'incidentId'), req.body as IncidentPatch),
    }))
    .add('POST', '/api/v1/incidents/:incidentId/close', { need: WRITE, body: incidentCloseBody }, async (req) => {
      const b = req.body as { reason?: string; notes?: string };
      return { body: await service.close(intParam(req.params, 'incidentId'), b.reason ?? '', b.notes ?? '') };
    });
}
