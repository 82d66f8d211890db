/**
 * One of main's users (`#/users/<id>`): their account (enable, disable, a new password), their
 * access (edited for a local user; from group mappings for a directory user), and deletion.
 */
import { useState } from 'react';
import { deleteUser, listUsers } from '../api/admin';
import { ConfirmDialog } from '../common/confirm-dialog';
import { formatTime } from '../common/format';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { allowed, type AdminContext } from './admin-context';
import { KindBadge, StatusBadge } from './admin-badges';
import { UserAccess } from './user-access';
import { UserAccount } from './user-account';
import { LoadError } from '../common/load-error';

export function UserPage({ ctx, id }: { ctx: AdminContext; id: string }) {
  // The API has no single-user read: the list holds every field a page shows.
  const users = useLoad(listUsers, [id]);
  const user = users.data?.find((u) => u.id === id);
  const [confirming, setConfirming] = useState(false);
  const removal = useAction(() => navigate(sectionHref('users')));
  const self = id === ctx.session.me.user.id;

  return (
    <section aria-label="User">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={sectionHref('users')}>Users</a>
        <span aria-hidden="true">›</span>
        <span>{user?.username ?? id}</span>
      </nav>
      {users.loading && users.data === undefined && <p className="muted" role="status">Loading the user…</p>}
      {users.error !== undefined && <LoadError error={users.error} onRetry={() => users.reload()} />}
      {users.data !== undefined && user === undefined && (
        <div className="panel empty-state">
          <h2>User not found</h2>
          <p className="muted">There is no such user of the main account: it may have been deleted.</p>
          <a className="btn" href={sectionHref('users')}>
            Back to users
          </a>
        </div>
      )}
      {user !== undefined && (
        <>
          <div className="admin-head">
            <h2 className="admin-title">{user.username}</h2>
            <KindBadge kind={user.kind} />
            <StatusBadge disabled={user.disabled} />
            {self && <span className="muted">(you)</span>}
          </div>
          <dl className="facts admin-facts">
            <dt>Created</dt>
            <dd>{formatTime(user.created)}</dd>
            <dt>Last login</dt>
            <dd>{user.lastLogin === null ? 'never' : formatTime(user.lastLogin)}</dd>
            {user.directoryDn !== null && (
              <>
                <dt>Directory entry</dt>
                <dd className="mono">{user.directoryDn}</dd>
              </>
            )}
            <dt>ID</dt>
            <dd className="mono">{user.id}</dd>
          </dl>
          <div className="admin-columns">
            <UserAccess ctx={ctx} user={user} />
            <div className="admin-side">
              <UserAccount ctx={ctx} user={user} self={self} onChanged={() => users.reload(true)} />
              {allowed(ctx, 'users', 'admin') && !self && (
                <div className="panel admin-panel admin-danger">
                  <h3>Delete user</h3>
                  <p className="muted small">Their sessions and personal API keys stop working. This cannot be undone.</p>
                  <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
                    Delete {user.username}
                  </button>
                </div>
              )}
            </div>
          </div>
          {confirming && (
            <ConfirmDialog
              title={`Delete ${user.username}?`}
              confirmLabel="Delete user"
              typeToConfirm={user.username}
              danger
              busy={removal.busy}
              error={removal.error}
              onCancel={() => setConfirming(false)}
              onConfirm={() => removal.act(() => deleteUser(user.id))}
            >
              The account is removed with its access. Audit records keep its name.
            </ConfirmDialog>
          )}
        </>
      )}
    </section>
  );
}
