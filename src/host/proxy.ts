import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import { ASSERTION_HEADER } from '../net/assertion-verify.js';

/** Headers a tenant's answer may carry back; hop-by-hop ones stay on their own hop. */
const PASSED_BACK = new Set(['content-type', 'content-length', 'x-request-id', 'x-palisade-audit-head']);

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

/**
 * Keep-alive connection pools to tenants' Unix sockets, one per tenant. Bodies stream
 * through untouched: the host never parses or keeps tenant data.
 */
export class TenantProxy {
  private readonly pools = new Map<string, { socket: string; pool: Pool }>();

  private pool(id: string, socket: string): Pool {
    const known = this.pools.get(id);
    if (known && known.socket === socket) return known.pool;
    if (known) void known.pool.close();
    const pool = new Pool('http://tenant', { socketPath: socket, connections: 16, pipelining: 1, keepAliveTimeout: 30_000 });
    this.pools.set(id, { socket, pool });
    return pool;
  }

  async forward(
    id: string,
    socket: string,
    req: { method: string; path: string; headers: Record<string, string | undefined>; body: Readable | Buffer | null; timeoutMs?: number },
  ): Promise<ProxiedResponse> {
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-length', 'x-request-id', ASSERTION_HEADER]) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    const res = await this.pool(id, socket).request({
      method: req.method,
      path: req.path,
      headers,
      body: req.body,
      headersTimeout: req.timeoutMs ?? 120_000,
      bodyTimeout: req.timeoutMs ?? 120_000,
      ...(req.timeoutMs ? { signal: AbortSignal.timeout(req.timeoutMs) } : {}),
    });
    const back: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (PASSED_BACK.has(k) && typeof v === 'string') back[k] = v;
    }
    return { status: res.statusCode, headers: back, body: res.body };
  }

  async drop(id: string): Promise<void> {
    const known = this.pools.get(id);
    this.pools.delete(id);
    if (known) await known.pool.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.pools.keys()].map((id) => this.drop(id)));
  }
}
