import { auditJsonLines, type AuditRepository } from '../../store/audit-repo.js';
import type { Router } from '../http/router.js';
import { parseAuditQuery, type TenantAuditQuery } from './query.js';

const READ = ['audit', 'read'] as const;

/** The tenant's audit trail as main relays it: newest first, filtered, paged, JSON lines, verifiable. */
export function auditRoutes(router: Router, repo: AuditRepository): void {
  router
    .add('GET', '/api/v1/audit', { need: READ, query: parseAuditQuery }, async (req) => {
      const { format, ...q } = req.query as TenantAuditQuery;
      const page = await repo.page(q);
      return format === 'jsonl' ? { body: auditJsonLines(page.items), contentType: 'application/x-ndjson' } : { body: page };
    })
    .add('GET', '/api/v1/audit/verify', { need: READ }, async () => ({ body: await repo.verify() }));
}
