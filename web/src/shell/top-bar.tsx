/** The top bar: product, navigation, the tenant scope (main's users only), who is logged in, logout. */
import type { Session } from './session';
import { Shield } from './login-page';
import { DASHBOARD_HREF, INCIDENTS_HREF, sectionHref } from './route';
import { can, hasFlag } from './section';

export type NavArea = 'incidents' | 'dashboard' | 'content' | 'tenants' | 'admin';

interface Props {
  session: Session;
  scope: string | null;
  onScope: (tenant: string | null) => void;
  onLogout: () => void;
  /** The navigation item of the page shown. */
  page: NavArea;
}

const ALL = '';

export function TopBar({ session, scope, onScope, onLogout, page }: Props) {
  const { me, tenants, fixedTenant } = session;
  const own = fixedTenant === null ? undefined : tenants.find((t) => t.id === fixedTenant);
  // Main's areas for main's users who may use them; a customer user manages their own tenant.
  const onMain = fixedTenant === null;
  const tenantPerms = me.tenants.find((t) => t.id === fixedTenant)?.permissions;
  const showContent = onMain ? can(me.main, 'content', 'read') : tenantPerms !== undefined && can(tenantPerms, 'content', 'read');
  const showTenants = onMain && (hasFlag(me.main, 'accountManagement') || can(me.main, 'tenants', 'read') || can(me.main, 'hosts', 'read'));
  const adminSet = onMain ? me.main : tenantPerms;
  const showAdmin = adminSet !== undefined && (can(adminSet, 'users', 'read') || can(adminSet, 'roles', 'read') || can(adminSet, 'audit', 'read'));
  return (
    <header className="top-bar">
      <a className="brand" href={INCIDENTS_HREF} aria-label="Palisade: incidents">
        <Shield />
        <span>Palisade</span>
      </a>
      <nav className="nav" aria-label="Main">
        <NavLink href={INCIDENTS_HREF} active={page === 'incidents'}>
          Incidents
        </NavLink>
        <NavLink href={DASHBOARD_HREF} active={page === 'dashboard'}>
          Dashboard
        </NavLink>
        {showContent && (
          <NavLink href={sectionHref('content')} active={page === 'content'}>
            Content
          </NavLink>
        )}
        {showTenants && (
          <NavLink href={sectionHref('tenants')} active={page === 'tenants'}>
            Tenants
          </NavLink>
        )}
        {showAdmin && (
          <NavLink href={sectionHref(can(adminSet, 'users', 'read') ? 'users' : 'audit')} active={page === 'admin'}>
            Settings
          </NavLink>
        )}
      </nav>
      <div className="top-bar-end">
        {fixedTenant === null ? (
          <label className="tenant-switch">
            <span className="muted">Account</span>
            <select value={scope ?? ALL} onChange={(e) => onScope(e.target.value === ALL ? null : e.target.value)} aria-label="Tenant scope">
              <option value={ALL}>All tenants</option>
              {tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="tenant-fixed" title={fixedTenant}>
            {own?.name ?? fixedTenant}
          </span>
        )}
        <span className="user" title={`${me.user.kind} user`}>
          <span className="avatar" aria-hidden="true">
            {me.user.username.slice(0, 1).toUpperCase()}
          </span>
          {me.user.username}
        </span>
        <button type="button" className="btn ghost" onClick={onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}

function NavLink({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <a className={`nav-link${active ? ' active' : ''}`} href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}
