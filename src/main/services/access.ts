import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import {
  BUILTIN_ROLES, allows, hasFlag, isEmpty, mainPermissions, missingFrom, parsePermissions, permissionsOn,
  type Action, type Flag, type Grant, type PermissionSet, type Resource, type Role,
} from '../../core/rbac.js';
import type { AssertionSigner } from '../../net/assertion-sign.js';
import type { AccessRepository } from '../../store/access-repo.js';
import type { TenantRow } from '../../store/main-repos.js';
import type { Caller } from './caller.js';

/** What one caller may do, resolved once per request from their grants. */
export class AccessContext {
  readonly main: PermissionSet;
  constructor(
    readonly caller: Caller,
    private readonly grants: readonly Grant[],
    private readonly roles: ReadonlyMap<string, Role>,
  ) {
    this.main = mainPermissions(grants, roles);
  }

  on(tenant: Pick<TenantRow, 'id' | 'labels'>): PermissionSet {
    return permissionsOn(this.grants, this.roles, tenant);
  }

  /** Nothing granted on a tenant means it does not exist for this caller: same 404 as a missing one. */
  require(tenant: Pick<TenantRow, 'id' | 'labels'>, resource: Resource, action: Action): PermissionSet {
    const set = this.on(tenant);
    if (isEmpty(set) && !allows(this.main, 'tenants', 'read')) throw new AppError('not_found', `tenant ${tenant.id} not found`);
    if (!allows(set, resource, action)) throw new AppError('forbidden', `${action} on ${resource} in tenant ${tenant.id} is not permitted`);
    return set;
  }

  sees(tenant: Pick<TenantRow, 'id' | 'labels'>): boolean {
    return allows(this.main, 'tenants', 'read') || !isEmpty(this.on(tenant));
  }

  mainAllows(resource: Resource, action: Action): boolean {
    return allows(this.main, resource, action);
  }

  requireMain(resource: Resource, action: Action): void {
    if (!allows(this.main, resource, action)) throw new AppError('forbidden', `${action} on ${resource} is not permitted`);
  }

  requireFlag(flag: Flag): void {
    if (!hasFlag(this.main, flag)) throw new AppError('forbidden', `${flag} is not permitted`);
  }
}

const GRANT_SCOPE = /^[a-z][a-z0-9-]{1,39}$/;

/** One entry of a user's access as the API takes it. */
export interface GrantEntry {
  tenant?: string;
  label?: string;
  role: string;
}

/** Roles and who holds them where. */
export class AccessService {
  constructor(
    private readonly repo: AccessRepository,
    private readonly signer: AssertionSigner,
    /** Main's audit trail head, signed into every assertion for the tenant to witness. */
    private readonly auditHead: () => Promise<string> = () => Promise.resolve(''),
    private readonly now: () => number = Date.now,
  ) {}

  async roleMap(): Promise<Map<string, Role>> {
    return new Map([...BUILTIN_ROLES, ...(await this.repo.roles())].map((r) => [r.id, r]));
  }

  async context(caller: Caller): Promise<AccessContext> {
    const [held, roles] = await Promise.all([caller.grants ?? this.repo.grants(caller.userId), this.roleMap()]);
    // A customer user is confined to their tenant, whatever grants might say.
    const grants = caller.tenant === undefined ? held : held.filter((g) => 'tenant' in g.scope && g.scope.tenant === caller.tenant);
    return new AccessContext(caller, grants, roles);
  }

  /**
   * Whoever changes, disables or deletes a user must hold at least what that user holds (on
   * main and on each of `tenants`): otherwise a user administrator could reset an
   * administrator's password and become one.
   */
  async requireCovers(ctx: AccessContext, target: { id: string; username: string }, tenants: readonly Pick<TenantRow, 'id' | 'labels'>[]): Promise<void> {
    const theirs = await this.context({ userId: target.id, username: target.username, kind: 'local', via: 'bearer' });
    const missing = missingFrom(ctx.main, theirs.main) ?? tenants.map((t) => missingFrom(ctx.on(t), theirs.on(t))).find((m) => m !== undefined);
    if (missing) throw new AppError('forbidden', `${target.username} holds ${missing}, which you do not: you cannot change this user`);
  }

