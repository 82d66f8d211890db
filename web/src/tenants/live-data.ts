/**
 * The area's data as it changes: tenants' processes start, pause and crash, hosts heartbeat.
 * Pages load it once with a loading state, then again quietly every few seconds (not while the
 * tab is hidden), keeping what is shown until the new answer replaces it: no flicker.
 */
import { useEffect } from 'react';
import { tenantsApi } from '../api/tenants';
import type { HostView, TenantView } from '../api/tenants-types';
import { useLoad, type Loaded } from '../common/use-load';

export const REFRESH_MS = 5000;

export function useAutoRefresh(reload: (quiet?: boolean) => void, ms: number = REFRESH_MS): void {
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload(true);
    }, ms);
    return () => window.clearInterval(timer);
  }, [reload, ms]);
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

/** Every tenant the API lists for this user, by name; `enabled` false answers none without asking. */
export function useTenants(enabled = true): Loaded<TenantView[]> {
  const loaded = useLoad(async () => (enabled ? (await tenantsApi.list()).sort(byName) : []), [enabled]);
  useAutoRefresh(loaded.reload);
  return loaded;
}

export function useHosts(): Loaded<HostView[]> {
  const loaded = useLoad(async () => (await tenantsApi.hosts()).sort(byName), []);
  useAutoRefresh(loaded.reload);
  return loaded;
}

/**
 * One host and the tenants it runs. From the hosts list rather than `GET /hosts/:id`: only the
 * list says whether main counts the host online.
 */
export function useHost(id: string): Loaded<{ host: HostView | undefined; tenants: TenantView[] }> {
  const loaded = useLoad(async () => {
    const [hosts, tenants] = await Promise.all([tenantsApi.hosts(), tenantsApi.list()]);
    return { host: hosts.find((h) => h.id === id), tenants: tenants.filter((t) => t.host.id === id).sort(byName) };
  }, [id]);
  useAutoRefresh(loaded.reload);
  return loaded;
}

/** The memory a host's tenants' processes use, as reported; undefined when none reported any. */
export function tenantsMemory(host: string, tenants: readonly TenantView[]): number | undefined {
  const rss = tenants.filter((t) => t.host.id === host).flatMap((t) => (typeof t.process?.rssBytes === 'number' ? [t.process.rssBytes] : []));
  return rss.length === 0 ? undefined : rss.reduce((a, b) => a + b, 0);
}
