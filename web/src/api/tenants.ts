/** The tenants area's calls: tenants' lifecycle, hosts and their enrollment (users, roles and access: `admin.ts`). */
import { http, unwrap } from './http';
import type { CreateTenantBody, Enrollment, HostView, TenantView } from './tenants-types';

const tenant = (id: string) => ({ params: { path: { id } } });

export const tenantsApi = {
  list: async (): Promise<TenantView[]> => (await unwrap<{ items: TenantView[] }>(http.GET('/api/v1/tenants'))).items,

  get: (id: string): Promise<TenantView> => unwrap<TenantView>(http.GET('/api/v1/tenants/{id}', tenant(id))),

  create: (body: CreateTenantBody): Promise<TenantView> => unwrap<TenantView>(http.POST('/api/v1/tenants', { body })),

  setLabels: (id: string, labels: string[]): Promise<TenantView> => unwrap<TenantView>(http.PATCH('/api/v1/tenants/{id}', { ...tenant(id), body: { labels } })),

  pause: (id: string): Promise<TenantView> => unwrap<TenantView>(http.POST('/api/v1/tenants/{id}/pause', tenant(id))),

  resume: (id: string): Promise<TenantView> => unwrap<TenantView>(http.POST('/api/v1/tenants/{id}/resume', tenant(id))),

  /** The API deletes only when `confirm` repeats the tenant's name. */
  remove: (id: string, confirm: string): Promise<void> => unwrap<void>(http.DELETE('/api/v1/tenants/{id}', { params: { path: { id }, query: { confirm } } })),

  hosts: async (): Promise<HostView[]> => (await unwrap<{ items: HostView[] }>(http.GET('/api/v1/hosts'))).items,

  enroll: (name: string, ttlMinutes: number): Promise<Enrollment> => unwrap<Enrollment>(http.POST('/api/v1/hosts/enrollments', { body: { name, ttlMinutes } })),
};
