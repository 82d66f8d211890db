/**
 * Tenants and hosts: the tenants list and each tenant (`#/tenants`, `#/tenants/<id>`; creating
 * one at `#/tenants?create=1`), the hosts and each
 * host (`#/hosts`, `#/hosts/<id>`). What the user may not do is not offered; the API refuses it
 * anyway.
 */
import { useState, type ReactNode } from 'react';
import { SubNav } from '../common/sub-nav';
import { sectionHref, TENANT_ID } from '../shell/route';
import { can, hasFlag, type SectionProps } from '../shell/section';
import type { GrantOutcome } from './create-tenant';
import { CreateTenantPage } from './create-tenant-page';
import { HostDetailPage } from './host-detail-page';
import { HostsPage } from './hosts-page';
import { TenantDetailPage } from './tenant-detail-page';
import { TenantsListPage } from './tenants-list-page';
import './tenants.css';

function Refused({ title, children, back }: { title: string; children: ReactNode; back: 'tenants' | 'hosts' }) {
  return (
    <section className="panel empty-state">
      <h1>{title}</h1>
      <p>{children}</p>
      <a className="btn" href={sectionHref(back)}>
        Back to {back}
      </a>
    </section>
  );
}

export function TenantsArea({ section, rest, params, session, refreshSession }: SectionProps) {
  const main = session.me.main;
  const onMain = session.fixedTenant === null;
  const may = {
    manage: onMain && hasFlag(main, 'accountManagement'),
    readHosts: onMain && can(main, 'hosts', 'read'),
    enroll: onMain && can(main, 'hosts', 'admin'),
    readTenants: onMain && can(main, 'tenants', 'read'),
    readUsers: onMain && can(main, 'users', 'read'),
    grant: onMain && can(main, 'users', 'admin') && can(main, 'roles', 'read'),
  };
  // What granting access on a tenant just created came to, from the form to the tenant's page.
  const [created, setCreated] = useState<{ tenant: string; grants: GrantOutcome[] } | null>(null);

  let page: ReactNode;
  if (!onMain) {
    page = <Refused title="Not available" back="tenants">Tenants and hosts are managed on main, by main&apos;s users.</Refused>;
  } else if (section === 'hosts') {
    if (!may.readHosts) page = <Refused title="Hosts" back="tenants">Seeing hosts needs the hosts (read) permission.</Refused>;
    else if (rest.length === 0) page = <HostsPage mayEnroll={may.enroll} mayReadTenants={may.readTenants} />;
    else if (rest.length === 1 && rest[0] !== undefined) page = <HostDetailPage key={rest[0]} id={rest[0]} />;
    else page = <Refused title="Not found" back="hosts">There is no such page.</Refused>;
  } else if (rest.length === 0 && params['create'] !== undefined) {
    page = may.manage ? (
      <CreateTenantPage onCreated={(tenant, grants) => setCreated({ tenant, grants })} mayReadHosts={may.readHosts} mayGrant={may.grant} refreshSession={refreshSession} />
    ) : (
      <Refused title="Create a tenant" back="tenants">Creating tenants needs the account management permission.</Refused>
    );
  } else if (rest.length === 0) {
    page = <TenantsListPage mayCreate={may.manage} mayReadHosts={may.readHosts} />;
  } else if (rest.length === 1 && rest[0] !== undefined && TENANT_ID.test(rest[0])) {
    page = (
      <TenantDetailPage
        key={rest[0]}
        id={rest[0]}
        outcome={created?.tenant === rest[0] ? created.grants : undefined}
        onDismissOutcome={() => setCreated(null)}
        mayManage={may.manage}
        mayReadHosts={may.readHosts}
        mayReadUsers={may.readUsers}
        refreshSession={refreshSession}
      />
    );
  } else {
    page = <Refused title="Tenant not found" back="tenants">There is no such tenant.</Refused>;
  }

  return (
    <>
      {onMain && (
        <SubNav
          label="Tenants and hosts"
          active={section}
          items={[
            { key: 'tenants', label: 'Tenants' },
            { key: 'hosts', label: 'Hosts', visible: may.readHosts },
          ]}
        />
      )}
      {page}
    </>
  );
}
