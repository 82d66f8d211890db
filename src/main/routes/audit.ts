import { accessOf, type RouteModule } from './context.js';

interface AuditQuery {
  actor?: string;
  tenant?: string;
  action?: string;
  since?: string;
  until?: string;
  cursor?: number;
  limit?: number;
  format?: 'json' | 'jsonl';
}

/** Main's audit trail: filtered, paged newest first, exportable as JSON lines, verifiable. */
export const auditRoutes: RouteModule = (app, s) => {
  app.get<{ Querystring: AuditQuery }>(
    '/api/v1/audit',
    {
      schema: {
        summary: "Main's audit trail, newest first (filters: actor, tenant, action, since, until; cursor = the last seq seen)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { type: 'string', maxLength: 200 },
            tenant: { type: 'string', maxLength: 40 },
            action: { type: 'string', maxLength: 200 },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
            cursor: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            format: { type: 'string', enum: ['json', 'jsonl'], default: 'json' },
          },
        },
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('audit', 'read');
      const q = req.query;
      const items = await s.audit.list({
        limit: q.limit ?? 100,
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.tenant !== undefined ? { tenant: q.tenant } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.since !== undefined ? { since: Date.parse(q.since) } : {}),
        ...(q.until !== undefined ? { until: Date.parse(q.until) } : {}),
        ...(q.cursor !== undefined ? { before: q.cursor } : {}),
      });
      const records = items.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
      if (q.format === 'jsonl') return reply.type('application/x-ndjson').send(records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
      const last = items[items.length - 1];
      return { items: records, cursor: items.length === (q.limit ?? 100) && last ? last.seq : null };
    },
  );

  app.get('/api/v1/audit/verify', { schema: { summary: 'Check the hash chain of the whole audit trail' } }, async (req) => {
    accessOf(req).requireMain('audit', 'read');
    return s.audit.verify();
  });
};
