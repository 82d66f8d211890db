import type { AuditQuery } from '../../store/audit-repo.js';

/** The query of an audit listing (main's own, or one tenant's). */
export type AuditQuerystring = Partial<AuditQuery> & { format?: 'json' | 'jsonl' };

const filters = {
  actor: { type: 'string', maxLength: 200 },
  tenant: { type: 'string', maxLength: 40 },
  action: { type: 'string', maxLength: 200 },
  since: { type: 'string', format: 'date-time' },
  until: { type: 'string', format: 'date-time' },
  cursor: { type: 'integer', minimum: 1 },
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  format: { type: 'string', enum: ['json', 'jsonl'], default: 'json' },
} as const;

/** Main's trail covers every tenant, so it filters by tenant. */
export const mainAuditQuery = { type: 'object', additionalProperties: false, properties: filters } as const;

/**
 * A tenant's trail holds only that tenant's records: no `tenant` filter. The tenant checks
 * the same rules again on its side (src/tenant/audit/query.ts).
 */
const { tenant: _tenant, ...tenantFilters } = filters;
export const tenantAuditQuery = { type: 'object', additionalProperties: false, properties: tenantFilters } as const;
