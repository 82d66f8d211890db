import type { ValidateFunction } from 'ajv';
import { AppError } from '../../core/errors.js';
import type { Action, Resource } from '../../core/rbac.js';
import type { Asserted } from '../../net/assertion-verify.js';

/** What a handler receives: decoded path parameters, the parsed query and the validated body. */
export interface TenantRequest {
  id: string;
  params: Record<string, string>;
  /** What the route's query parser returned (undefined on routes that take no query). */
  query: unknown;
  body: unknown;
  /** Who main says is calling (absent on public routes). */
  caller: Asserted | null;
}

/** What a route needs: a permission checked against main's assertion, or nothing (`public`). */
export type Need = readonly [Resource, Action] | 'public';

/** Checks a query strictly and returns it typed; throws a 400 AppError naming the bad parameter. */
export type QueryParser = (query: URLSearchParams) => unknown;

export interface RouteOptions {
  need: Need;
  body?: ValidateFunction;
  /** Routes without one refuse any query parameter. */
  query?: QueryParser;
}

export interface Reply {
  status?: number;
  /** JSON, or with `contentType` the text to send as is. */
  body?: unknown;
  contentType?: string;
  /** What the request acted on, for the audit trail, when the path does not say (a created id). */
  target?: string;
}

export type Handler = (req: TenantRequest) => Promise<Reply>;

export interface Route {
  method: string;
  /** The path as declared (`/api/v1/incidents/:incidentId`): the audit trail's action. */
  path: string;
  pattern: RegExp;
  keys: string[];
  need: Need;
  body: ValidateFunction | null;
  query: QueryParser | null;
  handler: Handler;
}

/**
 * The tenant's router: a handful of fixed routes, each with its precompiled body validator.
 * A tenant serves only its host over a private socket, so it needs no framework; this keeps
 * its start-up and memory small (a host runs hundreds of tenants).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, opts: RouteOptions, handler: Handler): this {
    const keys: string[] = [];
    const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z]+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ method, path, pattern: new RegExp(`^${source}$`), keys, need: opts.need, body: opts.body ?? null, query: opts.query ?? null, handler });
    return this;
  }

  /** Every route as `METHOD /path`, in the order added: what the tenant serves. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.path}`);
  }

  /** The route for `method` and `path`, or a 404/405 AppError. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    if (pathMatched) throw new AppError('method_not_allowed', `${method} is not allowed on ${path}`);
    throw new AppError('not_found', `no route ${method} ${path}`);
  }
}

/** A positive integer id from a path segment, or a 400 naming the parameter. */
export function intParam(params: Record<string, string>, name: string): number {
  const raw = params[name] ?? '';
  if (!/^[1-9][0-9]{0,14}$/.test(raw)) throw new AppError('invalid_request', `params.${name} must be a positive integer`);
  return Number(raw);
}

/** The query of a request for a route that takes none: any parameter is refused. */
export function noQuery(query: URLSearchParams): undefined {
  for (const name of query.keys()) throw new AppError('invalid_request', `querystring has unknown field "${name.slice(0, 80)}"`);
  return undefined;
}
