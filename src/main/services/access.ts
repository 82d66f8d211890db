import { BUILTIN_ROLES, type PermissionSet } from '../../core/rbac.js';
import type { AssertionSigner } from '../../net/assertion-sign.js';
import type { Caller } from './auth.js';

const ADMINISTRATOR = BUILTIN_ROLES.find((r) => r.id === 'administrator')!.permissions;

/**
 * The caller's permissions on a tenant. Main's only accounts so far are administrators
 * (one per deployment), who hold the Administrator role on every tenant; per-tenant roles
 * and grants replace this with `permissionsOn` from core/rbac.
 */
export function permissionsFor(_caller: Caller, _tenant: string): PermissionSet {
  return ADMINISTRATOR;
}

/** The assertion main attaches to one request for one tenant. */
export function assertFor(signer: AssertionSigner, caller: Caller, tenant: string): Promise<string> {
  return signer.sign({ subject: caller.userId, name: caller.username, tenant, permissions: permissionsFor(caller, tenant) });
}
