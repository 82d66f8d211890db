import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError, describeSchemaErrors, type SchemaError } from '../../core/errors.js';
import { allows } from '../../core/rbac.js';
import { ASSERTION_HEADER, type AssertionVerifier, type Asserted } from '../../net/assertion-verify.js';
import { noQuery, type Reply, type Route, type Router } from './router.js';

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

interface Encoded {
  status: number;
  payload: string;
  type: string;
  /** The audit trail's head after this request's record, for main to witness. */
  auditHead?: string;
}

export const AUDIT_HEAD_HEADER = 'x-palisade-audit-head';

function encode(status: number, reply: Reply): Encoded {
  if (reply.contentType !== undefined) return { status, payload: typeof reply.body === 'string' ? reply.body : '', type: reply.contentType };
  return { status, payload: reply.body === undefined ? '' : JSON.stringify(reply.body), type: 'application/json; charset=utf-8' };
}

function send(res: ServerResponse, out: Encoded, id: string): void {
  res.writeHead(out.status, {
    'x-request-id': id,
    ...(out.auditHead ? { [AUDIT_HEAD_HEADER]: out.auditHead } : {}),
    ...(out.payload ? { 'content-type': out.type, 'content-length': Buffer.byteLength(out.payload) } : {}),
  });
  res.end(out.payload);
}

/** How a request that matched a route ended: what the tenant's audit trail records. */
export interface RequestOutcome {
  method: string;
  /** The route as declared, e.g. `/api/v1/incidents/:incidentId`. */
  route: string;
  params: Record<string, string>;
  /** Null when the route is public or the assertion was missing or refused. */
  caller: Asserted | null;
  status: number;
  target?: string;
  /** The route only reads (a search is a POST, yet changes nothing): not audited. */
  readOnly: boolean;
}

export interface TenantHttpOptions {
  router: Router;
  logger: Logger;
  bodyLimit: number;
  verifier: AssertionVerifier;
  /** Checks one of the tenant's own API keys presented instead of an assertion. */
  apiKeys?: (key: string) => Promise<Asserted>;
  /**
   * Runs after the handler (or its failure) and before the answer is sent, so a client that
   * saw the answer finds its record. Its failure is logged: the change has happened already.
   */
  onOutcome?: (outcome: RequestOutcome) => Promise<string | undefined>;
}

/**
 * Serves `router` over HTTP/1.1: request ids, strict JSON bodies validated by each route's
 * schema, strict query parameters, every failure answered as `{error: {code, message}}`, one
 * log line per request.
 */
export function createTenantHttpServer(o: TenantHttpOptions): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const method = req.method ?? 'GET';
    let matched: { route: Route; params: Record<string, string> } | null = null;
    let caller: Asserted | null = null;
    let target: string | undefined;
    let out: Encoded = { status: 500, payload: '', type: '' };
    try {
      try {
        matched = o.router.match(method, path);
        const { route, params } = matched;
        // Who is calling is settled before the body is even read.
        if (route.need !== 'public') {
          const header = req.headers[ASSERTION_HEADER];
          // Main's signed assertion, or one of this tenant's own API keys, which it checks itself.
          caller = typeof header === 'string' && header.startsWith('pak_') && o.apiKeys
            ? await o.apiKeys(header)
            : o.verifier.verify(typeof header === 'string' ? header : undefined);
          const [resource, action] = route.need;
          if (!allows(caller.permissions, resource, action)) throw new AppError('forbidden', `${action} on ${resource} is not permitted`);
        }
        const query = (route.query ?? noQuery)(new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1)));
        let body: unknown;
        if (route.body) {
          body = await parseBody(req, o.bodyLimit);
          if (!route.body(body)) throw describeSchemaErrors((route.body.errors ?? []) as SchemaError[], 'body');
        }
        const reply = await route.handler({ id, params, query, body, caller });
        target = reply.target;
        out = encode(reply.status ?? 200, reply);
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('internal', 'internal error');
        if (!(err instanceof AppError)) o.logger.error({ reqId: id, err }, 'request failed');
        out = encode(e.status, { body: e.toBody() });
      }
      if (matched && o.onOutcome) {
        const need = matched.route.need;
        const outcome = {
          method, route: matched.route.path, params: matched.params, caller, status: out.status,
          readOnly: need !== 'public' && need[1] === 'read',
          ...(target !== undefined ? { target } : {}),
        };
        const head = await o.onOutcome(outcome).catch((err: unknown) => {
          o.logger.error({ reqId: id, err }, 'audit record not written');
          return undefined;
        });
        if (head) out.auditHead = head;
      }
      send(res, out, id);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      o.logger.info({ reqId: id, method: req.method, url: req.url, status: out.status, ms: Math.round(ms) }, 'request');
    }
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void handle(req, res));
  server.on('clientError', (_err, socket) => socket.destroy());
  return server;
}
