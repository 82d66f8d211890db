/**
 * The content area: main's library, sync and drift, packs and the marketplace, and one tenant's
 * own view of its content. Addresses (each part encoded; kinds are the API's, e.g. `playbooks`):
 *   #/content                          the library (playbooks first)
 *   #/content/<kind>[?q=<filter>]      the library, one kind
 *   #/content/<kind>/<id>[?tab=document|versions|labels&from=<n>&to=<n>]   one item
 *   #/content/import                   import files or an archive
 *   #/content/sync                     sync preview, sync now with its progress, drift
 *   #/content/tenant[/<kind>[/<id>]]   the content of the tenant the switcher names
 *   #/packs, #/packs/<id>              installed packs, one pack
 *   #/marketplace                      the marketplace folder's packs
 * A customer user (a fixed tenant) has the tenant view only, whatever the address says.
 */
import type { SectionProps } from '../shell/section';
import { sectionHref } from '../shell/route';
import { isKind } from '../api/content-types';
import { ImportPage } from './import-page';
import { ItemPage } from './item-page';
import { LibraryPage } from './library-page';
import { MarketplacePage } from './marketplace-page';
import { PackPage } from './pack-page';
import { PacksPage } from './packs-page';
import { SyncPage } from './sync-page';
import { TenantContentPage } from './tenant-content-page';
import { SubNav, type SubNavItem } from '../common/sub-nav';
import { contentRights, tenantContentRights } from './content-rights';
import './content.css';

export function ContentArea({ section, rest, params, session, scope, tenantName }: SectionProps) {
  const onMain = session.fixedTenant === null;
  const rights = contentRights(session);
  const tenant = session.fixedTenant ?? scope;
  const tenantRights = tenantContentRights(session, tenant);

  const first = rest[0];
  const page: ContentPage =
    !onMain || (section === 'content' && first === 'tenant')
      ? 'tenant'
      : section === 'packs'
        ? 'packs'
        : section === 'marketplace'
          ? 'marketplace'
          : first === 'sync'
            ? 'sync'
            : 'library';
  const tenantRest = onMain ? rest.slice(1) : first === 'tenant' ? rest.slice(1) : rest;

  const nav = (
    <ContentNav
      page={page}
      showMain={rights.read}
      showSync={rights.sync}
      tenant={tenant !== null && tenantRights.read ? { id: tenant, name: tenantName(tenant) } : null}
    />
  );

  if (page === 'tenant') {
    return (
      <section className="page content-area">
        {onMain && nav}
        {tenant === null ? (
          <Empty title="Choose a tenant" text="Pick a tenant in the Account switcher above to see the content it holds." />
        ) : !tenantRights.read ? (
          <Empty title="No access" text="You may not read this tenant's content." />
        ) : (
          <TenantContentPage key={tenant} tenant={tenant} tenantName={tenantName(tenant)} rest={tenantRest} canDetach={tenantRights.admin} />
        )}
      </section>
    );
  }
  if (!rights.read) {
    return (
      <section className="page content-area">
        <Empty title="No access" text="You may not read main's content library." />
      </section>
    );
  }
  return (
    <section className="page content-area">
      {nav}
      {page === 'sync' && (rights.sync ? <SyncPage tenantName={tenantName} /> : <Empty title="No access" text="Syncing content to tenants needs the content sync permission." />)}
      {page === 'packs' && (first === undefined ? <PacksPage rights={rights} /> : <PackPage key={first} id={first} rights={rights} />)}
      {page === 'marketplace' && <MarketplacePage rights={rights} />}
      {page === 'library' && first === 'import' && <ImportPage canWrite={rights.write} />}
      {page === 'library' && first !== 'import' && rest.length >= 2 && isKind(first) && (
        <ItemPage key={`${first}/${rest[1] ?? ''}`} kind={first} id={rest[1] ?? ''} params={params} rights={rights} />
      )}
      {page === 'library' && first !== 'import' && rest.length < 2 && (first === undefined || isKind(first)) && (
        <LibraryPage kind={first ?? 'playbooks'} filter={params['q'] ?? ''} rights={rights} />
      )}
      {page === 'library' && first !== undefined && first !== 'import' && !isKind(first) && <Empty title="Not found" text={`There is no kind of content called “${first}”.`} />}
    </section>
  );
}

function Empty({ title, text }: { title: string; text: string }) {
  return (
    <div className="panel empty-state">
      <h1>{title}</h1>
      <p className="muted">{text}</p>
    </div>
  );
}

type ContentPage = 'library' | 'sync' | 'packs' | 'marketplace' | 'tenant';

interface Props {
  page: ContentPage;
  /** Main's library, packs and marketplace. */
  showMain: boolean;
  showSync: boolean;
  tenant: { id: string; name: string } | null;
}

/** The area's second row of navigation: library and sync share the `content` section, so items link sub-paths. */
function ContentNav({ page, showMain, showSync, tenant }: Props) {
  const items: SubNavItem[] = [
    { key: 'library', label: 'Library', href: sectionHref('content'), visible: showMain },
    { key: 'sync', label: 'Sync & drift', href: sectionHref('content', ['sync']), visible: showMain && showSync },
    { key: 'packs', label: 'Packs', href: sectionHref('packs'), visible: showMain },
    { key: 'marketplace', label: 'Marketplace', href: sectionHref('marketplace'), visible: showMain },
    { key: 'tenant', label: tenant === null ? 'Tenant content' : `${tenant.name} content`, href: sectionHref('content', ['tenant']), visible: tenant !== null },
  ];
  return <SubNav label="Content sections" items={items} active={page} />;
}
