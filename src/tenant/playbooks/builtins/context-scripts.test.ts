import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../../../core/incident.js';
import { type Context, deleteContext, dq, mergeEntryContext, setContext } from '../../../core/playbook/dt/index.js';
import { areValuesEqualScript, existsScript, isErrorScript, printErrorEntryScript, printScript } from './answer-scripts.js';
import { deleteContextScript, setAndHandleEmptyScript, setScript } from './context-scripts.js';
import { jsParseInt, jsString } from './script-helpers.js';
import { tableToMarkdown, toTableScript } from './table-script.js';
import { calculateTimeDifferenceScript, getTimeScript, parseJsDate, sleepScript } from './time-scripts.js';
import { contextBuiltins } from './registry-scripts.js';
import type { BuiltinCall, BuiltinResult, BuiltinServices, ContextOp } from './types.js';

const NOW = Date.UTC(2023, 0, 18, 12, 59, 12, 345);

const incident: Incident = {
  id: 1, name: 'Test', type: 'Phishing', severity: 2, status: 'active', owner: '', created: '2023-01-18T00:00:00Z',
  modified: '2023-01-18T00:00:00Z', occurred: '2023-01-18T00:00:00Z', closed: null, closeReason: '', closeNotes: '',
  labels: [], details: '', customFields: {},
};

/** These scripts use no services: every one of them fails the test if called. */
const services = new Proxy({}, {
  get: () => (): never => {
    throw new Error('these scripts use no services');
  },
}) as BuiltinServices;

function call(args: Record<string, unknown>, context: Context = {}, extra: Partial<BuiltinCall> = {}): BuiltinCall {
  return { name: 'test', args, context, incident, now: NOW, runId: 'run', taskId: '3', playbookId: 'pb', services, ...extra };
}

/** Applies ops as the engine does (merge with EntryContext semantics, `clear` keeping keys). */
function apply(context: Context, ops: readonly ContextOp[] = []): Context {
  let out = context;
  for (const op of ops) {
    if (op.op === 'merge') out = mergeEntryContext(out, op.entryContext, { dedupe: op.dedupe ?? true });
    else if (op.op === 'set') out = setContext(out, op.path, op.value);
    else if (op.op === 'delete') out = deleteContext(out, op.path);
    else out = Object.fromEntries(Object.entries(out).filter(([k]) => op.keep?.includes(k) ?? false));
  }
  return out;
}

const note = (Contents: string): object => ({ Type: 1, ContentsFormat: 'text', Contents });
const error = (Contents: string): object => ({ Type: 4, ContentsFormat: 'text', Contents });

function errorText(result: BuiltinResult): string {
  const entry = result.entries?.[0];
  assert.equal(result.entries?.length, 1);
  assert.equal(entry?.Type, 4);
  assert.equal(result.context, undefined);
  const contents = entry?.Contents;
  return typeof contents === 'string' ? contents : JSON.stringify(contents);
}

// ---------------------------------------------------------------------------------------------
// Set

void test('Set overwrites by default with a set op and answers with the key set', () => {
  const result = setScript(call({ key: 'Alert.ID', value: '{"id": 7, "tags": ["a"]}' }));
  assert.deepEqual(result, {
    entries: [{ Type: 1, Contents: { 'Alert.ID': { id: 7, tags: ['a'] } }, ContentsFormat: 'json', HumanReadable: 'Key Alert.ID set' }],
    context: [{ op: 'set', path: 'Alert.ID', value: { id: 7, tags: ['a'] } }],
  });
  const ctx = apply({ Alert: { ID: 'old', Other: 1 } }, result.context);
  assert.deepEqual(ctx, { Alert: { ID: { id: 7, tags: ['a'] }, Other: 1 } });
  assert.deepEqual(setScript(call({ key: 'X', value: 'a', append: 'false' })).context, [{ op: 'set', path: 'X', value: 'a' }]);
});

