/**
 * Roles: the built-in ones (read-only, to copy), main's custom roles, and on a tenant its own
 * roles too. Each opens in the editor; a custom role nobody holds can be deleted.
 */
import { useState } from 'react';
import { deleteRole, listRoles } from '../api/admin';
import type { Role } from '../api/admin-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { allowed, realmName, type AdminContext } from './admin-context';
import { RoleBadge } from './admin-badges';
import { summary } from './permissions';
import { LoadError } from '../common/load-error';

/** Whether this realm owns the role (main's custom roles on main, a tenant's own on it). */
export function ownsRole(ctx: AdminContext, role: Role): boolean {
  return !role.builtin && role.tenant === (ctx.realm.kind === 'main' ? null : ctx.realm.tenant);
}

export function RolesPage({ ctx }: { ctx: AdminContext }) {
  const roles = useLoad(() => listRoles(ctx.realm), []);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const removal = useAction(() => {
    setNotice(`Role ${deleting?.name ?? ''} deleted.`);
    setDeleting(null);
    roles.reload(true);
  });
  const mayWrite = allowed(ctx, 'roles', 'write');
  const mayDelete = allowed(ctx, 'roles', 'admin');
  // Built-in first, then by name.
  const sorted = [...(roles.data ?? [])].sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name));

  return (
    <section aria-label={`Roles of ${realmName(ctx)}`}>
      <div className="admin-toolbar">
        <p className="muted admin-lead">
          {ctx.realm.kind === 'main'
            ? "Roles usable on any tenant. Built-in roles cannot change: copy one to adapt it."
            : `Roles usable on ${realmName(ctx)}: main's, and this tenant's own, which apply here only.`}
        </p>
        {mayWrite && (
          <a className="btn primary admin-toolbar-end" href={sectionHref('roles', ['new'])}>
            New role
          </a>
        )}
      </div>
      {notice !== undefined && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {roles.error !== undefined && <LoadError error={roles.error} onRetry={() => roles.reload()} />}
      <div className="panel table-panel">
        {roles.loading && roles.data === undefined && <p className="muted pad" role="status">Loading roles…</p>}
        {sorted.length > 0 && (
          <table className="data-table admin-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Permissions</th>
                <th scope="col">Flags</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => {
                const href = sectionHref('roles', [r.id]);
                return (
                  <tr key={r.id} className="clickable" data-testid="role-row" onClick={(e) => (e.target as HTMLElement).closest('a, button') === null && navigate(href)}>
                    <td className="col-name">
                      <a href={href}>{r.name}</a>
                    </td>
                    <td>
                      <RoleBadge role={r} />
                    </td>
                    <td className="admin-wrap">{summary(r.permissions)}</td>
                    <td>{r.permissions.flags.length === 0 ? <span className="muted">—</span> : r.permissions.flags.map((f) => <span key={f} className="chip small">{f}</span>)}</td>
                    <td className="admin-actions">
                      {mayWrite && (
                        <a className="btn small" href={sectionHref('roles', ['new'], { copy: r.id })} aria-label={`Copy ${r.name}`}>
                          Copy
                        </a>
                      )}
                      {mayDelete && ownsRole(ctx, r) && (
                        <button type="button" className="btn small danger" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                          Delete
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
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete the role ${deleting.name}?`}
          confirmLabel="Delete role"
          danger
          busy={removal.busy}
          error={removal.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() => removal.act(() => deleteRole(ctx.realm, deleting.id))}
        >
          Only a role nobody holds can be deleted.
        </ConfirmDialog>
      )}
    </section>
  );
}
