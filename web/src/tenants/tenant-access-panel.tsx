/**
 * Who holds a role on this tenant by a grant naming it (not through a label or all tenants):
 * read from each main user's access, for whoever may read users. A main with very many users
 * is not asked one by one.
 */
import { tenantsApi } from '../api/tenants';
import { useLoad } from '../common/use-load';
import { sectionHref } from '../shell/route';

const MAX_USERS = 200;

interface Holder {
  userId: string;
  username: string;
  kind: string;
  roles: string[];
}

async function holders(tenant: string): Promise<Holder[] | null> {
  const users = (await tenantsApi.users()).filter((u) => u.tenant === null);
  if (users.length > MAX_USERS) return null;
  const names = new Map((await tenantsApi.roles().catch(() => [])).map((r) => [r.id, r.name]));
  const all = await Promise.all(
    users.map(async (u) => {
      const grants = await tenantsApi.access(u.id);
      const roles = grants.flatMap((g) => ('tenant' in g.scope && g.scope.tenant === tenant ? [names.get(g.role) ?? g.role] : []));
      return { userId: u.id, username: u.username, kind: u.kind, roles };
    }),
  );
  return all.filter((h) => h.roles.length > 0);
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
        {found.data === null && <p className="muted small">There are too many users to list here: see each user&apos;s access in Settings › Users.</p>}
        {found.data !== undefined && found.data !== null && found.data.length === 0 && <p className="muted small">No user holds a grant naming this tenant.</p>}
        {found.data !== undefined && found.data !== null && found.data.length > 0 && (
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
