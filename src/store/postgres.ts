import pg from 'pg';
import type { Database, Row, SqlValue } from './database.js';
import { postgresDialect } from './dialect.js';

// BIGINT (epoch milliseconds, ids) fits a JavaScript number; read it as one, not a string.
pg.types.setTypeParser(20, (v) => Number(v));

const rewritten = new Map<string, string>();

/** Rewrites `?` placeholders to `$1…$n`. Our SQL never uses `?` inside literals. */
export function toPositional(sql: string): string {
  let out = rewritten.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (rewritten.size > 2000) rewritten.clear();
    rewritten.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

/** Largest multi-row INSERT: PostgreSQL allows 65,535 bound parameters per statement. */
const MAX_PARAMS = 60_000;

/** SQLSTATEs after which a transaction is simply run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Attempts of one transaction before its serialization failure is given to the caller. */
const MAX_ATTEMPTS = 50;

function retryable(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRYABLE.has(code);
}

class PgHandle implements Database {
  readonly dialect = postgresDialect;
  constructor(protected readonly q: Queryable) {}

  async all<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const res = await this.q.query(toPositional(sql), params as SqlValue[]);
    return res.rows as T[];
  }

  async get<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const res = await this.q.query(toPositional(sql), params as SqlValue[]);
    return res.rowCount ?? 0;
  }

  async insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<number[]> {
    const ids: number[] = [];
    const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} RETURNING id`;
      const res = await this.q.query<{ id: number }>(toPositional(sql), chunk.flat());
      // Sequence values are drawn in VALUES order within one statement: ascending ids map to rows.
      ids.push(...res.rows.map((r) => r.id).sort((a, b) => a - b));
    }
    return ids;
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async exec(script: string): Promise<void> {
    await this.q.query(script);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** PostgreSQL through a small pool. Transactions take a client of their own. */
export class PostgresDatabase extends PgHandle {
  private constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  static async open(url: string, opts: { max?: number } = {}): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, idleTimeoutMillis: 30_000 });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool);
    await db.get('SELECT 1 AS ok');
    return db;
  }

  /**
   * SERIALIZABLE, not PostgreSQL's default READ COMMITTED: SQLite runs transactions one at a
   * time, and callers may read a value and write it back (read-modify-write). Under READ
   * COMMITTED two such bodies both read the old value and one update is silently lost.
   * PostgreSQL instead aborts one of them (serialization failure or deadlock), and that one
   * is run again from the start: `fn` may run more than once, so it must only touch the
   * database through `tx`.
   */
  override async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const result = await fn(new PgHandle(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= MAX_ATTEMPTS || !retryable(err)) throw err;
      } finally {
        client.release();
      }
      // Random, growing pauses so that the transactions that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
    }
  }

  override async insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<number[]> {
    // Several chunks must commit together, as the SQLite path does.
    return this.transaction((tx) => tx.insertMany(table, columns, rows));
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}
