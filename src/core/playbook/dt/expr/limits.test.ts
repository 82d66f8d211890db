import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError, type DtErrorKind, LIMITS } from '../dt-error.js';
import { evaluateExpression as ev } from './index.js';

function limited(src: string, bindings: Record<string, unknown> = {}, kind: DtErrorKind = 'limit'): DtError {
  const started = Date.now();
  let caught: unknown;
  try {
    ev(src, bindings);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DtError, `${src.slice(0, 60)}: expected a DtError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(Date.now() - started < 5000, `${src.slice(0, 60)} took too long`);
  return caught;
}

void test('deep syntactic nesting is a limit error, not a stack overflow', () => {
  limited(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`);
  limited(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
  limited(`${'!'.repeat(10_000)}1`);
  limited(`${'- '.repeat(10_000)}1`);
  limited(`${'a ? '.repeat(5_000)}1${' : 2'.repeat(5_000)}`, { a: 1 });
  limited(`${'{a:'.repeat(5_000)}1${'}'.repeat(5_000)}`);
  limited(`val${'.a'.repeat(50_000)}`, { val: {} }); // longer than the source limit
  // Just under the parse limit still works.
  assert.equal(ev(`${'('.repeat(150)}1${')'.repeat(150)}`), 1);
});

void test('runaway evaluation ends on the step budget or the depth limit', () => {
  limited('function f(n) { return f(n + 1) }; f(0)');
  limited('function f(n) { return n <= 0 ? 0 : f(n - 1) + f(n - 1) }; f(40)');
  limited('val.map(a => val.map(b => val.map(c => a + b + c)))', { val: Array.from({ length: 100 }, (_, k) => k) });
  limited('(f => f(f))(f => f(f))');
  const budget = new Budget(20);
  assert.throws(() => ev('[1,2,3,4,5,6,7,8,9,10].map(x => x * 2)', {}, { budget }), (e: unknown) => e instanceof DtError && e.kind === 'limit' && /20 steps/.test(e.message));
  assert.ok(budget.used > 20);
});

void test('strings and arrays cannot grow past their limits', () => {
  limited(`'x'.repeat(${LIMITS.stringLength + 1})`);
  limited(`'x'.padStart(${LIMITS.stringLength + 1})`);
  limited('function d(s, n) { return n == 0 ? s : d(s + s, n - 1) }; d("ab", 40)');
  limited("val.split('')", { val: 'x'.repeat(LIMITS.arrayLength + 1) });
  limited("val.replaceAll('', '-')", { val: 'x'.repeat(LIMITS.arrayLength + 1) });
  limited("val.split(',')", { val: ','.repeat(LIMITS.arrayLength + 1) });
  limited('Object.keys(val)', { val: 'x'.repeat(LIMITS.arrayLength + 1) });
  assert.equal((ev("val.split(',')", { val: ','.repeat(1000) }) as string[]).length, 1001);
  assert.equal((ev('[].concat(val)', { val: Array.from({ length: LIMITS.arrayLength }, () => 0) }) as unknown[]).length, LIMITS.arrayLength);
  limited('val.concat(val)', { val: Array.from({ length: LIMITS.arrayLength }, () => 0) });
});

void test('deeply nested data is handled without overflowing the stack', () => {
  let deep: unknown = 1;
  for (let k = 0; k < 100_000; k++) deep = [deep];
  limited('val + ""', { val: deep });
  limited('JSON.stringify(val)', { val: deep });
  limited('val.flat(Infinity)', { val: deep });
  const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const parsed = (() => {
    try {
      return ev('JSON.parse(val)', { val: text });
    } catch (e) {
      return e;
    }
  })();
  // V8 parses deep JSON iteratively; either outcome is fine as long as it is not a crash.
  assert.ok(Array.isArray(parsed) || (parsed instanceof DtError && parsed.kind === 'limit'));
});

void test('a result holding the same big value many times is checked once per container', () => {
  const val = Array.from({ length: 2000 }, (_, k) => ({ k }));
  const started = Date.now();
  const out = ev('val.map(x => val)', { val }) as unknown[];
  assert.equal(out.length, 2000);
  assert.ok(Date.now() - started < 2000);
});
