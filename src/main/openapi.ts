import type { FastifyInstance, RouteOptions } from 'fastify';
import { VERSION } from '../net/version.js';

type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK', '201': 'Created', '204': 'No content', '400': 'Invalid request', '401': 'Not authenticated',
  '403': 'Forbidden', '404': 'Not found', '409': 'Conflict (e.g. tenant paused)', '413': 'Body too large',
  '503': 'Tenant or host unavailable',
};

/**
 * Builds the OpenAPI 3.1 document from the routes as registered, so the document and the
 * validation that runs on every request come from the same schemas.
 */
export function collectOpenApi(app: FastifyInstance): () => Record<string, unknown> {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.method !== 'HEAD') routes.push(route);
  });
  return () => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of routes) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const schema = (r.schema ?? {}) as { summary?: string; body?: Schema; params?: Schema; querystring?: Schema };
      const parameters = [
        ...Object.entries(schema.params?.properties ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: s })),
        ...Object.entries(schema.querystring?.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.querystring?.required?.includes(name) ?? false, schema: s })),
      ];
      const isPublic = (r.config)?.public === true;
      const codes = ['200', '400', ...(isPublic ? [] : ['401']), '404'];
      const op: Record<string, unknown> = {
        summary: schema.summary ?? '',
        ...(parameters.length ? { parameters } : {}),
        ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
        responses: Object.fromEntries(
          codes.map((c) => [c, c === '200' ? { description: STATUS_TEXT[c] } : { description: STATUS_TEXT[c], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
        ),
        ...(isPublic ? { security: [] } : {}),
      };
      for (const m of [r.method].flat()) (paths[path] ??= {})[m.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Palisade API', version: VERSION, description: 'Multi-tenant SOAR: main account API. Tenant data is relayed from the tenants, never stored on main.' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
      security: [{ bearer: [] }],
      paths,
    };
  };
}
