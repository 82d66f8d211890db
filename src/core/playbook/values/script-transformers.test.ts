import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError } from '../dt/index.js';
import { OperatorError, UnknownOperatorError } from '../operators/index.js';
import { resolveValue } from './resolve.js';
import { argToList, isNativeScriptTransformer, NATIVE_SCRIPT_TRANSFORMERS, nativeScriptTransformer as run, perItem } from './script-transformers.js';

const fails = (fn: () => unknown, pattern: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof OperatorError && pattern.test(e.message), String(pattern));
};

void test('the native scripts, and UnknownOperatorError for every other name', () => {
  assert.deepEqual([...NATIVE_SCRIPT_TRANSFORMERS].sort(), ['ConvertToSingleElementArray', 'DT', 'IPv4Blacklist', 'IPv4Whitelist', 'ParseJSON', 'RegexExtractAll', 'SetIfEmpty']);
  for (const name of ['jmespath', 'toString', 'constructor', '__proto__', 'parsejson', 'split']) {
    assert.equal(isNativeScriptTransformer(name), false, name);
    assert.throws(() => run(name, 'x', {}), (e: unknown) => e instanceof UnknownOperatorError && e.operator === name && e.role === 'transformer');
  }
});

void test('RegexExtractAll: Python findall results, flags, unpack_matches, error_if_no_match', () => {
  const text = 'mail test@test.com and TestTrainee@test.com,\nthen testtrainee@test.com';
  const emails = '\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b';
  assert.deepEqual(run('RegexExtractAll', text, { regex: emails }), ['test@test.com', 'TestTrainee@test.com', 'testtrainee@test.com']);
  // The script's own unit test: ignore_case, then unpack_matches of a two-group regex.
  assert.deepEqual(run('RegexExtractAll', text, { regex: '\\bTEST[A-Za-z@.]+\\b', ignore_case: 'true' }), ['test@test.com', 'TestTrainee@test.com', 'testtrainee@test.com']);
  assert.deepEqual(run('RegexExtractAll', text, { regex: '\\bTEST[A-Za-z@.]+\\b', ignore_case: 'false' }), []);
  const twoGroups = '([A-Za-z@.]+@([A-Za-z@.]+))';
  assert.deepEqual(run('RegexExtractAll', 'a@x.com b@y.org', { regex: twoGroups }), [['a@x.com', 'x.com'], ['b@y.org', 'y.org']]);
  assert.deepEqual(run('RegexExtractAll', 'a@x.com b@y.org', { regex: twoGroups, unpack_matches: 'True' }), ['a@x.com', 'x.com', 'b@y.org', 'y.org']);
  // One group: the group, '' when it did not take part; unpacking drops the empty ones.
  assert.deepEqual(run('RegexExtractAll', 'k1=v1 k2= k3=v3', { regex: '=(v\\d)?' }), ['v1', '', 'v3']);
  assert.deepEqual(run('RegexExtractAll', 'k1=v1 k2= k3=v3', { regex: '=(v\\d)?', unpack_matches: 'true' }), ['v1', 'v3']);
  // multi_line and period_matches_newline.
  assert.deepEqual(run('RegexExtractAll', 'a1\nb2\nc3', { regex: '^\\w' }), ['a']);
  assert.deepEqual(run('RegexExtractAll', 'a1\nb2\nc3', { regex: '^\\w', multi_line: 'true' }), ['a', 'b', 'c']);
  assert.deepEqual(run('RegexExtractAll', 'a\nb', { regex: 'a.b' }), []);
  assert.deepEqual(run('RegexExtractAll', 'a\nb', { regex: 'a.b', period_matches_newline: 'true' }), ['a\nb']);
  // Named groups in Python syntax.
  assert.deepEqual(run('RegexExtractAll', 'id=7', { regex: 'id=(?P<id>\\d+)' }), ['7']);
  fails(() => run('RegexExtractAll', 'abc', { regex: 'z', error_if_no_match: 'true' }), /^RegexExtractAll: No results found$/);
  fails(() => run('RegexExtractAll', 'abc', {}), /argument regex is required/);
  fails(() => run('RegexExtractAll', 'abc', { regex: '(a' }), /invalid regex/);
  fails(() => run('RegexExtractAll', 'abc', { regex: '(?<=a)b' }), /lookahead and lookbehind are not supported/);
  fails(() => run('RegexExtractAll', { a: 1 }, { regex: 'a' }), /the value must be text, not an object/);
});

