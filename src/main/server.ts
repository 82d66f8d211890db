import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createApp } from '../net/http-app.js';
import { authAndHostRoutes } from './routes/auth-hosts.js';
import type { MainServices } from './routes/context.js';
import { incidentRoutes } from './routes/incidents.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';
import { auditRoutes } from './routes/audit.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { roleRoutes } from './routes/roles.js';
import { tenantUserRoutes } from './routes/tenant-users.js';
import { directoryRoutes } from './routes/directory.js';
import { contentRoutes } from './routes/content.js';
import { contentSyncRoutes } from './routes/content-sync.js';
import { tenantContentRoutes } from './routes/tenant-content.js';
import { tenantPlaybookRoutes } from './routes/tenant-playbooks.js';
import { consoleRoutes } from './routes/console.js';
import { packRoutes } from './routes/packs.js';
import { collectOpenApi } from './openapi.js';

export interface MainServerOptions {
  logger: Logger;
  tls: { caPem: string; certPem: string; keyPem: string };
  bodyLimit?: number;
  services: MainServices;
}

/**
 * Main's HTTPS API. Clients use bearer tokens; hosts present their client certificate
 * (requested, not required, on the same port: browsers and API clients have none).
 */
export function buildMainServer(o: MainServerOptions): FastifyInstance {
  const app = createApp({
    logger: o.logger,
    bodyLimit: o.bodyLimit ?? 32 * 1024 * 1024,
    https: { ca: o.tls.caPem, cert: o.tls.certPem, key: o.tls.keyPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
  });
  const openapi = collectOpenApi(app);

  // Keep the bytes as received: validated here, then relayed to the tenant unchanged.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    void parseJson(req, (body as Buffer).toString('utf8'), done);
  });

  app.addHook('onRequest', async (req) => {
    // Tenant-scoped routes log the tenant id on every line, as the tenant's own logs do.
    const tenant = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof tenant === 'string' && req.routeOptions.url?.startsWith('/api/v1/tenants/:id')) req.log = req.log.child({ tenant });
    if (req.routeOptions.config.public === true || req.routeOptions.url === undefined) return;
    const csrf = req.headers['x-csrf-token'];
    req.caller = await o.services.auth.authenticate({
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      csrf: typeof csrf === 'string' ? csrf : undefined,
      method: req.method,
    });
    req.access = await o.services.access.context(req.caller);
  });

  // Every change and every login attempt is written to the audit trail before its answer
  // leaves (so a client that saw the answer finds the record): who, from where, what, on
  // which tenant, with which result. Never a request body.
  app.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (req.method === 'GET' || req.method === 'HEAD' || req.routeOptions.config.readOnly === true) return payload;
    if (!route?.startsWith('/api/v1/') || route === '/api/v1/hosts/heartbeat') return payload;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const attempted = route === '/api/v1/auth/login' ? (req.body as { username?: unknown } | undefined)?.username : undefined;
    const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 200) : '');
    await o.services.audit
      .append({
        at: Date.now(),
        actor: req.caller?.username ?? (str(attempted) || 'anonymous'),
        address: req.ip,
        action: `${req.method} ${route}`,
        tenant: route.startsWith('/api/v1/tenants/:id') ? str(params['id']) : '',
        target: str(params['incidentId']) || (route.startsWith('/api/v1/tenants/:id') ? '' : str(params['id'])),
        result: reply.statusCode,
        witness: req.auditWitness ?? '',
      })
      .catch((err: unknown) => req.log.error({ err }, 'audit record not written'));
    return payload;
  });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { summary: 'This document' } }, async () => openapi());
  app.get('/api/v1/health', { config: { public: true }, schema: { summary: 'Liveness' } }, async () => ({ ok: true }));
  authAndHostRoutes(app, o.services);
  tenantRoutes(app, o.services);
  incidentRoutes(app, o.services);
  userRoutes(app, o.services);
  auditRoutes(app, o.services);
  apiKeyRoutes(app, o.services);
  roleRoutes(app, o.services);
  tenantUserRoutes(app, o.services);
  directoryRoutes(app, o.services);
  contentRoutes(app, o.services);
  contentSyncRoutes(app, o.services);
  tenantContentRoutes(app, o.services);
  tenantPlaybookRoutes(app, o.services);
  packRoutes(app, o.services);
  consoleRoutes(app);
  return app;
}
