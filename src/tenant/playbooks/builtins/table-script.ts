/** `ToTable`, with CommonServer.js's `tableToMarkdown` (see script-helpers.ts). */
import { ENTRY_TYPES, FORMATS } from '../../../core/playbook/entries.js';


import type { BuiltinCall, BuiltinResult } from './types.js';
import { argOf, failure, isBlank, jsString, jsTruthy, missing, textList } from './script-helpers.js';

// ---------------------------------------------------------------------------------------------
// ToTable

const MAX_FLATTEN_DEPTH = 64;

/** CommonServer.js `treeToFlattenObject`: nested keys joined with '.', nulls dropped. */
function treeToFlattenObject(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  if (value === null) return out;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = source[key];
    const nested = typeof v === 'object' && (!Array.isArray(v) || (v.length > 0 && typeof v[0] === 'object'));
    if (nested && depth < MAX_FLATTEN_DEPTH) {
      const flat = treeToFlattenObject(v, depth + 1) as Record<string, unknown>;
      for (const x of Object.keys(flat)) Object.defineProperty(out, `${key}.${x}`, { value: flat[x], enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** CommonServer.js `objToStr` (`formatCell`): lists joined with ',', objects as JSON. */
function objToStr(value: unknown, depth = 0): string | undefined {
  if (Array.isArray(value)) return depth > MAX_FLATTEN_DEPTH ? '' : (value as unknown[]).map((v) => objToStr(v, depth + 1) ?? '').join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** CommonServer.js `stringEscapeMD(text, true, true)`: newlines → `<br>`, `|` escaped. */
function escapeCell(text: string): string {
  return text.replace(/\r\n|\n|\r/g, '<br>').replace(/\|/g, '\\|');
}

/** CommonServer.js `GetAllObjectsProperties`: every key (for-in order), sorted. */
function allProperties(rows: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (typeof row === 'string') for (let i = 0; i < row.length; i++) keys.add(String(i));
    else if (typeof row === 'object' && row !== null) for (const k of Object.keys(row)) keys.add(k);
  }
  return [...keys].sort();
}

/** CommonServer.js `tableToMarkdown(name, rows, headers)`. */
export function tableToMarkdown(name: string, rows: readonly unknown[], headerArg: readonly string[] | null): string {
  let headers = headerArg;
  if ((!headers || headers.length === 0) && rows.length > 0 && typeof rows[0] === 'object') headers = allProperties(rows);
  if (!headers || headers.length === 0) return 'No data returned\n';
  let md = name ? `### ${name}\n` : '';
  if (rows.length === 0) return `${md}No data returned\n`;
  md += `| ${headers.join(' | ')} |\n`;
  md += `| ${headers.map(() => '---').join(' | ')} |\n`;
  for (const row of rows) {
    const record: Record<string, unknown> =
      typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : { [headers[0] ?? '']: row };
    const cells = headers.map((h) => {
      const v = Object.hasOwn(record, h) ? record[h] : undefined;
      if (v === null || v === undefined) return ' ';
      const text = objToStr(v);
      return (text === undefined ? undefined : escapeCell(text)) || ' ';
    });
    md += `| ${cells.join(' | ')} |\n`;
  }
  return md;
}

/**
 * `ToTable`: data (a list of objects, or one), columns (comma-separated, not trimmed, as the
 * script splits them; flattened nested keys such as `a.b`), title → a Markdown note.
 */
export function toTableScript(call: BuiltinCall): BuiltinResult {
  const data = argOf(call.args, 'data');
  if (isBlank(data)) return missing('ToTable', 'data');
  const columns = argOf(call.args, 'columns');
  let headers: string[] | null = null;
  if (jsTruthy(columns)) {
    headers = textList(columns) ?? null;
    if (!headers) return failure('ToTable', 'the "columns" argument must be comma-separated text');
  }
  const title = argOf(call.args, 'title');
  const rows = (Array.isArray(data) ? (data as unknown[]) : [data]).map((row) => treeToFlattenObject(row));
  const md = tableToMarkdown(jsTruthy(title) ? jsString(title) : '', rows, headers);
  return { entries: [{ Type: ENTRY_TYPES.note, Contents: md, ContentsFormat: FORMATS.markdown }] };
}
