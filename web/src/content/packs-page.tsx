/**
 * Installed packs: name, version, how many items, labels, mandatory dependencies and where it
 * came from; each opens its page. A content administrator uploads an archive here too.
 */
import { useState } from 'react';
import { packsApi } from '../api/content';
import type { InstallResult, Pack } from '../api/content-types';
import { formatTime, isoTime } from '../common/format';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';
import type { ContentRights } from './content-rights';
import { InstallResultView } from './install-result';
import { LabelChips } from './labels';
import { PackUpload } from './pack-upload';
import { LoadError } from '../common/load-error';

/** A pack's dependencies as its metadata names them: id → mandatory or not. */
export function dependenciesOf(metadata: Record<string, unknown>): { id: string; mandatory: boolean }[] {
  const deps = metadata['dependencies'];
  if (typeof deps !== 'object' || deps === null || Array.isArray(deps)) return [];
  return Object.entries(deps as Record<string, unknown>).map(([id, d]) => ({
    id,
    mandatory: typeof d === 'object' && d !== null && (d as { mandatory?: unknown }).mandatory === true,
  }));
}

type Row = Pack & { items?: number };

async function loadPacks(): Promise<Row[]> {
  const packs = await packsApi.list();
  // The item counts come from each pack's page; one that fails only loses its count.
  const details = await Promise.allSettled(packs.map((p) => packsApi.get(p.id)));
  return packs.map((p, i) => {
    const d = details[i];
    return d?.status === 'fulfilled' ? { ...p, items: d.value.items.length } : p;
  });
}

export function PacksPage({ rights }: { rights: ContentRights }) {
  const packs = useLoad(loadPacks, []);
  const [result, setResult] = useState<InstallResult | null>(null);

  return (
    <div className="packs-page">
      <div className="page-head">
        <h1>Packs</h1>
        <span className="muted">Installed content packs; their items live in the library</span>
        <div className="page-head-actions">
          <a className="btn" href={sectionHref('marketplace')}>
            Browse the marketplace
          </a>
        </div>
      </div>
      {result !== null && <InstallResultView result={result} onDismiss={() => setResult(null)} />}
      {packs.error !== undefined && <LoadError error={packs.error} onRetry={() => packs.reload()} />}
      <div className={`packs-layout${rights.admin ? ' with-upload' : ''}`}>
        <div className="panel table-panel">
          {packs.loading && <div className="progress" role="progressbar" aria-label="Loading packs" />}
          {packs.loading && packs.data === undefined && <p className="muted pad" role="status">Loading packs…</p>}
          {packs.data !== undefined && packs.data.length === 0 && <p className="empty">No packs installed yet. Install one from the marketplace{rights.admin ? ' or upload an archive' : ''}.</p>}
          {packs.data !== undefined && packs.data.length > 0 && (
            <table className="data-table" aria-label="Installed packs">
              <thead>
                <tr>
                  <th className="col-name">Pack</th>
                  <th>Version</th>
                  <th>Items</th>
                  <th>Labels</th>
                  <th>Dependencies</th>
                  <th>Source</th>
                  <th className="col-time">Updated</th>
                </tr>
              </thead>
              <tbody>
                {packs.data.map((p) => (
                  <tr key={p.id} data-testid="pack-row" data-pack={p.id}>
                    <td className="col-name">
                      <a href={sectionHref('packs', [p.id])}>{p.name}</a> <span className="muted mono small">{p.id}</span>
                    </td>
                    <td>{p.version}</td>
                    <td>{p.items ?? '—'}</td>
                    <td>
                      <LabelChips labels={p.labels} />
                    </td>
                    <td className="cell-clip">
                      {dependenciesOf(p.metadata).length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        dependenciesOf(p.metadata).map((d, i) => (
                          <span key={d.id}>
                            {i > 0 && ', '}
                            {d.id}
                            {!d.mandatory && <span className="muted"> (optional)</span>}
                          </span>
                        ))
                      )}
                    </td>
                    <td>{p.source}</td>
                    <td title={isoTime(p.updated)}>{formatTime(p.updated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {rights.admin && (
          <PackUpload
            onInstalled={(r) => {
              setResult(r);
              packs.reload(true);
            }}
          />
        )}
      </div>
    </div>
  );
}
