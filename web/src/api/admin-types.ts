/**
 * The shapes of main's administration API (users, roles, API keys, directory, audit) as the
 * Settings area reads them. The access model's names mirror src/core/rbac.ts, which the console
 * cannot import: a resource added there must be added here too.
 */

export const RESOURCES = [
  'incidents', 'indicators', 'warroom', 'playbooks', 'scripts', 'integrations', 'content', 'jobs',
  'lists', 'dashboards', 'settings', 'users', 'roles', 'tenants', 'hosts', 'audit',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'write', 'execute', 'admin'] as const;
export type Action = (typeof ACTIONS)[number];

export const FLAGS = ['accountManagement', 'contentSync'] as const;
export type Flag = (typeof FLAGS)[number];

/** Whose administration a page shows: main's own, or one tenant's (its customer users, roles, trail). */
export type Realm = { kind: 'main' } | { kind: 'tenant'; tenant: string };

export interface RolePermissions {
  resources: Record<string, string[]>;
  flags: string[];
}

export interface Role {
  id: string;
  name: string;
  builtin: boolean;
  /** The tenant that defined the role for its own users; null for main's roles. */
  tenant: string | null;
  permissions: RolePermissions;
}

/** The API's input form: `{incidents: ['read'], …, accountManagement: true}`. */
export type PermissionInput = Record<string, string[] | boolean>;

export interface RoleInput {
  name?: string;
  permissions?: PermissionInput;
  copyOf?: string;
}

export type GrantScope = { tenant: string } | { label: string } | { all: true };

/** One grant as the API answers: a role on a tenant, on tenants carrying a label, or on all. */
export interface Grant {
  scope: GrantScope;
  role: string;
}

/** One grant as the API takes it: `tenant` (`"*"` for all tenants) or `label`, and a role. */
export interface GrantEntry {
  tenant?: string;
  label?: string;
  role: string;
}

interface UserBase {
  id: string;
  username: string;
  disabled: boolean;
  /** Milliseconds since the epoch. */
  created: number;
  lastLogin: number | null;
}

/** One of main's users, with their access (and a directory user's groups) as the list answers. */
export interface MainUser extends UserBase {
  kind: 'local' | 'directory';
  tenant: null;
  directoryDn: string | null;
  access?: Grant[];
  groups?: string[];
}

/** A customer user of one tenant: the name without the tenant prefix, and their one role. */
export interface CustomerUser extends UserBase {
  kind: 'customer';
  tenant: string;
  role: string | null;
}

export interface UserPatch {
  password?: string;
  disabled?: boolean;
}

export interface CustomerPatch extends UserPatch {
  role?: string;
}

export interface NewCustomer {
  username: string;
  password: string;
  role: string;
}

export type ApiKeyScope = { tenant: string; role: string } | { user: string };

export interface ApiKey {
  id: string;
  name: string;
  scope: ApiKeyScope;
  created: string;
  expiresAt: string | null;
  lastUsed: string | null;
  revoked: boolean;
}

/** The answer to a creation: the key itself, shown this once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface ApiKeyInput {
  name: string;
  tenant?: string;
  role?: string;
  expiresAt?: string;
}

export interface GroupMapping {
  group: string;
  tenant?: string;
  label?: string;
  role: string;
}

export interface DirectorySettings {
  enabled: boolean;
  url: string;
  startTls: boolean;
  caPem?: string;
  bindDn: string;
  userBase: string;
  userFilter: string;
  groupAttribute: string;
  groupBase?: string;
  groupMemberAttribute?: string;
  mappings: GroupMapping[];
}

/** What GET answers: the settings without the bind password, or that nothing is configured. */
export type DirectoryAnswer = (DirectorySettings & { bindPasswordSet: true }) | { enabled: false; configured: false };

export interface DirectoryInput extends DirectorySettings {
  /** Left out to keep the stored one. */
  bindPassword?: string;
}

export interface DirectoryTest {
  ok: true;
  usersVisible: number;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  address: string;
  action: string;
  tenant: string;
  target: string;
  /** The HTTP status the request was answered with. */
  result: number;
  witness?: string;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  items: AuditRecord[];
  /** The last seq of this page, to pass back for the next (older) one; null on the last page. */
  cursor: number | null;
}

/** The filters both trails take (main's also by tenant); dates as ISO 8601. */
export interface AuditFilters {
  actor?: string;
  action?: string;
  tenant?: string;
  since?: string;
  until?: string;
}

export interface AuditVerdict {
  records: number;
  broken: { seq: number; reason: string } | null;
  /** Main's trail only: how many tenants vouched for its newest records, and which did not answer. */
  witnesses?: { checked: number; unreachable: string[] };
}
