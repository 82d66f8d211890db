import { auditJsonLines, type AuditRepository } from '../../store/audit-repo.js';
import type { Router } from '../http/router.js';
import { parseAuditQuery, parseWitnessQuery, type TenantAuditQuery } from './query.js';

const READ = ['audit', 'read'] as const;

/** The tenant's audit trail as main relays it: newest first, filtered, paged, JSON lines, verifiable. */
export function auditRoutes(router: Router, repo: AuditRepository): void {
  router
    .add('GET', '/api/v1/audit', { need: READ, query: parseAuditQuery }, async (req) => {
      const { format, ...q } = req.query as TenantAuditQuery;
      const page = await repo.page(q);
      return format === 'jsonl' ? { body: auditJsonLines(page.items), contentType: 'application/x-ndjson' } : { body: page };
    })
    .add('GET', '/api/v1/audit/verify', { need: READ, query: parseWitnessQuery }, async (req) => ({ body: await repo.verify((req.query as { witness?: string }).witness) }))
    // The newest head of main's trail this tenant saw: main checks it still has that record.
    .add('GET', '/api/v1/audit/witness', { need: READ }, async () => ({ body: { witness: await repo.latestWitness() } }));
}
