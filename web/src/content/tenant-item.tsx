/**
 * One item as a tenant holds it: who owns it (main's locked copy, detached, or the tenant's
 * own), its version and last change, and its document (as JSON, the form the tenant keeps).
 */
import { tenantContentApi } from '../api/content';
import type { Kind, TenantItem } from '../api/content-types';
import { formatTime, isoTime } from '../common/format';
import { useLoad } from '../common/use-load';
import { KIND_LABELS } from './kinds';

interface Props {
  tenant: string;
  tenantName: string;
  kind: Kind;
  id: string;
  backHref: string;
}

export function TenantItemView({ tenant, tenantName, kind, id, backHref }: Props) {
  const item = useLoad(() => tenantContentApi.item(tenant, kind, id), [tenant, kind, id]);
  const data = item.data;
  return (
    <div className="item-page">
      <div className="crumbs">
        <a href={backHref}>
          {tenantName}: {KIND_LABELS[kind].many}
        </a>
        <span aria-hidden="true">/</span>
        <span className="mono">{id}</span>
      </div>
      {item.error !== undefined && (
        <div className="error-banner" role="alert">
          {item.error}
        </div>
      )}
      {item.loading && data === undefined && <p className="muted" role="status">Loading…</p>}
      {data !== undefined && (
        <>
          <div className="item-head">
            <div>
              <h1 className="item-title">{data.name}</h1>
              <div className="item-meta">
                <OwnerBadge item={data} />
                <span className="badge state state-idle">version {data.version}</span>
                <span className="muted" title={isoTime(data.updated)}>
                  updated {formatTime(data.updated)} by {data.updatedBy}
                </span>
              </div>
              {data.owner === 'main' && <p className="muted small">Pushed from main: it changes only when main’s library does. Detach it (from the list) to make it this tenant’s own.</p>}
            </div>
          </div>
          <div className="panel">
            <div className="tab-toolbar">
              <span className="muted">Document (JSON), read-only</span>
            </div>
            <pre className="doc-text mono" tabIndex={0} aria-label="Document text">
              {JSON.stringify(data.doc, null, 2)}
            </pre>
          </div>
        </>
      )}
    </div>
  );
}

export function OwnerBadge({ item }: { item: TenantItem }) {
  if (item.owner === 'main') return <span className="badge state state-run" title="Pushed from main: only main changes it">main · locked</span>;
  if (item.detached) return <span className="badge state state-wait" title={item.detachedAt === null ? 'Detached from main' : `Detached from main ${formatTime(item.detachedAt)}`}>detached</span>;
  return <span className="badge state state-idle">tenant’s own</span>;
}
