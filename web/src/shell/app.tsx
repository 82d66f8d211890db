/**
 * The console's shell: the session (who is logged in, which tenants they may see), the tenant
 * scope, and which page the address bar names. Without a session, the login page.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, errorMessage, hasSession, setUnauthorizedHandler } from '../api/client';
import { IncidentPage } from '../incidents/incident-page';
import { IncidentsPage, initialListState, type ListState } from '../incidents/incidents-page';
import { forgetLists } from '../incidents/list-memory';
import { LoginPage } from './login-page';
import { INCIDENTS_HREF, navigate, useRoute, type Section } from './route';
import { can, type SectionProps } from './section';
import { ExpiryBanner, useSessionExpiry } from './session-expiry';
import { TopBar, type NavArea } from './top-bar';
import { loadSession, type Session } from './session';

export type { Session } from './session';

const SCOPE_KEY = 'palisade.scope';

// The dashboard and its charts, and each area, load when first opened, not with the console.
const DashboardPage = lazy(() => import('../dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })));
const ContentArea = lazy(() => import('../content/content-area').then((m) => ({ default: m.ContentArea })));
const TenantsArea = lazy(() => import('../tenants/tenants-area').then((m) => ({ default: m.TenantsArea })));
const AdminArea = lazy(() => import('../admin/admin-area').then((m) => ({ default: m.AdminArea })));

const AREA_OF: Record<Section, NavArea> = {
  content: 'content', packs: 'content', marketplace: 'content',
  tenants: 'tenants', hosts: 'tenants',
  users: 'admin', roles: 'admin', 'api-keys': 'admin', directory: 'admin', audit: 'admin',
};


/** What this user may do in one tenant, as `/me` reported it. */
function canOn(session: Session, tenant: string, resource: string, action: 'read' | 'write'): boolean {
  const perms = session.me.tenants.find((t) => t.id === tenant)?.permissions;
  return perms !== undefined && can(perms, resource, action);
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState<boolean>(hasSession());
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [startError, setStartError] = useState<string | undefined>(undefined);
  const [scope, setScopeState] = useState<string | null>(() => sessionStorage.getItem(SCOPE_KEY));
  const [list, setList] = useState<ListState>(initialListState);
  // `#/incidents?q=…` (the dashboard's links) opens the list with that query, once per visit.
  const routeQuery = route.page === 'incidents' ? route.query : undefined;
  const [appliedQuery, setAppliedQuery] = useState<string | undefined>(undefined);
  if (routeQuery !== appliedQuery) {
    setAppliedQuery(routeQuery);
    if (routeQuery !== undefined) setList((l) => ({ ...l, query: routeQuery }));
  }

  const start = useCallback(() => {
    setChecking(true);
    setStartError(undefined);
    loadSession().then(
      (s) => {
        setSession(s);
        setChecking(false);
      },
      (e: unknown) => {
        setChecking(false);
        // A 401 is handled below (back to the login page); anything else is shown with a retry.
        if (hasSession()) setStartError(errorMessage(e));
      },
    );
  }, []);

  // The tenants changed (one created or deleted): the session again, without leaving the page.
  const refresh = useCallback(() => {
    loadSession().then(setSession, () => undefined);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      forgetLists();
      setSession(null);
      setNotice('Your session expired. Log in again to continue.');
    });
    if (hasSession()) start();
    return () => setUnauthorizedHandler(null);
  }, [start]);

  const setScope = useCallback((next: string | null) => {
    if (next === null) sessionStorage.removeItem(SCOPE_KEY);
    else sessionStorage.setItem(SCOPE_KEY, next);
    setScopeState(next);
  }, []);

  // The session ran out (or the user renews it early): back to the login page on the same address.
  const endSession = useCallback((message: string) => {
    forgetLists();
    void api.logout().catch(() => undefined);
    setSession(null);
    setNotice(message);
  }, []);
  const expired = useCallback(() => endSession('Your session expired. Log in again to continue.'), [endSession]);
  const warnAt = useSessionExpiry(session !== null, expired);

  const logout = useCallback(() => {
    forgetLists();
    void api.logout().catch(() => undefined).finally(() => {
      setSession(null);
      setList(initialListState);
      sessionStorage.removeItem(SCOPE_KEY);
      setScopeState(null);
      setNotice('You have logged out.');
      // The next user starts from the list, not from the page this one left open.
      navigate(INCIDENTS_HREF);
    });
  }, []);

  if (checking) return <div className="splash" role="status">Loading Palisade…</div>;
  if (startError !== undefined && session === null && hasSession()) {
    return (
      <div className="splash">
        <p className="error-text" role="alert">{startError}</p>
        <div className="row-actions">
          <button type="button" className="btn primary" onClick={start}>Try again</button>
          <button type="button" className="btn" onClick={logout}>Log in again</button>
        </div>
      </div>
    );
  }
  if (session === null) {
    return (
      <LoginPage
        notice={notice}
        onLoggedIn={() => {
          setNotice(undefined);
          start();
        }}
      />
    );
  }

  // The scope is one of the tenants the API listed for this user, or all of them.
  const effectiveScope = session.fixedTenant ?? (scope !== null && session.tenants.some((t) => t.id === scope) ? scope : null);
  const tenantName = (id: string): string => session.tenants.find((t) => t.id === id)?.name ?? id;
  const navArea: NavArea = route.page === 'dashboard' ? 'dashboard' : route.page === 'section' ? AREA_OF[route.section] : 'incidents';
  const sectionProps: SectionProps | null =
    route.page === 'section' ? { section: route.section, rest: route.rest, params: route.params, session, scope: effectiveScope, tenantName, refreshSession: refresh } : null;

  return (
    <div className="app">
      <TopBar session={session} scope={effectiveScope} onScope={setScope} onLogout={logout} page={navArea} />
      {warnAt !== null && <ExpiryBanner expiresAt={warnAt} onRenew={() => endSession('Log in again to start a new session; you will come back to this page.')} />}
      <main className="content">
        {route.page === 'incidents' && (
          <IncidentsPage
            scope={effectiveScope}
            state={list}
            onState={setList}
            tenantName={tenantName}
            canBulk={effectiveScope !== null ? canOn(session, effectiveScope, 'incidents', 'write') : session.tenants.some((t) => canOn(session, t.id, 'incidents', 'write'))}
          />
        )}
        {route.page === 'incident' &&
          (session.tenants.some((t) => t.id === route.tenant) ? (
            <IncidentPage
              key={`${route.tenant}/${route.id}`}
              tenant={route.tenant}
              tenantName={tenantName(route.tenant)}
              id={route.id}
              tab={route.tab}
              canWrite={canOn(session, route.tenant, 'incidents', 'write')}
            />
          ) : (
            <NotFound what={`Incident ${route.id} was not found.`} />
          ))}
        {route.page === 'dashboard' && (
          <Suspense fallback={<p className="muted pad" role="status">Loading the dashboard…</p>}>
            <DashboardPage scope={effectiveScope} onScope={session.fixedTenant === null ? setScope : undefined} tenantName={tenantName} />
          </Suspense>
        )}
        {sectionProps !== null && (
          <Suspense fallback={<p className="muted pad" role="status">Loading…</p>}>
            {AREA_OF[sectionProps.section] === 'content' && <ContentArea {...sectionProps} />}
            {AREA_OF[sectionProps.section] === 'tenants' && <TenantsArea {...sectionProps} />}
            {AREA_OF[sectionProps.section] === 'admin' && <AdminArea {...sectionProps} />}
          </Suspense>
        )}
        {route.page === 'not-found' && <NotFound what="There is no such page." />}
      </main>
    </div>
  );
}

function NotFound({ what }: { what: string }) {
  return (
    <section className="panel empty-state">
      <h1>Not found</h1>
      <p>{what}</p>
      <a className="btn" href={INCIDENTS_HREF}>Back to incidents</a>
    </section>
  );
}
