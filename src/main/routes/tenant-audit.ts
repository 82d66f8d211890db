import { tenantAuditQuery, type AuditQuerystring } from './audit-query.js';
import type { RouteModule } from './context.js';
import { relay } from './relay.js';
import { tenantIdParams } from './schemas.js';

const READ = ['audit', 'read'] as const;

/**
 * Each tenant's own audit trail, kept by the tenant in its database and relayed from there:
 * main validates the query, checks `audit:read` on that tenant, and passes the answer on
 * unchanged (JSON, or JSON lines).
 */
export const tenantAuditRoutes: RouteModule = (app, s) => {
  app.get<{ Params: { id: string }; Querystring: AuditQuerystring }>(
    '/api/v1/tenants/:id/audit',
    {
      schema: {
        summary: "One tenant's own audit trail, newest first (filters: actor, action, since, until; cursor = the last seq seen)",
        params: tenantIdParams,
        querystring: tenantAuditQuery,
      },
    },
    async (req, reply) => relay(s, req, reply, { need: READ, path: '/api/v1/audit', query: req.query }),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/tenants/:id/audit/verify',
    { schema: { summary: "Check the hash chain of one tenant's audit trail, and that it still holds the newest record main witnessed", params: tenantIdParams } },
    async (req, reply) => {
      // Only witnesses from this tenant's lifetime: an earlier tenant of the same id had another trail.
      const { tenant } = await s.tenants.requireLive(req.params.id);
      const witness = await s.audit.latestWitness(tenant.id, tenant.created);
      return relay(s, req, reply, { need: READ, path: '/api/v1/audit/verify', query: witness ? { witness } : {} });
    },
  );
};
