/**
 * An item's versions, newest first (author, time, note, hash): pick two to compare, or revert
 * to one (saved again as the newest version, after a confirmation). The diff of the two chosen
 * shows below; it compares the previous version with the current one until others are picked.
 */
import { useState } from 'react';
import { contentApi } from '../api/content';
import type { ContentVersion, Kind } from '../api/content-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { DiffView } from './diff-view';

interface Props {
  kind: Kind;
  id: string;
  current: number;
  from: number | undefined;
  to: number | undefined;
  onCompare: (from: number, to: number) => void;
  canWrite: boolean;
  onReverted: () => void;
}

export function ItemVersions({ kind, id, current, from, to, onCompare, canWrite, onReverted }: Props) {
  const versions = useLoad(() => contentApi.versions(kind, id), [kind, id, current]);
  const list = versions.data ?? [];
  const pickFrom = from ?? list[1]?.version ?? list[0]?.version;
  const pickTo = to ?? list[0]?.version;
  const [draft, setDraft] = useState<{ from?: number; to?: number }>({});
  const chosenFrom = draft.from ?? pickFrom;
  const chosenTo = draft.to ?? pickTo;
  const [reverting, setReverting] = useState<ContentVersion | null>(null);
  const revert = useAction(() => {
    setReverting(null);
    onReverted();
  });

  return (
    <div className="item-versions">
      {versions.error !== undefined && (
        <div className="error-banner" role="alert">
          {versions.error}
        </div>
      )}
      {versions.loading && versions.data === undefined && <p className="muted pad" role="status">Loading versions…</p>}
      {list.length > 0 && (
        <form
          className="versions-form"
          aria-label="Compare versions"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosenFrom !== undefined && chosenTo !== undefined) onCompare(chosenFrom, chosenTo);
          }}
        >
          <table className="data-table versions-table" aria-label="Versions">
            <thead>
              <tr>
                <th>From</th>
                <th>To</th>
                <th>Version</th>
                <th className="col-time">Saved</th>
                <th>By</th>
                <th>Note</th>
                <th>Hash</th>
                {canWrite && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.version} data-testid="version-row">
                  <td>
                    <input type="radio" name="from" aria-label={`Compare from version ${v.version}`} checked={chosenFrom === v.version} onChange={() => setDraft((d) => ({ ...d, from: v.version }))} />
                  </td>
                  <td>
                    <input type="radio" name="to" aria-label={`Compare to version ${v.version}`} checked={chosenTo === v.version} onChange={() => setDraft((d) => ({ ...d, to: v.version }))} />
                  </td>
                  <td>
                    v{v.version}
                    {v.version === current && <span className="badge state state-ok version-current">current</span>}
                  </td>
                  <td title={v.at}>{formatTime(v.at)}</td>
                  <td>{v.author}</td>
                  <td className="cell-clip" title={v.note}>
                    {v.note === '' ? <span className="muted">—</span> : v.note}
                  </td>
                  <td className="mono muted" title={v.hash}>
                    {v.hash.slice(0, 12)}
                  </td>
                  {canWrite && (
                    <td>
                      {v.version !== current && (
                        <button type="button" className="btn small" onClick={() => setReverting(v)}>
                          Revert to v{v.version}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row-actions versions-actions">
            <button type="submit" className="btn primary" disabled={chosenFrom === undefined || chosenTo === undefined || chosenFrom === chosenTo}>
              Compare v{chosenFrom ?? '?'} → v{chosenTo ?? '?'}
            </button>
            {chosenFrom === chosenTo && <span className="muted small">Pick two different versions.</span>}
          </div>
        </form>
      )}
      {list.length === 1 && <p className="muted pad">Only one version so far: edit the document to make another.</p>}
      {pickFrom !== undefined && pickTo !== undefined && pickFrom !== pickTo && <DiffView kind={kind} id={id} from={pickFrom} to={pickTo} />}
      {reverting !== null && (
        <ConfirmDialog
          title={`Revert to version ${reverting.version}?`}
          confirmLabel={`Revert to v${reverting.version}`}
          busy={revert.busy}
          error={revert.error}
          onCancel={() => setReverting(null)}
          onConfirm={() => revert.act(() => contentApi.revert(kind, id, reverting.version))}
        >
          <p>
            Version {reverting.version} (saved {formatTime(reverting.at)} by {reverting.author}) is saved again as a new version, after v{current}. Nothing is lost: v{current} stays in the
            history. Tenants get it at the next sync.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
