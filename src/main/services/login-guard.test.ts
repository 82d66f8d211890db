import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../core/errors.js';
import { LoginGuard } from './login-guard.js';

const code = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

void describe('login guard', () => {
  void it('locks an account after repeated failures, for a while, whatever the address', () => {
    let now = 0;
    const guard = new LoginGuard({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, perAddressPerMinute: 1000 }, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(code(() => guard.before('Ana', `10.0.0.${i}`)), null);
      guard.failed('Ana');
    }
    assert.equal(code(() => guard.before('ana', '10.9.9.9')), 'unauthorized', 'locked, case-insensitively, from anywhere');
    assert.equal(code(() => guard.before('bob', '10.9.9.9')), null, 'other accounts are not');
    now += 300_001;
    assert.equal(code(() => guard.before('ana', '10.9.9.9')), null, 'the lock expires');
  });

  void it('forgets failures outside the window and after a success', () => {
    let now = 0;
    const guard = new LoginGuard({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, perAddressPerMinute: 1000 }, () => now);
    guard.failed('ana');
    guard.failed('ana');
    now += 61_000;
    guard.failed('ana');
    assert.equal(code(() => guard.before('ana', 'a')), null);
    guard.failed('ana');
    guard.succeeded('ana');
    guard.failed('ana');
    assert.equal(code(() => guard.before('ana', 'a')), null);
  });

  void it('limits attempts per address per minute', () => {
    let now = 0;
    const guard = new LoginGuard({ maxFailures: 100, windowMs: 60_000, lockMs: 1, perAddressPerMinute: 5 }, () => now);
    for (let i = 0; i < 5; i++) assert.equal(code(() => guard.before(`user${i}`, '192.0.2.1')), null);
    assert.equal(code(() => guard.before('user9', '192.0.2.1')), 'rate_limited');
    assert.equal(code(() => guard.before('user9', '192.0.2.2')), null, 'another address has its own budget');
    now += 60_001;
    assert.equal(code(() => guard.before('user9', '192.0.2.1')), null);
  });
});
