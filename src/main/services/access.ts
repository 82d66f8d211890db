import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import {
  BUILTIN_ROLES, allows, hasFlag, isEmpty, mainPermissions, parsePermissions, permissionsOn,
  type Action, type Flag, type Grant, type PermissionSet, type Resource, type Role,
} from '../../core/rbac.js';
import type { AssertionSigner } from '../../net/assertion-sign.js';
import type { AccessRepository } from '../../store/access-repo.js';
import type { TenantRow } from '../../store/main-repos.js';
import type { Caller } from './auth.js';

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

/** Roles and who holds them where. */
export class AccessService {
  constructor(
    private readonly repo: AccessRepository,
    private readonly signer: AssertionSigner,
    private readonly now: () => number = Date.now,
  ) {}

  async roleMap(): Promise<Map<string, Role>> {
    return new Map([...BUILTIN_ROLES, ...(await this.repo.roles())].map((r) => [r.id, r]));
  }

  async context(caller: Caller): Promise<AccessContext> {
    const [grants, roles] = await Promise.all([caller.grants ?? this.repo.grants(caller.userId), this.roleMap()]);
    return new AccessContext(caller, grants, roles);
  }

  async roles(): Promise<Role[]> {
    return [...(await this.roleMap()).values()];
  }

  async createRole(name: string, permissions: unknown): Promise<Role> {
    const roles = await this.roles();
    if (roles.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw new AppError('conflict', `a role named ${name} exists already`);
    const role: Role = { id: randomUUID(), name, builtin: false, permissions: parsePermissions(permissions) };
    await this.repo.createRole(role, this.now());
    return role;
  }

  grants(userId: string): Promise<Grant[]> {
    return this.repo.grants(userId);
  }

  /** `[{tenant: "acme" | "*", role}, {label: "finance", role}]`, checked against known roles and tenants. */
  async setGrants(userId: string, entries: readonly { tenant?: string; label?: string; role: string }[], tenantIds: ReadonlySet<string>): Promise<Grant[]> {
    const roles = await this.roleMap();
    const grants = entries.map((e, i): Grant => {
      const role = roles.get(e.role) ?? [...roles.values()].find((r) => r.name.toLowerCase() === e.role.toLowerCase());
      if (!role) throw new AppError('invalid_request', `access[${i}].role "${e.role}" is not a role`);
      if ((e.tenant === undefined) === (e.label === undefined)) throw new AppError('invalid_request', `access[${i}] needs exactly one of tenant or label`);
      if (e.tenant === '*') return { scope: { all: true }, role: role.id };
      if (e.tenant !== undefined) {
        if (!tenantIds.has(e.tenant)) throw new AppError('invalid_request', `access[${i}].tenant "${e.tenant}" is not a tenant`);
        return { scope: { tenant: e.tenant }, role: role.id };
      }
      if (!GRANT_SCOPE.test(e.label ?? '')) throw new AppError('invalid_request', `access[${i}].label is not a valid label`);
      return { scope: { label: e.label! }, role: role.id };
    });
    await this.repo.setGrants(userId, grants);
    return grants;
  }

  /** The assertion main attaches to one request for one tenant: the caller's permissions there. */
  assertFor(ctx: AccessContext, tenant: Pick<TenantRow, 'id' | 'labels'>): Promise<string> {
    return this.signer.sign({ subject: ctx.caller.userId, name: ctx.caller.username, tenant: tenant.id, permissions: ctx.on(tenant) });
  }
}
