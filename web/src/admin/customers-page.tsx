/**
 * One tenant's customer users: they log in naming the tenant and see nothing beyond it. Each
 * holds one role there (main's roles or the tenant's own); listed, created, changed, deleted.
 */
import { useState } from 'react';
import { deleteCustomer, listCustomers, listRoles } from '../api/admin';
import type { CustomerUser } from '../api/admin-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime, isoTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { allowed, roleName, type AdminContext } from './admin-context';
import { StatusBadge } from './admin-badges';
import { CustomerCreateForm } from './customer-create-form';
import { CustomerEditor } from './customer-editor';
import { LoadError } from '../common/load-error';

export function CustomersPage({ ctx, tenant }: { ctx: AdminContext; tenant: string }) {
  const users = useLoad(() => listCustomers(tenant), [tenant]);
  const roles = useLoad(() => (allowed(ctx, 'roles', 'read') ? listRoles(ctx.realm) : Promise.resolve([])), [tenant]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CustomerUser | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const removal = useAction(() => {
    setNotice(`User ${deleting?.username ?? ''} deleted.`);
    setDeleting(null);
    users.reload(true);
  });
  const mayWrite = allowed(ctx, 'users', 'write');
  const mayDelete = allowed(ctx, 'users', 'admin');
  const self = ctx.session.me.user.id;
  const edited = users.data?.find((u) => u.id === editing);

  return (
    <section aria-label={`Users of ${ctx.tenantName(tenant)}`}>
      <div className="admin-toolbar">
        <p className="muted admin-lead">
          Customer users of <strong>{ctx.tenantName(tenant)}</strong> log in with the tenant <span className="mono">{tenant}</span> and see only this tenant.
        </p>
        {mayWrite && !creating && (
          <button type="button" className="btn primary admin-toolbar-end" onClick={() => setCreating(true)}>
            New user
          </button>
        )}
      </div>
      {notice !== undefined && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {creating && (
        <CustomerCreateForm
          ctx={ctx}
          tenant={tenant}
          roles={roles.data ?? []}
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice(`User ${u.username} created.`);
            users.reload(true);
          }}
        />
      )}
      {users.error !== undefined && <LoadError error={users.error} onRetry={() => users.reload()} />}
      {edited !== undefined && (
        <CustomerEditor
          key={edited.id}
          tenant={tenant}
          user={edited}
          roles={roles.data ?? []}
          self={edited.id === self}
          onClose={() => setEditing(null)}
          onChanged={() => users.reload(true)}
        />
      )}
      <div className="panel table-panel">
        {users.loading && users.data === undefined && <p className="muted pad" role="status">Loading users…</p>}
        {users.data !== undefined && users.data.length === 0 && <p className="empty">This tenant has no customer users yet.</p>}
        {users.data !== undefined && users.data.length > 0 && (
          <div className={`table-scroll${users.loading ? ' busy' : ''}`}>
            <table className="data-table admin-table">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last login</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id} data-testid="user-row" className={u.id === editing ? 'selected' : undefined}>
                    <td className="col-name">
                      {u.username}
                      {u.id === self && <span className="muted small"> (you)</span>}
                    </td>
                    <td>{roleName(roles.data, u.role)}</td>
                    <td>
                      <StatusBadge disabled={u.disabled} />
                    </td>
                    <td className="mono" title={isoTime(u.lastLogin)}>
                      {u.lastLogin === null ? <span className="muted">never</span> : formatTime(u.lastLogin)}
                    </td>
                    <td className="mono">{formatTime(u.created)}</td>
                    <td className="admin-actions">
                      {mayWrite && (
                        <button type="button" className="btn small" onClick={() => setEditing(u.id)} aria-label={`Edit ${u.username}`}>
                          Edit
                        </button>
                      )}
                      {mayDelete && u.id !== self && (
                        <button type="button" className="btn small danger" onClick={() => setDeleting(u)} aria-label={`Delete ${u.username}`}>
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete ${deleting.username}?`}
          confirmLabel="Delete user"
          danger
          busy={removal.busy}
          error={removal.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() => removal.act(() => deleteCustomer(tenant, deleting.id))}
        >
          {deleting.username} will no longer be able to log in to {ctx.tenantName(tenant)}.
        </ConfirmDialog>
      )}
    </section>
  );
}
