/**
 * Every tenant the API lists for this user, with what its host last reported, refreshed quietly
 * every few seconds; a filter box narrows the rows by name, id, label, host or status.
 */
import { useMemo, useState } from 'react';
import type { TenantView } from '../api/tenants-types';
import { sectionHref } from '../shell/route';
import { tenantStatus } from './tenant-format';
import { TenantTable } from './tenant-table';
import { useTenants } from './live-data';

interface Props {
  mayCreate: boolean;
  mayReadHosts: boolean;
}

function matches(t: TenantView, words: readonly string[]): boolean {
  const hay = [t.name, t.id, t.host.name, tenantStatus(t), ...t.labels].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function TenantsListPage({ mayCreate, mayReadHosts }: Props) {
  const list = useTenants();
  const [filter, setFilter] = useState('');
  const words = useMemo(() => filter.toLowerCase().split(/\s+/).filter((w) => w !== ''), [filter]);
  const all = list.data ?? [];
  const shown = all.filter((t) => matches(t, words));
  const running = all.filter((t) => tenantStatus(t) === 'running').length;

  return (
    <section className="page" aria-labelledby="tenants-title">
      <div className="page-head tn-head">
        <h1 id="tenants-title">Tenants</h1>
        {list.data !== undefined && (
          <span className="muted">
            {all.length} {all.length === 1 ? 'tenant' : 'tenants'}, {running} running
          </span>
        )}
        {mayCreate && (
          <a className="btn primary tn-head-action" href={sectionHref('tenants', [], { create: '1' })}>
            Create tenant
          </a>
        )}
      </div>
      {list.error !== undefined && (
        <div className="error-banner" role="alert">
          {list.data === undefined ? list.error : `Could not refresh: ${list.error}`}{' '}
          <button type="button" className="btn small" onClick={() => list.reload()}>
            Retry
          </button>
        </div>
      )}
      <div className="panel table-panel">
        <div className="table-toolbar">
          <input
            type="search"
            className="tn-filter"
            aria-label="Filter tenants"
            placeholder="Filter by name, id, label, host or status"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <span className="muted" aria-live="polite">
            {list.data === undefined ? (list.loading ? 'Loading…' : '') : words.length > 0 ? `${shown.length} of ${all.length} shown` : 'Refreshes every 5 s'}
          </span>
        </div>
        {list.loading && list.data === undefined && <div className="progress" role="progressbar" aria-label="Loading tenants" />}
        {list.data !== undefined && shown.length > 0 && <TenantTable tenants={shown} linkHosts={mayReadHosts} caption="Tenants" />}
        {list.data !== undefined && shown.length === 0 && (
          <p className="empty">
            {all.length === 0 ? (mayCreate ? 'No tenants yet: create the first one.' : 'There are no tenants you may see.') : 'No tenant matches this filter.'}
          </p>
        )}
      </div>
    </section>
  );
}
