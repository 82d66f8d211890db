/**
 * What changed between two versions of an item, as the server's diff gives it: one row per
 * changed path (`tasks.12.nexttasks.yes[0]`), the value before and after; added paths green,
 * removed red, changed amber. A reader scans a playbook's edit without reading two files.
 */
import { contentApi } from '../api/content';
import type { Change, Kind } from '../api/content-types';
import { asText } from '../common/format';
import { useLoad } from '../common/use-load';

type ChangeKind = 'added' | 'removed' | 'changed';

function changeKind(c: Change): ChangeKind {
  if (!('from' in c)) return 'added';
  if (!('to' in c)) return 'removed';
  return 'changed';
}

const MARK: Readonly<Record<ChangeKind, string>> = { added: '+', removed: '−', changed: '~' };

function Value({ present, value }: { present: boolean; value: unknown }) {
  if (!present) return <span className="muted diff-absent">(absent)</span>;
  const text = typeof value === 'string' ? value : asText(value);
  return <pre className="diff-value mono">{text === '' ? '""' : text}</pre>;
}

export function DiffView({ kind, id, from, to }: { kind: Kind; id: string; from: number; to: number }) {
  const diff = useLoad(() => contentApi.diff(kind, id, from, to), [kind, id, from, to]);
  const changes = diff.data?.changes ?? [];
  const counts = changes.reduce<Record<ChangeKind, number>>((acc, c) => ({ ...acc, [changeKind(c)]: acc[changeKind(c)] + 1 }), { added: 0, removed: 0, changed: 0 });

  return (
    <section className="diff" aria-label={`Changes from version ${from} to version ${to}`} data-testid="diff">
      <div className="diff-head">
        <h2>
          Changes v{from} → v{to}
        </h2>
        {diff.data !== undefined && (
          <span className="diff-counts">
            <span className="diff-count added">{counts.added} added</span>
            <span className="diff-count changed">{counts.changed} changed</span>
            <span className="diff-count removed">{counts.removed} removed</span>
          </span>
        )}
      </div>
      {diff.error !== undefined && (
        <div className="error-banner" role="alert">
          {diff.error}
        </div>
      )}
      {diff.loading && diff.data === undefined && <p className="muted pad" role="status">Comparing…</p>}
      {diff.data !== undefined && changes.length === 0 && <p className="empty">The two versions hold the same document{from !== to ? ' (only labels or the pack may differ)' : ''}.</p>}
      {changes.length > 0 && (
        <table className="data-table diff-table" aria-label="Changes">
          <thead>
            <tr>
              <th className="diff-mark-col" aria-label="Change" />
              <th>Path</th>
              <th>v{from}</th>
              <th>v{to}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => {
              const k = changeKind(c);
              return (
                <tr key={c.path} className={`diff-row diff-${k}`} data-testid="diff-row">
                  <td className="diff-mark" title={k} aria-label={k}>
                    {MARK[k]}
                  </td>
                  <td className="mono diff-path">{c.path}</td>
                  <td className="diff-from">
                    <Value present={'from' in c} value={c.from} />
                  </td>
                  <td className="diff-to">
                    <Value present={'to' in c} value={c.to} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {diff.data?.truncated === true && <p className="warning-banner diff-truncated">Only the first {changes.length} changes are shown.</p>}
    </section>
  );
}
