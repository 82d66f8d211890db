/**
 * API keys for scripts and ingestion: yours (all of them for user administrators), each acting
 * as its user or for one tenant with one role. A new key's secret is shown once; a revoked key
 * stops working at once.
 */
import { useState } from 'react';
import { listApiKeys, listRoles, listUsers, revokeApiKey } from '../api/admin';
import type { ApiKey, CreatedApiKey } from '../api/admin-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { can } from '../shell/section';
import { roleName, type AdminContext } from './admin-context';
import { ApiKeyCreateForm } from './api-key-create-form';
import { ApiKeySecret } from './api-key-secret';
import { LoadError } from '../common/load-error';

function keyState(k: ApiKey, now: number): { label: string; cls: string } {
  if (k.revoked) return { label: 'Revoked', cls: 'state-err' };
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= now) return { label: 'Expired', cls: 'state-idle' };
  return { label: 'Active', cls: 'state-ok' };
}

export function ApiKeysPage({ ctx }: { ctx: AdminContext }) {
  const keys = useLoad(listApiKeys, []);
  const me = ctx.session.me;
  // Owners' names for personal keys, when this user may list users; otherwise "you" or the id.
  const users = useLoad(() => (can(me.main, 'users', 'read') ? listUsers() : Promise.resolve([])), []);
  const roles = useLoad(() => (can(me.main, 'roles', 'read') ? listRoles({ kind: 'main' }) : Promise.resolve([])), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedApiKey | null>(null);
  const [showRevoked, setShowRevoked] = useState(true);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useAction(() => {
    setRevoking(null);
    keys.reload(true);
  });
  const now = Date.now();
  const shown = (keys.data ?? []).filter((k) => showRevoked || !k.revoked).reverse();
  const owner = (k: ApiKey): string => {
    if ('tenant' in k.scope) return `${ctx.tenantName(k.scope.tenant)} · ${roleName(roles.data, k.scope.role)}`;
    const id = k.scope.user;
    if (id === me.user.id) return `${me.user.username} (you)`;
    return users.data?.find((u) => u.id === id)?.username ?? id;
  };

  return (
    <section aria-label="API keys">
      <div className="admin-toolbar">
        <p className="muted admin-lead">A personal key acts as its user, with their access; a tenant key acts on one tenant with one role.</p>
        <label className="check">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
          Show revoked
        </label>
        {!creating && secret === null && (
          <button type="button" className="btn primary admin-toolbar-end" onClick={() => setCreating(true)}>
            New API key
          </button>
        )}
      </div>
      {secret !== null && <ApiKeySecret created={secret} onDone={() => setSecret(null)} />}
      {creating && (
        <ApiKeyCreateForm
          ctx={ctx}
          onCancel={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setSecret(k);
            keys.reload(true);
          }}
        />
      )}
      {keys.error !== undefined && <LoadError error={keys.error} onRetry={() => keys.reload()} />}
      <div className="panel table-panel">
        {keys.loading && keys.data === undefined && <p className="muted pad" role="status">Loading API keys…</p>}
        {keys.data !== undefined && shown.length === 0 && <p className="empty">No API keys{showRevoked ? '' : ' in use'}.</p>}
        {shown.length > 0 && (
          <table className="data-table admin-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Acts as</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => {
                const state = keyState(k, now);
                return (
                  <tr key={k.id} data-testid="api-key-row" className={k.revoked ? 'admin-revoked' : undefined}>
                    <td className="col-name">{k.name}</td>
                    <td>
                      <span className="muted small">{'tenant' in k.scope ? 'Tenant: ' : 'Personal: '}</span>
                      {owner(k)}
                    </td>
                    <td className="mono" title={isoTime(k.created)}>{formatTime(k.created)}</td>
                    <td className="mono" title={isoTime(k.lastUsed)}>{k.lastUsed === null ? <span className="muted">never</span> : formatTime(k.lastUsed)}</td>
                    <td className="mono" title={isoTime(k.expiresAt)}>{k.expiresAt === null ? <span className="muted">never</span> : formatTime(k.expiresAt)}</td>
                    <td>
                      <span className={`badge state ${state.cls}`}>{state.label}</span>
                    </td>
                    <td className="admin-actions">
                      {!k.revoked && (
                        <button type="button" className="btn small danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {revoking !== null && (
        <ConfirmDialog
          title={`Revoke the key ${revoking.name}?`}
          confirmLabel="Revoke key"
          danger
          busy={revoke.busy}
          error={revoke.error}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.act(() => revokeApiKey(revoking.id))}
        >
          Scripts using this key are refused from now on. A revoked key cannot be restored.
        </ConfirmDialog>
      )}
    </section>
  );
}
