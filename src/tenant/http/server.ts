import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError, describeSchemaErrors, type SchemaError } from '../../core/errors.js';
import { allows } from '../../core/rbac.js';
import { ASSERTION_HEADER, type AssertionVerifier, type Asserted } from '../../net/assertion-verify.js';
import type { Router } from './router.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new AppError('payload_too_large', 'request body is larger than the configured limit'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Drain the rest without keeping it, so the 413 can still be answered.
        req.removeAllListeners('data');
        req.resume();
        reject(new AppError('payload_too_large', 'request body is larger than the configured limit'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

async function parseBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'content-type must be application/json');
  const raw = await readBody(req, limit);
  if (raw.length === 0) throw new AppError('invalid_json', 'request body is empty but content-type is application/json');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new AppError('invalid_json', 'request body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown, id: string): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'x-request-id': id,
    ...(payload ? { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) } : {}),
  });
  res.end(payload);
}

/**
 * Serves `router` over HTTP/1.1: request ids, strict JSON bodies validated by each route's
 * schema, every failure answered as `{error: {code, message}}`, one log line per request.
 */
export function createTenantHttpServer(o: { router: Router; logger: Logger; bodyLimit: number; verifier: AssertionVerifier }): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let status = 500;
    try {
      const { route, params } = o.router.match(req.method ?? 'GET', path);
      // Who is calling is settled before the body is even read.
      let caller: Asserted | null = null;
      if (route.need !== 'public') {
        const header = req.headers[ASSERTION_HEADER];
        caller = o.verifier.verify(typeof header === 'string' ? header : undefined);
        const [resource, action] = route.need;
        if (!allows(caller.permissions, resource, action)) throw new AppError('forbidden', `${action} on ${resource} is not permitted`);
      }
      let body: unknown;
      if (route.body) {
        body = await parseBody(req, o.bodyLimit);
        if (!route.body(body)) throw describeSchemaErrors((route.body.errors ?? []) as SchemaError[], 'body');
      }
      const reply = await route.handler({ id, params, body, caller });
      status = reply.status ?? 200;
      send(res, status, reply.body, id);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', 'internal error');
      if (!(err instanceof AppError)) o.logger.error({ reqId: id, err }, 'request failed');
      status = e.status;
      if (!res.headersSent) send(res, status, e.toBody(), id);
      else res.destroy();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      o.logger.info({ reqId: id, method: req.method, url: req.url, status, ms: Math.round(ms) }, 'request');
    }
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void handle(req, res));
  server.on('clientError', (_err, socket) => socket.destroy());
  return server;
}
