import { auditJsonLines } from '../../store/audit-repo.js';
import { mainAuditQuery, type AuditQuerystring } from './audit-query.js';
import { accessOf, type RouteModule } from './context.js';
import { tenantAuditRoutes } from './tenant-audit.js';

/** Main's audit trail: filtered, paged newest first, exportable as JSON lines, verifiable. */
export const auditRoutes: RouteModule = (app, s) => {
  app.get<{ Querystring: AuditQuerystring }>(
    '/api/v1/audit',
    {
      schema: {
        summary: "Main's audit trail, newest first (filters: actor, tenant, action, since, until; cursor = the last seq seen)",
        querystring: mainAuditQuery,
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('audit', 'read');
      const { format, ...q } = req.query;
      const page = await s.audit.page({ ...q, limit: q.limit ?? 100 });
      if (format === 'jsonl') return reply.type('application/x-ndjson').send(auditJsonLines(page.items));
      return page;
    },
  );

  app.get('/api/v1/audit/verify', { schema: { summary: 'Check the hash chain of the whole audit trail' } }, async (req) => {
    accessOf(req).requireMain('audit', 'read');
    return s.audit.verify();
  });

  // Each tenant's own trail is part of the audit API, relayed to that tenant.
  tenantAuditRoutes(app, s);
};
