/**
 * Settings: users, roles, API keys, the directory and the audit trail. A main user administers
 * main, or the tenant the switcher names (its customer users, roles and trail) when they choose
 * it; a customer user administers their own tenant only, and nothing of main is ever asked for.
 */
import { useState } from 'react';
import type { Realm } from '../api/admin-types';
import { SubNav, type SubNavItem } from '../common/sub-nav';
import type { Section } from '../shell/route';
import { can, type SectionProps } from '../shell/section';
import { permsFor, realmKey, type AdminContext } from './admin-context';
import { ApiKeysPage } from './api-keys-page';
import { AuditPage } from './audit-page';
import { CustomersPage } from './customers-page';
import { DirectoryPage } from './directory-page';
import { RoleEditorPage } from './role-editor';
import { RolesPage } from './roles-page';
import { UserPage } from './user-page';
import { UsersPage } from './users-page';
import './admin.css';

/** Sections that always concern main: a tenant has no API keys page or directory of its own here. */
const MAIN_ONLY: ReadonlySet<Section> = new Set(['api-keys', 'directory']);

const TITLES: Readonly<Partial<Record<Section, string>>> = { users: 'Users', roles: 'Roles', 'api-keys': 'API keys', directory: 'Directory', audit: 'Audit log' };

export function AdminArea({ section, rest, params, session, scope, tenantName }: SectionProps) {
  const customer = session.fixedTenant !== null;
  // The switcher's tenant is administered unless the user chose main while it was selected.
  const [mainFor, setMainFor] = useState<string | null>(null);
  const tenant = session.fixedTenant ?? (scope !== null && mainFor !== scope ? scope : null);
  const realm: Realm = tenant !== null && !MAIN_ONLY.has(section) ? { kind: 'tenant', tenant } : { kind: 'main' };
  const ctx: AdminContext = { realm, perms: permsFor(session, realm), session, tenantName };

  const onRealm = (r: Realm, s: Section): boolean => {
    if (customer && (r.kind === 'main' || MAIN_ONLY.has(s))) return false;
    const p = permsFor(session, r);
    if (s === 'api-keys') return true;
    if (s === 'directory') return can(p, 'settings', 'admin');
    return can(p, s, 'read');
  };
  const navRealm = (s: Section): Realm => (tenant !== null && !MAIN_ONLY.has(s) ? { kind: 'tenant', tenant } : { kind: 'main' });
  const items: SubNavItem[] = (['users', 'roles', 'api-keys', 'directory', 'audit'] as const).map((s) => ({ key: s, label: TITLES[s] ?? s, visible: onRealm(navRealm(s), s) }));
  const visible = onRealm(realm, section);

  return (
    <section className="page admin-area">
      <div className="page-head admin-page-head">
        <h1>Settings</h1>
        <span className="muted scope-note">{TITLES[section]}</span>
        {!customer && scope !== null && !MAIN_ONLY.has(section) && (
          <div className="admin-realm" role="group" aria-label="Administer">
            <button type="button" className={`btn small${realm.kind === 'main' ? ' active' : ''}`} aria-pressed={realm.kind === 'main'} onClick={() => setMainFor(scope)}>
              Main account
            </button>
            <button type="button" className={`btn small${realm.kind === 'tenant' ? ' active' : ''}`} aria-pressed={realm.kind === 'tenant'} onClick={() => setMainFor(null)}>
              Tenant: {tenantName(scope)}
            </button>
          </div>
        )}
        {(customer || MAIN_ONLY.has(section) || scope === null) && <span className="badge admin-realm-badge">{realm.kind === 'main' ? 'Main account' : `Tenant: ${tenantName(realm.tenant)}`}</span>}
      </div>
      <SubNav label="Settings" items={items} active={section} />
      {visible ? (
        <SectionPage key={`${realmKey(realm)}/${section}/${rest.join('/')}`} ctx={ctx} section={section} rest={rest} params={params} />
      ) : (
        <div className="panel empty-state" role="status">
          <h2>Not available</h2>
          <p className="muted">
            {customer && MAIN_ONLY.has(section)
              ? `${TITLES[section] ?? 'This page'} ${section === 'api-keys' ? 'are' : 'is'} managed by your provider's main account.`
              : 'Your role does not allow you to see this page.'}
          </p>
        </div>
      )}
    </section>
  );
}

function SectionPage({ ctx, section, rest, params }: { ctx: AdminContext; section: Section; rest: string[]; params: Record<string, string> }) {
  const first = rest[0];
  switch (section) {
    case 'users':
      if (ctx.realm.kind === 'tenant') return <CustomersPage ctx={ctx} tenant={ctx.realm.tenant} />;
      return first === undefined ? <UsersPage ctx={ctx} /> : <UserPage ctx={ctx} id={first} />;
    case 'roles':
      if (first === undefined) return <RolesPage ctx={ctx} />;
      return <RoleEditorPage ctx={ctx} id={first === 'new' ? null : first} copyOf={first === 'new' ? params['copy'] : undefined} />;
    case 'api-keys':
      return <ApiKeysPage ctx={ctx} />;
    case 'directory':
      return <DirectoryPage ctx={ctx} />;
    case 'audit':
      return <AuditPage ctx={ctx} params={params} />;
    default:
      return null;
  }
}
