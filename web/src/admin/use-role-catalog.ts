/**
 * The roles a grant may name: main's roles everywhere, plus a tenant's own roles on that
 * tenant. Each tenant's list is asked for once, when a grant first names the tenant.
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { listRoles, tenantRoles } from '../api/admin';
import type { Role } from '../api/admin-types';

export interface RoleCatalog {
  /** Main's roles, once loaded. */
  main: Role[] | undefined;
  /** Why main's roles could not be listed (no roles:read, for one). */
  error: string | undefined;
  /** The roles usable on `tenant` (main's while the tenant's own are loading), or main's for null. */
  usable: (tenant: string | null) => Role[];
}

export function useRoleCatalog(tenants: readonly string[], enabled = true): RoleCatalog {
  const [main, setMain] = useState<Role[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [perTenant, setPerTenant] = useState<ReadonlyMap<string, Role[]>>(new Map());
  const asked = useRef(new Set<string>());
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    listRoles({ kind: 'main' }).then(
      (roles) => alive.current && setMain(roles),
      (e: unknown) => alive.current && setError(errorMessage(e)),
    );
    return () => {
      alive.current = false;
    };
  }, [enabled]);

  const wanted = tenants.filter((t) => t !== '' && !asked.current.has(t));
  useEffect(() => {
    if (!enabled) return;
    for (const t of wanted) {
      asked.current.add(t);
      // A tenant whose roles cannot be read still offers main's roles.
      tenantRoles(t).then(
        (roles) => alive.current && setPerTenant((m) => new Map(m).set(t, roles)),
        () => undefined,
      );
    }
  }, [wanted.join('\u0000'), enabled]); // the tenants named, not the array's identity

  const usable = (tenant: string | null): Role[] => (tenant === null ? main : (perTenant.get(tenant) ?? main)) ?? [];
  return { main, error, usable };
}
