/**
 * One tenant: what its host reports (status, pid, memory, uptime), where it runs, its labels,
 * and, for who may manage accounts, pause, resume and delete (typing its name to confirm).
 */
import { useEffect, useState } from 'react';
import { tenantsApi } from '../api/tenants';
import type { TenantView } from '../api/tenants-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import type { GrantOutcome } from './create-tenant';
import { GrantOutcomeNotice } from './grant-outcome';
import { TenantAccessPanel } from './tenant-access-panel';
import { formatBytes, formatUptime } from './tenant-format';
import { TenantLabelsPanel } from './tenant-labels-panel';
import { TenantStatusBadge } from './tenant-table';
import { useAutoRefresh } from './live-data';

interface Props {
  id: string;
  /** Opened right after creating the tenant: what the grants came to. */
  outcome: readonly GrantOutcome[] | undefined;
  onDismissOutcome: () => void;
  mayManage: boolean;
  mayReadHosts: boolean;
  mayReadUsers: boolean;
  refreshSession: () => void;
}

export function TenantDetailPage({ id, outcome, onDismissOutcome, mayManage, mayReadHosts, mayReadUsers, refreshSession }: Props) {
  const loaded = useLoad(() => tenantsApi.get(id), [id]);
  useAutoRefresh(loaded.reload);
  // An answer to an action is newer than the last load: shown until the next load replaces it.
  const [fresh, setFresh] = useState<TenantView | undefined>(undefined);
  useEffect(() => setFresh(undefined), [loaded.data]);
  const tenant = fresh ?? loaded.data;
  // A load already under way may have started before the change: a new one supersedes it.
  const applied = (t: TenantView): void => {
    setFresh(t);
    loaded.reload(true);
  };

  const lifecycle = useAction();
  const [deleting, setDeleting] = useState(false);
  const remove = useAction();

  if (tenant === undefined) {
    if (loaded.errorCode === 'not_found') {
      return (
        <section className="panel empty-state">
          <h1>Tenant not found</h1>
          <p>There is no tenant {id} that you may see.</p>
          <a className="btn" href={sectionHref('tenants')}>
            Back to tenants
          </a>
        </section>
      );
    }
    return loaded.error !== undefined ? (
      <div className="error-banner" role="alert">
        {loaded.error}{' '}
        <button type="button" className="btn small" onClick={() => loaded.reload()}>
          Retry
        </button>
      </div>
    ) : (
      <p className="muted pad" role="status">
        Loading the tenant…
      </p>
    );
  }

  const p = tenant.process;
  const paused = tenant.state === 'paused';
  const setPaused = (pause: boolean): void => lifecycle.act(() => (pause ? tenantsApi.pause(id) : tenantsApi.resume(id)), applied);

  return (
    <section className="page" aria-labelledby="tenant-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={sectionHref('tenants')}>Tenants</a> <span aria-hidden="true">›</span> <span>{tenant.name}</span>
      </nav>
      <div className="incident-head">
        <div>
          <h1 id="tenant-title" className="incident-title">
            {tenant.name}
          </h1>
          <div className="incident-meta">
            <span className="mono muted">{tenant.id}</span>
            <TenantStatusBadge tenant={tenant} />
            {paused && <span className="muted small">Paused: its API answers 409 until resumed.</span>}
          </div>
        </div>
        {mayManage && (
          <div className="row-actions">
            {paused ? (
              <button type="button" className="btn primary" disabled={lifecycle.busy} onClick={() => setPaused(false)}>
                {lifecycle.busy ? 'Resuming…' : 'Resume'}
              </button>
            ) : (
              <button type="button" className="btn" disabled={lifecycle.busy} onClick={() => setPaused(true)}>
                {lifecycle.busy ? 'Pausing…' : 'Pause'}
              </button>
            )}
            <button type="button" className="btn danger" onClick={() => setDeleting(true)}>
              Delete…
            </button>
          </div>
        )}
      </div>
      {lifecycle.error !== undefined && (
        <div className="error-banner" role="alert">
          {lifecycle.error}
        </div>
      )}
      {loaded.error !== undefined && (
        <div className="warning-banner" role="status">
          Could not refresh: {loaded.error}
        </div>
      )}
      {outcome !== undefined && <GrantOutcomeNotice tenantName={tenant.name} grants={outcome} onDismiss={onDismissOutcome} />}
      <div className="tn-detail-grid">
        <section className="panel tn-panel" aria-labelledby="process-title">
          <h2 id="process-title" className="panel-title">
            Process
          </h2>
          <dl className="facts" data-testid="tenant-facts">
            <dt>Wanted state</dt>
            <dd>{tenant.state}</dd>
            <dt>Reported</dt>
            <dd>{p === null ? <span className="muted">not reported yet</span> : p.status}</dd>
            <dt>Host</dt>
            <dd>
              {mayReadHosts ? <a href={sectionHref('hosts', [tenant.host.id])}>{tenant.host.name || tenant.host.id}</a> : tenant.host.name || tenant.host.id}{' '}
              <span className={`badge state ${tenant.host.online ? 'state-ok' : 'state-idle'}`}>{tenant.host.online ? 'online' : 'offline'}</span>
            </dd>
            <dt>PID</dt>
            <dd className="mono">{p?.pid ?? '—'}</dd>
            <dt>Memory</dt>
            <dd>
              {formatBytes(p?.rssBytes)} RSS{p?.pssBytes !== null && p?.pssBytes !== undefined ? `, ${formatBytes(p.pssBytes)} PSS` : ''}
            </dd>
            <dt>Uptime</dt>
            <dd>{formatUptime(p?.uptimeMs)}</dd>
            <dt>Restarts</dt>
            <dd>{p?.restarts ?? '—'}</dd>
            {p?.lastExit && (
              <>
                <dt>Last exit</dt>
                <dd>
                  {p.lastExit.signal ?? `code ${p.lastExit.code ?? '?'}`} at <span title={isoTime(p.lastExit.at)}>{formatTime(p.lastExit.at)}</span>
                </dd>
              </>
            )}
            <dt>Created</dt>
            <dd title={isoTime(tenant.created)}>{formatTime(tenant.created)}</dd>
          </dl>
        </section>
        <div className="tn-side">
          <TenantLabelsPanel tenant={tenant} mayManage={mayManage} onSaved={applied} />
          {mayReadUsers && <TenantAccessPanel tenant={tenant.id} />}
        </div>
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${tenant.name}?`}
          confirmLabel="Delete tenant"
          typeToConfirm={tenant.name}
          danger
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setDeleting(false)}
          onConfirm={(typed) =>
            remove.act(
              () => tenantsApi.remove(id, typed),
              () => {
                navigate(sectionHref('tenants'));
                refreshSession();
              },
            )
          }
        >
          <p>
            This stops the tenant and removes all its data from its host: incidents, war rooms, playbooks, its own users, roles and API keys. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