void test('Set append=true merges as EntryContext: appends, de-duplicates, upserts with a selector', () => {
  const first = setScript(call({ key: 'Hosts', value: '["a","b"]', append: 'true' }));
  assert.deepEqual(first.context, [{ op: 'merge', entryContext: { Hosts: ['a', 'b'] } }]);
  let ctx = apply({ Hosts: 'a' }, first.context);
  assert.deepEqual(ctx, { Hosts: ['a', 'b'] });
  ctx = apply(ctx, setScript(call({ key: 'Hosts', value: 'c', append: 'yes' })).context);
  assert.deepEqual(ctx, { Hosts: ['a', 'b', 'c'] });
  const upsert = setScript(call({ key: 'Data(val.ID == obj.ID)', value: '{"ID": 1, "v": 2}', append: 'true' }));
  ctx = apply({ Data: [{ ID: 1, v: 1 }, { ID: 2, v: 1 }] }, upsert.context);
  assert.deepEqual(ctx, { Data: [{ ID: 1, v: 2 }, { ID: 2, v: 1 }] });
});

void test('Set converts values as Set.js does', () => {
  const valueOf = (value: unknown, extra: Record<string, unknown> = {}): unknown => {
    const op = setScript(call({ key: 'K', value, ...extra })).context?.[0];
    assert.equal(op?.op, 'set');
    return op.op === 'set' ? op.value : undefined;
  };
  assert.equal(valueOf('5'), 5);
  assert.equal(valueOf('007'), 7, 'whole numbers go through BigInt');
  assert.equal(valueOf('0x10'), 16);
  assert.equal(valueOf('1.50'), 1.5);
  assert.equal(valueOf('1.'), '1.', 'JSON.parse fails: the text stays');
  assert.equal(valueOf('1e3'), '1e3', 'BigInt fails: the text stays');
  assert.equal(valueOf('12345678901234567890'), '12345678901234567890', 'beyond 2^53: kept as text');
  assert.equal(valueOf('true'), true);
  assert.equal(valueOf('null'), null);
  assert.equal(valueOf('hello'), 'hello');
  assert.equal(valueOf(' '), 0, 'Number(" ") is 0 and BigInt(" ") is 0n, as in XSOAR');
  assert.deepEqual(valueOf('[1, "a"]'), [1, 'a']);
  assert.equal(valueOf(42), 42);
  assert.equal(valueOf(false), false);
  assert.deepEqual(valueOf({ a: '1' }), { a: '1' });
  assert.deepEqual(valueOf(['a', 'b']), ['a', 'b']);
  assert.equal(valueOf(['12']), 12, 'a one-element list of digits is read as its text');
  assert.deepEqual(valueOf(['{"a":1}']), { a: 1 });
  assert.equal(valueOf('5', { stringify: 'true' }), '5');
  assert.equal(valueOf(['a', 'b'], { stringify: 'true' }), '["a","b"]');
  assert.equal(valueOf({ a: 1 }, { stringify: true }), '{"a":1}');
});

void test('Set refuses a missing key or value and a selector key it cannot overwrite', () => {
  assert.match(errorText(setScript(call({ value: 'x' }))), /Set: the "key" argument is required/);
  assert.match(errorText(setScript(call({ key: 'K' }))), /"value" argument is required/);
  assert.match(errorText(setScript(call({ key: 'K', value: '' }))), /"value" argument is required/);
  assert.match(errorText(setScript(call({ key: 'K(val.a == 1)', value: '1' }))), /"key" argument "K\(val.a == 1\)" is not a usable context key/);
  assert.match(errorText(setScript(call({ key: 'a..b', value: '1' }))), /"key" argument/);
  assert.match(errorText(setScript(call({ key: ['a'], value: '1' }))), /"key" argument must be text/);
});

// ---------------------------------------------------------------------------------------------
// SetAndHandleEmpty

