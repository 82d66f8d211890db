import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import type { ApiClient } from '../src/cli/api-client.js';
import type { IncidentInput } from '../src/core/incident.js';
import { sqliteDialect } from '../src/store/dialect.js';
import { tenantMigrations } from '../src/store/migrations/tenant.js';

/** Shared helpers of the benchmarks: statistics, tables, /proc memory, bare SQLite baselines. */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Milliseconds since `start` (a `performance.now()` value). */
export const since = (start: number): number => performance.now() - start;

/** Nearest-rank percentile of `values` (need not be sorted); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(ms: readonly number[]): Latency {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: ms.length, p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), p99: r(percentile(ms, 99)), max: r(Math.max(...ms)) };
}

export const MiB = 1024 * 1024;
export const mib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? 'n/a' : (bytes / MiB).toFixed(1));
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const fmt = (x: number, digits = 1): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mark = (ok: boolean): string => (ok ? '✓' : '✗');

/** Prints rows under a title as an aligned table; every cell is already text. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

export interface Memory {
  rssBytes: number;
  pssBytes: number | null;
}

/** RSS (/proc/<pid>/status) and PSS (/proc/<pid>/smaps_rollup) of a process; null if it is gone. */
export function procMemory(pid: number): Memory | null {
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (rss === undefined) return null;
    let pss: number | null = null;
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
      if (m !== undefined) pss = Number(m) * 1024;
    } catch {
      // smaps_rollup needs Linux 4.14+ and the right to read it.
    }
    return { rssBytes: Number(rss) * 1024, pssBytes: pss };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; null if it is gone. */
export function procCpuSeconds(pid: number | null | undefined): number | null {
  if (pid === null || pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux build Node supports (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

export function machine(): { cpus: number; memGiB: number; node: string } {
  return { cpus: cpus().length, memGiB: round(totalmem() / 1024 ** 3, 1), node: process.version };
}

export { pool } from '../src/core/pool.js';

/** Posts one pre-serialized batch through main; throws unless the tenant created every incident. */
export async function postBatch(api: ApiClient, tenant: string, body: string, expected: number): Promise<void> {
  const res = await api.call<{ created?: number }>('POST', `/api/v1/tenants/${tenant}/incidents`, body);
  if (res.status !== 201 || res.body.created !== expected) {
    throw new Error(`ingest into ${tenant} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}

export type Bare = BetterSqlite3.Database;
type Value = string | number | null;

/**
 * A bare SQLite file with exactly the tenant's schema (the migration's own SQL: table,
 * indexes, FTS5, triggers) and the tenant's pragmas; `extraSql` runs after it.
 */
export function openBare(file: string, extraSql = ''): Bare {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('analysis_limit = 1000');
  db.exec(tenantMigrations[0]!.sql.sqlite);
  if (extraSql) db.exec(extraSql);
  return db;
}

/**
 * A transaction that inserts rows with one prepared INSERT each and then indexes the batch
 * for full text in one statement, as the tenant's repository does.
 */
export function bareInserter(db: Bare, columns: readonly string[]): (rows: Value[][]) => void {
  const insert = db.prepare(`INSERT INTO incidents (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const index = db.prepare(sqliteDialect.fullTextIndexRange()!);
  return db.transaction((rows: Value[][]) => {
    let first = 0;
    let last = 0;
    for (const row of rows) {
      last = Number(insert.run(...row).lastInsertRowid);
      if (first === 0) first = last;
    }
    if (rows.length) index.run(first, last);
  });
}

export const INSERT_COLUMNS = [
  'name', 'type', 'severity', 'status', 'owner', 'created', 'modified', 'occurred', 'closed',
  'close_reason', 'close_notes', 'labels', 'details', 'custom_fields',
] as const;


/**
 * The values the tenant stores for an input, converted as IncidentService.record and
 * IncidentRepository do: epoch ms timestamps, `closed` set for done/archive, JSON text.
 */
export function toRow(input: IncidentInput, now: number): Value[] {
  const created = input.created === undefined ? now : Date.parse(input.created);
  const status = input.status ?? 'pending';
  return [
    input.name, input.type ?? '', input.severity ?? 0, status, input.owner ?? '', created, now,
    input.occurred === undefined ? created : Date.parse(input.occurred), status === 'done' || status === 'archive' ? now : null,
    '', '', JSON.stringify(input.labels ?? []), input.details ?? '', JSON.stringify(input.customFields ?? {}),
  ];
}
