/**
 * The Settings area's calls to main: users (main's and each tenant's customers), roles, API
 * keys, the directory and the audit trails. One function per route; a `Realm` picks main's
 * route or the tenant's.
 */
import { http, unwrap } from './http';
import type {
  ApiKey,
  ApiKeyInput,
  AuditFilters,
  AuditPage,
  AuditVerdict,
  CreatedApiKey,
  CustomerPatch,
  CustomerUser,
  DirectoryAnswer,
  DirectoryInput,
  DirectorySettings,
  DirectoryTest,
  Grant,
  GrantEntry,
  MainUser,
  NewCustomer,
  Realm,
  Role,
  RoleInput,
  UserPatch,
} from './admin-types';

const items = async <T>(pending: ReturnType<typeof http.GET>): Promise<T[]> => (await unwrap<{ items: T[] }>(pending)).items;
const id = (value: string) => ({ params: { path: { id: value } } });
const inTenant = (tenant: string, userId: string) => ({ params: { path: { id: tenant, userId } } });

export const listUsers = (): Promise<MainUser[]> => items<MainUser>(http.GET('/api/v1/users'));
export const createUser = (body: { username: string; password: string }): Promise<MainUser> => unwrap<MainUser>(http.POST('/api/v1/users', { body }));
export const updateUser = (userId: string, body: UserPatch): Promise<MainUser> => unwrap<MainUser>(http.PATCH('/api/v1/users/{id}', { ...id(userId), body }));
export const deleteUser = (userId: string): Promise<void> => unwrap<void>(http.DELETE('/api/v1/users/{id}', id(userId)));
export const userAccess = (userId: string): Promise<Grant[]> => items<Grant>(http.GET('/api/v1/users/{id}/access', id(userId)));
export const setUserAccess = async (userId: string, entries: GrantEntry[]): Promise<Grant[]> =>
  (await unwrap<{ items: Grant[] }>(http.PUT('/api/v1/users/{id}/access', { ...id(userId), body: entries }))).items;

/** A grant as the API lists it, in the form the API takes back (`tenant: "*"` for all tenants). */
export function grantEntry(g: Grant): GrantEntry {
  if ('all' in g.scope) return { tenant: '*', role: g.role };
  if ('tenant' in g.scope) return { tenant: g.scope.tenant, role: g.role };
  return { label: g.scope.label, role: g.role };
}

export const listCustomers = (tenant: string): Promise<CustomerUser[]> => items<CustomerUser>(http.GET('/api/v1/tenants/{id}/users', id(tenant)));
export const createCustomer = (tenant: string, body: NewCustomer): Promise<CustomerUser> =>
  unwrap<CustomerUser>(http.POST('/api/v1/tenants/{id}/users', { ...id(tenant), body }));
export const updateCustomer = (tenant: string, userId: string, body: CustomerPatch): Promise<CustomerUser> =>
  unwrap<CustomerUser>(http.PATCH('/api/v1/tenants/{id}/users/{userId}', { ...inTenant(tenant, userId), body }));
export const deleteCustomer = (tenant: string, userId: string): Promise<void> => unwrap<void>(http.DELETE('/api/v1/tenants/{id}/users/{userId}', inTenant(tenant, userId)));

/** Main's roles, or those usable on one tenant (main's and the tenant's own). */
export const listRoles = (realm: Realm): Promise<Role[]> =>
  items<Role>(realm.kind === 'main' ? http.GET('/api/v1/roles') : http.GET('/api/v1/tenants/{id}/roles', id(realm.tenant)));
export const tenantRoles = (tenant: string): Promise<Role[]> => listRoles({ kind: 'tenant', tenant });
export const createRole = (realm: Realm, body: RoleInput & { name: string }): Promise<Role> =>
  unwrap<Role>(realm.kind === 'main' ? http.POST('/api/v1/roles', { body }) : http.POST('/api/v1/tenants/{id}/roles', { ...id(realm.tenant), body }));
export const updateRole = (realm: Realm, roleId: string, body: RoleInput): Promise<Role> =>
  unwrap<Role>(
    realm.kind === 'main'
      ? http.PATCH('/api/v1/roles/{id}', { ...id(roleId), body })
      : http.PATCH('/api/v1/tenants/{id}/roles/{roleId}', { params: { path: { id: realm.tenant, roleId } }, body }),
  );
export const deleteRole = (realm: Realm, roleId: string): Promise<void> =>
  unwrap<void>(realm.kind === 'main' ? http.DELETE('/api/v1/roles/{id}', id(roleId)) : http.DELETE('/api/v1/tenants/{id}/roles/{roleId}', { params: { path: { id: realm.tenant, roleId } } }));

export const listApiKeys = (): Promise<ApiKey[]> => items<ApiKey>(http.GET('/api/v1/api-keys'));
export const createApiKey = (body: ApiKeyInput): Promise<CreatedApiKey> => unwrap<CreatedApiKey>(http.POST('/api/v1/api-keys', { body }));
export const revokeApiKey = (keyId: string): Promise<void> => unwrap<void>(http.DELETE('/api/v1/api-keys/{id}', id(keyId)));

export const getDirectory = (): Promise<DirectoryAnswer> => unwrap<DirectoryAnswer>(http.GET('/api/v1/settings/directory'));
export const saveDirectory = (body: DirectoryInput): Promise<DirectorySettings> => unwrap<DirectorySettings>(http.PUT('/api/v1/settings/directory', { body }));
/** Binds with the saved service account and counts the entries under the user base. */
export const testDirectory = (): Promise<DirectoryTest> => unwrap<DirectoryTest>(http.POST('/api/v1/settings/directory/test'));

/** One page of a trail, newest first; `cursor` is the last seq of the page before. */
export function auditPage(realm: Realm, filters: AuditFilters, limit: number, cursor?: number): Promise<AuditPage> {
  const set = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as AuditFilters;
  const query = { ...set, limit, ...(cursor === undefined ? {} : { cursor }) };
  if (realm.kind === 'main') return unwrap<AuditPage>(http.GET('/api/v1/audit', { params: { query } }));
  // A tenant's trail holds only its own records: it takes no tenant filter.
  const { tenant: _tenant, ...own } = query;
  return unwrap<AuditPage>(http.GET('/api/v1/tenants/{id}/audit', { params: { path: { id: realm.tenant }, query: own } }));
}

export const verifyAudit = (realm: Realm): Promise<AuditVerdict> =>
  unwrap<AuditVerdict>(realm.kind === 'main' ? http.GET('/api/v1/audit/verify') : http.GET('/api/v1/tenants/{id}/audit/verify', id(realm.tenant)));