void test('SetAndHandleEmpty appends by default and sets nothing for an empty value', () => {
  const result = setAndHandleEmptyScript(call({ key: 'User', value: '{"name": "ann"}' }));
  assert.deepEqual(result, {
    entries: [{ Type: 1, ContentsFormat: 'json', Contents: 'Key User set', HumanReadable: 'Key User set' }],
    context: [{ op: 'merge', entryContext: { User: { name: 'ann' } } }],
  });
  assert.deepEqual(apply({ User: { name: 'bob' } }, result.context), { User: [{ name: 'bob' }, { name: 'ann' }] });
  for (const value of [undefined, '', '0', 'false', 'null', 0, null]) {
    const empty = setAndHandleEmptyScript(call({ key: 'User', value, append: 'false' }));
    assert.deepEqual(empty, { entries: [{ Type: 1, ContentsFormat: 'json', Contents: 'value is None', HumanReadable: 'value is None' }] }, String(value));
  }
  assert.deepEqual(setAndHandleEmptyScript(call({ key: 'L', value: '[]' })).context, [{ op: 'merge', entryContext: { L: [] } }], '[] is truthy');
});

void test('SetAndHandleEmpty append=false deletes each key first, then merges', () => {
  const result = setAndHandleEmptyScript(call({ key: 'A,B.C', value: 'x', append: 'false' }));
  assert.deepEqual(result.context, [
    { op: 'delete', path: 'A' },
    { op: 'delete', path: 'B.C' },
    { op: 'merge', entryContext: { A: 'x' } },
    { op: 'merge', entryContext: { 'B.C': 'x' } },
  ]);
  assert.deepEqual(result.entries?.map((e) => e.Contents), ['Key A set', 'Key B.C set']);
  assert.deepEqual(apply({ A: ['old'], B: { C: 'old', D: 1 } }, result.context), { A: 'x', B: { C: 'x', D: 1 } });
  const forced = setAndHandleEmptyScript(call({ key: ['A'], force: 'true', append: 'false' }));
  assert.deepEqual(forced.context, [{ op: 'delete', path: 'A' }], 'force with no value only deletes');
  const listed = setAndHandleEmptyScript(call({ key: '["X"]', value: ['a', 'b'], stringify: 'true' }));
  assert.deepEqual(listed.context, [{ op: 'merge', entryContext: { X: 'a,b' } }], 'String(list), as the script does');
  assert.match(errorText(setAndHandleEmptyScript(call({ value: 'x' }))), /"key" argument is required/);
  assert.match(errorText(setAndHandleEmptyScript(call({ key: '[oops]', value: 'x' }))), /"key" argument/);
});

// ---------------------------------------------------------------------------------------------
// DeleteContext

void test('DeleteContext deletes comma-separated keys and says which, as the script does', () => {
  const result = deleteContextScript(call({ key: 'A, B.C', subplaybook: 'auto' }));
  const message = "\n\nSuccessfully deleted keys 'A', ' B.C' from context.";
  assert.deepEqual(result, {
    entries: [{ Type: 1, Contents: message, ContentsFormat: 'text', HumanReadable: message, ReadableContentsFormat: 'markdown' }],
    context: [{ op: 'delete', path: 'A' }, { op: 'delete', path: 'B.C' }],
  });
  assert.deepEqual(apply({ A: 1, B: [{ C: 1, D: 2 }, { C: 3 }], E: 5 }, result.context), { B: [{ D: 2 }, {}], E: 5 });
  assert.deepEqual(deleteContextScript(call({})).entries, [error('You must specify key or all=yes')]);
  assert.match(errorText(deleteContextScript(call({ key: 'A..B' }))), /"key" argument "A..B"/);
});

