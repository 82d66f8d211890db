import type { TLSSocket } from 'node:tls';
import { AppError } from '../../core/errors.js';
import { fingerprint } from '../../net/pki.js';
import { verifiedPeerRole } from '../../net/mtls.js';
import { accessOf, type RouteModule } from './context.js';
import { tenantIdParams } from './schemas.js';
import type { TenantLiveStatus } from '../services/hosts.js';

const hostStatus = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'status'],
  properties: { id: { type: 'string', maxLength: 40 }, status: { type: 'string', maxLength: 20 } },
} as const;

/** Login, host enrollment and host heartbeats. */
export const authAndHostRoutes: RouteModule = (app, s) => {
  app.post<{ Body: { username: string; password: string; tenant?: string; session?: 'bearer' | 'cookie' } }>(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        summary: 'Log in: a bearer token, or (session "cookie", for the console) an HttpOnly cookie and a CSRF token; customer users name their tenant',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1000 },
            tenant: tenantIdParams.properties.id,
            session: { type: 'string', enum: ['bearer', 'cookie'], default: 'bearer' },
          },
        },
      },
    },
    async (req, reply) => {
      const { cookie, ...result } = await s.auth.login(req.body, req.ip);
      if (cookie) void reply.header('set-cookie', cookie);
      return result;
    },
  );

  app.post('/api/v1/auth/logout', { schema: { summary: 'End this session: its token or cookie stops working at once' } }, async (req, reply) => {
    const cleared = await s.auth.logout({ authorization: req.headers.authorization, cookie: req.headers.cookie, method: req.method });
    return reply.status(204).header('set-cookie', cleared).send();
  });

  app.get('/api/v1/hosts', { schema: { summary: 'List hosts' } }, async (req) => {
    accessOf(req).requireMain('hosts', 'read');
    return { items: await s.hosts.list() };
  });

  app.get(
    '/api/v1/ca.pem',
    { config: { public: true }, schema: { summary: "Main's CA certificate (public); a new host checks it against its enrollment token" } },
    async (_req, reply) => reply.type('application/x-pem-file').send(s.hosts.caCertificate()),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/hosts/:id',
    { schema: { summary: 'One host', params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } } },
    async (req) => {
      accessOf(req).requireMain('hosts', 'read');
      return s.hosts.get(req.params.id);
    },
  );

  app.post<{ Body: { name: string; ttlMinutes?: number } }>(
    '/api/v1/hosts/enrollments',
    {
      schema: {
        summary: 'Issue a one-time token a new host enrolls with',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$' },
            ttlMinutes: { type: 'integer', minimum: 1, maximum: 10080, default: 60 },
          },
        },
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('hosts', 'admin');
      return reply.status(201).send(await s.hosts.createEnrollment(req.body.name, req.body.ttlMinutes ?? 60));
    },
  );

  app.post<{ Body: { token: string; csr: string; address: string } }>(
    '/api/v1/hosts',
    {
      config: { public: true },
      schema: {
        summary: 'Enroll a host: trade a one-time token and a CSR for a certificate signed by main',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'csr', 'address'],
          properties: { token: { type: 'string', maxLength: 200 }, csr: { type: 'string', maxLength: 20_000 }, address: { type: 'string', maxLength: 253 } },
        },
      },
    },
    async (req, reply) => reply.status(201).send(await s.hosts.enroll(req.body.token, req.body.csr, req.body.address)),
  );

  app.post<{ Body: { url: string; version: string; tenants: TenantLiveStatus[] } }>(
    '/api/v1/hosts/heartbeat',
    {
      config: { public: true },
      schema: {
        summary: 'Host heartbeat over mutual TLS; answers the tenants the host should run',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'version', 'tenants'],
          properties: { url: { type: 'string', maxLength: 300 }, version: { type: 'string', maxLength: 40 }, tenants: { type: 'array', maxItems: 10_000, items: hostStatus } },
        },
      },
    },
    async (req) => {
      const socket = req.raw.socket as TLSSocket;
      if (verifiedPeerRole(socket, ['host']) === null) throw new AppError('forbidden', 'a host certificate signed by main is required');
      const der = socket.getPeerCertificate().raw;
      const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
      return s.hosts.heartbeat(fingerprint(pem), req.body);
    },
  );
};
