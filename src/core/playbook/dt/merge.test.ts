import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError } from './dt-error.js';
import { dq } from './dt.js';
import { type Context, deleteContext, mergeContextKey, mergeEntryContext, setContext } from './merge.js';

/** Merges must never modify what they were given. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

void test('plain keys store at their path and append to what is there', () => {
  let ctx: Context = frozen({ incident: { id: '1' } });
  ctx = mergeEntryContext(ctx, frozen({ 'HelloWorld.Alert': { alert_id: 'a1' } }));
  assert.deepEqual(ctx, { incident: { id: '1' }, HelloWorld: { Alert: { alert_id: 'a1' } } });
  ctx = mergeEntryContext(ctx, frozen({ 'HelloWorld.Alert': { alert_id: 'a2' } }));
  assert.deepEqual(dq(ctx, 'HelloWorld.Alert.alert_id'), ['a1', 'a2']);
  ctx = mergeEntryContext(ctx, frozen({ 'HelloWorld.Alert': [{ alert_id: 'a3' }, { alert_id: 'a4' }] }));
  assert.deepEqual(dq(ctx, 'HelloWorld.Alert.alert_id'), ['a1', 'a2', 'a3', 'a4']);
  ctx = mergeEntryContext(ctx, frozen({ 'HelloWorld.Count': 1, Tags: ['x'] }));
  assert.deepEqual(ctx['Tags'], ['x']);
  assert.equal(dq(ctx, 'HelloWorld.Count'), 1);
  ctx = mergeEntryContext(ctx, frozen({ 'HelloWorld.Count': 2 }));
  assert.deepEqual(dq(ctx, 'HelloWorld.Count'), [1, 2]);
});

void test('identical values are not appended twice, as XSOAR does', () => {
  let ctx: Context = {};
  ctx = mergeContextKey(ctx, 'IP', { Address: '1.1.1.1', Tags: ['a'] });
  const before = ctx;
  ctx = mergeContextKey(ctx, 'IP', { Tags: ['a'], Address: '1.1.1.1' });
  assert.equal(ctx, before, 'nothing added: the same context comes back');
  ctx = mergeContextKey(ctx, 'Set', ['a', 'b', 'a']);
  assert.deepEqual(ctx['Set'], ['a', 'b'], 'an incoming list is deduplicated too');
  ctx = mergeContextKey(ctx, 'Set', ['b', 'c', 'c']);
  assert.deepEqual(ctx['Set'], ['a', 'b', 'c']);
  ctx = mergeContextKey(ctx, 'N', 1);
  ctx = mergeContextKey(ctx, 'N', '1');
  assert.deepEqual(ctx['N'], [1, '1'], '1 and "1" differ');
  const dupes = mergeContextKey(mergeContextKey({}, 'D', 'x', { dedupe: false }), 'D', ['x', 'x'], { dedupe: false });
  assert.deepEqual(dupes['D'], ['x', 'x', 'x']);
});

void test('DT keys upsert: the CommandResults outputs_key_field form', () => {
  const key = 'Demisto.Alert(val.id && val.id == obj.id)';
  let ctx: Context = frozen({});
  ctx = mergeEntryContext(ctx, frozen({ [key]: [{ id: 1, state: 'new', meta: { a: 1 } }, { id: 2, state: 'new' }] }));
  assert.deepEqual(dq(ctx, 'Demisto.Alert.id'), [1, 2]);
  ctx = mergeEntryContext(ctx, frozen({ [key]: { id: 1, state: 'closed', meta: { b: 2 } } }));
  assert.deepEqual(dq(ctx, 'Demisto.Alert'), [
    { id: 1, state: 'closed', meta: { a: 1, b: 2 } },
    { id: 2, state: 'new' },
  ]);
  ctx = mergeEntryContext(ctx, frozen({ [key]: { id: 3 } }));
  assert.deepEqual(dq(ctx, 'Demisto.Alert.id'), [1, 2, 3]);
  // Without an id the guard `val.id && …` matches nothing: appended, then deduplicated.
  ctx = mergeEntryContext(ctx, frozen({ [key]: { name: 'no id' } }));
  ctx = mergeEntryContext(ctx, frozen({ [key]: { name: 'no id' } }));
  assert.deepEqual(dq(ctx, 'Demisto.Alert.name'), 'no id');
  assert.equal((dq(ctx, 'Demisto.Alert') as unknown[]).length, 4);
});

void test('upserts of single objects, several matches, lists replaced, DBotScore keys', () => {
  let ctx = mergeContextKey({}, 'URL(val.Data && val.Data == obj.Data)', [{ Data: 'a.com' }]);
  assert.deepEqual(ctx['URL'], { Data: 'a.com' }, 'one element into an absent key is stored single');
  ctx = mergeContextKey(ctx, 'URL(val.Data && val.Data == obj.Data)', { Data: 'a.com', Malicious: { Vendor: 'V' } });
  assert.deepEqual(ctx['URL'], { Data: 'a.com', Malicious: { Vendor: 'V' } }, 'merged into: stays single');
  ctx = mergeContextKey(ctx, 'URL(val.Data && val.Data == obj.Data)', { Data: 'b.com' });
  assert.deepEqual(dq(ctx, 'URL.Data'), ['a.com', 'b.com']);
  const dbot = 'DBotScore(val.Indicator && val.Indicator == obj.Indicator && val.Vendor == obj.Vendor && val.Type && val.Type == obj.Type)';
  ctx = mergeEntryContext({}, { [dbot]: [{ Indicator: '8.8.8.8', Vendor: 'VT', Type: 'ip', Score: 1 }, { Indicator: '8.8.8.8', Vendor: 'X', Type: 'ip', Score: 0 }] });
  ctx = mergeEntryContext(ctx, { [dbot]: { Indicator: '8.8.8.8', Vendor: 'VT', Type: 'ip', Score: 3 } });
  assert.deepEqual(dq(ctx, 'DBotScore.Score'), [3, 0]);
  ctx = mergeContextKey({ X: [{ g: 1, tags: ['a'] }, { g: 1, tags: ['b'] }, { g: 2 }] }, 'X(val.g == obj.g)', { g: 1, tags: ['c'] });
  assert.deepEqual(ctx['X'], [{ g: 1, tags: ['c'] }, { g: 1, tags: ['c'] }, { g: 2 }], 'every match is merged; lists are replaced');
  ctx = mergeContextKey({}, 'X(val.id == obj.id)', [{ id: 1, a: 1 }, { id: 1, b: 2 }]);
  assert.deepEqual(ctx['X'], { id: 1, a: 1, b: 2 }, 'incoming elements are upserted one after the other');
  ctx = mergeContextKey({ X: [{ id: 5 }] }, 'X(val.id == val1---Wanted)', { id: 9, hit: true });
  assert.deepEqual(ctx['X'], [{ id: 5 }, { id: 9, hit: true }]);
  ctx = mergeContextKey({ Wanted: 5, X: [{ id: 5 }] }, 'X(val.id == val1---Wanted)', { hit: true });
  assert.deepEqual(ctx['X'], [{ id: 5, hit: true }], 'val1--- reads the context being merged into');
  ctx = mergeContextKey({ X: [{ id: 'a.b' }] }, "X(val.id == 'a.b')", { ok: 1 });
  assert.deepEqual(ctx['X'], [{ id: 'a.b', ok: 1 }], 'dots inside the selector string are not path');
});

void test('intermediate values that are not objects are kept (append) or replaced (setContext)', () => {
  const ctx = frozen({ Email: [{ Subject: 's1' }, { Subject: 's2' }], Tag: 'x' });
  const merged = mergeContextKey(ctx, 'Email.MicrosoftHeadersSeverityCheck', 'High');
  assert.deepEqual(merged['Email'], [{ Subject: 's1' }, { Subject: 's2' }, { MicrosoftHeadersSeverityCheck: 'High' }]);
  assert.equal(dq(merged, 'Email.MicrosoftHeadersSeverityCheck'), 'High');
  assert.deepEqual(mergeContextKey(ctx, 'Tag.Sub', 1)['Tag'], ['x', { Sub: 1 }]);
  assert.deepEqual(setContext(ctx, 'Tag.Sub', 1)['Tag'], { Sub: 1 });
  assert.deepEqual(mergeContextKey({ A: null }, 'A.B', 1)['A'], [null, { B: 1 }]);
  assert.deepEqual(mergeContextKey({ A: {} }, 'A.B.C', 1), { A: { B: { C: 1 } } });
});

void test('setContext overwrites, and undefined deletes; the input is untouched', () => {
  const ctx = frozen({ A: { B: [1, 2], C: 'keep' }, D: 1 });
  const next = setContext(ctx, 'A.B', 'new');
  assert.deepEqual(next, { A: { B: 'new', C: 'keep' }, D: 1 });
  assert.deepEqual(ctx, { A: { B: [1, 2], C: 'keep' }, D: 1 });
  assert.equal(next['D'], ctx['D']);
  assert.deepEqual(setContext(ctx, 'A.B', undefined), { A: { C: 'keep' }, D: 1 });
  assert.deepEqual(setContext(ctx, 'New.Deep.Key', [1]), { ...ctx, New: { Deep: { Key: [1] } } });
  assert.deepEqual(setContext(ctx, 'X', null), { ...ctx, X: null });
  assert.equal(setContext(ctx, 'Nope.Nope', undefined), ctx);
  assert.throws(() => setContext(ctx, 'A(val.x)', 1), (e: unknown) => e instanceof DtError && /selector is not allowed/.test(e.message));
});

void test('deleteContext removes through lists, and by selector', () => {
  const ctx = frozen({ Email: [{ Subject: 's1', To: 'a' }, { Subject: 's2' }], X: { Y: [{ id: 1 }, { id: 2 }, { id: 3 }] }, Z: { id: 1 } });
  assert.deepEqual(deleteContext(ctx, 'Email.Subject')['Email'], [{ To: 'a' }, {}]);
  assert.deepEqual(deleteContext(ctx, 'X.Y(val.id >= 2)')['X'], { Y: [{ id: 1 }] });
  assert.deepEqual(deleteContext(ctx, 'X.Y(val.id > 0)')['X'], {});
  assert.equal(deleteContext(ctx, 'X.Y(val.id > 5)'), ctx);
  assert.equal(deleteContext(ctx, 'Z(val.id == 1)')['Z'], undefined);
  assert.equal(deleteContext(ctx, 'Missing.Key'), ctx);
  assert.deepEqual(Object.keys(deleteContext(ctx, 'Email')), ['X', 'Z']);
});

void test('keys with a selector in the middle, indexes or mutators are refused', () => {
  for (const key of ['A(val.x).B', 'A.[0]', 'A=val', '.A', '', 'A..B']) {
    assert.throws(() => mergeContextKey({}, key, 1), DtError, key);
  }
  assert.deepEqual(mergeEntryContext({}, { A: undefined, B: null }), { B: null });
});

void test('hostile keys and values: no prototype pollution, bounded work', () => {
  const ctx = mergeEntryContext({}, JSON.parse('{"__proto__.polluted": 1, "constructor.prototype.polluted": 2, "__proto__": {"polluted": 3}}') as Record<string, unknown>);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.getPrototypeOf(ctx), Object.prototype);
  assert.deepEqual(Object.keys(ctx), ['__proto__', 'constructor']);
  assert.deepEqual(dq(ctx, '__proto__.polluted'), [1, 3], 'stored as plain data, appended like any key');
  assert.deepEqual(dq(ctx, 'constructor.prototype.polluted'), 2);
  const set = setContext({}, '__proto__.x', 1);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
  assert.deepEqual(Object.getOwnPropertyNames(set), ['__proto__']);
  assert.throws(() => mergeContextKey({}, 'X(val.constructor)', 1), (e: unknown) => e instanceof DtError && e.kind === 'forbidden');
  assert.throws(() => mergeContextKey({}, 'A.'.repeat(300) + 'B', 1), (e: unknown) => e instanceof DtError && e.kind === 'limit');
  const many = Array.from({ length: 3000 }, (_, id) => ({ id }));
  assert.throws(
    () => mergeContextKey({ X: many }, 'X(val.id == obj.id)', many, { budget: new Budget(100_000) }),
    (e: unknown) => e instanceof DtError && e.kind === 'limit',
  );
  let deep: unknown = 1;
  for (let k = 0; k < 10_000; k++) deep = { a: deep };
  const a = mergeContextKey({}, 'Deep', deep);
  assert.equal(mergeContextKey(a, 'Deep', deep)['Deep'] !== undefined, true, 'deep values are compared without overflowing');
});