void test('DeleteContext all=yes clears everything but the kept keys', () => {
  const context = {
    incident: { id: 1 }, inputs: {}, lists: {},
    URL: { Data: 'http://a', Other: 1 }, DBotScore: [{ Score: 1 }], Keep: [{ Name: 'k1' }, { Name: 'k2' }], Drop: 'x',
  };
  const result = deleteContextScript(call({ all: 'yes', keysToKeep: 'URL.Data, DBotScore,Keep.[1].Name' }, context));
  const message = "\n\nSuccessfully deleted keys 'URL', 'Keep', 'Drop' from context.";
  assert.deepEqual(result, {
    entries: [{ Type: 1, Contents: message, ContentsFormat: 'text', HumanReadable: message, ReadableContentsFormat: 'markdown' }],
    context: [{ op: 'clear', keep: ['DBotScore'] }, { op: 'merge', entryContext: { 'URL.Data': 'http://a', 'Keep.Name': 'k2' } }],
  });
  const run = { URL: { Data: 'http://a', Other: 1 }, DBotScore: [{ Score: 1 }], Keep: [{ Name: 'k1' }, { Name: 'k2' }], Drop: 'x' };
  assert.deepEqual(apply(run, result.context), { DBotScore: [{ Score: 1 }], URL: { Data: 'http://a' }, Keep: { Name: 'k2' } });
  const plain = deleteContextScript(call({ all: 'yes' }, {}));
  assert.deepEqual(plain.context, [{ op: 'clear' }]);
  assert.equal(plain.entries?.[0]?.Contents, '\n');
});

void test('DeleteContext index removes one element, the key when none is left', () => {
  const context = { L: ['a', 'b', 'c'], One: 'x', Zero: 0 };
  const result = deleteContextScript(call({ key: 'L', index: '1' }, context));
  assert.deepEqual(result, { entries: [note('Successfully deleted index 1 from key L')], context: [{ op: 'set', path: 'L', value: ['a', 'c'] }] });
  assert.deepEqual(apply(context, result.context), { L: ['a', 'c'], One: 'x', Zero: 0 });
  assert.deepEqual(deleteContextScript(call({ key: 'One', index: '0' }, context)).context, [{ op: 'delete', path: 'One' }]);
  assert.deepEqual(deleteContextScript(call({ key: 'L', index: '3' }, context)), { entries: [error('Index out of range 3')] });
  assert.deepEqual(deleteContextScript(call({ key: 'L', index: 'x' }, context)), { entries: [error('Invalid index x')] });
  assert.deepEqual(deleteContextScript(call({ key: 'Zero', index: '0' }, context)), { entries: [note('Key [Zero] was not found.')] });
  assert.deepEqual(deleteContextScript(call({ key: 'L', index: '2abc' }, context)).context, [{ op: 'set', path: 'L', value: ['a', 'b'] }]);
});

// ---------------------------------------------------------------------------------------------
// Print, PrintErrorEntry, Exists, AreValuesEqual

void test('Print writes the value as a note; PrintErrorEntry as an error entry', () => {
  assert.deepEqual(printScript(call({ value: '**done**' })), {
    entries: [{ Type: 1, ContentsFormat: 'text', Contents: '**done**', HumanReadable: '**done**', HumanReadableFormat: 'markdown' }],
  });
  assert.deepEqual(printScript(call({ value: ['a', 'b'] })).entries, [
    { Type: 1, ContentsFormat: 'json', Contents: ['a', 'b'], HumanReadable: 'a,b', HumanReadableFormat: 'markdown' },
  ]);
  assert.match(errorText(printScript(call({}))), /Print: the "value" argument is required/);
  assert.deepEqual(printErrorEntryScript(call({ message: 'It failed' })), { entries: [error('It failed')] });
  assert.match(errorText(printErrorEntryScript(call({}))), /"message" argument is required/);
});

void test('Exists answers with JavaScript truthiness, empty lists counting as absent', () => {
  const cases: [unknown, string][] = [
    [undefined, 'no'], ['', 'no'], [null, 'no'], [0, 'no'], [false, 'no'], [[], 'no'],
    ['x', 'yes'], ['0', 'yes'], [1, 'yes'], [['a'], 'yes'], [{}, 'yes'], [true, 'yes'],
  ];
  for (const [value, answer] of cases) {
    assert.deepEqual(existsScript(call(value === undefined ? {} : { value })), { entries: [note(answer)] }, JSON.stringify(value));
  }
});

