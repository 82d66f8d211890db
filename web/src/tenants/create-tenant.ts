/**
 * Creating a tenant, then granting each chosen user a role on it. The tenant stands whatever
 * the grants do: each user's grant succeeds or fails on its own.
 */
import { errorMessage } from '../api/client';
import { grantEntry, setUserAccess, userAccess } from '../api/admin';
import type { MainUser, Role } from '../api/admin-types';
import { tenantsApi } from '../api/tenants';
import type { CreateTenantBody, TenantView } from '../api/tenants-types';
import type { AccessRow } from './access-rows';

export interface PlannedGrant {
  userId: string;
  username: string;
  roleId: string;
  roleName: string;
}

export interface GrantOutcome extends PlannedGrant {
  ok: boolean;
  error?: string;
}

/** Adds `{tenant, role}` to the user's access: read what they hold, append, write it all back. */
async function grantOne(tenant: string, plan: PlannedGrant): Promise<GrantOutcome> {
  try {
    const held = await userAccess(plan.userId);
    const already = held.some((g) => 'tenant' in g.scope && g.scope.tenant === tenant && g.role === plan.roleId);
    if (!already) await setUserAccess(plan.userId, [...held.map(grantEntry), { tenant, role: plan.roleId }]);
    return { ...plan, ok: true };
  } catch (e) {
    return { ...plan, ok: false, error: errorMessage(e) };
  }
}

/** Creates the tenant (its failure is thrown, nothing else done), then grants, one user after another. */
export async function createTenant(body: CreateTenantBody, grants: readonly PlannedGrant[]): Promise<{ tenant: TenantView; grants: GrantOutcome[] }> {
  const tenant = await tenantsApi.create(body);
  const outcomes: GrantOutcome[] = [];
  for (const plan of grants) outcomes.push(await grantOne(tenant.id, plan));
  return { tenant, grants: outcomes };
}

/** The access rows of the form, with the names to report them by. */
export function planGrants(rows: readonly AccessRow[], users: readonly MainUser[], roles: readonly Role[]): PlannedGrant[] {
  return rows.map((r) => ({
    userId: r.userId,
    username: users.find((u) => u.id === r.userId)?.username ?? r.userId,
    roleId: r.roleId,
    roleName: roles.find((x) => x.id === r.roleId)?.name ?? r.roleId,
  }));
}
