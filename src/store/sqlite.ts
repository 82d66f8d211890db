import BetterSqlite3 from 'better-sqlite3';
import type { Database, Row, SqlValue } from './database.js';
import { sqliteDialect } from './dialect.js';

/**
 * SQLite through better-sqlite3: synchronous and in-process, so statements are cached and
 * run inline. A transaction spans awaits, so every other call waits for it through a queue
 * (one connection, one writer) instead of interleaving into it.
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private inTransaction = 0;

  private constructor(private readonly db: BetterSqlite3.Database) {}

  static open(file: string, opts: { readonly?: boolean } = {}): SqliteDatabase {
    const db = new BetterSqlite3(file, { readonly: opts.readonly ?? false });
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives a process crash (kill -9); only an OS crash may lose
      // the last commits, which is the trade-off every embedded SOAR store makes.
      db.pragma('synchronous = NORMAL');
      // Statement journals and sorts stay in memory: on disk they cost a temp file and
      // ~20 writes per inserted row once a batch touches the full-text index.
      db.pragma('temp_store = MEMORY');
    }
    db.pragma('foreign_keys = ON');
    // ANALYZE (run by `PRAGMA optimize`) samples this many rows per index instead of all.
    db.pragma('analysis_limit = 1000');
    db.pragma('busy_timeout = 5000');
    return new SqliteDatabase(db);
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Waits for an open transaction of another caller; runs at once otherwise. */
  private async turn<T>(fn: () => T): Promise<T> {
    if (this.inTransaction === 0) return fn();
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.turn(() => this.stmt(sql).all(...params) as T[]);
  }

  get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.turn(() => this.stmt(sql).get(...params) as T | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.turn(() => this.stmt(sql).run(...params).changes);
  }

  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<number[]> {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    const insert = () => {
      const s = this.stmt(sql);
      const ids: number[] = [];
      const many = this.db.transaction(() => {
        for (const row of rows) ids.push(Number(s.run(...row).lastInsertRowid));
      });
      many();
      return ids;
    };
    return this.turn(insert);
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const body = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      // Counted only once begun: a failed BEGIN must not leave later calls queueing forever.
      this.inTransaction++;
      try {
        const result = await fn(this.inside);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.inTransaction--;
      }
    };
    const next = this.queue.then(body);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The handle a transaction body uses: it runs directly, never queueing behind itself. */
  private readonly inside: Database = {
    dialect: sqliteDialect,
    all: <T>(sql: string, params: readonly SqlValue[] = []) => Promise.resolve(this.stmt(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => Promise.resolve(this.stmt(sql).get(...params) as T | undefined),
    run: (sql: string, params: readonly SqlValue[] = []) => Promise.resolve(this.stmt(sql).run(...params).changes),
    insertMany: (table, columns, rows) => {
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      const s = this.stmt(sql);
      return Promise.resolve(rows.map((row) => Number(s.run(...row).lastInsertRowid)));
    },
    transaction: (fn) => fn(this.inside),
    exec: (script) => Promise.resolve(void this.db.exec(script)),
    close: () => Promise.resolve(),
  };

  exec(script: string): Promise<void> {
    return this.turn(() => void this.db.exec(script));
  }

  close(): Promise<void> {
    this.statements.clear();
    this.db.close();
    return Promise.resolve();
  }
}
