/**
 * The console's transport to main's API. The session is an HttpOnly cookie main sets at login
 * (scripts never see it); every change also sends the CSRF token the login returned, kept in
 * sessionStorage for this tab only. A 401 (or a CSRF refusal) anywhere ends the session in the
 * console: the registered handler brings back the login page.
 *
 * `http` is typed from main's OpenAPI document (`schema.d.ts`, generated from the routes'
 * schemas): a path, parameter or body the server does not accept is a compile error here.
 * Responses carry no schema in that document; each call names its response type.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { ApiErrorBody } from './types';

const CSRF_KEY = 'palisade.csrf';
const EXPIRES_KEY = 'palisade.expires';

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

/** Keeps the CSRF token and when main said the session ends (an absolute time, not idle). */
export function startSession(token: string, expiresAt: string): void {
  csrfToken = token;
  sessionStorage.setItem(CSRF_KEY, token);
  sessionStorage.setItem(EXPIRES_KEY, expiresAt);
}

/** Something unique to this tab's session (null without one): what was kept for one session is not shown in another. */
export function sessionMark(): string | null {
  return csrfToken;
}

/** When this tab's session ends, in ms since the epoch, if known. */
export function sessionExpiresAt(): number | null {
  const at = Date.parse(sessionStorage.getItem(EXPIRES_KEY) ?? '');
  return Number.isFinite(at) ? at : null;
}

export function forgetSession(): void {
  csrfToken = null;
  sessionStorage.removeItem(CSRF_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
}

/** Called when a request finds the session gone (expired, logged out elsewhere, revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const UNREACHABLE = 'Palisade could not be reached: check the connection and try again.';

/** The error for a refused response; a gone session also ends the console's session. */
function refusal(res: Response, body: unknown, login: boolean): ApiError {
  const code = isErrorBody(body) ? body.error.code : `http_${res.status}`;
  const message = isErrorBody(body) ? body.error.message : `The server answered ${res.status} ${res.statusText}`.trim();
  if ((res.status === 401 || code === 'csrf_failed') && !login) {
    forgetSession();
    onUnauthorized?.();
  }
  return new ApiError(res.status, code, message);
}

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (request.method !== 'GET' && csrfToken !== null) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** Typed calls: `http.GET('/api/v1/tenants/{id}', { params: { path: { id } } })`, then `unwrap`. */
export const http = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
http.use(session);

/** The answer of a typed call as `T`, or the API's refusal as an `ApiError`. */
export async function unwrap<T>(pending: Promise<{ data?: unknown; error?: unknown; response: Response }>, opts: { login?: boolean } = {}): Promise<T> {
  let r: { data?: unknown; error?: unknown; response: Response };
  try {
    r = await pending;
  } catch {
    throw new ApiError(0, 'network', UNREACHABLE);
  }
  if (!r.response.ok) throw refusal(r.response, r.error, opts.login === true);
  return r.data as T;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An untyped request, for what the OpenAPI document cannot describe: a binary body (a pack
 * archive, sent as it is with its own content type).
 */
export async function request<T>(method: Method, path: string, body?: unknown, opts: { login?: boolean; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const raw = body instanceof Blob || body instanceof ArrayBuffer;
  if (body !== undefined) headers['content-type'] = raw ? (opts.contentType ?? 'application/octet-stream') : 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    const payload = body === undefined ? null : raw ? body : JSON.stringify(body);
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: payload });
  } catch {
    throw new ApiError(0, 'network', UNREACHABLE);
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
  if (!res.ok) throw refusal(res, data, opts.login === true);
  return data as T;
}

/** A GET whose answer is a file (an item's XSOAR text, a pack's zip): its bytes and the name the server gives it. */
export async function download(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'GET', credentials: 'same-origin', headers: { accept: '*/*' } });
  } catch {
    throw new ApiError(0, 'network', UNREACHABLE);
  }
  if (!res.ok) throw refusal(res, await res.json().catch(() => null), false);
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), fileName };
}

export const enc = encodeURIComponent;
