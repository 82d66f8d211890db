import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Action, Resource } from '../../core/rbac.js';
import { accessOf, type MainServices } from './context.js';

const RELAY_TIMEOUT_MS = 120_000;

export interface RelayTarget {
  /** What the caller must hold on the tenant. */
  need: readonly [Resource, Action];
  /** The tenant's own path (main's `/tenants/{id}` prefix removed). */
  path: string;
  /**
   * Query parameters as main's schema validated them. The tenant gets them re-encoded from
   * these values, never the raw query string: it sees exactly what main checked.
   */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
}

function queryString(query: RelayTarget['query']): string {
  const pairs = Object.entries(query ?? {}).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]));
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}

/** Relays one validated request to the tenant that owns the data; main keeps none of it. */
export async function relay(s: MainServices, req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, t: RelayTarget): Promise<FastifyReply> {
  const { tenant, host } = await s.tenants.requireLive(req.params.id);
  const ctx = accessOf(req);
  ctx.require(tenant, ...t.need);
  if (tenant.state === 'paused') throw new AppError('tenant_paused', `tenant ${tenant.id} is paused`);
  const res = await s.client.relay(host, tenant.id, {
    method: req.method,
    path: `${t.path}${queryString(t.query)}`,
    body: req.rawBody ?? null,
    requestId: req.id,
    timeoutMs: RELAY_TIMEOUT_MS,
    assertion: await s.access.assertFor(ctx, tenant, req.ip),
  });
  // Main's own audit record of this request witnesses the tenant's: see server.ts.
  if (res.auditHead) req.auditWitness = res.auditHead;
  return reply.status(res.status).headers(res.headers).send(res.body);
}
