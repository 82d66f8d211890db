/**
 * Every error the API can answer with, in one place: a stable code, an HTTP status and a
 * message. Handlers throw `AppError`; the servers turn it into `{error: {code, message}}`.
 */
export const ERRORS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_query: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  tenant_paused: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unsupported_media_type: 415,
  internal: 500,
  bad_gateway: 502,
  tenant_unavailable: 503,
  host_unavailable: 503,
  directory_unavailable: 503,
  csrf_failed: 403,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  error: { code: string; message: string };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const err = (value as { error?: unknown }).error;
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}

/** One validator error as Ajv reports it. */
export interface SchemaError {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * The most useful of a validator's errors, as one sentence naming the field. With `oneOf`
 * (one incident or a batch) the branch that was not meant reports noise at the root, so the
 * deepest error wins, and a root type/oneOf error only when nothing better exists.
 */
export function describeSchemaErrors(errors: readonly SchemaError[], context: string): AppError {
  const rank = (e: SchemaError): number =>
    e.instancePath.split('/').length * 10 + (e.keyword === 'oneOf' ? 0 : e.keyword === 'type' && e.instancePath === '' ? 1 : 5);
  const best = [...errors].sort((a, b) => rank(b) - rank(a))[0];
  if (!best) return new AppError('invalid_request', `${context} is invalid`);
  const where = `${context}${best.instancePath.replace(/\//g, '.')}`;
  const extra = best.params?.['additionalProperty'];
  return new AppError('invalid_request', typeof extra === 'string' ? `${where} has unknown field "${extra}"` : `${where} ${best.message ?? 'is invalid'}`);
}
