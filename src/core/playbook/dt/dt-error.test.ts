import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError, asDtError, checkedLength } from './dt-error.js';

void test('DtError messages name the position (1-based) and a shortened source', () => {
  const e = new DtError('syntax', 'unexpected ")"', 4, 'A.B(x))');
  assert.equal(e.message, 'unexpected ")" at position 5 in "A.B(x))"');
  assert.equal(e.detail, 'unexpected ")"');
  assert.equal(e.name, 'DtError');
  assert.equal(new DtError('limit', 'too big').message, 'too big');
  const long = new DtError('syntax', 'bad', 0, 'x'.repeat(500));
  assert.ok(long.message.length < 200 && long.message.endsWith('…"'));
  const located = new DtError('runtime', 'oops').locate(2, 'abc');
  assert.equal(located.message, 'oops at position 3 in "abc"');
  assert.equal(e.locate(0, 'other'), e, 'a located error keeps its position');
});

void test('Budget counts steps and stops at its limit; RangeErrors become limit errors', () => {
  const budget = new Budget(3);
  budget.charge(2);
  assert.equal(budget.used, 2);
  budget.charge();
  assert.throws(() => budget.charge(), (e: unknown) => e instanceof DtError && e.kind === 'limit' && /3 steps/.test(e.message));
  assert.throws(() => checkedLength(2_000_000), (e: unknown) => e instanceof DtError && e.kind === 'limit');
  assert.throws(() => checkedLength(200_000, 'array'), /array longer than 100000/);
  const converted = asDtError(new RangeError('Maximum call stack size exceeded'));
  assert.ok(converted instanceof DtError && converted.kind === 'limit');
  const other = new TypeError('x');
  assert.equal(asDtError(other), other);
});
