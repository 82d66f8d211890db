/**
 * Hash routing, without a library: `#/incidents[?q=<query>]` (the list, optionally opened with a
 * query), `#/incidents/<tenant>/<id>[/<tab>]` (one incident, tab `war-room`, `work-plan` or
 * `context`), `#/dashboard`, and the areas' sections `#/<section>[/<part>…][?<params>]` (content,
 * packs, tenants, hosts, users, roles, API keys, directory, audit), whose parts each area reads.
 * Links are built only from ids the API returned; parsed ids are checked again by the pages
 * against what the API says this user may see.
 */
import { useEffect, useState } from 'react';

export type IncidentTab = 'war-room' | 'work-plan' | 'context';
export const INCIDENT_TABS: readonly IncidentTab[] = ['war-room', 'work-plan', 'context'];

export const SECTIONS = ['content', 'packs', 'marketplace', 'tenants', 'hosts', 'users', 'roles', 'api-keys', 'directory', 'audit'] as const;
export type Section = (typeof SECTIONS)[number];

export type Route =
  | { page: 'incidents'; query?: string }
  | { page: 'incident'; tenant: string; id: number; tab: IncidentTab }
  | { page: 'dashboard' }
  | { page: 'section'; section: Section; rest: string[]; params: Record<string, string> }
  | { page: 'not-found'; path: string };

function isSection(part: string | undefined): part is Section {
  return (SECTIONS as readonly string[]).includes(part ?? '');
}

export const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const whole = hash.replace(/^#/, '');
  const mark = whole.indexOf('?');
  const path = mark < 0 ? whole : whole.slice(0, mark);
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'incidents')) {
    const query = mark < 0 ? null : new URLSearchParams(whole.slice(mark + 1)).get('q');
    return query === null ? { page: 'incidents' } : { page: 'incidents', query };
  }
  if (parts.length === 1 && parts[0] === 'dashboard') return { page: 'dashboard' };
  const first = parts[0];
  if (isSection(first)) {
    const rest = parts.slice(1).map(decode);
    if (rest.every((r): r is string => r !== null)) {
      const params = mark < 0 ? {} : Object.fromEntries(new URLSearchParams(whole.slice(mark + 1)));
      return { page: 'section', section: first, rest, params };
    }
  }
  if (parts[0] === 'incidents' && (parts.length === 3 || parts.length === 4)) {
    const tenant = decode(parts[1] ?? '');
    const idText = parts[2] ?? '';
    const tab = (parts[3] ?? 'war-room') as IncidentTab;
    const id = Number(idText);
    if (tenant !== null && TENANT_ID.test(tenant) && /^[1-9][0-9]{0,15}$/.test(idText) && Number.isSafeInteger(id) && INCIDENT_TABS.includes(tab)) {
      return { page: 'incident', tenant, id, tab };
    }
  }
  return { page: 'not-found', path };
}

export function incidentHref(tenant: string, id: number, tab?: IncidentTab): string {
  const base = `#/incidents/${encodeURIComponent(tenant)}/${encodeURIComponent(String(id))}`;
  return tab === undefined || tab === 'war-room' ? base : `${base}/${tab}`;
}

export const INCIDENTS_HREF = '#/incidents';
export const DASHBOARD_HREF = '#/dashboard';

/** The list, opened with this query in its search box. */
export function incidentsQueryHref(query: string): string {
  return `${INCIDENTS_HREF}?${new URLSearchParams({ q: query }).toString()}`;
}

/** `#/<section>/<part>…?<params>`, each part encoded. */
export function sectionHref(section: Section, rest: readonly string[] = [], params: Record<string, string> = {}): string {
  const path = [section, ...rest].map((p) => encodeURIComponent(p)).join('/');
  const query = new URLSearchParams(params).toString();
  return `#/${path}${query === '' ? '' : `?${query}`}`;
}

export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href;
}

/** The current route, following the address bar (links, back and forward, edits by hand). */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
