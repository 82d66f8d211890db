/**
 * Native versions of XSOAR's most used CommonScripts (XSOAR-FORMATS §6): `Set`,
 * `SetAndHandleEmpty`, `DeleteContext`, `Print`, `PrintErrorEntry`, `Exists`, `isError`,
 * `AreValuesEqual`, `GetTime`, `CalculateTimeDifference`, `ToTable` and `Sleep`.
 *
 * Each follows the script in demisto/content (`Packs/CommonScripts/Scripts/<Name>/<Name>.js`,
 * with CommonServer.js helpers such as `argToList`, `tableToMarkdown`, `treeToFlattenObject`,
 * `isError`), including its JavaScript coercions. Where the script calls `setContext` or
 * `executeCommand('delContext')` the result carries a `set` / `delete` op; where it returns
 * `EntryContext` the result carries a `merge` op with that object and the entry itself carries
 * no `EntryContext`, so the engine applies each change once.
 *
 * Chosen differences from the scripts (all because Palisade has no server clock, time zone,
 * entry store or JS engine of its own here, or to refuse bad input instead of writing junk):
 * - A required argument that is absent, null or '' gives an error entry naming it (the XSOAR
 *   server refuses such a run too); so does a value of the wrong type. Nothing here throws.
 * - Flags compare with the script's exact text (`'true'`, `'yes'`) and also accept a boolean.
 * - Time: "local time" is UTC; dates are read by `parseJsDate` (ISO 8601 with no offset =
 *   UTC, the layouts goja's `Date` parses, Unix epochs) and unreadable dates are an error entry
 *   naming the argument, where the scripts would produce `Invalid Date` / `NaN`.
 * - `Set`: a whole-number text beyond 2^53 (which the script keeps as a BigInt) is stored as
 *   its decimal text, since the context holds JSON values.
 * - `DeleteContext`: `subplaybook` is accepted and ignored (ops apply to the context the task
 *   writes to, which for a sub-playbook with its own context is that context); empty keys in
 *   the comma-separated list are skipped; the context's view roots (`incident`, `inputs`,
 *   `lists`) are not listed as deleted by `all=yes`.
 * - `SetAndHandleEmpty`: empty keys in the list (`a,`) are skipped.
 * - `isError`: see `isErrorScript`.
 * - `Sleep`: the wait carries `data: {seconds}` so that the re-run is recognisable.
 */
import { ENTRY_TYPES, type Entry, FORMATS, errorEntry } from '../../../core/playbook/entries.js';
import { DtError, dq, parseContextKey } from '../../../core/playbook/dt/index.js';
import type { BuiltinResult } from './types.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers

export type Args = Readonly<Record<string, unknown>>;

/** An argument as given (own properties only), `undefined` when absent. */
export function argOf(args: Args, name: string): unknown {
  return Object.hasOwn(args, name) ? args[name] : undefined;
}

/** Absent, null or '': what the XSOAR server treats as a missing argument. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JavaScript truthiness of a JSON value (`[]` and `{}` are truthy, `0`, `''`, `NaN` are not). */
export function jsTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  return !(typeof value === 'number' && Number.isNaN(value));
}

/** `String(value)` / `value + ''` as JavaScript computes it for JSON values. */
export function jsString(value: unknown, depth = 0): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (depth > 64) return '';
    return (value as unknown[]).map((v) => (v === undefined || v === null ? '' : jsString(v, depth + 1))).join(',');
  }
  return '[object Object]';
}

/** `parseInt(value)` (base 10, or 16 after `0x`), NaN when no digits lead. */
export function jsParseInt(value: unknown): number {
  const m = /^\s*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(\d+))/.exec(jsString(value));
  if (!m) return Number.NaN;
  const n = m[2] !== undefined ? parseInt(m[2], 16) : Number(m[3]);
  return m[1] === '-' ? -n : n;
}

/** An argument that must be `'true'` (or `true`) to be on, as the scripts compare it. */
export function flag(value: unknown, on = 'true'): boolean {
  return value === on || value === true;
}

export function note(contents: string): Entry {
  return { Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.text, Contents: contents };
}

export function failure(script: string, message: string): BuiltinResult {
  return { entries: [errorEntry(`${script}: ${message}`)] };
}

export function missing(script: string, name: string): BuiltinResult {
  return failure(script, `the "${name}" argument is required`);
}

/** `undefined` when `key` is a valid context key (with a selector only if allowed), else why not. */
export function keyProblem(key: string, allowSelector: boolean): string | undefined {
  try {
    const { selector } = parseContextKey(key);
    if (selector && !allowSelector) return 'a selector is not allowed here';
    return undefined;
  } catch (e) {
    if (e instanceof DtError) return e.message;
    throw e;
  }
}

export function badKey(script: string, name: string, key: string, why: string): BuiltinResult {
  return failure(script, `the "${name}" argument "${key}" is not a usable context key: ${why}`);
}

/** `dq` over the call's context; a DT error is returned as text. */
export function query(context: Args, path: string): { value: unknown } | { error: string } {
  try {
    return { value: dq(context, path) };
  } catch (e) {
    if (e instanceof DtError) return { error: e.message };
    throw e;
  }
}

export function textList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && (value as unknown[]).every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}
