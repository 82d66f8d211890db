/**
 * Each tenant's copy of main's content against what it should hold, live: items missing,
 * changed, extra (main no longer sends them), in conflict (the tenant's own item under that
 * id) and detached, with the tenant's sync status, why it is behind and when main tries again.
 */
import type { TenantDrift } from '../api/content-types';
import { formatTime, isoTime } from '../common/format';
import { RefList } from './kinds';

const STATUS_CLASS: Readonly<Record<string, string>> = { in_sync: 'state-ok', behind: 'state-err', syncing: 'state-run', never: 'state-idle' };
const STATUS_TEXT: Readonly<Record<string, string>> = { in_sync: 'in sync', behind: 'behind', syncing: 'syncing', never: 'never synced' };

interface Props {
  drift: readonly TenantDrift[];
  tenantName: (id: string) => string;
}

export function DriftTable({ drift, tenantName }: Props) {
  const rows = [...drift].sort((a, b) => Number(b.drifted) - Number(a.drifted) || tenantName(a.tenant).localeCompare(tenantName(b.tenant)));
  return (
    <table className="data-table drift-table" aria-label="Drift by tenant">
      <thead>
        <tr>
          <th className="col-name">Tenant</th>
          <th>Copy</th>
          <th>Sync status</th>
          <th>Missing</th>
          <th>Changed</th>
          <th>Extra</th>
          <th>Conflicts</th>
          <th>Detached</th>
          <th>Last success</th>
          <th>Why / next attempt</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.tenant} data-testid="drift-row" data-tenant={t.tenant}>
            <td className="col-name" title={t.tenant}>
              {tenantName(t.tenant)}
            </td>
            <td>
              {!t.reachable ? (
                <span className="badge state state-err">unreachable</span>
              ) : t.drifted ? (
                <span className="badge state state-wait">drifted</span>
              ) : (
                <span className="badge state state-ok">matches</span>
              )}
            </td>
            <td>
              <span className={`badge state ${STATUS_CLASS[t.sync.status] ?? 'state-idle'}`}>{STATUS_TEXT[t.sync.status] ?? t.sync.status}</span>
            </td>
            <td>
              <RefList refs={t.missing} what="missing" tone="wait" />
            </td>
            <td>
              <RefList refs={t.changed} what="changed" tone="run" />
            </td>
            <td>
              <RefList refs={t.extra} what="extra" tone="idle" />
            </td>
            <td>
              <RefList refs={t.conflicts} what="conflicts" tone="err" />
            </td>
            <td>
              <RefList refs={t.detached} what="detached" tone="wait" />
            </td>
            <td title={isoTime(t.sync.lastSuccess)}>{formatTime(t.sync.lastSuccess)}</td>
            <td className="wrap">
              {t.error !== undefined && <div className="error-text">{t.error}</div>}
              {t.sync.status === 'behind' && t.sync.reason !== undefined && t.sync.reason !== '' && !(t.error ?? '').includes(t.sync.reason) && <div>{t.sync.reason}</div>}
              {t.sync.nextAttempt !== undefined && t.sync.nextAttempt !== null && (
                <div className="muted" title={isoTime(t.sync.nextAttempt)}>
                  next try {formatTime(t.sync.nextAttempt)}
                </div>
              )}
              {t.error === undefined && t.sync.status !== 'behind' && (t.sync.nextAttempt ?? null) === null && <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
