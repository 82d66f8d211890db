import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database, Migration } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { mainMigrations } from '../../src/store/migrations/main.js';
import { tenantMigrations } from '../../src/store/migrations/tenant.js';
import { AuditRepository } from '../../src/store/audit-repo.js';

/** Opens a brand-new, empty database of one engine, and how to throw it away. */
export type OpenStore = () => Promise<{ db: Database; cleanup: () => Promise<void> }>;

/** Every test gets a database of its own, so no test can pass or fail because of another. */
export async function withDb<T>(open: OpenStore, fn: (db: Database) => Promise<T>): Promise<T> {
  const { db, cleanup } = await open();
  try {
    return await fn(db);
  } finally {
    await cleanup();
  }
}

/** The one DDL difference these tests need: an integer key the engine generates. */
export function serialKey(db: Database): string {
  return db.dialect.name === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
}

export async function countRows(db: Database, table: string, where = '1=1', params: (string | number)[] = []): Promise<number> {
  const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
  return row?.n ?? -1;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function defineCoreContract(open: OpenStore): void {
  void describe('migrations', () => {
    void it('applies the tenant migrations once, then nothing', () =>
      withDb(open, async (db) => {
        assert.equal(await migrate(db, tenantMigrations), tenantMigrations.length);
        assert.equal(await migrate(db, tenantMigrations), 0);
        assert.deepEqual(await db.all('SELECT version, name FROM schema_migrations ORDER BY version'), tenantMigrations.map((m) => ({ version: m.version, name: m.name })));
        assert.equal(await countRows(db, 'incidents'), 0);
        assert.equal(await countRows(db, 'audit'), 0);
      }));

    for (const [whose, migrations] of [['main', mainMigrations], ['a tenant', tenantMigrations]] as const) {
      void it(`keeps the same hash-chained audit trail in ${whose}'s database`, () =>
        withDb(open, async (db) => {
          await migrate(db, migrations);
          const audit = new AuditRepository(db);
          const entry = { at: 1_700_000_000_000, actor: 'ana', address: '192.0.2.1', action: 'POST /x', tenant: 'acme', target: '7', result: 201 };
          await Promise.all([0, 1, 2, 3, 4].map((i) => audit.append({ ...entry, at: entry.at + i })));
          const page = await audit.page({ limit: 3 });
          assert.equal(page.items.length, 3);
          // Concurrent appends commit in any order; the page is newest first by sequence.
          assert.deepEqual(page.items.map((r) => r.seq), page.items.map((r) => r.seq).sort((x, y) => y - x));
          assert.ok(page.items.every((r) => r.at.startsWith('2023-11-14T22:13:20.00') && r.actor === 'ana'));
          assert.equal((await audit.page({ limit: 3, cursor: page.cursor ?? 0 })).items.length, 2);
          assert.deepEqual(await audit.verify(), { records: 5, broken: null });
          const victim = page.items[1]!.seq;
          await db.run('UPDATE audit SET actor = ? WHERE seq = ?', ['mallory', victim]);
          assert.deepEqual((await audit.verify()).broken, { seq: victim, reason: 'content does not match its hash' });
        }));
    }

    void it('applies the main migrations: every table of main exists and is empty', () =>
      withDb(open, async (db) => {
        assert.equal(await migrate(db, mainMigrations), mainMigrations.length);
        assert.equal(await migrate(db, mainMigrations), 0);
        for (const table of ['users', 'sessions', 'hosts', 'host_enrollments', 'tenants', 'settings', 'roles', 'user_grants', 'audit', 'api_keys']) {
          assert.equal(await countRows(db, table), 0, table);
        }
      }));

    void it('refuses a database whose schema is newer than the migrations it is given', () =>
      withDb(open, async (db) => {
        const n = tenantMigrations.length;
        const extra: Migration = { version: n + 1, name: 'extra', sql: { sqlite: 'CREATE TABLE extra (x INTEGER)', postgres: 'CREATE TABLE extra (x INTEGER)' } };
        assert.equal(await migrate(db, [...tenantMigrations, extra]), n + 1);
        await assert.rejects(migrate(db, tenantMigrations), new RegExp(`schema is at version ${n + 1}, newer than this program's ${n}`));
        await assert.rejects(migrate(db, []), /newer than this program's 0/);
        assert.deepEqual(await db.all('SELECT version FROM schema_migrations ORDER BY version'), [...tenantMigrations, extra].map((m) => ({ version: m.version })));
      }));

    void it('rolls a failing migration back completely, DDL included', () =>
      withDb(open, async (db) => {
        const script = 'CREATE TABLE half (x INTEGER); CREATE TABLE broken (;';
        await assert.rejects(migrate(db, [{ version: 1, name: 'bad', sql: { sqlite: script, postgres: script } }]));
        assert.deepEqual(await db.get('SELECT MAX(version) AS v FROM schema_migrations'), { v: null });
        await assert.rejects(db.get('SELECT COUNT(*) AS n FROM half'), 'the first statement must be undone too');
        assert.equal(await migrate(db, tenantMigrations), tenantMigrations.length);
      }));
  });

  void describe('statements', () => {
    void it('round-trips values through run/get/all with ? placeholders', () =>
      withDb(open, async (db) => {
        await db.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT, n BIGINT)');
        const rows = [
          { k: 'what?', v: 'a ? b ?? c', n: 1 },
          { k: 'unicode', v: 'Grüße, 東京 — Ωmega 😀', n: 2 },
          { k: 'quotes', v: `it's "quoted" \\ $1 back`, n: -5 },
          { k: 'big', v: '', n: Number.MAX_SAFE_INTEGER },
          { k: 'nulls', v: null, n: null },
        ];
        for (const r of rows) assert.equal(await db.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?)', [r.k, r.v, r.n]), 1);
        for (const r of rows) assert.deepEqual(await db.get('SELECT k, v, n FROM kv WHERE k = ?', [r.k]), r);
        // A `?` inside a bound value is data: it must neither shift nor consume a placeholder.
        assert.deepEqual(await db.get('SELECT k FROM kv WHERE v = ? AND n = ?', ['a ? b ?? c', 1]), { k: 'what?' });
        assert.deepEqual(await db.get('SELECT k FROM kv WHERE v = ?', ['Grüße, 東京 — Ωmega 😀']), { k: 'unicode' });
        assert.deepEqual(await db.all('SELECT k FROM kv WHERE v IS NULL'), [{ k: 'nulls' }]);
        const all = await db.all<{ k: string; n: number | null }>('SELECT k, n FROM kv WHERE n IS NOT NULL ORDER BY n');
        assert.deepEqual(all, [{ k: 'quotes', n: -5 }, { k: 'what?', n: 1 }, { k: 'unicode', n: 2 }, { k: 'big', n: Number.MAX_SAFE_INTEGER }]);
        assert.equal(await db.get('SELECT k FROM kv WHERE k = ?', ['missing']), undefined);
        assert.deepEqual(await db.all('SELECT k FROM kv WHERE n > ?', [Number.MAX_SAFE_INTEGER]), []);
        // run reports the rows it changed, including none.
        assert.equal(await db.run('UPDATE kv SET v = ? WHERE n > ?', ['changed', 0]), 3);
        assert.equal(await db.run('DELETE FROM kv WHERE k = ?', ['missing']), 0);
        assert.equal(await db.run('DELETE FROM kv WHERE v = ?', ['changed']), 3);
        assert.equal(await countRows(db, 'kv'), 2);
      }));
  });

  void describe('insertMany', () => {
    // 25 columns: PostgreSQL's path cuts 2,500 rows into two statements (60,000 parameters each).
    const cols = Array.from({ length: 25 }, (_, c) => `c${c}`);
    const row = (i: number) => [`row-${i}`, i, ...cols.slice(2).map((_, c) => (c % 3 === 0 ? null : `${i}:${c}`))];
    const create = (db: Database) =>
      db.exec(`CREATE TABLE wide (id ${serialKey(db)}, c0 TEXT NOT NULL, c1 INTEGER NOT NULL, ${cols.slice(2).map((c) => `${c} TEXT`).join(', ')})`);

    void it('returns the ids of 2,500 rows in row order', () =>
      withDb(open, async (db) => {
        await create(db);
        // Used-up ids first, so that returned ids cannot pass by coinciding with positions.
        await db.insertMany('wide', cols, [row(-1), row(-2), row(-3)]);
        await db.run('DELETE FROM wide');
        assert.deepEqual(await db.insertMany('wide', cols, []), []);
        const rows = Array.from({ length: 2500 }, (_, i) => row(i));
        const ids = await db.insertMany('wide', cols, rows);
        assert.equal(ids.length, 2500);
        assert.ok(ids.every((id, n) => Number.isInteger(id) && id > 3 && (n === 0 || id > (ids[n - 1] ?? Infinity))), 'ids ascend');
        const stored = await db.all<Record<string, unknown>>(`SELECT id, ${cols.join(', ')} FROM wide`);
        assert.equal(stored.length, 2500);
        const byId = new Map(stored.map((r) => [r['id'], r]));
        ids.forEach((id, i) => {
          const expected = Object.fromEntries<unknown>([['id', id], ...cols.map((c, n): [string, unknown] => [c, row(i)[n]])]);
          assert.deepEqual(byId.get(id), expected, `row ${i}`);
        });
      }));

    void it('inserts none of the rows when one fails, even across chunks', () =>
      withDb(open, async (db) => {
        await create(db);
        const rows = Array.from({ length: 2500 }, (_, i) => (i === 2499 ? [null, ...row(i).slice(1)] : row(i)));
        await assert.rejects(db.insertMany('wide', cols, rows));
        assert.equal(await countRows(db, 'wide'), 0);
      }));
  });

  void describe('transactions', () => {
    const create = (db: Database) => db.exec(`CREATE TABLE t (id ${serialKey(db)}, v TEXT NOT NULL)`);

    void it('commits everything the body did and returns its result', () =>
      withDb(open, async (db) => {
        await create(db);
        const result = await db.transaction(async (tx) => {
          await tx.run('INSERT INTO t (v) VALUES (?)', ['one']);
          await tx.insertMany('t', ['v'], [['two'], ['three']]);
          // Nested calls join the open transaction.
          await tx.transaction((inner) => inner.run('INSERT INTO t (v) VALUES (?)', ['four']));
          return countRows(tx, 't');
        });
        assert.equal(result, 4);
        assert.deepEqual(await db.all('SELECT v FROM t ORDER BY id'), [{ v: 'one' }, { v: 'two' }, { v: 'three' }, { v: 'four' }]);
      }));

    void it('rolls back everything when the body throws, and rethrows the same error', () =>
      withDb(open, async (db) => {
        await create(db);
        await db.run('INSERT INTO t (v) VALUES (?)', ['kept']);
        const boom = new Error('boom');
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.run('INSERT INTO t (v) VALUES (?)', ['gone']);
            await tx.insertMany('t', ['v'], Array.from({ length: 10 }, (_, i) => [`gone-${i}`]));
            await tx.run('UPDATE t SET v = ? WHERE v = ?', ['overwritten', 'kept']);
            assert.equal(await countRows(tx, 't'), 12, 'the body sees its own writes');
            throw boom;
          }),
          (err) => err === boom,
        );
        assert.deepEqual(await db.all('SELECT v FROM t'), [{ v: 'kept' }]);
        // The engine is usable afterwards: nothing was left half-open.
        await db.transaction((tx) => tx.run('INSERT INTO t (v) VALUES (?)', ['after']));
        assert.equal(await countRows(db, 't'), 2);
      }));

    void it('never shows a plain call half of a transaction', () =>
      withDb(open, async (db) => {
        await create(db);
        const seen: number[] = [];
        const tx = db.transaction(async (t) => {
          await t.run('INSERT INTO t (v) VALUES (?)', ['a']);
          for (let n = 0; n < 5; n++) await tick();
          await t.run('INSERT INTO t (v) VALUES (?)', ['b']);
        });
        const reads = Array.from({ length: 5 }, async () => seen.push(await countRows(db, 't')));
        await Promise.all([tx, ...reads]);
        assert.ok(seen.every((n) => n === 0 || n === 2), `plain reads saw ${seen.join(', ')}`);
        assert.equal(await countRows(db, 't'), 2);
      }));

    void it('keeps 20 parallel read-modify-write transactions and interleaved plain calls consistent', () =>
      withDb(open, async (db) => {
        await db.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
        await create(db);
        await db.run('INSERT INTO counter (id, n) VALUES (1, 0)');
        const increment = (k: number, fail: boolean) =>
          db.transaction(async (tx) => {
            const row = await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1');
            await tick(); // gives the others every chance to read the same value
            await tx.run('UPDATE counter SET n = ? WHERE id = 1', [(row?.n ?? NaN) + 1]);
            await tx.run('INSERT INTO t (v) VALUES (?)', [`${fail ? 'fail' : 'tx'}-${k}`]);
            if (fail) throw new Error(`fail-${k}`);
          });
        const reads: number[] = [];
        const work: Promise<unknown>[] = [];
        for (let k = 0; k < 20; k++) {
          work.push(increment(k, false));
          if (k % 4 === 0) work.push(increment(k, true).then(() => assert.fail('must throw'), (err: Error) => assert.equal(err.message, `fail-${k}`)));
          work.push(db.run('INSERT INTO t (v) VALUES (?)', [`plain-${k}`]));
          work.push(db.get<{ n: number }>('SELECT n FROM counter WHERE id = 1').then((r) => reads.push(r?.n ?? NaN)));
        }
        await Promise.all(work);
        assert.deepEqual(await db.get('SELECT n FROM counter WHERE id = 1'), { n: 20 });
        assert.ok(reads.every((n) => Number.isInteger(n) && n >= 0 && n <= 20), `reads: ${reads.join(', ')}`);
        const values = (await db.all<{ v: string }>('SELECT v FROM t')).map((r) => r.v);
        assert.equal(values.filter((v) => v.startsWith('tx-')).length, 20);
        assert.equal(new Set(values.filter((v) => v.startsWith('tx-'))).size, 20);
        assert.equal(values.filter((v) => v.startsWith('plain-')).length, 20);
        assert.deepEqual(values.filter((v) => v.startsWith('fail-')), []);
      }));
  });
}
