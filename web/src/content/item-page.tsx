/**
 * One item of main's library: what it is (kind, id, version, pack, labels), its XSOAR text
 * (read-only, or edited into a new version), its versions with a diff between any two and a
 * revert, its propagation labels, export, and delete. The tab and the two versions compared
 * are in the address, so a diff can be linked.
 */
import { useState } from 'react';
import { contentApi } from '../api/content';
import type { Kind } from '../api/content-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import type { ContentRights } from './content-rights';
import { ExportButton } from './download';
import { ItemDocument } from './item-document';
import { ItemVersions } from './item-versions';
import { KIND_LABELS } from './kinds';
import { LabelsEditor } from './labels';
import { LabelChips } from './labels';

const TABS = [
  { id: 'document', label: 'Document' },
  { id: 'versions', label: 'Versions & diff' },
  { id: 'labels', label: 'Propagation labels' },
] as const;
type Tab = (typeof TABS)[number]['id'];

interface Props {
  kind: Kind;
  id: string;
  params: Record<string, string>;
  rights: ContentRights;
}

export function ItemPage({ kind, id, params, rights }: Props) {
  const tab: Tab = TABS.some((t) => t.id === params['tab']) ? (params['tab'] as Tab) : 'document';
  const item = useLoad(() => contentApi.item(kind, id), [kind, id]);
  const [deleting, setDeleting] = useState(false);
  const removal = useAction(() => navigate(sectionHref('content', [kind])));
  const href = (t: Tab, extra: Record<string, string> = {}): string => sectionHref('content', [kind, id], { ...(t === 'document' ? {} : { tab: t }), ...extra });
  const data = item.data;

  return (
    <div className="item-page">
      <div className="crumbs">
        <a href={sectionHref('content', [kind])}>{KIND_LABELS[kind].many}</a>
        <span aria-hidden="true">/</span>
        <span className="mono">{id}</span>
      </div>
      {item.error !== undefined && (
        <div className="error-banner" role="alert">
          {item.error}{' '}
          {item.errorCode !== 'not_found' && (
            <button type="button" className="btn small" onClick={() => item.reload()}>
              Retry
            </button>
          )}
        </div>
      )}
      {item.loading && data === undefined && <p className="muted" role="status">Loading the {KIND_LABELS[kind].one}…</p>}
      {data !== undefined && (
        <>
          <div className="item-head">
            <div>
              <h1 className="item-title">{data.name}</h1>
              <div className="item-meta">
                <span className="badge state state-idle">{KIND_LABELS[kind].one}</span>
                <span className="badge state state-run" title={`content hash ${data.hash}`}>
                  version {data.version}
                </span>
                {data.pack !== null && (
                  <span className="muted">
                    from pack <a href={sectionHref('packs', [data.pack])}>{data.pack}</a>
                  </span>
                )}
                <span className="muted" title={isoTime(data.modified)}>
                  updated {formatTime(data.modified)}
                </span>
                <LabelChips labels={data.labels} />
              </div>
            </div>
            <div className="row-actions">
              <ExportButton label="Export" fallbackName={`${id}.txt`} fetchFile={() => contentApi.exportFile(kind, id)} />
              {rights.admin && (
                <button type="button" className="btn danger" onClick={() => setDeleting(true)}>
                  Delete
                </button>
              )}
            </div>
          </div>
          <div className="panel">
            <div className="tabs" role="tablist" aria-label="Item">
              {TABS.map((t) => (
                <a key={t.id} role="tab" aria-selected={t.id === tab} className={`tab${t.id === tab ? ' active' : ''}`} href={href(t.id)}>
                  {t.label}
                </a>
              ))}
            </div>
            <div className="tab-panel item-tab" role="tabpanel">
              {tab === 'document' && <ItemDocument kind={kind} id={id} version={data.version} canWrite={rights.write} onSaved={() => item.reload(true)} />}
              {tab === 'versions' && (
                <ItemVersions
                  kind={kind}
                  id={id}
                  current={data.version}
                  from={Number(params['from']) || undefined}
                  to={Number(params['to']) || undefined}
                  onCompare={(from, to) => navigate(href('versions', { from: String(from), to: String(to) }))}
                  canWrite={rights.write}
                  onReverted={() => item.reload(true)}
                />
              )}
              {tab === 'labels' && (
                <div className="pad">
                  <LabelsEditor
                    labels={data.labels}
                    canWrite={rights.write}
                    what={data.name}
                    save={(labels) => contentApi.setLabels(kind, id, labels)}
                    onSaved={() => item.reload(true)}
                  />
                </div>
              )}
            </div>
          </div>
        </>
      )}
      {deleting && data !== undefined && (
        <ConfirmDialog
          title={`Delete ${KIND_LABELS[kind].one} ${data.name}?`}
          confirmLabel="Delete"
          danger
          busy={removal.busy}
          error={removal.error}
          onCancel={() => setDeleting(false)}
          onConfirm={() => removal.act(() => contentApi.remove(kind, id))}
        >
          <p>
            It leaves main’s library, and every tenant drops its copy at the next sync (copies a tenant detached stay there). Its history is kept.
            {data.pack !== null && ` It came from pack ${data.pack}: upgrading the pack may bring it back.`}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