void test('AreValuesEqual compares text forms and sets AreValuesEqual', () => {
  assert.deepEqual(areValuesEqualScript(call({ left: '1', right: 1 })), {
    entries: [note('yes')],
    context: [{ op: 'set', path: 'AreValuesEqual', value: 'yes' }],
  });
  assert.equal(areValuesEqualScript(call({ left: ['a', 'b'], right: 'a,b' })).entries?.[0]?.Contents, 'yes');
  assert.equal(areValuesEqualScript(call({ left: { a: 1 }, right: '[object Object]' })).entries?.[0]?.Contents, 'yes');
  assert.equal(areValuesEqualScript(call({ left: null, right: 'null' })).entries?.[0]?.Contents, 'yes');
  assert.deepEqual(areValuesEqualScript(call({ left: 'A', right: 'a' })).context, [{ op: 'set', path: 'AreValuesEqual', value: 'no' }]);
  assert.deepEqual(areValuesEqualScript(call({ left: 'a' })), { entries: [note('no')] }, 'a missing side: no, nothing set');
});

// ---------------------------------------------------------------------------------------------
// isError

void test('isError looks at entries given as objects or found in lastCompletedTaskEntries', () => {
  const ok = { Type: 1, ContentsFormat: 'text', Contents: 'fine' };
  const bad = { Type: 4, ContentsFormat: 'text', Contents: 'boom' };
  assert.deepEqual(isErrorScript(call({ entryId: [ok, bad] })), { entries: [note('yes')] });
  assert.deepEqual(isErrorScript(call({ entryId: ok })), { entries: [note('no')] });
  assert.deepEqual(isErrorScript(call({ entryId: [] })), { entries: [note('no')] });
  const context = { lastCompletedTaskEntries: [{ ID: '5@12', ...ok }, { ID: '6@12', ...bad }] };
  assert.deepEqual(isErrorScript(call({ entryId: '5@12' }, context)), { entries: [note('no')] });
  assert.deepEqual(isErrorScript(call({ entryId: ['5@12', '6@12'] }, context)), { entries: [note('yes')] });
  assert.match(errorText(isErrorScript(call({ entryId: '9@12' }, context))), /entry "9@12", which is neither given/);
  assert.match(errorText(isErrorScript(call({}))), /"entryId" argument is required/);
});

// ---------------------------------------------------------------------------------------------
// GetTime, CalculateTimeDifference

void test('GetTime gives the task time as goja writes a Date, into TimeNow and TimeNowUnix', () => {
  const text = 'Wed Jan 18 2023 12:59:12 GMT+0000 (UTC)';
  const result = getTimeScript(call({}));
  assert.deepEqual(result, {
    entries: [{ Type: 1, Contents: text, ContentsFormat: 'text', HumanReadable: text }],
    context: [{ op: 'merge', entryContext: { TimeNowUnix: NOW, TimeNow: text } }],
  });
  let ctx = apply({}, result.context);
  ctx = apply(ctx, getTimeScript(call({ dateFormat: 'ISO', hoursAgo: '2' })).context);
  assert.deepEqual(ctx['TimeNow'], [text, '2023-01-18T10:59:12.345Z'], 'EntryContext appends, as in XSOAR');
});

