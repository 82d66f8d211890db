/**
 * One installed pack: its metadata, labels (its items without labels of their own follow
 * them), dependencies and the packs that depend on it, its items (and which were edited on
 * main since install), export as a zip, upgrade from the marketplace, and uninstall — which
 * main refuses (409, shown in the dialog) while another installed pack needs it.
 */
import { useState } from 'react';
import { packsApi } from '../api/content';
import { isKind, type InstallResult } from '../api/content-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import type { ContentRights } from './content-rights';
import { ExportButton } from './download';
import { InstallResultView } from './install-result';
import { LabelsEditor } from './labels';
import { dependenciesOf } from './packs-page';

export function PackPage({ id, rights }: { id: string; rights: ContentRights }) {
  const pack = useLoad(() => packsApi.get(id), [id]);
  // The marketplace tells whether a newer version waits; without it the page still works.
  const market = useLoad(() => packsApi.marketplace().catch(() => null), [id]);
  const offer = market.data?.packs.find((p) => p.id === id);
  const [confirm, setConfirm] = useState<'uninstall' | 'upgrade' | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [result, setResult] = useState<InstallResult | null>(null);
  const uninstall = useAction(() => navigate(sectionHref('packs')));
  const upgrade = useAction(() => {
    setConfirm(null);
    pack.reload(true);
    market.reload(true);
  });
  const p = pack.data;
  const meta = p?.metadata ?? {};
  const text = (k: string): string => (typeof meta[k] === 'string' ? meta[k] : '');

  return (
    <div className="pack-page">
      <div className="crumbs">
        <a href={sectionHref('packs')}>Packs</a>
        <span aria-hidden="true">/</span>
        <span className="mono">{id}</span>
      </div>
      {pack.error !== undefined && (
        <div className="error-banner" role="alert">
          {pack.error}
        </div>
      )}
      {pack.loading && p === undefined && <p className="muted" role="status">Loading the pack…</p>}
      {result !== null && <InstallResultView result={result} onDismiss={() => setResult(null)} />}
      {p !== undefined && (
        <>
          <div className="item-head">
            <div>
              <h1 className="item-title">{p.name}</h1>
              <div className="item-meta">
                <span className="badge state state-run">version {p.version}</span>
                {offer?.upgradable === true && <span className="badge state state-wait">{offer.latest} available</span>}
                <span className="muted">
                  from {p.source}, installed {formatTime(p.installed)} by {p.installedBy}
                </span>
                <span className="muted" title={isoTime(p.updated)}>
                  updated {formatTime(p.updated)}
                </span>
              </div>
              {text('description') !== '' && <p className="pack-description">{text('description')}</p>}
            </div>
            <div className="row-actions">
              <ExportButton label="Export zip" fallbackName={`${id}-${p.version}.zip`} fetchFile={() => packsApi.exportZip(id)} />
              {rights.admin && offer?.upgradable === true && (
                <button type="button" className="btn primary" onClick={() => setConfirm('upgrade')}>
                  Upgrade to {offer.latest}
                </button>
              )}
              {rights.admin && (
                <button type="button" className="btn danger" onClick={() => setConfirm('uninstall')}>
                  Uninstall
                </button>
              )}
            </div>
          </div>
          <div className="pack-layout">
            <div className="panel table-panel">
              <h2 className="panel-title">Items ({p.items.length})</h2>
              {p.items.length === 0 ? (
                <p className="empty">This pack holds no items.</p>
              ) : (
                <table className="data-table" aria-label="Pack items">
                  <thead>
                    <tr>
                      <th>Kind</th>
                      <th className="col-name">Name</th>
                      <th>Version</th>
                      <th>Since install</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((i) => (
                      <tr key={`${i.kind}/${i.id}`} data-testid="pack-item">
                        <td>{i.kind}</td>
                        <td className="col-name">{isKind(i.kind) ? <a href={sectionHref('content', [i.kind, i.id])}>{i.name}</a> : i.name}</td>
                        <td>v{i.version}</td>
                        <td>{i.editedSinceInstall ? <span className="badge state state-wait">edited on main</span> : <span className="muted">as installed</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="pack-side">
              <section className="panel">
                <h2 className="panel-title">Labels</h2>
                <div className="pad">
                  <LabelsEditor labels={p.labels} canWrite={rights.write} what={p.name} save={(labels) => packsApi.setLabels(id, labels)} onSaved={() => pack.reload(true)} />
                </div>
              </section>
              <section className="panel">
                <h2 className="panel-title">Dependencies</h2>
                <ul className="plain-list pad">
                  {dependenciesOf(meta).length === 0 && <li className="muted">None</li>}
                  {dependenciesOf(meta).map((d) => (
                    <li key={d.id}>
                      <a href={sectionHref('packs', [d.id])}>{d.id}</a> {d.mandatory ? <span className="muted">mandatory</span> : <span className="muted">optional</span>}
                    </li>
                  ))}
                </ul>
                <h2 className="panel-title">Needed by</h2>
                <ul className="plain-list pad">
                  {p.dependents.length === 0 && <li className="muted">No installed pack</li>}
                  {p.dependents.map((d) => (
                    <li key={d}>
                      <a href={sectionHref('packs', [d])}>{d}</a>
                    </li>
                  ))}
                </ul>
              </section>
            </div>
          </div>
        </>
      )}
      {confirm === 'uninstall' && p !== undefined && (
        <ConfirmDialog
          title={`Uninstall ${p.name}?`}
          confirmLabel="Uninstall"
          typeToConfirm={p.id}
          danger
          busy={uninstall.busy}
          error={uninstall.error}
          onCancel={() => setConfirm(null)}
          onConfirm={() => uninstall.act(() => packsApi.uninstall(id))}
        >
          <p>
            Its {p.items.length} item{p.items.length === 1 ? '' : 's'} leave main’s library, and tenants drop them at the next sync.
            {p.dependents.length > 0 && ` ${p.dependents.join(', ')} need${p.dependents.length === 1 ? 's' : ''} it: uninstall ${p.dependents.length === 1 ? 'that' : 'those'} first.`}
          </p>
        </ConfirmDialog>
      )}
      {confirm === 'upgrade' && p !== undefined && offer?.latest != null && (
        <ConfirmDialog
          title={`Upgrade ${p.name} to ${offer.latest}?`}
          confirmLabel="Upgrade"
          busy={upgrade.busy}
          error={upgrade.error}
          onCancel={() => setConfirm(null)}
          onConfirm={() => upgrade.act(() => packsApi.install(id, offer.latest ?? undefined, { overwriteEdited: overwrite }), setResult)}
        >
          <p>
            From {p.version} to {offer.latest}, with its mandatory dependencies. Items the new version dropped leave the library.
          </p>
          <label className="check-field">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
            <span>Overwrite items edited on main since install</span>
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}
