import { Agent, request } from 'undici';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** A small client of main's public API, trusting main's CA only. Used by the demo, tests and benchmarks. */
export class ApiClient {
  readonly agent: Agent;
  token: string | undefined;

  constructor(
    readonly url: string,
    caPem: string,
    opts: { connections?: number } = {},
  ) {
    this.agent = new Agent({ connect: { ca: caPem }, connections: opts.connections ?? 64 });
  }

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    const res = await request(`${this.url}${path}`, {
      method: method as 'GET',
      dispatcher: this.agent,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? null : raw ? (body) : JSON.stringify(body),
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Non-JSON bodies are returned as text.
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }

  /** Like `call`, but throws unless the status is 2xx. */
  /** A GET whose answer is bytes (an export): the status, headers and body as received. */
  async bytes(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const res = await request(`${this.url}${path}`, {
      method: 'GET',
      dispatcher: this.agent,
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  }

  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  }

  /** Logs in for a bearer token; a customer user names their tenant. */
  async login(username: string, password: string, tenant?: string): Promise<void> {
    const r = await this.ok<{ token: string }>('POST', '/api/v1/auth/login', { username, password, ...(tenant ? { tenant } : {}) });
    this.token = r.token;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
