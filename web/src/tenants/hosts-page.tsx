/**
 * The hosts tenants run on: where each is reached, whether it heartbeats, its version and how
 * many tenants it runs (with their summed memory for who may read every tenant); refreshed
 * quietly. Who may administer hosts issues enrollment tokens here.
 */
import type { HostView } from '../api/tenants-types';
import { formatTime, isoTime } from '../common/format';
import { sectionHref } from '../shell/route';
import { EnrollmentPanel } from './enrollment-panel';
import { formatAgo, formatBytes } from './tenant-format';
import { tenantsMemory, useHosts, useTenants } from './live-data';

interface Props {
  mayEnroll: boolean;
  /** Memory is summed from the tenants list, which is whole only for who may read all tenants. */
  mayReadTenants: boolean;
}

export function HostStatus({ host }: { host: HostView }) {
  return (
    <>
      <span className={`badge state ${host.online ? 'state-ok' : 'state-err'}`} data-testid="host-status">
        {host.online ? 'online' : 'offline'}
      </span>{' '}
      <span className="muted small" title={host.lastSeen === null ? undefined : isoTime(host.lastSeen)}>
        {host.lastSeen === null ? 'no heartbeat yet' : `heartbeat ${formatAgo(host.lastSeen)}`}
      </span>
    </>
  );
}

export function HostsPage({ mayEnroll, mayReadTenants }: Props) {
  const hosts = useHosts();
  const tenants = useTenants(mayReadTenants);
  const rows = hosts.data ?? [];
  const online = rows.filter((h) => h.online).length;

  return (
    <section className="page" aria-labelledby="hosts-title">
      <div className="page-head">
        <h1 id="hosts-title">Hosts</h1>
        {hosts.data !== undefined && (
          <span className="muted">
            {rows.length} {rows.length === 1 ? 'host' : 'hosts'}, {online} online
          </span>
        )}
      </div>
      {hosts.error !== undefined && (
        <div className="error-banner" role="alert">
          {hosts.data === undefined ? hosts.error : `Could not refresh: ${hosts.error}`}{' '}
          <button type="button" className="btn small" onClick={() => hosts.reload()}>
            Retry
          </button>
        </div>
      )}
      <div className="panel table-panel">
        {hosts.loading && hosts.data === undefined && <p className="empty">Loading…</p>}
        {hosts.data !== undefined && rows.length === 0 && <p className="empty">No host is enrolled yet: issue an enrollment token below and start one.</p>}
        {rows.length > 0 && (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="tn-sr-only">Hosts</caption>
              <thead>
                <tr>
                  <th scope="col" className="col-name">Host</th>
                  <th scope="col">Address</th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                  <th scope="col" className="num">Tenants</th>
                  {mayReadTenants && <th scope="col" className="num">Tenants&apos; memory</th>}
                  <th scope="col">Enrolled</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr key={h.id} data-testid="host-row" data-host={h.id}>
                    <td className="col-name">
                      <a href={sectionHref('hosts', [h.id])}>{h.name}</a> <span className="muted mono small">{h.id.slice(0, 8)}</span>
                    </td>
                    <td className="mono">{h.url ?? h.address}</td>
                    <td>
                      <HostStatus host={h} />
                    </td>
                    <td>{h.version ?? '—'}</td>
                    <td className="num">{h.tenants}</td>
                    {mayReadTenants && <td className="num">{formatBytes(tenantsMemory(h.id, tenants.data ?? []))}</td>}
                    <td title={isoTime(h.created)}>{formatTime(h.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {mayEnroll && <EnrollmentPanel onIssued={() => hosts.reload(true)} />}
    </section>
  );
}
