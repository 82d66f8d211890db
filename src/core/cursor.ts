import { createHash } from 'node:crypto';
import { AppError } from './errors.js';

/**
 * Opaque pagination cursors: base64url JSON that also carries a digest of the query and sort
 * it belongs to, so a cursor replayed with another query is refused instead of paging wrongly.
 */
export function encodeCursor(data: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    if (cursor.length > 2048) throw new Error('too long');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new AppError('invalid_cursor', 'cursor is not one this API issued');
  }
}

export function queryDigest(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}
