import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../core/errors.js';
import { migrate } from '../../store/migrate.js';
import { mainMigrations } from '../../store/migrations/main.js';
import { LoginFailureRepository } from '../../store/login-failure-repo.js';
import { SqliteDatabase } from '../../store/sqlite.js';
import { LoginGuard, type LoginGuardOptions } from './login-guard.js';

const code = async (p: Promise<void>): Promise<string | null> => {
  try {
    await p;
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

/** A guard on a real (in-memory) main database; `now` is moved by the test. */
async function guardWith(o: LoginGuardOptions, clock: { now: number }) {
  const db = SqliteDatabase.open(':memory:');
  await migrate(db, mainMigrations);
  const repo = new LoginFailureRepository(db);
  return { db, repo, make: () => new LoginGuard(repo, o, () => clock.now) };
}

void describe('login guard', () => {
  void it('locks an account after repeated failures, for a while, whatever the address, and across restarts', async () => {
    const clock = { now: 1_000_000 };
    const { db, make } = await guardWith({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, perAddressPerMinute: 1000 }, clock);
    const guard = make();
    for (let i = 0; i < 3; i++) {
      assert.equal(await code(guard.before('Ana', `10.0.0.${i}`)), null);
      await guard.failed('Ana');
    }
    assert.equal(await code(guard.before('ana', '10.9.9.9')), 'unauthorized', 'locked, case-insensitively, from anywhere');
    assert.equal(await code(make().before('ana', '10.9.9.9')), 'unauthorized', 'a restarted main (a new guard) keeps the lock');
    assert.equal(await code(guard.before('bob', '10.9.9.9')), null, 'other accounts are not');
    clock.now += 300_001;
    assert.equal(await code(guard.before('ana', '10.9.9.9')), null, 'the lock expires');
    await db.close();
  });

  void it('forgets failures outside the window and after a success, and sweeps old names', async () => {
    const clock = { now: 1_000_000 };
    const { db, make } = await guardWith({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, perAddressPerMinute: 1000 }, clock);
    const guard = make();
    await guard.failed('ana');
    await guard.failed('ana');
    clock.now += 61_000;
    await guard.failed('ana');
    assert.equal(await code(guard.before('ana', 'a')), null);
    await guard.failed('ana');
    await guard.succeeded('ana');
    await guard.failed('ana');
    assert.equal(await code(guard.before('ana', 'a')), null);
    await Promise.all(Array.from({ length: 20 }, (_, i) => guard.failed(`spray${i}`)));
    clock.now += 400_000;
    assert.equal(await guard.sweepStored(), 21, 'every name without a lock or a recent failure goes');
    await db.close();
  });

  void it('counts concurrent failures exactly', async () => {
    const clock = { now: 1_000_000 };
    const { db, make } = await guardWith({ maxFailures: 10, windowMs: 60_000, lockMs: 300_000, perAddressPerMinute: 1000 }, clock);
    const guard = make();
    await Promise.all(Array.from({ length: 10 }, () => guard.failed('eve')));
    assert.equal(await code(guard.before('eve', 'a')), 'unauthorized');
    await db.close();
  });

  void it('limits attempts per address per minute', async () => {
    const clock = { now: 1_000_000 };
    const { db, make } = await guardWith({ maxFailures: 100, windowMs: 60_000, lockMs: 1, perAddressPerMinute: 5 }, clock);
    const guard = make();
    for (let i = 0; i < 5; i++) assert.equal(await code(guard.before(`user${i}`, '192.0.2.1')), null);
    assert.equal(await code(guard.before('user9', '192.0.2.1')), 'rate_limited');
    assert.equal(await code(guard.before('user9', '192.0.2.2')), null, 'another address has its own budget');
    clock.now += 60_001;
    assert.equal(await code(guard.before('user9', '192.0.2.1')), null);
    await db.close();
  });
});
