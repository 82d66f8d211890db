import { AppError, type ErrorBody } from '../core/errors.js';
import { ASSERTION_HEADER } from '../net/assertion-verify.js';
import type { TenantProxy } from './proxy.js';

export interface FanoutRequest {
  tenant: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Main's identity assertion for this tenant, passed on untouched. */
  assertion?: string;
}

export interface FanoutResult {
  tenant: string;
  status: number;
  body: unknown;
}

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Runs one request against each of several tenants of this host in parallel, each under
 * the same deadline, so main pays one round trip per host rather than one per tenant.
 * Each answer is parsed here: a tenant can only ever speak for itself in the envelope.
 */
export async function fanout(
  requests: FanoutRequest[],
  timeoutMs: number,
  o: { proxy: TenantProxy; socketFor: (id: string) => string; requestId: string },
): Promise<FanoutResult[]> {
  const one = async (r: FanoutRequest): Promise<FanoutResult> => {
    const socket = o.socketFor(r.tenant);
    const payload = r.body === undefined ? null : Buffer.from(JSON.stringify(r.body));
    const res = await o.proxy
      .forward(r.tenant, socket, {
        method: r.method,
        path: r.path,
        headers: {
          'x-request-id': o.requestId,
          [ASSERTION_HEADER]: r.assertion,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
        body: payload,
        timeoutMs,
      })
      .catch((err: unknown) => {
        throw err instanceof AppError ? err : new AppError('tenant_unavailable', `tenant ${r.tenant} did not answer`);
      });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) throw new AppError('bad_gateway', `tenant ${r.tenant} answered too much`);
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new AppError('bad_gateway', `tenant ${r.tenant} answered something that is not JSON`);
    }
    return { tenant: r.tenant, status: res.status, body };
  };

  return Promise.all(
    requests.map(async (r) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('timeout', `tenant ${r.tenant} did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([one(r), deadline]);
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('bad_gateway', `tenant ${r.tenant} failed`);
        return { tenant: r.tenant, status: e.status, body: e.toBody() satisfies ErrorBody };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
