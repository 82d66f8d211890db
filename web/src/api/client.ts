/**
 * The console's calls to main's API, typed by the routes' OpenAPI document (see `http.ts`).
 * Each area keeps its calls in its own module beside this one.
 */
import type {
  BulkRequest,
  BulkResponse,
  EntriesPage,
  FanoutSearchResult,
  Incident,
  IncidentStats,
  LoginResult,
  Me,
  SearchRequest,
  TaskAnswer,
  Tenant,
  TenantSearchResult,
  WarRoomCommandInfo,
  WarRoomEntry,
  WorkPlan,
} from './types';

import type { paths } from './schema';
import { ApiError, forgetSession, http, startSession, unwrap } from './http';

export { ApiError, errorMessage, hasSession, sessionExpiresAt, sessionMark, setUnauthorizedHandler } from './http';

/** What an incident's edit may change: the body main's route accepts. */
export type IncidentPatch = NonNullable<paths['/api/v1/tenants/{id}/incidents/{incidentId}']['patch']>['requestBody']['content']['application/json'];

type IncidentPath = { id: string; incidentId: number };
const at = (tenant: string, id: number): { path: IncidentPath } => ({ path: { id: tenant, incidentId: id } });

export const api = {
  async login(input: { username: string; password: string; tenant?: string }): Promise<LoginResult> {
    const result = await unwrap<LoginResult>(http.POST('/api/v1/auth/login', { body: { ...input, session: 'cookie' } }), { login: true });
    if (typeof result.csrfToken !== 'string') throw new ApiError(500, 'no_csrf', 'The server did not start a console session.');
    startSession(result.csrfToken, result.expiresAt);
    return result;
  },

  async logout(): Promise<void> {
    try {
      await unwrap<unknown>(http.POST('/api/v1/auth/logout'), { login: true });
    } finally {
      forgetSession();
    }
  },

  me: (): Promise<Me> => unwrap<Me>(http.GET('/api/v1/me')),

  tenants: async (): Promise<Tenant[]> => (await unwrap<{ items: Tenant[] }>(http.GET('/api/v1/tenants'))).items,

  searchAll: (body: SearchRequest): Promise<FanoutSearchResult> => unwrap<FanoutSearchResult>(http.POST('/api/v1/incidents/search', { body })),

  searchTenant: (tenant: string, body: Omit<SearchRequest, 'total'>): Promise<TenantSearchResult> =>
    unwrap<TenantSearchResult>(http.POST('/api/v1/tenants/{id}/incidents/search', { params: { path: { id: tenant } }, body })),

  /** Counts by tenant × status × severity, per day and by type: every tenant this user may see. */
  stats: (): Promise<IncidentStats> => unwrap<IncidentStats>(http.GET('/api/v1/incidents/stats')),

  /** One action on incidents of several tenants; each incident succeeds or fails apart. */
  bulk: (body: BulkRequest): Promise<BulkResponse> => unwrap<BulkResponse>(http.POST('/api/v1/incidents/bulk', { body })),

  incident: (tenant: string, id: number): Promise<Incident> => unwrap<Incident>(http.GET('/api/v1/tenants/{id}/incidents/{incidentId}', { params: at(tenant, id) })),

  updateIncident: (tenant: string, id: number, patch: IncidentPatch): Promise<Incident> =>
    unwrap<Incident>(http.PATCH('/api/v1/tenants/{id}/incidents/{incidentId}', { params: at(tenant, id), body: patch })),

  closeIncident: (tenant: string, id: number, close: { reason: string; notes: string }): Promise<Incident> =>
    unwrap<Incident>(http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/close', { params: at(tenant, id), body: close })),

  entries: (tenant: string, id: number, after?: number): Promise<EntriesPage> =>
    unwrap<EntriesPage>(
      http.GET('/api/v1/tenants/{id}/incidents/{incidentId}/entries', { params: { ...at(tenant, id), query: { limit: 200, ...(after === undefined ? {} : { after }) } } }),
    ),

  runCommand: (tenant: string, id: number, command: string): Promise<{ entries: WarRoomEntry[] }> =>
    unwrap<{ entries: WarRoomEntry[] }>(http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/war-room/command', { params: at(tenant, id), body: { command } })),

  commands: async (tenant: string): Promise<WarRoomCommandInfo[]> =>
    (await unwrap<{ commands: WarRoomCommandInfo[] }>(http.GET('/api/v1/tenants/{id}/war-room/commands', { params: { path: { id: tenant } } }))).commands,

  workplan: (tenant: string, id: number): Promise<WorkPlan> => unwrap<WorkPlan>(http.GET('/api/v1/tenants/{id}/incidents/{incidentId}/workplan', { params: at(tenant, id) })),

  completeTask: (tenant: string, id: number, taskId: string, answer: TaskAnswer): Promise<WorkPlan> =>
    unwrap<WorkPlan>(
      http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/workplan/tasks/{taskId}/complete', { params: { path: { id: tenant, incidentId: id, taskId } }, body: answer }),
    ),

  retryTask: (tenant: string, id: number, taskId: string): Promise<WorkPlan> =>
    unwrap<WorkPlan>(http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/workplan/tasks/{taskId}/retry', { params: { path: { id: tenant, incidentId: id, taskId } } })),

  runPlaybook: (tenant: string, id: number, playbookId: string): Promise<unknown> =>
    unwrap<unknown>(http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/playbook/run', { params: at(tenant, id), body: { playbookId } })),

  stopPlaybook: (tenant: string, id: number): Promise<unknown> => unwrap<unknown>(http.POST('/api/v1/tenants/{id}/incidents/{incidentId}/playbook/stop', { params: at(tenant, id) })),

  context: async (tenant: string, id: number): Promise<unknown> =>
    (await unwrap<{ context: unknown }>(http.GET('/api/v1/tenants/{id}/incidents/{incidentId}/context', { params: at(tenant, id) }))).context,
};
