import { errors, request, type Agent, type Dispatcher } from 'undici';
import { AppError, isErrorBody } from '../core/errors.js';
import { ASSERTION_HEADER } from '../net/assertion-verify.js';
import { mtlsAgent } from '../net/mtls.js';
import type { HostRow } from '../store/main-repos.js';

export interface HostTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface Relayed {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
  /** The tenant's audit trail head after this request, for main's own record to witness. */
  auditHead?: string;
}

export const AUDIT_HEAD_HEADER = 'x-palisade-audit-head';

/**
 * Main's side of the main→host link: one keep-alive mTLS agent per host, pinned to the
 * certificate that host enrolled with, so another host (same CA) cannot stand in for it.
 */
export class HostClient {
  private readonly agents = new Map<string, { fp: string; agent: Agent }>();
  constructor(private readonly tls: HostTls) {}

  private agent(host: HostRow): Agent {
    const known = this.agents.get(host.id);
    if (known && known.fp === host.certFingerprint) return known.agent;
    if (known) void known.agent.close();
    const agent = mtlsAgent({ ...this.tls, pinFingerprint: host.certFingerprint, connections: 64 });
    this.agents.set(host.id, { fp: host.certFingerprint, agent });
    return agent;
  }

  private send(host: HostRow, method: string, path: string, body: string | Buffer | null, headers: Record<string, string>, timeoutMs: number) {
    if (!host.url) throw new AppError('host_unavailable', `host ${host.name} has not reported its address yet`);
    return request(`${host.url}${path}`, {
      method: method as 'GET',
      headers,
      body,
      dispatcher: this.agent(host),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      const timedOut = err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || (err instanceof Error && err.name === 'TimeoutError');
      throw timedOut
        ? new AppError('timeout', `host ${host.name} did not answer within ${timeoutMs} ms`)
        : new AppError('host_unavailable', `host ${host.name} is unreachable`);
    });
  }

  /** A call to the host's own API; a host error is passed on with its code. */
  async call<T>(host: HostRow, method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const payload = body === undefined ? null : JSON.stringify(body);
    const res = await this.send(host, method, path, payload, payload ? { 'content-type': 'application/json' } : {}, timeoutMs);
    if (res.statusCode === 204) {
      await res.body.dump();
      return undefined as T;
    }
    const data: unknown = await res.body.json().catch(() => null);
    if (res.statusCode >= 400) {
      if (isErrorBody(data) && data.error.code in ERROR_PASS) throw new AppError(data.error.code as keyof typeof ERROR_PASS, data.error.message);
      throw new AppError('bad_gateway', `host ${host.name} answered ${res.statusCode}`);
    }
    return data as T;
  }

  /** Relays a tenant request through its host; the body streams both ways unparsed. */
  async relay(
    host: HostRow,
    tenantId: string,
    r: { method: string; path: string; body: Buffer | null; requestId: string; timeoutMs: number; assertion: string },
  ): Promise<Relayed> {
    const headers: Record<string, string> = { 'x-request-id': r.requestId, [ASSERTION_HEADER]: r.assertion };
    if (r.body) headers['content-type'] = 'application/json';
    const res = await this.send(host, r.method, `/tenants/${tenantId}${r.path}`, r.body, headers, r.timeoutMs);
    const ct = res.headers['content-type'];
    const head = res.headers[AUDIT_HEAD_HEADER];
    return { status: res.statusCode, headers: typeof ct === 'string' ? { 'content-type': ct } : {}, body: res.body, ...(typeof head === 'string' ? { auditHead: head } : {}) };
  }

  /**
   * Several tenant requests of one host in one call; the host applies `timeoutMs` to each
   * tenant, so one slow tenant cannot hold the others' answers back.
   */
  async fanout(
    host: HostRow,
    requests: { tenant: string; method: 'GET' | 'POST'; path: string; body?: unknown; assertion: string }[],
    timeoutMs: number,
    requestId: string,
  ): Promise<{ tenant: string; status: number; body: unknown }[]> {
    const payload = JSON.stringify({ requests, timeoutMs });
    // The host answers by the deadline; the margin covers the transfer, not a slow tenant.
    const res = await this.send(host, 'POST', '/host/v1/fanout', payload, { 'content-type': 'application/json', 'x-request-id': requestId }, timeoutMs + 2000);
    const data: unknown = await res.body.json().catch(() => null);
    if (res.statusCode >= 400 || typeof data !== 'object' || data === null || !Array.isArray((data as { results?: unknown }).results)) {
      throw new AppError('bad_gateway', `host ${host.name} answered ${res.statusCode}`);
    }
    return (data as { results: { tenant: string; status: number; body: unknown }[] }).results;
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.agent.close()));
    this.agents.clear();
  }
}

/** Error codes a host or tenant may answer that main passes on unchanged. */
const ERROR_PASS = {
  invalid_request: 1, invalid_query: 1, invalid_cursor: 1, invalid_json: 1, not_found: 1, conflict: 1,
  tenant_paused: 1, tenant_unavailable: 1, payload_too_large: 1, timeout: 1,
} as const;
