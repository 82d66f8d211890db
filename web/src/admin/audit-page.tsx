/**
 * An audit trail: main's (every change made through main, filterable by tenant) or one tenant's
 * own. Filtered by what the API takes, paged newest first with its cursor (a stack of cursors
 * goes back), each record expandable, and the whole chain verifiable.
 */
import { useState } from 'react';
import { auditPage } from '../api/admin';
import type { AuditFilters } from '../api/admin-types';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { realmName, type AdminContext } from './admin-context';
import { AuditFiltersForm } from './audit-filters';
import { AuditTable } from './audit-table';
import { AuditVerify } from './audit-verify';
import { LoadError } from '../common/load-error';

const PAGE_SIZE = 50;
const KEYS = ['actor', 'action', 'tenant', 'since', 'until'] as const;

/** The filters the address names (only those the API knows). */
function filtersOf(params: Record<string, string>, withTenant: boolean): AuditFilters {
  const out: AuditFilters = {};
  for (const k of KEYS) {
    const v = params[k];
    if (v !== undefined && v !== '' && (k !== 'tenant' || withTenant)) out[k] = v;
  }
  return out;
}

export function AuditPage({ ctx, params }: { ctx: AdminContext; params: Record<string, string> }) {
  const onMain = ctx.realm.kind === 'main';
  const filters = filtersOf(params, onMain);
  const filterKey = JSON.stringify(filters);
  const [paging, setPaging] = useState<{ key: string; cursors: number[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const cursor = cursors.at(-1);
  const page = useLoad(() => auditPage(ctx.realm, filters, PAGE_SIZE, cursor), [filterKey, cursor]);
  const records = page.data?.items ?? [];
  const next = page.data?.cursor ?? null;
  const pageNo = cursors.length + 1;
  const filtered = Object.keys(filters).length > 0;

  const apply = (f: AuditFilters): void => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(f)) if (typeof v === 'string') p[k] = v;
    const href = sectionHref('audit', [], p);
    if (window.location.hash === href) page.reload();
    else navigate(href);
  };

  return (
    <section aria-label={`Audit trail of ${realmName(ctx)}`}>
      <div className="admin-toolbar">
        <p className="muted admin-lead">
          {onMain
            ? 'Every change made through main and every login attempt: who, from where, what, on which tenant, with which answer. Records are chained by hash.'
            : `${realmName(ctx)}'s own trail, kept by the tenant: every change made there. Records are chained by hash.`}
        </p>
        <div className="admin-toolbar-end">
          <AuditVerify realm={ctx.realm} tenantName={ctx.tenantName} />
        </div>
      </div>
      <AuditFiltersForm key={filterKey} value={filters} onApply={apply} tenants={onMain ? ctx.session.tenants : null} seenActions={records.map((r) => r.action)} />
      {page.error !== undefined && <LoadError error={page.error} onRetry={() => page.reload()} />}
      <div className="panel table-panel">
        <div className="table-toolbar">
          <span className="muted" aria-live="polite">
            {page.loading && page.data === undefined
              ? 'Loading…'
              : page.error !== undefined
                ? 'No records'
                : records.length === 0
                  ? 'No records'
                  : `${records.length} ${records.length === 1 ? 'record' : 'records'}${filtered ? ' matching the filters' : ''}, #${records[0]?.seq ?? ''}${records.length > 1 ? ` to #${records.at(-1)?.seq ?? ''}` : ''}`}
          </span>
          <div className="pager">
            <button type="button" className="btn small" disabled={cursors.length === 0 || page.loading} onClick={() => setPaging({ key: filterKey, cursors: cursors.slice(0, -1) })}>
              ‹ Newer
            </button>
            <span className="muted">Page {pageNo}</span>
            <button type="button" className="btn small" disabled={next === null || page.loading || page.error !== undefined} onClick={() => next !== null && setPaging({ key: filterKey, cursors: [...cursors, next] })}>
              Older ›
            </button>
          </div>
        </div>
        {page.loading && <div className="progress" role="progressbar" aria-label="Loading audit records" />}
        {page.data !== undefined && page.error === undefined && records.length > 0 && <AuditTable records={records} tenantName={ctx.tenantName} showTenant={onMain} busy={page.loading} />}
        {page.data !== undefined && page.error === undefined && records.length === 0 && !page.loading && (
          <p className="empty">{filtered ? 'No record matches these filters.' : 'The trail is empty.'}</p>
        )}
      </div>
    </section>
  );
}
