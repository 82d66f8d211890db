/** The tenants as a table: name and id, status, host, memory, uptime and labels; each name opens the tenant. */
import type { TenantView } from '../api/tenants-types';
import { sectionHref } from '../shell/route';
import { formatBytes, formatUptime, statusClass, statusDetail, tenantStatus } from './tenant-format';

interface Props {
  tenants: readonly TenantView[];
  /** The host column, left out on a host's own page. */
  showHost?: boolean;
  /** The host column links to the host when the user may read hosts. */
  linkHosts?: boolean;
  caption: string;
}

export function TenantStatusBadge({ tenant }: { tenant: TenantView }) {
  const status = tenantStatus(tenant);
  return (
    <span className={`badge state ${statusClass(status)}`} title={statusDetail(tenant)} data-testid="tenant-status">
      {status}
    </span>
  );
}

export function LabelChips({ labels }: { labels: readonly string[] }) {
  if (labels.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tn-chips">
      {labels.map((l) => (
        <span key={l} className="chip small tag">
          {l}
        </span>
      ))}
    </span>
  );
}

export function TenantTable({ tenants, showHost = true, linkHosts = false, caption }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table tn-table">
        <caption className="tn-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-name">Tenant</th>
            <th scope="col">Status</th>
            {showHost && <th scope="col">Host</th>}
            <th scope="col" className="num">Memory (RSS)</th>
            <th scope="col" className="num">Uptime</th>
            <th scope="col">Labels</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => (
            <tr key={t.id} data-testid="tenant-row" data-tenant={t.id}>
              <td className="col-name">
                <a href={sectionHref('tenants', [t.id])}>{t.name}</a> <span className="muted mono small">{t.id}</span>
              </td>
              <td>
                <TenantStatusBadge tenant={t} />
              </td>
              {showHost && (
                <td>
                  {linkHosts ? <a href={sectionHref('hosts', [t.host.id])}>{t.host.name || t.host.id}</a> : t.host.name || t.host.id}
                  {!t.host.online && <span className="muted small"> (offline)</span>}
                </td>
              )}
              <td className="num">{formatBytes(t.process?.rssBytes)}</td>
              <td className="num">{formatUptime(t.process?.uptimeMs)}</td>
              <td className="tn-labels-cell">
                <LabelChips labels={t.labels} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
