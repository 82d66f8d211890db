import { AppError } from './errors.js';

/**
 * The access model (pure): roles are named permission sets over resources; a user holds
 * roles per tenant, per propagation label, or for all tenants. Routes ask `allows` of the
 * set that applies to one tenant; cross-tenant endpoints ask `tenantsAllowing` and touch
 * no other tenant.
 */
export const RESOURCES = [
  'incidents', 'indicators', 'warroom', 'playbooks', 'scripts', 'integrations', 'content', 'jobs',
  'lists', 'dashboards', 'settings', 'users', 'roles', 'tenants', 'hosts', 'audit',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'write', 'execute', 'admin'] as const;
export type Action = (typeof ACTIONS)[number];

/** Powers that are not an action on one resource. */
export const FLAGS = ['accountManagement', 'contentSync'] as const;
export type Flag = (typeof FLAGS)[number];

export interface PermissionSet {
  resources: Partial<Record<Resource, Action[]>>;
  flags: Flag[];
}

/** What holding an action also grants: admin covers everything; writing or executing needs reading. */
const IMPLIES: Record<Action, Action[]> = {
  read: ['read'],
  write: ['write', 'read'],
  execute: ['execute', 'read'],
  admin: ['admin', 'write', 'execute', 'read'],
};

export function allows(set: PermissionSet, resource: Resource, action: Action): boolean {
  return (set.resources[resource] ?? []).some((held) => IMPLIES[held].includes(action));
}

export function hasFlag(set: PermissionSet, flag: Flag): boolean {
  return set.flags.includes(flag);
}

export const EMPTY: PermissionSet = { resources: {}, flags: [] };

/** The union of several sets, with every implied action spelled out, in a stable order. */
export function union(sets: readonly PermissionSet[]): PermissionSet {
  const resources: Partial<Record<Resource, Action[]>> = {};
  for (const r of RESOURCES) {
    const held = new Set(sets.flatMap((s) => (s.resources[r] ?? []).flatMap((a) => IMPLIES[a])));
    if (held.size) resources[r] = ACTIONS.filter((a) => held.has(a));
  }
  const flags = FLAGS.filter((f) => sets.some((s) => s.flags.includes(f)));
  return { resources, flags };
}

/**
 * Reads the API form `{incidents: ["read", "write"], …, accountManagement: true}` strictly:
 * an unknown resource, action or flag is a 400 naming it, never silently dropped.
 */
export function parsePermissions(input: unknown): PermissionSet {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AppError('invalid_request', 'permissions must be an object of resource → actions');
  }
  const resources: Partial<Record<Resource, Action[]>> = {};
  const flags: Flag[] = [];
  for (const [key, value] of Object.entries(input)) {
    if ((FLAGS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new AppError('invalid_request', `permissions.${key} must be true or false`);
      if (value) flags.push(key as Flag);
      continue;
    }
    if (!(RESOURCES as readonly string[]).includes(key)) {
      throw new AppError('invalid_request', `permissions has unknown resource "${key}" (known: ${RESOURCES.join(', ')})`);
    }
    if (!Array.isArray(value) || value.some((a) => !(ACTIONS as readonly unknown[]).includes(a))) {
      throw new AppError('invalid_request', `permissions.${key} must be a list of ${ACTIONS.join(', ')}`);
    }
    if (value.length) resources[key as Resource] = [...new Set(value as Action[])];
  }
  return union([{ resources, flags }]);
}

export interface Role {
  id: string;
  name: string;
  builtin: boolean;
  /** The tenant that defined this role for its own users; null for roles usable on any tenant. */
  tenant: string | null;
  permissions: PermissionSet;
}

const every = (actions: Action[], rs: readonly Resource[]): Partial<Record<Resource, Action[]>> =>
  Object.fromEntries(rs.map((r) => [r, actions]));

const SOAR_DATA: Resource[] = ['incidents', 'indicators', 'warroom', 'playbooks', 'scripts', 'integrations', 'content', 'jobs', 'lists', 'dashboards'];

/** The roles every deployment has; they can be copied and edited, never changed or deleted. */
export const BUILTIN_ROLES: readonly Role[] = [
  { id: 'administrator', name: 'Administrator', builtin: true, tenant: null, permissions: union([{ resources: every(['admin'], RESOURCES), flags: [...FLAGS] }]) },
  {
    id: 'analyst',
    name: 'Analyst',
    builtin: true,
    tenant: null,
    permissions: union([
      {
        resources: {
          ...every(['write', 'execute'], ['incidents', 'indicators', 'warroom']),
          ...every(['execute'], ['playbooks', 'scripts', 'integrations']),
          ...every(['write'], ['lists', 'dashboards']),
          ...every(['read'], ['content', 'jobs', 'settings']),
        },
        flags: [],
      },
    ]),
  },
  { id: 'read-only', name: 'Read-Only', builtin: true, tenant: null, permissions: union([{ resources: every(['read'], SOAR_DATA), flags: [] }]) },
];

/** Where a role applies: one tenant, every tenant carrying a propagation label, or all tenants. */
export type Scope = { tenant: string } | { label: string } | { all: true };

export interface Grant {
  scope: Scope;
  role: string;
}

export interface TenantRef {
  id: string;
  labels: readonly string[];
}

function covers(scope: Scope, tenant: TenantRef): boolean {
  if ('all' in scope) return true;
  if ('tenant' in scope) return scope.tenant === tenant.id;
  return tenant.labels.includes(scope.label);
}

/**
 * Everything the grants give on one tenant (the union of every role whose scope covers it).
 * A role a tenant defined for itself counts on that tenant only, whatever the grant says.
 */
export function permissionsOn(grants: readonly Grant[], roles: ReadonlyMap<string, Role>, tenant: TenantRef): PermissionSet {
  const sets = grants.filter((g) => covers(g.scope, tenant)).flatMap((g) => {
    const role = roles.get(g.role);
    return role && (role.tenant === null || role.tenant === tenant.id) ? [role.permissions] : [];
  });
  return sets.length ? union(sets) : EMPTY;
}

/** The tenants on which the grants allow `action` on `resource`: all a cross-tenant call may touch. */
export function tenantsAllowing(
  grants: readonly Grant[],
  roles: ReadonlyMap<string, Role>,
  tenants: readonly TenantRef[],
  resource: Resource,
  action: Action,
): string[] {
  return tenants.filter((t) => allows(permissionsOn(grants, roles, t), resource, action)).map((t) => t.id);
}

/** Main's own resources (users, roles, hosts, tenants, audit) are governed by grants for all tenants only. */
export function mainPermissions(grants: readonly Grant[], roles: ReadonlyMap<string, Role>): PermissionSet {
  const sets = grants.filter((g) => 'all' in g.scope).flatMap((g) => {
    const role = roles.get(g.role);
    return role && role.tenant === null ? [role.permissions] : [];
  });
  return sets.length ? union(sets) : EMPTY;
}

/** Whether the set holds anything at all (a tenant with nothing granted is invisible). */
export function isEmpty(set: PermissionSet): boolean {
  return set.flags.length === 0 && Object.keys(set.resources).length === 0;
}

/**
 * Whether `held` already allows everything `wanted` does: nobody may hand out (in a role or a
 * user's access) more than they hold themselves. Returns the first missing permission.
 */
export function missingFrom(held: PermissionSet, wanted: PermissionSet): string | undefined {
  for (const r of RESOURCES) for (const a of wanted.resources[r] ?? []) if (!allows(held, r, a)) return `${a} on ${r}`;
  return wanted.flags.find((f) => !held.flags.includes(f));
}