  /** Main's roles (usable on any tenant), plus those one tenant defined when `tenant` is given. */
  async roles(tenant?: string): Promise<Role[]> {
    return [...(await this.roleMap()).values()].filter((r) => r.tenant === null || r.tenant === tenant);
  }

  /** A role by id or (case-insensitive) name, among those usable on `tenant` (main's only when absent). */
  async findRole(ref: string, tenant?: string): Promise<Role | undefined> {
    const roles = await this.roles(tenant);
    // A tenant's own role wins over a main role of the same name: it is the one its admins see.
    return roles.find((r) => r.id === ref) ?? roles.filter((r) => r.name.toLowerCase() === ref.toLowerCase()).sort((a, b) => (b.tenant ? 1 : 0) - (a.tenant ? 1 : 0))[0];
  }

  /** A new role from permissions, or an editable copy of another (built-in) role with changes. */
  async createRole(input: { name: string; permissions?: unknown; copyOf?: string }, tenant: string | null, limit?: PermissionSet): Promise<Role> {
    await this.nameFree(input.name, tenant);
    let permissions;
    if (input.copyOf !== undefined) {
      const source = await this.findRole(input.copyOf, tenant ?? undefined);
      if (!source) throw new AppError('invalid_request', `copyOf "${input.copyOf}" is not a role`);
      permissions = input.permissions === undefined ? source.permissions : parsePermissions(input.permissions);
    } else if (input.permissions === undefined) {
      throw new AppError('invalid_request', 'a role needs permissions or copyOf');
    } else {
      permissions = parsePermissions(input.permissions);
    }
    const role: Role = { id: randomUUID(), name: input.name, builtin: false, tenant, permissions };
    if (limit) this.within(limit, role);
    await this.repo.createRole(role, this.now());
    return role;
  }

  /** Renames a custom role or replaces its permissions; built-in roles never change. */
  async updateRole(id: string, change: { name?: string; permissions?: unknown }, tenant: string | null, limit?: PermissionSet): Promise<Role> {
    const role = await this.ownRole(id, tenant);
    if (role.builtin) throw new AppError('conflict', `${role.name} is a built-in role and cannot be changed: copy it (POST with copyOf) and edit the copy`);
    const name = change.name ?? role.name;
    if (name.toLowerCase() !== role.name.toLowerCase()) await this.nameFree(name, tenant);
    const updated: Role = { ...role, name, permissions: change.permissions === undefined ? role.permissions : parsePermissions(change.permissions) };
    if (limit) this.within(limit, updated);
    await this.repo.updateRole(updated, this.now());
    return updated;
  }

