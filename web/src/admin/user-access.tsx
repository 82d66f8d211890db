/**
 * What a main user may do where. A local user's grants are edited here and saved whole (the
 * API refuses a role holding more than you hold where it applies, and says which permission);
 * a directory user's come from their groups at each login, so they are only shown.
 */
import { useState } from 'react';
import { setUserAccess, userAccess } from '../api/admin';
import type { MainUser } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';
import { can } from '../shell/section';
import { allowed, roleName, scopeText, type AdminContext } from './admin-context';
import { GrantEditor } from './grant-editor';
import { rowsFromGrants, toEntries, type GrantRow } from './grant-rows';
import { useRoleCatalog } from './use-role-catalog';

export function UserAccess({ ctx, user }: { ctx: AdminContext; user: MainUser }) {
  const grants = useLoad(() => userAccess(user.id), [user.id]);
  const [rows, setRows] = useState<GrantRow[] | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const editable = user.kind === 'local' && allowed(ctx, 'users', 'admin');
  const shown = rows ?? rowsFromGrants(grants.data ?? []);
  const catalog = useRoleCatalog(shown.filter((r) => r.kind === 'tenant').map((r) => r.value));

  const edit = (next: GrantRow[]): void => {
    setRows(next);
    setSaved(false);
  };

  const submit = (): void => {
    const checked = toEntries(shown);
    if ('error' in checked) {
      save.fail(checked.error);
      return;
    }
    setSaved(false);
    save.act(
      () => setUserAccess(user.id, checked.entries),
      (items) => {
        setRows(rowsFromGrants(items));
        setSaved(true);
        grants.reload(true);
      },
    );
  };

  return (
    <div className="panel admin-panel admin-main-panel" role="region" aria-label="Access">
      <h3>Access</h3>
      {grants.loading && grants.data === undefined && <p className="muted" role="status">Loading access…</p>}
      {grants.error !== undefined && (
        <p className="error-text" role="alert">
          {grants.error}
        </p>
      )}
      {user.kind === 'directory' ? (
        <>
          <p className="muted small">
            A directory user's access comes from the groups they were in at their last login, through the{' '}
            {can(ctx.session.me.main, 'settings', 'admin') ? <a href={sectionHref('directory')}>directory's group mappings</a> : "directory's group mappings"}. It is read-only here.
          </p>
          <h4>Groups</h4>
          <p className="chips-inline">{(user.groups ?? []).length === 0 ? <span className="muted">No groups recorded yet.</span> : (user.groups ?? []).map((g) => <span key={g} className="chip">{g}</span>)}</p>
          <h4>Access from those groups</h4>
          {grants.data !== undefined &&
            (grants.data.length === 0 ? (
              <p className="muted">None of their groups is mapped to a role.</p>
            ) : (
              <ul className="admin-list">
                {grants.data.map((g, i) => (
                  <li key={i}>
                    <strong>{roleName(catalog.main, g.role)}</strong> on {scopeText(g.scope, ctx.tenantName)}
                  </li>
                ))}
              </ul>
            ))}
        </>
      ) : grants.data !== undefined ? (
        <>
          <p className="muted small">Roles apply on one tenant, on every tenant carrying a label, or on all tenants (which also covers main's own users, roles and audit).</p>
          <GrantEditor rows={shown} onChange={edit} tenants={ctx.session.tenants} catalog={catalog} disabled={!editable || save.busy} />
          {save.error !== undefined && (
            <p className="error-text" role="alert">
              {save.error}
            </p>
          )}
          {saved && (
            <p className="notice" role="status">
              Access saved.
            </p>
          )}
          {editable ? (
            <div className="row-actions">
              <button type="button" className="btn primary" onClick={submit} disabled={save.busy || rows === null}>
                {save.busy ? 'Saving…' : 'Save access'}
              </button>
              <button type="button" className="btn" onClick={() => setRows(null)} disabled={save.busy || rows === null}>
                Undo changes
              </button>
            </div>
          ) : (
            <p className="muted small">Changing access needs the admin permission on users.</p>
          )}
        </>
      ) : null}
    </div>
  );
}
