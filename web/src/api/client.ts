/**
 * The console's one API client. The session is an HttpOnly cookie main sets at login (scripts
 * never see it); every change also sends the CSRF token the login returned, which is kept in
 * sessionStorage for this tab only. A 401 (or a CSRF refusal) anywhere ends the session in the
 * console: the registered handler brings back the login page.
 */
import type {
  ApiErrorBody,
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

const CSRF_KEY = 'palisade.csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show for anything a request threw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const err = v.error;
  return typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' && 'code' in err && typeof err.code === 'string';
}

let csrfToken: string | null = sessionStorage.getItem(CSRF_KEY);
let onUnauthorized: (() => void) | null = null;

export function hasSession(): boolean {
  return csrfToken !== null;
}

/** Called when a request finds the session gone (expired, logged out elsewhere, revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function forgetSession(): void {
  csrfToken = null;
  sessionStorage.removeItem(CSRF_KEY);
}

export const enc = encodeURIComponent;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One request to main's API: JSON in and out, the CSRF token on changes, errors as `ApiError`.
 * Area modules (`api/*.ts`) build their calls on it.
 */
export async function request<T>(method: Method, path: string, body?: unknown, opts: { login?: boolean; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A binary body (a pack archive) goes as it is, with its own content type; anything else as JSON.
  const raw = body instanceof Blob || body instanceof ArrayBuffer;
  if (body !== undefined) headers['content-type'] = raw ? (opts.contentType ?? 'application/octet-stream') : 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    const payload = body === undefined ? null : raw ? body : JSON.stringify(body);
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: payload });
  } catch {
    throw new ApiError(0, 'network', 'Palisade could not be reached: check the connection and try again.');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const code = isErrorBody(data) ? data.error.code : `http_${res.status}`;
    const message = isErrorBody(data) ? data.error.message : `The server answered ${res.status} ${res.statusText}`.trim();
    const sessionGone = res.status === 401 || code === 'csrf_failed';
    if (sessionGone && !opts.login) {
      forgetSession();
      onUnauthorized?.();
    }
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}

export const tenantBase = (tenant: string): string => `/api/v1/tenants/${enc(tenant)}`;
const incidentBase = (tenant: string, id: number): string => `${tenantBase(tenant)}/incidents/${enc(String(id))}`;

export const api = {
  async login(input: { username: string; password: string; tenant?: string }): Promise<LoginResult> {
    const result = await request<LoginResult>('POST', '/api/v1/auth/login', { ...input, session: 'cookie' }, { login: true });
    if (typeof result.csrfToken !== 'string') throw new ApiError(500, 'no_csrf', 'The server did not start a console session.');
    csrfToken = result.csrfToken;
    sessionStorage.setItem(CSRF_KEY, result.csrfToken);
    return result;
  },

  async logout(): Promise<void> {
    try {
      await request<unknown>('POST', '/api/v1/auth/logout', undefined, { login: true });
    } finally {
      forgetSession();
    }
  },

  me: (): Promise<Me> => request<Me>('GET', '/api/v1/me'),

  tenants: async (): Promise<Tenant[]> => (await request<{ items: Tenant[] }>('GET', '/api/v1/tenants')).items,

  searchAll: (body: SearchRequest): Promise<FanoutSearchResult> => request<FanoutSearchResult>('POST', '/api/v1/incidents/search', body),

  searchTenant: (tenant: string, body: Omit<SearchRequest, 'total'>): Promise<TenantSearchResult> =>
    request<TenantSearchResult>('POST', `${tenantBase(tenant)}/incidents/search`, body),

  /** Counts by tenant × status × severity, per day and by type: every tenant this user may see. */
  stats: (): Promise<IncidentStats> => request<IncidentStats>('GET', '/api/v1/incidents/stats'),

  /** One action on incidents of several tenants; each incident succeeds or fails apart. */
  bulk: (body: BulkRequest): Promise<BulkResponse> => request<BulkResponse>('POST', '/api/v1/incidents/bulk', body),

  incident: (tenant: string, id: number): Promise<Incident> => request<Incident>('GET', incidentBase(tenant, id)),

  entries: (tenant: string, id: number, after?: number): Promise<EntriesPage> =>
    request<EntriesPage>('GET', `${incidentBase(tenant, id)}/entries?limit=200${after === undefined ? '' : `&after=${after}`}`),

  runCommand: (tenant: string, id: number, command: string): Promise<{ entries: WarRoomEntry[] }> =>
    request<{ entries: WarRoomEntry[] }>('POST', `${incidentBase(tenant, id)}/war-room/command`, { command }),

  commands: async (tenant: string): Promise<WarRoomCommandInfo[]> =>
    (await request<{ commands: WarRoomCommandInfo[] }>('GET', `${tenantBase(tenant)}/war-room/commands`)).commands,

  workplan: (tenant: string, id: number): Promise<WorkPlan> => request<WorkPlan>('GET', `${incidentBase(tenant, id)}/workplan`),

  completeTask: (tenant: string, id: number, taskId: string, answer: TaskAnswer): Promise<WorkPlan> =>
    request<WorkPlan>('POST', `${incidentBase(tenant, id)}/workplan/tasks/${enc(taskId)}/complete`, answer),

  retryTask: (tenant: string, id: number, taskId: string): Promise<WorkPlan> =>
    request<WorkPlan>('POST', `${incidentBase(tenant, id)}/workplan/tasks/${enc(taskId)}/retry`, {}),

  runPlaybook: (tenant: string, id: number, playbookId: string): Promise<unknown> =>
    request<unknown>('POST', `${incidentBase(tenant, id)}/playbook/run`, { playbookId }),

  stopPlaybook: (tenant: string, id: number): Promise<unknown> => request<unknown>('POST', `${incidentBase(tenant, id)}/playbook/stop`),

  context: async (tenant: string, id: number): Promise<unknown> =>
    (await request<{ context: unknown }>('GET', `${incidentBase(tenant, id)}/context`)).context,
};
