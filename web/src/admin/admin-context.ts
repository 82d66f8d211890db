/**
 * What every Settings page is given: whose administration it shows (main's or one tenant's),
 * what the user holds there, and helpers to name roles, tenants and grants the API returned.
 */
import type { Session } from '../shell/session';
import { can } from '../shell/section';
import type { PermissionSet } from '../api/types';
import type { Grant, GrantScope, Realm, Role } from '../api/admin-types';

export interface AdminContext {
  realm: Realm;
  /** What the user holds where the page administers: main's set, or theirs on the tenant. */
  perms: PermissionSet;
  session: Session;
  tenantName: (id: string) => string;
}

const NOTHING: PermissionSet = { resources: {}, flags: [] };

export function permsFor(session: Session, realm: Realm): PermissionSet {
  if (realm.kind === 'main') return session.me.main;
  return session.me.tenants.find((t) => t.id === realm.tenant)?.permissions ?? NOTHING;
}

export function realmName(ctx: AdminContext): string {
  return ctx.realm.kind === 'main' ? 'Main account' : ctx.tenantName(ctx.realm.tenant);
}

export function allowed(ctx: AdminContext, resource: string, action: 'read' | 'write' | 'execute' | 'admin'): boolean {
  return can(ctx.perms, resource, action);
}

/** A stable key for a realm, so a page's state starts afresh when the realm changes. */
export function realmKey(realm: Realm): string {
  return realm.kind === 'main' ? 'main' : `tenant:${realm.tenant}`;
}

/** A role's name among those the API listed; its id when it is not among them. */
export function roleName(roles: readonly Role[] | undefined, id: string | null): string {
  if (id === null) return '—';
  return roles?.find((r) => r.id === id)?.name ?? id;
}

export function scopeText(scope: GrantScope, tenantName: (id: string) => string): string {
  if ('all' in scope) return 'all tenants';
  if ('tenant' in scope) return tenantName(scope.tenant);
  return `tenants labelled ${scope.label}`;
}

/** `Analyst on Acme Corp; Read-Only on all tenants`. */
export function grantSummary(grants: readonly Grant[], roles: readonly Role[] | undefined, tenantName: (id: string) => string): string {
  if (grants.length === 0) return 'No access';
  return grants.map((g) => `${roleName(roles, g.role)} on ${scopeText(g.scope, tenantName)}`).join('; ');
}

/** Password rules the API enforces: 12 to 1000 characters, not containing the username. */
export function passwordProblem(username: string, password: string, confirm: string): string | undefined {
  if (password.length < 12) return 'The password needs at least 12 characters.';
  if (password.length > 1000) return 'The password may have at most 1000 characters.';
  const name = username.slice(username.indexOf('/') + 1).toLowerCase();
  if (name !== '' && password.toLowerCase().includes(name)) return 'The password must not contain the username.';
  if (password !== confirm) return 'The two passwords differ.';
  return undefined;
}

/** Usernames the API takes: 2 to 64 of letters, digits and . _ @ -, starting with a letter or digit. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;
