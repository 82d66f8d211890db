import { AppError } from '../../core/errors.js';
import { parseHead, type AuditQuery } from '../../store/audit-repo.js';

export type TenantAuditQuery = Omit<AuditQuery, 'tenant'> & { format: 'json' | 'jsonl' };

const bad = (name: string, rule: string): AppError => new AppError('invalid_request', `querystring.${name} ${rule}`);

const text = (name: string, v: string): string => {
  if (v.length > 200) throw bad(name, 'must NOT have more than 200 characters');
  return v;
};

const date = (name: string, v: string): string => {
  if (Number.isNaN(Date.parse(v))) throw bad(name, 'must match format "date-time"');
  return v;
};

const integer = (name: string, v: string, min: number, max: number): number => {
  const n = /^[0-9]{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw bad(name, `must be an integer from ${min} to ${max}`);
  return n;
};

/**
 * The query of `GET /api/v1/audit`, checked as strictly as main's schema checks it (main
 * validates first; this keeps a tenant safe from any other caller of its socket): an unknown
 * or repeated parameter, or a bad value, is a 400 naming it.
 */
export function parseAuditQuery(params: URLSearchParams): TenantAuditQuery {
  const q: TenantAuditQuery = { limit: 100, format: 'json' };
  const seen = new Set<string>();
  for (const [name, v] of params) {
    if (seen.has(name)) throw new AppError('invalid_request', `querystring.${name.slice(0, 80)} is given more than once`);
    seen.add(name);
    switch (name) {
      case 'actor':
      case 'action':
        q[name] = text(name, v);
        break;
      case 'since':
      case 'until':
        q[name] = date(name, v);
        break;
      case 'cursor':
        q.cursor = integer(name, v, 1, Number.MAX_SAFE_INTEGER);
        break;
      case 'limit':
        q.limit = integer(name, v, 1, 1000);
        break;
      case 'format':
        if (v !== 'json' && v !== 'jsonl') throw bad(name, 'must be json or jsonl');
        q.format = v;
        break;
      default:
        throw new AppError('invalid_request', `querystring has unknown field "${name.slice(0, 80)}"`);
    }
  }
  return q;
}

/** `?witness=<seq>.<hash>`: this trail's head as main last saw it (optional). */
export function parseWitnessQuery(params: URLSearchParams): { witness?: string } {
  const out: { witness?: string } = {};
  for (const [name, v] of params) {
    if (name !== 'witness') throw new AppError('invalid_request', `querystring has unknown field "${name.slice(0, 80)}"`);
    if (out.witness !== undefined) throw new AppError('invalid_request', 'querystring.witness is given more than once');
    if (!parseHead(v)) throw bad(name, 'must be <seq>.<sha-256 hex>');
    out.witness = v;
  }
  return out;
}