void test('GetTime formats, offsets, dates and the context key prefix', () => {
  const time = (args: Record<string, unknown>): unknown => getTimeScript(call(args)).entries?.[0]?.Contents;
  assert.equal(time({ dateFormat: 'utc' }), 'Wed, 18 Jan 2023 12:59:12 GMT');
  assert.equal(time({ dateFormat: 'GMT', minutesAgo: '30' }), 'Wed, 18 Jan 2023 12:29:12 GMT');
  assert.equal(time({ dateFormat: 'Locale', daysAgo: '1' }), '01/17/2023, 12:59:12');
  assert.equal(time({ dateFormat: 'date', yearsAgo: '1' }), 'Tue Jan 18 2022');
  assert.equal(time({ dateFormat: 'month' }), 0, 'months from 0');
  assert.equal(time({ dateFormat: 'year', monthsAgo: '1' }), 2022);
  assert.equal(time({ dateFormat: 'day' }), 18);
  assert.equal(time({ dateFormat: 'dayinweek' }), 3);
  assert.equal(time({ dateFormat: 'hours' }), 12);
  assert.equal(time({ dateFormat: 'minutes' }), 59);
  assert.equal(time({ date: '2024-03-31T10:00:00Z', monthsAgo: '1', dateFormat: 'iso' }), '2024-03-02T10:00:00.000Z', 'JS month arithmetic');
  assert.equal(time({ date: 'Wed Jan 18 2023 12:59:12 GMT+0200 (EET)', dateFormat: 'iso' }), '2023-01-18T10:59:12.000Z');
  assert.equal(time({ date: 'Jan 5, 2023', dateFormat: 'iso' }), '2023-01-05T00:00:00.000Z');
  const prefixed = getTimeScript(call({ contextKey: 'Start', dateFormat: 'iso' }));
  assert.deepEqual(prefixed.context, [{ op: 'merge', entryContext: { StartTimeNowUnix: NOW, StartTimeNow: '2023-01-18T12:59:12.345Z' } }]);
  assert.deepEqual(getTimeScript(call({ dateFormat: 'weeks' })), { entries: [error('Unsupported date format: weeks')] });
  assert.match(errorText(getTimeScript(call({ date: 'next tuesday' }))), /"date" argument "next tuesday"/);
  assert.match(errorText(getTimeScript(call({ daysAgo: 'two' }))), /"daysAgo" argument must be a number/);
});

void test('CalculateTimeDifference gives minutes between two times, as the script does', () => {
  const result = calculateTimeDifferenceScript(call({ start_time: '"2023-01-18T10:00:00.123456Z"', end_time: '2023-01-18T11:30:20Z' }));
  assert.deepEqual(result, {
    entries: [{ Type: 1, Contents: 90.33, ContentsFormat: 'json', HumanReadable: 'Calculated Time Difference: 90.33 minutes.', ReadableContentsFormat: 'markdown' }],
    context: [{ op: 'merge', entryContext: { Time: { Difference: 90.33, Start: '2023-01-18T10:00:00.123456Z', End: '2023-01-18T11:30:20Z' } } }],
  });
  assert.deepEqual(apply({}, result.context), { Time: { Difference: 90.33, Start: '2023-01-18T10:00:00.123456Z', End: '2023-01-18T11:30:20Z' } });
  const back = calculateTimeDifferenceScript(call({ start_time: '2023-01-18 11:00:00', end_time: '2023-01-18T10:59:30' }));
  assert.equal(back.entries?.[0]?.Contents, -0.5);
  assert.match(errorText(calculateTimeDifferenceScript(call({ start_time: 'x', end_time: '2023-01-18' }))), /"start_time" argument "x"/);
  assert.match(errorText(calculateTimeDifferenceScript(call({ start_time: '2023-01-18' }))), /"end_time" argument is required/);
});

void test('dates are read as goja reads them, in UTC', () => {
  assert.equal(parseJsDate('2023')?.toISOString(), '2023-01-01T00:00:00.000Z');
  assert.equal(parseJsDate('2023-05')?.toISOString(), '2023-05-01T00:00:00.000Z');
  assert.equal(parseJsDate('2023-01-18T10:00:00')?.toISOString(), '2023-01-18T10:00:00.000Z');
  assert.equal(parseJsDate('Wed, 18 Jan 2023 12:59:12 GMT')?.toISOString(), '2023-01-18T12:59:12.000Z');
  assert.equal(parseJsDate('1674046752')?.toISOString(), '2023-01-18T12:59:12.000Z');
  assert.equal(parseJsDate('2023-13'), undefined);
  assert.equal(parseJsDate('soon'), undefined);
});

// ---------------------------------------------------------------------------------------------
// ToTable

