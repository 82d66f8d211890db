/**
 * Main's users: local and directory accounts, what each holds where, a directory user's groups;
 * a filter by name, and a new local user. A row opens the user's page.
 */
import { useState } from 'react';
import { listRoles, listUsers } from '../api/admin';
import type { MainUser } from '../api/admin-types';
import { formatTime, isoTime } from '../common/format';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { allowed, grantSummary, type AdminContext } from './admin-context';
import { KindBadge, StatusBadge } from './admin-badges';
import { UserCreateForm } from './user-create-form';
import { LoadError } from '../common/load-error';

export function UsersPage({ ctx }: { ctx: AdminContext }) {
  const users = useLoad(listUsers, []);
  // Role names for the access column; without roles:read the column shows role ids.
  const roles = useLoad(() => (allowed(ctx, 'roles', 'read') ? listRoles(ctx.realm) : Promise.resolve([])), []);
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | undefined>(undefined);
  const mayWrite = allowed(ctx, 'users', 'write');
  const needle = filter.trim().toLowerCase();
  const shown = (users.data ?? []).filter((u) => needle === '' || u.username.toLowerCase().includes(needle) || (u.groups ?? []).some((g) => g.includes(needle)));

  return (
    <section aria-label="Main's users">
      <div className="admin-toolbar">
        <input type="search" className="admin-filter" placeholder="Filter by name or group" aria-label="Filter users" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted" aria-live="polite">
          {users.data === undefined ? '' : `${shown.length} of ${users.data.length} users`}
        </span>
        {mayWrite && !creating && (
          <button type="button" className="btn primary admin-toolbar-end" onClick={() => setCreating(true)}>
            New user
          </button>
        )}
      </div>
      {created !== undefined && (
        <p className="notice" role="status">
          User {created} created.
        </p>
      )}
      {creating && (
        <UserCreateForm
          ctx={ctx}
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setCreated(u.username);
            users.reload(true);
          }}
        />
      )}
      {users.error !== undefined && <LoadError error={users.error} onRetry={() => users.reload()} />}
      <div className="panel table-panel">
        {users.loading && users.data === undefined && <p className="muted pad" role="status">Loading users…</p>}
        {users.data !== undefined && shown.length === 0 && <p className="empty">{needle === '' ? 'No users yet.' : 'No user matches this filter.'}</p>}
        {shown.length > 0 && (
          <div className={`table-scroll${users.loading ? ' busy' : ''}`}>
            <table className="data-table admin-table">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Access</th>
                  <th scope="col">Groups</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last login</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => (
                  <UserRow key={u.id} user={u} ctx={ctx} access={grantSummary(u.access ?? [], roles.data, ctx.tenantName)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function UserRow({ user, ctx, access }: { user: MainUser; ctx: AdminContext; access: string }) {
  const href = sectionHref('users', [user.id]);
  return (
    <tr className="clickable" data-testid="user-row" onClick={(e) => (e.target as HTMLElement).closest('a') === null && navigate(href)}>
      <td className="col-name">
        <a href={href}>{user.username}</a>
        {user.id === ctx.session.me.user.id && <span className="muted small"> (you)</span>}
      </td>
      <td>
        <KindBadge kind={user.kind} />
      </td>
      <td className="admin-wrap" title={access}>
        {access}
      </td>
      <td className="admin-wrap">
        {user.kind === 'directory' ? (user.groups ?? []).length === 0 ? <span className="muted">none</span> : (user.groups ?? []).map((g) => <span key={g} className="chip small">{g}</span>) : <span className="muted">—</span>}
      </td>
      <td>
        <StatusBadge disabled={user.disabled} />
      </td>
      <td className="mono" title={isoTime(user.lastLogin)}>
        {user.lastLogin === null ? <span className="muted">never</span> : formatTime(user.lastLogin)}
      </td>
    </tr>
  );
}
