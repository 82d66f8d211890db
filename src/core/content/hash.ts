/**
 * A content item's identity for change detection and propagation: sha256 over canonical JSON.
 * Canonical JSON sorts object keys recursively (by UTF-16 code units, as `Array.sort` does),
 * keeps list order and has no whitespace, so re-ordered keys or another YAML layout of the
 * same data give the same hash and any change of a value gives another.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return parts.join('');
}

/** Lower-case hex sha256 of `canonicalJson(doc)`. */
export function contentHash(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc), 'utf8').digest('hex');
}

function write(value: unknown, out: string[], ancestors: Set<object>): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'number') {
    // Parsed content never holds NaN or ±Infinity (reading refuses them); should one appear,
    // it gets its own token instead of colliding with null as JSON.stringify would.
    out.push(Number.isFinite(value) ? JSON.stringify(value) : String(value));
  } else if (typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'object') {
    if (ancestors.has(value)) throw new TypeError('canonicalJson: circular value');
    ancestors.add(value);
    if (Array.isArray(value)) {
      out.push('[');
      value.forEach((item, i) => {
        if (i > 0) out.push(',');
        write(item, out, ancestors);
      });
      out.push(']');
    } else {
      const record = value as Record<string, unknown>;
      // Like JSON: keys whose value is undefined are absent.
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      out.push('{');
      keys.forEach((key, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(key), ':');
        write(record[key], out, ancestors);
      });
      out.push('}');
    }
    ancestors.delete(value);
  } else {
    throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}