void test('RegexExtractAll runs per item: each item matched, results flattened into one list', () => {
  assert.deepEqual(run('RegexExtractAll', ['ip 1.1.1.1 and 2.2.2.2', 'none', 'ip 3.3.3.3'], { regex: '\\d+\\.\\d+\\.\\d+\\.\\d+' }), ['1.1.1.1', '2.2.2.2', '3.3.3.3']);
  assert.equal(run('RegexExtractAll', undefined, { regex: 'x' }), undefined);
  // error_if_no_match is checked for each item, as each item is one run of the script.
  fails(() => run('RegexExtractAll', ['a', 'b'], { regex: 'a', error_if_no_match: 'true' }), /No results found/);
});

void test('ParseJSON: JSON text per item; invalid JSON fails', () => {
  assert.deepEqual(run('ParseJSON', '{"a": [1, {"b": null}]}', {}), { a: [1, { b: null }] });
  assert.deepEqual(run('ParseJSON', ['{"a":1}', '[2,3]', '"s"', 'true'], {}), [{ a: 1 }, 2, 3, 's', true]);
  assert.equal(run('ParseJSON', 5, {}), 5);
  assert.equal(run('ParseJSON', undefined, {}), undefined);
  const own = run('ParseJSON', '{"__proto__": {"polluted": true}}', {}) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(own), Object.prototype);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  fails(() => run('ParseJSON', '{a: 1}', {}), /^ParseJSON: invalid JSON/);
  fails(() => run('ParseJSON', '', {}), /invalid JSON/);
  fails(() => run('ParseJSON', { a: 1 }, {}), /must be JSON text, not an object/);
});

void test('SetIfEmpty: the default for a missing or empty value, following the Python script', () => {
  const d = { defaultValue: 'def' };
  assert.equal(run('SetIfEmpty', 'validString', d), 'validString');
  assert.equal(run('SetIfEmpty', 0, { ...d, applyIfEmpty: 'true' }), 0);
  assert.deepEqual(run('SetIfEmpty', { name: 'John' }, d), { name: 'John' });
  for (const empty of [undefined, null, '', [], {}, [''], ['None'], ['none'], 'NULL', 'Null', [[]], [{}], [null]]) {
    assert.equal(run('SetIfEmpty', empty, { ...d, applyIfEmpty: 'true' }), 'def', JSON.stringify(empty));
  }
  // applyIfEmpty defaults to true (the script's declared default); when false only a missing value is replaced.
  assert.equal(run('SetIfEmpty', '', d), 'def');
  assert.equal(run('SetIfEmpty', '', { ...d, applyIfEmpty: 'False' }), '');
  assert.deepEqual(run('SetIfEmpty', {}, { ...d, applyIfEmpty: 'no' }), {});
  assert.equal(run('SetIfEmpty', undefined, { ...d, applyIfEmpty: 'false' }), 'def');
  // Lists are kept whole (entirelist); only a one-item list is judged by its item.
  assert.deepEqual(run('SetIfEmpty', ['', ''], d), ['', '']);
  assert.deepEqual(run('SetIfEmpty', ['a'], d), ['a']);
  // No value and no default: the script's [].
  assert.deepEqual(run('SetIfEmpty', ['None'], { applyIfEmpty: 'true' }), []);
  assert.deepEqual(run('SetIfEmpty', undefined, {}), []);
  assert.deepEqual(run('SetIfEmpty', '', { defaultValue: ['x', 'y'] }), ['x', 'y']);
  fails(() => run('SetIfEmpty', '', { applyIfEmpty: 'maybe' }), /argument applyIfEmpty must be true or false/);
});

