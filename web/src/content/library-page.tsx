/**
 * Main's content library: the kinds down the side with their counts, the chosen kind's items in
 * a table filtered by name, id, label or pack as one types. Items a pack installed say so, and
 * whether they were edited on main since (the pack's upgrade keeps such edits unless told).
 */
import { useMemo, useState } from 'react';
import { contentApi, packsApi } from '../api/content';
import { KINDS, type ContentItem, type Kind } from '../api/content-types';
import { formatTime, isoTime } from '../common/format';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';
import type { ContentRights } from './content-rights';
import { KIND_LABELS } from './kinds';
import { LabelChips } from './labels';
import { LoadError } from '../common/load-error';

interface Library {
  byKind: Partial<Record<Kind, ContentItem[]>>;
  /** Kinds whose list failed, with why. */
  failed: Partial<Record<Kind, string>>;
  /** `kind/id` of pack items edited on main since their pack installed them. */
  edited: ReadonlySet<string>;
}

async function loadLibrary(): Promise<Library> {
  const lists = await Promise.allSettled(KINDS.map((k) => contentApi.list(k)));
  const byKind: Library['byKind'] = {};
  const failed: Library['failed'] = {};
  lists.forEach((r, i) => {
    const kind = KINDS[i];
    if (kind === undefined) return;
    if (r.status === 'fulfilled') byKind[kind] = r.value;
    else failed[kind] = r.reason instanceof Error ? r.reason.message : 'could not be listed';
  });
  if (lists.every((r) => r.status === 'rejected')) throw lists[0]?.status === 'rejected' ? lists[0].reason : new Error('The library could not be listed.');
  const packs = [...new Set(Object.values(byKind).flatMap((items) => items.flatMap((i) => (i.pack === null ? [] : [i.pack]))))];
  // A pack that cannot be read only loses its markers: the library still shows.
  const details = await Promise.allSettled(packs.map((p) => packsApi.get(p)));
  const edited = new Set(details.flatMap((d) => (d.status === 'fulfilled' ? d.value.items.filter((i) => i.editedSinceInstall).map((i) => `${i.kind}/${i.id}`) : [])));
  return { byKind, failed, edited };
}

function matches(item: ContentItem, q: string): boolean {
  if (q === '') return true;
  const hay = [item.name, item.id, item.pack ?? '', ...item.labels].join('\u0000').toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => hay.includes(w));
}

export function LibraryPage({ kind, filter, rights }: { kind: Kind; filter: string; rights: ContentRights }) {
  const [q, setQ] = useState(filter);
  const lib = useLoad(loadLibrary, []);
  const items = lib.data?.byKind[kind];
  const shown = useMemo(() => (items ?? []).filter((i) => matches(i, q.trim())), [items, q]);
  const kindError = lib.data?.failed[kind];

  return (
    <div className="library">
      <div className="page-head">
        <h1>Content library</h1>
        <span className="muted">Main’s items, pushed to tenants by their labels</span>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => lib.reload()} disabled={lib.loading}>
            Refresh
          </button>
          {rights.write && (
            <a className="btn primary" href={sectionHref('content', ['import'])}>
              Import…
            </a>
          )}
        </div>
      </div>
      {lib.error !== undefined && <LoadError error={lib.error} onRetry={() => lib.reload()} />}
      <div className="library-layout">
        <nav className="panel kind-list" aria-label="Kinds of content">
          <ul>
            {KINDS.map((k) => {
              const count = lib.data?.byKind[k]?.length;
              return (
                <li key={k}>
                  <a className={`kind-link${k === kind ? ' active' : ''}`} href={sectionHref('content', [k])} aria-current={k === kind ? 'page' : undefined}>
                    <span>{KIND_LABELS[k].many}</span>
                    <span className="kind-count" aria-label={`${count ?? 'unknown'} items`}>
                      {count ?? (lib.data?.failed[k] !== undefined ? '!' : '…')}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="panel table-panel">
          <div className="table-toolbar">
            <input
              type="search"
              className="library-filter"
              aria-label="Filter by name, id, label or pack"
              placeholder="Filter by name, id, label or pack"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <span className="muted" aria-live="polite">
              {lib.loading && lib.data === undefined ? 'Loading…' : `${shown.length} of ${items?.length ?? 0} ${KIND_LABELS[kind].many.toLowerCase()}`}
            </span>
          </div>
          {lib.loading && <div className="progress" role="progressbar" aria-label="Loading the library" />}
          {kindError !== undefined && <p className="error-text pad" role="alert">{kindError}</p>}
          {items !== undefined && shown.length > 0 && (
            <div className={`table-scroll${lib.loading ? ' busy' : ''}`}>
              <table className="data-table library-table" aria-label={KIND_LABELS[kind].many}>
                <thead>
                  <tr>
                    <th className="col-name">Name</th>
                    <th>Id</th>
                    <th>Version</th>
                    <th>Labels</th>
                    <th className="col-time">Updated</th>
                    <th>Pack</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((i) => (
                    <tr key={i.id} data-testid="content-row">
                      <td className="col-name">
                        <a href={sectionHref('content', [kind, i.id])}>{i.name}</a>
                      </td>
                      <td className="mono cell-clip" title={i.id}>
                        {i.id}
                      </td>
                      <td>v{i.version}</td>
                      <td>
                        <LabelChips labels={i.labels} />
                      </td>
                      <td title={isoTime(i.modified)}>{formatTime(i.modified)}</td>
                      <td>
                        {i.pack === null ? (
                          <span className="muted">—</span>
                        ) : (
                          <span className="pack-cell">
                            <a href={sectionHref('packs', [i.pack])}>{i.pack}</a>
                            {lib.data?.edited.has(`${kind}/${i.id}`) && (
                              <span className="badge state state-wait" title="Edited on main since its pack installed it">
                                edited
                              </span>
                            )}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {items !== undefined && shown.length === 0 && !lib.loading && (
            <p className="empty">{items.length === 0 ? `No ${KIND_LABELS[kind].many.toLowerCase()} yet.${rights.write ? ' Import some, or install a pack.' : ''}` : 'Nothing matches this filter.'}</p>
          )}
        </div>
      </div>
    </div>
  );
}
