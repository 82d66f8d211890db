/**
 * Who holds a role on this tenant by a grant naming it (not through a label or all tenants),
 * from main's users as the list answers them (each with its access), for whoever may read users.
 */
import { listRoles, listUsers } from '../api/admin';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';

interface Holder {
  userId: string;
  username: string;
  kind: string;
  roles: string[];
}

async function holders(tenant: string): Promise<Holder[]> {
  const [users, roles] = await Promise.all([listUsers(), listRoles({ kind: 'main' }).catch(() => [])]);
  const names = new Map(roles.map((r) => [r.id, r.name]));
  return users
    .map((u) => ({
      userId: u.id,
      username: u.username,
      kind: u.kind,
      roles: (u.access ?? []).flatMap((g) => ('tenant' in g.scope && g.scope.tenant === tenant ? [names.get(g.role) ?? g.role] : [])),
    }))
    .filter((h) => h.roles.length > 0);
}

export function TenantAccessPanel({ tenant }: { tenant: string }) {
  const found = useLoad(() => holders(tenant), [tenant]);
  return (
    <section className="panel tn-panel" aria-labelledby="access-title">
      <div className="tn-panel-head">
        <h2 id="access-title" className="panel-title">
          Direct access
        </h2>
        <a className="btn small ghost" href={sectionHref('users')}>
          Manage users
        </a>
      </div>
      <div className="tn-panel-body">
        {found.loading && found.data === undefined && <p className="muted small">Loading…</p>}
        {found.error !== undefined && (
          <p className="error-text" role="alert">
            {found.error}
          </p>
        )}
        {found.data !== undefined && found.data.length === 0 && <p className="muted small">No user holds a grant naming this tenant.</p>}
        {found.data !== undefined && found.data.length > 0 && (
          <ul className="tn-holders" aria-label="Users with direct access">
            {found.data.map((h) => (
              <li key={h.userId} data-testid="access-holder">
                <span>{h.username}</span>
                {h.kind === 'directory' && <span className="muted small"> (directory)</span>}
                <span className="muted"> — {h.roles.join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="muted small tn-hint">Grants for a label this tenant carries, or for all tenants, also give access.</p>
      </div>
    </section>
  );
}