void test('ToTable flattens objects and writes tableToMarkdown with sorted headers', () => {
  const data = [
    { name: 'a|b', info: { os: 'linux', tags: ['x', 'y'] }, gone: null },
    { name: 'c\nd', info: { os: 'win' }, n: 0, list: [{ k: 1 }] },
  ];
  assert.deepEqual(toTableScript(call({ data, title: 'Hosts' })), {
    entries: [{
      Type: 1,
      ContentsFormat: 'markdown',
      Contents:
        '### Hosts\n' +
        '| info.os | info.tags | list.0.k | n | name |\n' +
        '| --- | --- | --- | --- | --- |\n' +
        '| linux | x,y |   |   | a\\|b |\n' +
        '| win |   | 1 | 0 | c<br>d |\n',
    }],
  });
  assert.equal(
    toTableScript(call({ data: { a: true, b: { c: 'd' } }, columns: 'b.c,a,missing' })).entries?.[0]?.Contents,
    '| b.c | a | missing |\n| --- | --- | --- |\n| d | true |   |\n',
  );
  assert.equal(toTableScript(call({ data: ['x', 'y'] })).entries?.[0]?.Contents, 'No data returned\n');
  assert.equal(toTableScript(call({ data: ['x', 'y'], columns: 'Value' })).entries?.[0]?.Contents, '| Value |\n| --- |\n| x |\n| y |\n');
  assert.equal(toTableScript(call({ data: [], columns: 'a', title: 'T' })).entries?.[0]?.Contents, '### T\nNo data returned\n');
  assert.match(errorText(toTableScript(call({}))), /"data" argument is required/);
});

void test('tableToMarkdown matches CommonServer.js on cells', () => {
  assert.equal(tableToMarkdown('', [{ a: [1, 'b', null, { c: 1 }], b: '' }], null), '| a | b |\n| --- | --- |\n| 1,b,null,{"c":1} |   |\n');
});

// ---------------------------------------------------------------------------------------------
// Sleep

void test('Sleep waits, then completes on the re-run', () => {
  const first = sleepScript(call({ seconds: '30' }));
  assert.deepEqual(first, { wait: { reason: 'sleep', wakeAt: NOW + 30_000, data: { seconds: 30 } } });
  assert.deepEqual(sleepScript(call({ seconds: '30' }, {}, { resumed: { seconds: 30 } })), {});
  assert.deepEqual(sleepScript(call({ seconds: '0' })), {});
  assert.match(errorText(sleepScript(call({ seconds: 'soon' }))), /"seconds" argument must be a number/);
  assert.match(errorText(sleepScript(call({}))), /"seconds" argument is required/);
});

void test('Sleep from 300 seconds says so, as XSOAR 8 polling does', () => {
  assert.deepEqual(sleepScript(call({ seconds: '600' })), {
    entries: [note('Sleep will complete in 600 seconds')],
    wait: { reason: 'sleep', wakeAt: NOW + 600_000, data: { seconds: 600 } },
  });
  assert.deepEqual(sleepScript(call({ seconds: '600' }, {}, { resumed: {} })), {
    entries: [{ Type: 1, ContentsFormat: 'text', Contents: 'Sleep completed in 600 seconds', HumanReadable: 'Sleep completed in 600 seconds', HumanReadableFormat: 'markdown' }],
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers and the registry

void test('JavaScript coercions', () => {
  assert.equal(jsString([1, null, ['a', undefined], { x: 1 }]), '1,,a,,[object Object]');
  assert.equal(jsString(null), 'null');
  assert.equal(jsParseInt(' 12px'), 12);
  assert.equal(jsParseInt('-0x1f'), -31);
  assert.ok(Number.isNaN(jsParseInt('px')));
});

void test('the registry maps every script name to a local built-in', async () => {
  assert.deepEqual(Object.keys(contextBuiltins).sort(), [
    'AreValuesEqual', 'CalculateTimeDifference', 'DeleteContext', 'Exists', 'GetTime', 'Print', 'PrintErrorEntry', 'Set',
    'SetAndHandleEmpty', 'Sleep', 'ToTable', 'extractIndicators', 'isError',
  ]);
  for (const def of Object.values(contextBuiltins)) assert.equal(def.local, true);
  const set = contextBuiltins['Set'];
  assert.ok(set);
  const result = await set.run(call({ key: 'A', value: '1' }));
  assert.equal(dq(apply({}, result.context), 'A'), 1);
});
