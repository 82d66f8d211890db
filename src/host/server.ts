import type { TLSSocket } from 'node:tls';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../core/errors.js';
import { ASSERTION_HEADER } from '../net/assertion-verify.js';
import { createApp } from '../net/http-app.js';
import { mtlsServerOptions, verifiedPeerRole } from '../net/mtls.js';
import { fanout, type FanoutRequest } from './fanout.js';
import type { TenantProxy } from './proxy.js';
import type { TenantManager } from './tenants.js';

export interface HostServerOptions {
  logger: Logger;
  tls: { caPem: string; certPem: string; keyPem: string };
  tenants: TenantManager;
  proxy: TenantProxy;
  info: () => Record<string, unknown>;
}

const tenantParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } },
} as const;

/**
 * The host's API, served to main alone over mutual TLS: tenant lifecycle under `/host/v1`,
 * and every tenant's own API under `/tenants/{id}/…`, relayed to its socket.
 */
export function buildHostServer(o: HostServerOptions): FastifyInstance {
  const app = createApp({ logger: o.logger, https: mtlsServerOptions(o.tls) });

  // TLS already refused peers without a certificate from main's CA; among those, only main may call.
  app.addHook('onRequest', async (req) => {
    if (verifiedPeerRole(req.raw.socket as TLSSocket, ['main']) === null) {
      throw new AppError('forbidden', 'only main may call a host');
    }
  });

  app.get('/host/v1/status', async () => ({ ...o.info(), tenants: await o.tenants.statuses() }));

  app.get<{ Params: { id: string } }>('/host/v1/tenants/:id', { schema: { params: tenantParams } }, async (req) => {
    const status = await o.tenants.status(req.params.id);
    if (!status) throw new AppError('not_found', `tenant ${req.params.id} is not on this host`);
    return status;
  });

  app.put<{ Params: { id: string }; Body: { paused?: boolean } }>(
    '/host/v1/tenants/:id',
    {
      schema: {
        params: tenantParams,
        body: { type: 'object', additionalProperties: false, properties: { paused: { type: 'boolean' } } },
      },
    },
    async (req) => {
      await o.tenants.ensure(req.params.id, req.body.paused ?? false);
      return o.tenants.status(req.params.id);
    },
  );

  app.delete<{ Params: { id: string } }>('/host/v1/tenants/:id', { schema: { params: tenantParams } }, async (req, reply) => {
    await o.proxy.drop(req.params.id);
    const removed = await o.tenants.remove(req.params.id);
    if (!removed) throw new AppError('not_found', `tenant ${req.params.id} is not on this host`);
    return reply.status(204).send();
  });

  app.post<{ Body: { requests: FanoutRequest[]; timeoutMs: number } }>(
    '/host/v1/fanout',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['requests', 'timeoutMs'],
          properties: {
            timeoutMs: { type: 'integer', minimum: 1, maximum: 120_000 },
            requests: {
              type: 'array',
              maxItems: 10_000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['tenant', 'method', 'path'],
                properties: {
                  tenant: tenantParams.properties.id,
                  method: { type: 'string', enum: ['GET', 'POST'] },
                  path: { type: 'string', pattern: '^/api/v1/[A-Za-z0-9/_-]*$', maxLength: 200 },
                  body: {},
                  assertion: { type: 'string', maxLength: 16_384 },
                },
              },
            },
          },
        },
      },
    },
    async (req) => ({
      results: await fanout(req.body.requests, req.body.timeoutMs, { proxy: o.proxy, socketFor: (id) => o.tenants.socketFor(id), requestId: req.id }),
    }),
  );

  void app.register(async (proxied) => {
    // Relayed bodies stay raw streams: the tenant parses and validates them itself.
    proxied.removeAllContentTypeParsers();
    proxied.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    proxied.all<{ Params: { id: string; '*': string } }>('/tenants/:id/*', async (req, reply) => {
      const id = req.params.id;
      const socket = o.tenants.socketFor(id);
      const path = req.url.slice(`/tenants/${id}`.length);
      const headers: Record<string, string | undefined> = {
        'content-type': req.headers['content-type'],
        'content-length': req.headers['content-length'],
        'x-request-id': req.id,
        [ASSERTION_HEADER]: typeof req.headers[ASSERTION_HEADER] === 'string' ? req.headers[ASSERTION_HEADER] : undefined,
      };
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.headers['content-length'] !== '0';
      const res = await o.proxy
        .forward(id, socket, { method: req.method, path, headers, body: hasBody ? (req.body as Readable) : null })
        .catch((err: unknown) => {
          req.log.warn({ tenant: id, err }, 'tenant did not answer');
          throw new AppError('tenant_unavailable', `tenant ${id} did not answer`);
        });
      return reply.status(res.status).headers(res.headers).send(res.body);
    });
  });
  return app;
}