  /** Names are unique, case-insensitively, among main's roles or one tenant's (built-in names are always taken). */
  private async nameFree(name: string, tenant: string | null): Promise<void> {
    const taken = (await this.roles(tenant ?? undefined)).filter((r) => r.tenant === tenant || r.builtin);
    if (taken.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw new AppError('conflict', `a role named ${name} exists already`);
  }

  /** Nobody defines a role holding more than they hold themselves (on the tenant it is for). */
  private within(limit: PermissionSet, role: Role): void {
    const missing = missingFrom(limit, role.permissions);
    if (missing) throw new AppError('forbidden', `role ${role.name} would include ${missing}, which you do not hold${role.tenant ? ` on tenant ${role.tenant}` : ''}`);
  }

  /** Deletes a custom role nobody holds; built-in roles are never deleted. */
  async deleteRole(id: string, tenant: string | null): Promise<void> {
    const role = await this.ownRole(id, tenant);
    if (role.builtin) throw new AppError('conflict', `${role.name} is a built-in role and cannot be deleted`);
    const holders = await this.repo.holders(role.id);
    if (holders > 0) throw new AppError('conflict', `role ${role.name} is still held by ${holders} user(s): change their access first`);
    await this.repo.deleteRole(role.id);
  }

  /** A role that `tenant` (or main, when null) may change: another tenant's role is simply not found. */
  private async ownRole(id: string, tenant: string | null): Promise<Role> {
    const role = (await this.roleMap()).get(id);
    if (!role || (!role.builtin && role.tenant !== tenant)) throw new AppError('not_found', `role ${id} not found`);
    return role;
  }

  /** Forgets what a deleted tenant defined: its roles and every grant naming it. */
  forgetTenant(tenant: string): Promise<void> {
    return this.repo.deleteTenantRoles(tenant);
  }

  grantsByUser(): Promise<Map<string, Grant[]>> {
    return this.repo.grantsByUser();
  }

  grants(userId: string): Promise<Grant[]> {
    return this.repo.grants(userId);
  }

  /** `[{tenant: "acme" | "*", role}, {label: "finance", role}]`, checked against known roles and tenants. */
  async setGrants(userId: string, entries: readonly GrantEntry[], tenantIds: ReadonlySet<string>, limit?: (g: Grant) => PermissionSet): Promise<Grant[]> {
    const grants: Grant[] = [];
    const roles = await this.roleMap();
    for (const [i, e] of entries.entries()) {
      const g = await this.resolve(e, i, tenantIds);
      // Nobody gives more than they hold where the grant applies.
      const role = roles.get(g.role);
      if (limit && role) this.within(limit(g), role);
      grants.push(g);
    }
    await this.repo.setGrants(userId, grants);
    return grants;
  }

  /** Checks a list of entries without granting anything (directory group mappings, when saved). */
  async checkEntries(entries: readonly GrantEntry[], tenantIds: ReadonlySet<string>, what: string): Promise<void> {
    for (const [i, e] of entries.entries()) {
      await this.resolve(e, i, tenantIds).catch((err: unknown) => {
        throw err instanceof AppError ? new AppError(err.code, err.message.replace(/^access\[/, `${what}[`)) : err;
      });
    }
  }

  /**
   * A directory user's grants, recomputed from their groups at every login. An entry that no
   * longer resolves (its tenant or role was deleted since) gives nothing rather than failing the login.
   */
  async setDirectoryGrants(userId: string, entries: readonly GrantEntry[], tenantIds: ReadonlySet<string>): Promise<Grant[]> {
    const grants: Grant[] = [];
    for (const [i, e] of entries.entries()) {
      const g = await this.resolve(e, i, tenantIds).catch(() => undefined);
      if (g) grants.push(g);
    }
    await this.repo.setGrants(userId, grants);
    return grants;
  }

  private async resolve(e: GrantEntry, i: number, tenantIds: ReadonlySet<string>): Promise<Grant> {
    if ((e.tenant === undefined) === (e.label === undefined)) throw new AppError('invalid_request', `access[${i}] needs exactly one of tenant or label`);
    const one = e.tenant !== undefined && e.tenant !== '*' ? e.tenant : undefined;
    if (one !== undefined && !tenantIds.has(one)) throw new AppError('invalid_request', `access[${i}].tenant "${one}" is not a tenant`);
    // A tenant's own roles can be granted on that tenant only.
    const role = await this.findRole(e.role, one);
    if (!role) throw new AppError('invalid_request', `access[${i}].role "${e.role}" is not a role${one ? ` usable on ${one}` : ''}`);
    return this.grantOf(e, i, role);
  }

  private grantOf(e: { tenant?: string; label?: string }, i: number, role: Role): Grant {
    if (e.tenant === '*') return { scope: { all: true }, role: role.id };
    if (e.tenant !== undefined) return { scope: { tenant: e.tenant }, role: role.id };
    if (!GRANT_SCOPE.test(e.label ?? '')) throw new AppError('invalid_request', `access[${i}].label is not a valid label`);
    return { scope: { label: e.label! }, role: role.id };
  }

  /**
   * The credential main attaches to one request for one tenant: an assertion of the caller's
   * permissions there and the client's address (for the tenant's audit trail: the tenant only
   * ever sees its host), or, for that tenant's own API key, the key itself for the tenant to check.
   */
  async assertFor(ctx: AccessContext, tenant: Pick<TenantRow, 'id' | 'labels'>, address: string): Promise<string> {
    if (ctx.caller.key !== undefined && ctx.caller.tenant === tenant.id) return ctx.caller.key;
    const head = await this.auditHead();
    return this.signer.sign({ subject: ctx.caller.userId, name: ctx.caller.username, tenant: tenant.id, permissions: ctx.on(tenant), address, head });
  }

  /** Main asking a tenant on its own behalf, for one resource only (checking the tenant's witness of main's trail). */
  systemAssertion(tenant: string, resource: Resource, action: Action): Promise<string> {
    return this.signer.sign({ subject: 'main', name: 'main', tenant, permissions: { resources: { [resource]: [action] }, flags: [] }, address: '' });
  }
}
