/** One host: where it is reached, its heartbeat, version and certificate, and the tenants it runs. */
import { formatTime, isoTime } from '../common/format';
import { sectionHref } from '../shell/route';
import { HostStatus } from './hosts-page';
import { tenantsMemory, useHost } from './live-data';
import { formatBytes } from './tenant-format';
import { TenantTable } from './tenant-table';

export function HostDetailPage({ id }: { id: string }) {
  const loaded = useHost(id);
  const data = loaded.data;

  if (data === undefined) {
    return loaded.error !== undefined ? (
      <div className="error-banner" role="alert">
        {loaded.error}{' '}
        <button type="button" className="btn small" onClick={() => loaded.reload()}>
          Retry
        </button>
      </div>
    ) : (
      <p className="muted pad" role="status">
        Loading the host…
      </p>
    );
  }
  const { host, tenants } = data;
  if (host === undefined) {
    return (
      <section className="panel empty-state">
        <h1>Host not found</h1>
        <p>There is no host {id}.</p>
        <a className="btn" href={sectionHref('hosts')}>
          Back to hosts
        </a>
      </section>
    );
  }

  return (
    <section className="page" aria-labelledby="host-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={sectionHref('hosts')}>Hosts</a> <span aria-hidden="true">›</span> <span>{host.name}</span>
      </nav>
      <div className="page-head">
        <h1 id="host-title">{host.name}</h1>
        <HostStatus host={host} />
      </div>
      {loaded.error !== undefined && (
        <div className="warning-banner" role="status">
          Could not refresh: {loaded.error}
        </div>
      )}
      <div className="tn-detail-grid">
        <section className="panel tn-panel" aria-labelledby="host-facts-title">
          <h2 id="host-facts-title" className="panel-title">
            Host
          </h2>
          <dl className="facts">
            <dt>Id</dt>
            <dd className="mono">{host.id}</dd>
            <dt>Address</dt>
            <dd className="mono">{host.address}</dd>
            <dt>URL</dt>
            <dd className="mono">{host.url ?? '—'}</dd>
            <dt>Version</dt>
            <dd>{host.version ?? '—'}</dd>
            <dt>Last heartbeat</dt>
            <dd title={host.lastSeen === null ? undefined : isoTime(host.lastSeen)}>{host.lastSeen === null ? 'never' : formatTime(host.lastSeen)}</dd>
            <dt>Enrolled</dt>
            <dd title={isoTime(host.created)}>{formatTime(host.created)}</dd>
            <dt>Certificate</dt>
            <dd className="mono small" title="SHA-256 fingerprint of the host's client certificate">
              {host.certFingerprint}
            </dd>
            <dt>Tenants</dt>
            <dd>
              {host.tenants}
              {tenants.length > 0 && <span className="muted"> — {formatBytes(tenantsMemory(host.id, tenants))} RSS in all</span>}
            </dd>
          </dl>
        </section>
      </div>
      <section className="panel table-panel tn-panel" aria-labelledby="host-tenants-title">
        <h2 id="host-tenants-title" className="panel-title">
          Tenants on this host
        </h2>
        {tenants.length === 0 ? (
          <p className="empty">{host.tenants === 0 ? 'This host runs no tenant.' : 'None of the tenants on this host is visible to you.'}</p>
        ) : (
          <TenantTable tenants={tenants} showHost={false} caption={`Tenants on ${host.name}`} />
        )}
      </section>
    </section>
  );
}
