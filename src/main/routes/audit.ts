import { auditJsonLines, parseHead } from '../../store/audit-repo.js';
import { mainAuditQuery, type AuditQuerystring } from './audit-query.js';
import { accessOf, type MainServices, type RouteModule } from './context.js';
import { tenantAuditRoutes } from './tenant-audit.js';

/**
 * Main's chain, then the witnesses: each tenant keeps the head of main's trail that came with
 * the last change it received, and main must still hold that record unchanged. This catches
 * what the chain alone cannot: the newest records deleted.
 */
async function verifyWithWitnesses(s: MainServices, requestId: string) {
  const own = await s.audit.verify();
  const seen = await Promise.all(
    (await s.tenants.allLive()).map(async ({ tenant, host }) => {
      try {
        const res = await s.client.relay(host, tenant.id, {
          method: 'GET', path: '/api/v1/audit/witness', body: null, requestId, timeoutMs: 5000,
          assertion: await s.access.systemAssertion(tenant.id, 'audit', 'read'),
        });
        const body = (await res.body.json()) as { witness?: unknown };
        return res.status === 200 && typeof body.witness === 'string' ? { tenant: tenant.id, witness: body.witness } : { tenant: tenant.id };
      } catch {
        return { tenant: tenant.id };
      }
    }),
  );
  let broken = own.broken;
  for (const w of seen) {
    if (broken || !w.witness) continue;
    if (!(await s.audit.holds(w.witness))) {
      broken = { seq: parseHead(w.witness)?.seq ?? 0, reason: `tenant ${w.tenant} witnessed this record, which is missing or changed` };
    }
  }
  return {
    records: own.records,
    broken,
    witnesses: { checked: seen.filter((w) => w.witness).length, unreachable: seen.filter((w) => w.witness === undefined).map((w) => w.tenant) },
  };
}

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

  app.get(
    '/api/v1/audit/verify',
    { schema: { summary: "Check the hash chain of the whole audit trail, and that it still holds the newest record each tenant witnessed" } },
    async (req) => {
      accessOf(req).requireMain('audit', 'read');
      return verifyWithWitnesses(s, req.id);
    },
  );

  // Each tenant's own trail is part of the audit API, relayed to that tenant.
  tenantAuditRoutes(app, s);
};
