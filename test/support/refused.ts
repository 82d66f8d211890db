import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.js';

/** Asserts that `fn` throws an `AppError` with this code and message (or message pattern). */
export function refused(fn: () => unknown, code: string, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}
