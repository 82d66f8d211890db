/**
 * What installing (or upgrading) a pack did: each pack installed (the one asked for and its
 * mandatory dependencies) with items added, updated, removed, and items edited on main that
 * were kept (or overwritten, or released from the pack); optional dependencies not found; files
 * of the archive that were skipped and why.
 */
import type { InstallResult, PackOutcome } from '../api/content-types';
import { sectionHref } from '../shell/route';
import { RefList } from './kinds';

export function InstallResultView({ result, onDismiss }: { result: InstallResult; onDismiss?: () => void }) {
  const target = result.packs.find((p) => p.role === 'target');
  return (
    <section className="panel install-result" role="status" aria-label="Install result" data-testid="install-result">
      <div className="install-result-head">
        <h2>
          {target === undefined ? 'Installed' : `${target.previous === null ? 'Installed' : target.previous === target.version ? 'Reinstalled' : 'Upgraded'} ${target.id} ${target.version}`}
          {target?.previous != null && target.previous !== target.version && <span className="muted"> (was {target.previous})</span>}
        </h2>
        {onDismiss !== undefined && (
          <button type="button" className="btn small ghost" onClick={onDismiss} aria-label="Dismiss the install result">
            ×
          </button>
        )}
      </div>
      <table className="data-table" aria-label="Packs installed">
        <thead>
          <tr>
            <th className="col-name">Pack</th>
            <th>Role</th>
            <th>Version</th>
            <th>Added</th>
            <th>Updated</th>
            <th>Unchanged</th>
            <th>Removed</th>
            <th>Edited, kept</th>
            <th>Edited, overwritten</th>
            <th>Released</th>
          </tr>
        </thead>
        <tbody>
          {result.packs.map((p: PackOutcome) => (
            <tr key={p.id}>
              <td className="col-name">
                <a href={sectionHref('packs', [p.id])}>{p.id}</a>
              </td>
              <td>{p.role === 'target' ? 'asked for' : <span className="badge state state-idle">dependency</span>}</td>
              <td>
                {p.previous !== null && p.previous !== p.version && <span className="muted">{p.previous} → </span>}
                {p.version}
              </td>
              <td>
                <RefList refs={p.added} what="added" tone="ok" />
              </td>
              <td>
                <RefList refs={p.updated} what="updated" tone="run" />
              </td>
              <td>{p.unchanged}</td>
              <td>
                <RefList refs={p.removed} what="removed" tone="err" />
              </td>
              <td>
                <RefList refs={p.keptEdited} what="edited items kept" tone="wait" />
              </td>
              <td>
                <RefList refs={p.overwritten} what="edited items overwritten" tone="wait" />
              </td>
              <td>
                <RefList refs={p.released} what="released" tone="idle" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.packs.some((p) => p.keptEdited.length > 0) && (
        <p className="warning-banner install-note">Items edited on main since the pack installed them were kept as edited. Install again with “Overwrite edited items” to take the pack’s versions.</p>
      )}
      {result.optionalMissing.length > 0 && (
        <div className="pad">
          <strong>Optional dependencies not installed:</strong>{' '}
          {result.optionalMissing.map((o) => `${o.id} (for ${o.neededBy})`).join(', ')}
        </div>
      )}
      {result.skipped.length > 0 && (
        <details className="pad skipped-files">
          <summary>
            {result.skipped.length} file{result.skipped.length === 1 ? '' : 's'} skipped (folders or kinds Palisade does not read)
          </summary>
          <ul className="plain-list">
            {result.skipped.map((s) => (
              <li key={`${s.pack}/${s.path}`}>
                <span className="mono">
                  {s.pack}: {s.path}
                </span>{' '}
                — {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
