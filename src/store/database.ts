import type { Dialect, DialectName } from './dialect.js';

/** Values a statement may bind. JSON columns are bound as their JSON text. */
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

/**
 * The storage contract shared by main and tenants. SQL is written once with `?`
 * placeholders; the implementation adapts it to its engine. Everything is async so that
 * SQLite (synchronous, in-process) and PostgreSQL (a pool over the network) are
 * interchangeable.
 */
export interface Database {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Inserts many rows of `columns` into `table` and returns their generated integer `id`s,
   * in the order of `rows`. Each implementation picks its fastest bulk path.
   */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<number[]>;
  /**
   * Runs `fn` in one serializable transaction: all of it commits, or none of it, as if no
   * other transaction ran at the same time. An engine may run `fn` again after a conflict
   * (PostgreSQL does), so `fn` must have no effect outside `tx`.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** One versioned schema change, written per dialect because DDL differs. */
export interface Migration {
  version: number;
  name: string;
  sql: Record<DialectName, string>;
}

/** Parses a JSON column: SQLite hands back text, PostgreSQL's jsonb an object already. */
export function jsonColumn<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return value === '' ? fallback : (JSON.parse(value) as T);
  return value as T;
}
