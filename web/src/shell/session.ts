/** Who is logged in and which tenants they may see, as the console keeps it for one tab. */
import { api } from '../api/client';
import type { Me, Tenant } from '../api/types';

export interface Session {
  me: Me;
  /** The tenants this user may see, as the API listed them; a customer user's one tenant. */
  tenants: Tenant[];
  /** A customer user's tenant: fixed, with no switcher. */
  fixedTenant: string | null;
}

/** Reads `/me` and the tenants this user may see (a customer user: their one tenant). */
export async function loadSession(): Promise<Session> {
  // Both at once: the first page waits on the session, and a round trip less shows sooner.
  // The list of tenants may need a permission /me does not: /me names the same tenants.
  const [me, listed] = await Promise.all([api.me(), api.tenants().catch(() => null)]);
  if (me.user.kind === 'customer' || me.user.tenant !== null) {
    const own = me.tenants.filter((t) => t.id === me.user.tenant).map((t) => ({ id: t.id, name: t.name }));
    return { me, tenants: own, fixedTenant: me.user.tenant };
  }
  const tenants = listed ?? me.tenants.map((t) => ({ id: t.id, name: t.name }));
  tenants.sort((a, b) => a.name.localeCompare(b.name));
  return { me, tenants, fixedTenant: null };
}
