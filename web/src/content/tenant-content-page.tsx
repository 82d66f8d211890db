/**
 * One tenant's content, as the tenant holds it: main's pushed copies (locked there: only main
 * changes them) and the tenant's own items, among them copies it detached from main. A content
 * administrator of the tenant detaches a locked copy (after a confirmation): it becomes the
 * tenant's own, editable there, and main stops updating it.
 */
import { useState } from 'react';
import { tenantContentApi } from '../api/content';
import { isKind, KINDS, type Kind, type TenantItem } from '../api/content-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';
import { KIND_LABELS } from './kinds';
import { OwnerBadge, TenantItemView } from './tenant-item';

type OwnerFilter = 'all' | 'main' | 'tenant';

interface Props {
  tenant: string;
  tenantName: string;
  /** The address after `tenant`: `[kind[, id]]`. */
  rest: string[];
  canDetach: boolean;
}

const tenantHref = (parts: string[] = []): string => sectionHref('content', ['tenant', ...parts]);

export function TenantContentPage({ tenant, tenantName, rest, canDetach }: Props) {
  const kind: Kind = isKind(rest[0]) ? rest[0] : 'playbooks';
  const itemId = rest[1];
  const [owner, setOwner] = useState<OwnerFilter>('all');
  const items = useLoad(() => tenantContentApi.list(tenant, kind, owner === 'all' ? undefined : owner), [tenant, kind, owner]);
  const [detaching, setDetaching] = useState<TenantItem | null>(null);
  const detach = useAction(() => {
    setDetaching(null);
    items.reload(true);
  });

  if (itemId !== undefined) {
    return <TenantItemView tenant={tenant} tenantName={tenantName} kind={kind} id={itemId} backHref={tenantHref([kind])} />;
  }

  return (
    <div className="tenant-content">
      <div className="page-head">
        <h1>{tenantName}: content</h1>
        <span className="muted">Main’s copies are locked in the tenant; its own items are its own</span>
      </div>
      <div className="library-layout">
        <nav className="panel kind-list" aria-label="Kinds of content">
          <ul>
            {KINDS.map((k) => (
              <li key={k}>
                <a className={`kind-link${k === kind ? ' active' : ''}`} href={tenantHref([k])} aria-current={k === kind ? 'page' : undefined}>
                  <span>{KIND_LABELS[k].many}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="panel table-panel">
          <div className="table-toolbar">
            <label className="inline-field">
              <span>Owner</span>
              <select value={owner} onChange={(e) => setOwner(e.target.value as OwnerFilter)} aria-label="Owner">
                <option value="all">Main’s copies and the tenant’s own</option>
                <option value="main">Main’s copies (locked)</option>
                <option value="tenant">The tenant’s own</option>
              </select>
            </label>
            <span className="muted" aria-live="polite">
              {items.loading && items.data === undefined ? 'Loading…' : `${items.data?.length ?? 0} ${KIND_LABELS[kind].many.toLowerCase()}`}
            </span>
          </div>
          {items.loading && <div className="progress" role="progressbar" aria-label="Loading the tenant's content" />}
          {items.error !== undefined && (
            <div className="error-banner pad-banner" role="alert">
              {items.error}{' '}
              <button type="button" className="btn small" onClick={() => items.reload()}>
                Retry
              </button>
            </div>
          )}
          {items.data !== undefined && items.data.length === 0 && !items.loading && <p className="empty">This tenant holds no {KIND_LABELS[kind].many.toLowerCase()}{owner === 'all' ? '' : ' of this owner'}.</p>}
          {items.data !== undefined && items.data.length > 0 && (
            <div className={`table-scroll${items.loading ? ' busy' : ''}`}>
              <table className="data-table" aria-label={`${tenantName} ${KIND_LABELS[kind].many}`}>
                <thead>
                  <tr>
                    <th className="col-name">Name</th>
                    <th>Id</th>
                    <th>Owner</th>
                    <th>Version</th>
                    <th className="col-time">Updated</th>
                    <th>By</th>
                    {canDetach && <th aria-label="Actions" />}
                  </tr>
                </thead>
                <tbody>
                  {items.data.map((i) => (
                    <tr key={i.id} data-testid="tenant-content-row" data-owner={i.owner}>
                      <td className="col-name">
                        <a href={tenantHref([kind, i.id])}>{i.name}</a>
                      </td>
                      <td className="mono cell-clip" title={i.id}>
                        {i.id}
                      </td>
                      <td>
                        <OwnerBadge item={i} />
                      </td>
                      <td>v{i.version}</td>
                      <td title={isoTime(i.updated)}>{formatTime(i.updated)}</td>
                      <td>{i.updatedBy}</td>
                      {canDetach && (
                        <td>
                          {i.owner === 'main' && (
                            <button type="button" className="btn small" onClick={() => setDetaching(i)} aria-label={`Detach ${i.name}`}>
                              Detach
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
      {detaching !== null && (
        <ConfirmDialog
          title={`Detach ${detaching.name} from main?`}
          confirmLabel="Detach"
          danger
          busy={detach.busy}
          error={detach.error}
          onCancel={() => setDetaching(null)}
          onConfirm={() => detach.act(() => tenantContentApi.detach(tenant, kind, detaching.id))}
        >
          <p>
            {tenantName}’s copy becomes its own: editable in the tenant, and no longer updated by main (main shows it as detached, in conflict). This cannot be undone from the console.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