void test('DT: the path evaluated with each item as its root', () => {
  const lists = { Allow: '1.1.1.1', Block: '' };
  assert.deepEqual(run('DT', lists, { dt: '.=Object.keys(val)' }), ['Allow', 'Block']);
  assert.deepEqual(run('DT', [{ a: 1 }, { a: 2 }, { b: 3 }], { dt: 'a' }), [1, 2]);
  assert.deepEqual(run('DT', ['ab', 'cde'], { dt: '.=val.length' }), [2, 3]);
  assert.deepEqual(run('DT', { x: [{ s: 1 }, { s: 5 }] }, { dt: 'x(val.s > 2).s' }), 5);
  assert.equal(run('DT', { x: 1 }, { dt: 'nope' }), undefined);
  fails(() => run('DT', { x: 1 }, {}), /^DT: argument dt is required/);
  assert.throws(() => run('DT', { x: 1 }, { dt: 'x(' }), DtError);
  const huge = Array.from({ length: 3000 }, (_, i) => ({ n: i }));
  assert.throws(() => run('DT', { huge }, { dt: 'huge(val.n >= 0).n' }, { budget: new Budget(500) }), /exceeded 500 steps/);
});

void test('ConvertToSingleElementArray: a list as is, a value in a list, falsy values → []', () => {
  assert.deepEqual(run('ConvertToSingleElementArray', ['1', '2'], {}), ['1', '2']);
  assert.deepEqual(run('ConvertToSingleElementArray', '1', {}), ['1']);
  assert.deepEqual(run('ConvertToSingleElementArray', { a: 1 }, {}), [{ a: 1 }]);
  assert.deepEqual(run('ConvertToSingleElementArray', 7, {}), [7]);
  for (const falsy of ['', 0, false, [], {}, null, undefined]) assert.deepEqual(run('ConvertToSingleElementArray', falsy, {}), [], JSON.stringify(falsy));
});

void test('IPv4Whitelist / IPv4Blacklist: the scripts\' unit tests, as text and as lists', () => {
  const ips = '172.16.0.1,10.0.0.5,5.6.7.8,4.2.2.2';
  const cidrs = '10.0.0.0/8,192.168.0.0/16,5.6.0.0/16';
  assert.deepEqual(run('IPv4Whitelist', ips, { cidr_ranges: cidrs }), ['10.0.0.5', '5.6.7.8']);
  assert.deepEqual(run('IPv4Blacklist', ips, { cidr_ranges: cidrs }), ['172.16.0.1', '4.2.2.2']);
  assert.deepEqual(run('IPv4Whitelist', ips.split(','), { cidr_ranges: cidrs.split(',') }), ['10.0.0.5', '5.6.7.8']);
  assert.deepEqual(run('IPv4Blacklist', ips.split(','), { cidr_ranges: cidrs.split(',') }), ['172.16.0.1', '4.2.2.2']);
  assert.deepEqual(run('IPv4Whitelist', '["10.1.1.1", "8.8.8.8"]', { cidr_ranges: '10.0.0.0/8' }), ['10.1.1.1']);
});

