/**
 * Reading built-in arguments as XSOAR scripts do (`argToList`, `argToBoolean`, numbers that
 * arrive as text), and answering bad input with an error entry instead of an exception.
 */
import { toText } from '../../../core/playbook/dt/index.js';
import { errorEntry } from '../../../core/playbook/entries.js';
import type { BuiltinResult } from './types.js';

/** A refused argument: the built-in returns it as its error entry. */
export class ArgError extends Error {}

export function text(args: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function required(args: Readonly<Record<string, unknown>>, name: string): string {
  const v = text(args, name);
  if (v === undefined || v.trim() === '') throw new ArgError(`argument "${name}" is required`);
  return v;
}

/** `a,b`, `["a","b"]` or a list → items as text, blanks dropped. */
export function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => list(v));
  if (typeof value === 'object') return [JSON.stringify(value)];
  const s = toText(value).trim();
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed = JSON.parse(s) as unknown;
      if (Array.isArray(parsed)) return list(parsed);
    } catch {
      // not JSON: a comma-separated list that happens to start with '['
    }
  }
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

export function bool(args: Readonly<Record<string, unknown>>, name: string, fallback: boolean): boolean {
  const v = args[name];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  const s = toText(v).trim().toLowerCase();
  if (['true', 'yes', '1'].includes(s)) return true;
  if (['false', 'no', '0'].includes(s)) return false;
  throw new ArgError(`argument "${name}" must be true or false, not ${JSON.stringify(toText(v).slice(0, 40))}`);
}

export function number(args: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const v = args[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(toText(v).trim());
  if (!Number.isFinite(n)) throw new ArgError(`argument "${name}" must be a number, not ${JSON.stringify(toText(v).slice(0, 40))}`);
  return n;
}

/** Runs a built-in body, turning an `ArgError` into the error entry XSOAR would show. */
export async function guarded(name: string, body: () => BuiltinResult | Promise<BuiltinResult>): Promise<BuiltinResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ArgError) return { entries: [errorEntry(`${name}: ${error.message}`)] };
    if (error instanceof Error && 'status' in error) return { entries: [errorEntry(`${name}: ${error.message}`)] };
    throw error;
  }
}

export function note(contents: unknown, human?: string): BuiltinResult['entries'] {
  return [{ Type: 1, ContentsFormat: typeof contents === 'string' ? 'text' : 'json', Contents: contents, ...(human === undefined ? {} : { HumanReadable: human }) }];
}
