import { randomUUID } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AppError, describeSchemaErrors, type ErrorCode, type SchemaError } from '../core/errors.js';

/**
 * Every Palisade HTTP server (main, host, tenant) is built here so that they agree on
 * validation, error bodies and request ids. Bodies are validated strictly: unknown fields
 * and wrong types are refused, never coerced or silently dropped.
 */
export interface AppOptions {
  logger: Logger;
  bodyLimit?: number;
  https?: import('node:https').ServerOptions;
}

const strictAjv = new Ajv.default({ removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, strict: false });
// Path and query parameters arrive as text: those alone may be coerced to the schema's type.
const coercingAjv = new Ajv.default({ removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false });
for (const ajv of [strictAjv, coercingAjv]) ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));

/** Bodies strictly; path and query parameters with coercion. Every route's validator comes from here. */
export function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }): ValidateFunction {
  return (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024,
    // One line per request, written by our onResponse hook with the fields we want.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ...(opts.https ? { https: opts.https } : {}),
    // Errors the router raises before any route runs (bad URL encoding, over-long path
    // parameters) get our error body too.
    frameworkErrors: (error, _req, reply) => {
      const e = new AppError('invalid_request', error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'the URL is not valid');
      void (reply as unknown as FastifyReply).status(e.status).send(e.toBody());
    },
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(compileValidator);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setNotFoundHandler(async (req, reply) => {
    const err = new AppError('not_found', `no route ${req.method} ${req.url.split('?')[0] ?? ''}`);
    return reply.status(err.status).send(err.toBody());
  });

  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
    return reply.status(appError.status).send(appError.toBody());
  });
  return app;
}

/** Maps whatever was thrown to one of our error codes; unknown errors never leak details. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as Partial<FastifyError> & { validation?: SchemaError[] };
  if (e.validation && e.validation.length > 0) return describeSchemaErrors(e.validation, e.validationContext ?? 'request');
  const byCode: Record<string, [ErrorCode, string]> = {
    FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'request body is not valid JSON'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'request body is empty but content-type is application/json'],
    FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'request body is larger than the configured limit'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'content-type must be application/json'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'content-length does not match the body'],
  };
  const mapped = e.code ? byCode[e.code] : undefined;
  if (mapped) return new AppError(mapped[0], mapped[1]);
  if (error instanceof SyntaxError) return new AppError('invalid_json', 'request body is not valid JSON');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('invalid_request', e.message ?? 'invalid request');
  }
  return new AppError('internal', 'internal error');
}
