import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachIterations } from './loop.js';

void test('lists are zipped by index; shorter lists and scalars contribute while they have items (XSOAR-FORMATS §1.7)', () => {
  assert.deepEqual(forEachIterations({ x: ['1', '2', '3', '4'], y: ['a', 'b', 'c', 'd'], z: '9' }), [
    { x: '1', y: 'a', z: '9' },
    { x: '2', y: 'b' },
    { x: '3', y: 'c' },
    { x: '4', y: 'd' },
  ]);
  assert.deepEqual(forEachIterations({ x: [1, 2, 3], y: ['a'] }), [{ x: 1, y: 'a' }, { x: 2 }, { x: 3 }]);
  assert.deepEqual(forEachIterations({ Ids: ['i1', 'i2'] }), [{ Ids: 'i1' }, { Ids: 'i2' }]);
});

void test('scalars only, or no inputs: one run with every present input', () => {
  assert.deepEqual(forEachIterations({ a: 'x', b: 2, c: { k: 'v' } }), [{ a: 'x', b: 2, c: { k: 'v' } }]);
  assert.deepEqual(forEachIterations({}), [{}]);
  // Comma-separated text is one scalar: the engine resolves inputs before iterating.
  assert.deepEqual(forEachIterations({ csv: 'a,b,c' }), [{ csv: 'a,b,c' }]);
});

void test('empty lists: zero runs only when every list input is empty', () => {
  assert.deepEqual(forEachIterations({ Ids: [] }), []);
  assert.deepEqual(forEachIterations({ Ids: [], More: [] }), []);
  assert.deepEqual(forEachIterations({ Ids: [], Interval: '1' }), [], 'scalars do not make a for-each over nothing run');
  assert.deepEqual(forEachIterations({ Ids: [], Names: ['n1', 'n2'], Interval: '1' }), [{ Names: 'n1', Interval: '1' }, { Names: 'n2' }]);
});

void test('missing inputs take part in no run; items are given as they are', () => {
  assert.deepEqual(forEachIterations({ a: undefined, b: null, c: ['x', 'y'] }), [{ c: 'x' }, { c: 'y' }]);
  assert.deepEqual(forEachIterations({ a: undefined }), [{}]);
  assert.deepEqual(forEachIterations({ pairs: [['a', 1], ['b', 2]], single: [{ id: 1 }] }), [{ pairs: ['a', 1], single: { id: 1 } }, { pairs: ['b', 2] }]);
  const runs = forEachIterations(JSON.parse('{"__proto__": ["p1", "p2"]}') as Record<string, unknown>);
  assert.equal(runs.length, 2);
  assert.equal(Object.getOwnPropertyDescriptor(runs[1], '__proto__')?.value, 'p2');
  assert.equal(Object.getPrototypeOf(runs[1]), Object.prototype);
});

void test('long lists: one run per item, in order, values shared rather than copied', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`);
  const config = { retries: 3 };
  const runs = forEachIterations({ ids, config });
  assert.equal(runs.length, 1000);
  assert.deepEqual(runs[0], { ids: 'id0', config });
  assert.equal(runs[0]?.['config'], config);
  assert.deepEqual(runs[999], { ids: 'id999' });
  assert.deepEqual(runs.map((r) => r['ids']), ids);
});