void test('IPv4Whitelist / IPv4Blacklist: edge cases follow the scripts', () => {
  // Nothing kept: Python None, which reaches the playbook as the text "None".
  assert.equal(run('IPv4Whitelist', '8.8.8.8', { cidr_ranges: '10.0.0.0/8' }), 'None');
  assert.equal(run('IPv4Blacklist', '10.0.0.1', { cidr_ranges: '10.0.0.0/8' }), 'None');
  assert.equal(run('IPv4Whitelist', undefined, { cidr_ranges: '10.0.0.0/8' }), 'None');
  // An address in two ranges is kept twice by the whitelist (the script appends per range).
  assert.deepEqual(run('IPv4Whitelist', '10.1.2.3', { cidr_ranges: '10.0.0.0/8, 10.1.0.0/16' }), ['10.1.2.3', '10.1.2.3']);
  // Bare addresses are ranges of one; host bits after the prefix are ignored.
  assert.deepEqual(run('IPv4Whitelist', '1.2.3.4,1.2.3.5', { cidr_ranges: '1.2.3.4' }), ['1.2.3.4']);
  assert.deepEqual(run('IPv4Whitelist', '10.200.0.1', { cidr_ranges: '10.1.2.3/8' }), ['10.200.0.1']);
  assert.deepEqual(run('IPv4Whitelist', '1.2.3.4', { cidr_ranges: '0.0.0.0/0' }), ['1.2.3.4']);
  // No ranges: nothing is inside.
  assert.deepEqual(run('IPv4Blacklist', '1.2.3.4', {}), ['1.2.3.4']);
  // IPv6 addresses are never in IPv4 ranges, and IPv6 ranges work like netaddr's.
  assert.deepEqual(run('IPv4Blacklist', ['2001:db8::1', '10.0.0.1'], { cidr_ranges: '10.0.0.0/8' }), ['2001:db8::1']);
  assert.deepEqual(run('IPv4Whitelist', ['2001:db8::1', '2001:db9::1'], { cidr_ranges: '2001:db8::/32' }), ['2001:db8::1']);
  fails(() => run('IPv4Whitelist', 'not-an-ip', { cidr_ranges: '10.0.0.0/8' }), /^IPv4Whitelist: "not-an-ip" is not an IP address/);
  fails(() => run('IPv4Whitelist', '1.2.3.4,', { cidr_ranges: '10.0.0.0/8' }), /"" is not an IP address/);
  fails(() => run('IPv4Blacklist', '1.2.3.4', { cidr_ranges: '10.0.0.0/33' }), /invalid CIDR range "10.0.0.0\/33"/);
  fails(() => run('IPv4Blacklist', '1.2.3.4', { cidr_ranges: '10.0.0/8' }), /invalid CIDR range/);
  const many = Array.from({ length: 3000 }, (_, i) => `10.0.${i % 250}.${i % 200}`);
  fails(() => run('IPv4Blacklist', many, { cidr_ranges: many.map((ip) => `${ip}/32`) }), /too many addresses/);
});

void test('argToList and perItem, as CommonServerPython and the server read them', () => {
  assert.deepEqual(argToList('a, b,c'), ['a', 'b', 'c']);
  assert.deepEqual(argToList('[1, "x"]'), [1, 'x']);
  assert.deepEqual(argToList('[not json]'), ['[not json]']);
  assert.deepEqual(argToList(['x']), ['x']);
  assert.deepEqual(argToList(''), []);
  assert.deepEqual(argToList(undefined), []);
  assert.deepEqual(argToList(5), [5]);
  assert.deepEqual(perItem(['a', null, 'b'], (s) => [s, s]), ['a', 'a', 'b', 'b']);
  assert.equal(perItem('a', (s) => `${String(s)}!`), 'a!');
  assert.equal(perItem(undefined, () => 'called'), undefined);
});

void test('as scope.scriptTransformer, the native scripts run inside complex values', () => {
  const view = { Raw: ['{"ip": "10.0.0.1"}', '{"ip": "8.8.8.8"}'], inputs: { Ranges: '10.0.0.0/8' } };
  const value = {
    complex: {
      root: 'Raw',
      transformers: [
        { operator: 'ParseJSON' },
        { operator: 'getField', args: { field: { value: { simple: 'ip' } } } },
        { operator: 'IPv4Blacklist', args: { cidr_ranges: { value: { simple: 'inputs.Ranges' }, iscontext: true } } },
        { operator: 'SetIfEmpty', args: { defaultValue: { value: { simple: 'none left' } } } },
      ],
    },
  };
  assert.deepEqual(resolveValue(value, { view, scriptTransformer: run }), ['8.8.8.8']);
  // Nothing left: the blacklist's "None", which SetIfEmpty counts as empty.
  assert.equal(resolveValue(value, { view: { ...view, Raw: '{"ip": "10.9.9.9"}' }, scriptTransformer: run }), 'none left');
});
