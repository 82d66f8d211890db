/**
 * One role (`#/roles/<id>`), or a new one (`#/roles/new`, `?copy=<id>` to start from another):
 * a name and the permission matrix. Built-in roles and roles of another realm are shown
 * read-only. The API refuses a role holding more than you hold; its message is shown.
 */
import { useState, type FormEvent } from 'react';
import { createRole, deleteRole, listRoles, updateRole } from '../api/admin';
import type { Role } from '../api/admin-types';
import { ConfirmDialog } from '../common/confirm-dialog';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { allowed, realmName, type AdminContext } from './admin-context';
import { RoleBadge } from './admin-badges';
import { FlagsEditor, PermissionMatrix } from './permission-matrix';
import { fromRole, isEmptyValue, toInput, type MatrixValue } from './permissions';
import { ownsRole } from './roles-page';

const EMPTY: MatrixValue = { resources: {}, flags: [] };

export function RoleEditorPage({ ctx, id, copyOf }: { ctx: AdminContext; id: string | null; copyOf: string | undefined }) {
  const roles = useLoad(() => listRoles(ctx.realm), []);
  const wanted = id ?? copyOf;
  const source = wanted === undefined ? undefined : roles.data?.find((r) => r.id === wanted);
  const missing = roles.data !== undefined && wanted !== undefined && source === undefined;
  return (
    <section aria-label="Role">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={sectionHref('roles')}>Roles</a>
        <span aria-hidden="true">›</span>
        <span>{id === null ? 'New role' : (source?.name ?? id)}</span>
      </nav>
      {roles.loading && roles.data === undefined && <p className="muted" role="status">Loading roles…</p>}
      {roles.error !== undefined && (
        <p className="error-banner" role="alert">
          {roles.error}
        </p>
      )}
      {missing && (
        <div className="panel empty-state">
          <h2>Role not found</h2>
          <p className="muted">No such role is usable on {realmName(ctx)}.</p>
          <a className="btn" href={sectionHref('roles')}>
            Back to roles
          </a>
        </div>
      )}
      {roles.data !== undefined && !missing && <RoleForm key={`${id ?? 'new'}:${copyOf ?? ''}`} ctx={ctx} role={id === null ? undefined : source} copied={id === null ? source : undefined} />}
    </section>
  );
}

function RoleForm({ ctx, role, copied }: { ctx: AdminContext; role: Role | undefined; copied: Role | undefined }) {
  const editable = allowed(ctx, 'roles', 'write') && (role === undefined || ownsRole(ctx, role));
  const [name, setName] = useState(role?.name ?? (copied !== undefined ? `${copied.name} (copy)` : ''));
  const [value, setValue] = useState<MatrixValue>(() => {
    const from = role ?? copied;
    return from === undefined ? EMPTY : fromRole(from.permissions);
  });
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useAction();
  const removal = useAction(() => navigate(sectionHref('roles')));
  const withFlags = ctx.realm.kind === 'main';

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim() === '') return save.fail('Name the role.');
    if (isEmptyValue(value)) return save.fail('Tick at least one permission.');
    const body = { name: name.trim(), permissions: toInput(value, withFlags) };
    setSaved(false);
    if (role === undefined) {
      save.act(() => createRole(ctx.realm, body), (r) => navigate(sectionHref('roles', [r.id])));
    } else {
      save.act(() => updateRole(ctx.realm, role.id, body), () => setSaved(true));
    }
  };

  return (
    <>
      <form className="panel admin-form role-form" onSubmit={submit} aria-label={role === undefined ? 'New role' : `Role ${role.name}`} noValidate>
        <div className="admin-head">
          <h2 className="admin-title">{role === undefined ? (copied !== undefined ? `New role from ${copied.name}` : 'New role') : role.name}</h2>
          {role !== undefined && <RoleBadge role={role} />}
          {role !== undefined && allowed(ctx, 'roles', 'write') && (
            <a className="btn small admin-toolbar-end" href={sectionHref('roles', ['new'], { copy: role.id })}>
              Copy this role
            </a>
          )}
        </div>
        {role !== undefined && !editable && (
          <p className="muted small">
            {role.builtin ? 'A built-in role never changes: copy it to make an editable one.' : role.tenant === null && ctx.realm.kind === 'tenant' ? "A main role: it is changed on the main account's roles." : 'You may not change roles here.'}
          </p>
        )}
        <div className="role-layout">
          <PermissionMatrix value={value} onChange={setValue} readOnly={!editable || save.busy} />
          <div className="role-side">
            <label className="field">
              <span>Name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable || save.busy} maxLength={100} />
            </label>
            {withFlags && <FlagsEditor value={value} onChange={setValue} readOnly={!editable || save.busy} />}
            {save.error !== undefined && (
              <p className="error-text" role="alert">
                {save.error}
              </p>
            )}
            {saved && (
              <p className="notice" role="status">
                Role saved.
              </p>
            )}
            {editable && (
              <div className="row-actions">
                <button type="submit" className="btn primary" disabled={save.busy}>
                  {save.busy ? 'Saving…' : role === undefined ? 'Create role' : 'Save role'}
                </button>
                <a className="btn" href={sectionHref('roles')}>
                  Cancel
                </a>
                {role !== undefined && allowed(ctx, 'roles', 'admin') && (
                  <button type="button" className="btn danger admin-toolbar-end" onClick={() => setConfirming(true)}>
                    Delete role
                  </button>
                )}
              </div>
            )}
          </div>
        </div>
      </form>
      {confirming && role !== undefined && (
        <ConfirmDialog
          title={`Delete the role ${role.name}?`}
          confirmLabel="Delete role"
          danger
          busy={removal.busy}
          error={removal.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => removal.act(() => deleteRole(ctx.realm, role.id))}
        >
          Only a role nobody holds can be deleted.
        </ConfirmDialog>
      )}
    </>
  );
}
