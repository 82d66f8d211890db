import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_FILTERS } from '../../content/operators.js';
import { evaluateFilter, FILTER_NAMES, isFilter } from './filters.js';
import { OperatorError, UnknownOperatorError } from './operator-error.js';

type Case = readonly [left: unknown, right: unknown, expected: boolean, ignoreCase?: boolean];

/** Checks the cases for `op` and, when given, that `negated` gives the opposite for each. */
function check(op: string, cases: readonly Case[], negated?: string): void {
  for (const [left, right, expected, ignoreCase] of cases) {
    const opts = { ignoreCase: ignoreCase === true };
    const label = `${op}(${JSON.stringify(left)}, ${JSON.stringify(right)}${ignoreCase === true ? ', ignorecase' : ''})`;
    assert.equal(evaluateFilter(op, left, right, opts), expected, label);
    if (negated !== undefined) assert.equal(evaluateFilter(negated, left, right, opts), !expected, `${negated} of ${label}`);
  }
}

void test('the operators are exactly the server\'s built-in filters (XSOAR-FORMATS §1.6.1)', () => {
  assert.deepEqual([...FILTER_NAMES].sort(), [...BUILTIN_FILTERS].sort());
  for (const name of BUILTIN_FILTERS) assert.equal(isFilter(name), true, name);
  for (const name of ['string.isEqual', 'general.isExists', 'number.lessThan', 'date.isBefore', 'string.inList', 'boolean.isTrue']) assert.equal(isFilter(name), true, name);
  for (const name of ['StringContainsArray', 'IsInCidrRanges', 'isequalstring', 'toString', 'hasOwnProperty', 'uniq', '']) assert.equal(isFilter(name), false, name);
});

void test('a name that is not a built-in asks for a filter script', () => {
  for (const name of ['StringContainsArray', 'InRange', 'd8d43bef-1111-4222-8333-444455556666', 'constructor']) {
    assert.throws(() => evaluateFilter(name, 'a', 'b'), (e: unknown) => e instanceof UnknownOperatorError && e.role === 'filter' && e.operator === name);
  }
});

void test('string equality: case, ignorecase, numbers and booleans as text, lists any-match, missing values', () => {
  check('isEqualString', [
    ['Critical', 'Critical', true], ['Critical', 'critical', false], ['Critical', 'critical', true, true],
    [4, '4', true], ['4', 4, true], [true, 'true', true], [['Low', 'High'], 'High', true], [['Low', 'Medium'], 'High', false],
    ['High', ['Low', 'High'], true], [[['a'], ['b']], 'b', true], [undefined, 'x', false], [null, '', false], ['', undefined, true],
    [[], 'x', false], [[null, 'x'], 'x', true],
  ], 'isNotEqualString');
  // A negation covers the whole list: no item may equal.
  assert.equal(evaluateFilter('isNotEqualString', ['a', 'b'], 'a'), false);
  assert.equal(evaluateFilter('string.isEqual', 'fail', 'FAIL', { ignoreCase: true }), true);
  assert.equal(evaluateFilter('string.isNotEqual', 'a', 'b'), true);
  check('isEqualCase', [['A', 'A', true], ['A', 'a', false], ['A', 'a', false, true], [['x', 'A'], 'A', true]], 'isNotEqualCase');
  assert.throws(() => evaluateFilter('isEqualString', { a: 1 }, 'x'), OperatorError);
});

void test('containsString, startWith, endWith with ignorecase and lists', () => {
  check('containsString', [
    ['malicious.example.com', 'example', true], ['abc', 'B', false], ['abc', 'B', true, true], [['x', 'yabc'], 'ab', true],
    ['abc', '', true], [undefined, 'a', false], [12345, 34, true],
  ], 'notContainsString');
  check('startWith', [['Yes, please', 'Yes', true], ['yes', 'Yes', false], ['yes', 'Yes', true, true], [['no', 'Yes'], 'Yes', true], [null, 'Y', false]], 'notStartWith');
  check('endWith', [['report.pdf', '.pdf', true], ['report.PDF', '.pdf', false], ['report.PDF', '.pdf', true, true], [['a.exe', 'b.pdf'], '.pdf', true]], 'notEndWith');
});

void test('match is a regex search (Go syntax), with ignorecase, lists, and refused bad patterns', () => {
  check('match', [
    ['user@example.com', '^[^@]+@example\\.com$', true], ['USER@EXAMPLE.COM', 'example', false], ['USER@EXAMPLE.COM', 'example', true, true],
    ['x-123', '\\d+', true], [['abc', 'a1'], '^a\\d$', true], ['Fail', '(?i)^fail$', true], [undefined, '.*', false],
  ]);
  assert.throws(() => evaluateFilter('match', 'a', '(unclosed'), (e: unknown) => e instanceof OperatorError && /invalid regex/.test(e.message));
  assert.throws(() => evaluateFilter('match', 'aa', '(a)\\1'), /backreferences/);
  assert.throws(() => evaluateFilter('match', 'a', 'a'.repeat(1001)), /at most 1000/);
});

void test('number comparisons read numeric text and fail on text that is not a number', () => {
  check('greaterThan', [[5, 4, true], ['5', '4', true], ['10', '9', true], ['4', 4, false], [['1', '7'], '5', true], [undefined, 1, false], [3, undefined, false], ['', 1, false]]);
  check('greaterThanOrEqual', [['4', '4', true], [3.9, '4', false], ['-1', '-2', true]]);
  check('lessThan', [['1', '2', true], ['2', '2', false], [['9', '1'], 2, true], [' 1 ', '2', true]]);
  check('lessThanOrEqual', [['2', '2', true], ['3', '2', false], ['1e2', 100, true]]);
  check('isEqualNumber', [['4', 4, true], ['4.0', '4', true], ['04', 4, true], [5, 4, false], [['1', '4'], '4', true], [null, 0, false]], 'isNotEqualNumber');
  assert.equal(evaluateFilter('number.greaterThanOrEqual', '4', '4'), true);
  assert.equal(evaluateFilter('number.isEqual', '3', 3), true);
  assert.throws(() => evaluateFilter('greaterThan', 'abc', 3), (e: unknown) => e instanceof OperatorError && /cannot read "abc" as a number/.test(e.message));
  assert.throws(() => evaluateFilter('lessThan', 1, 'x'), OperatorError);
  assert.throws(() => evaluateFilter('isEqualNumber', true, 1), OperatorError);
});

void test('general equality and containment', () => {
  check('isEqual', [
    ['4', 4, true], ['High', 'high', false], ['High', 'high', true, true], [{ a: 1, b: ['x'] }, { b: ['x'], a: '1' }, true],
    [['a', 'b'], 'b', true], [{ a: 1 }, { a: 2 }, false], [undefined, undefined, false],
  ], 'isNotEqual');
  check('containsGeneral', [
    ['Critical severity', 'Critical', true], [['Critical', 'High'], 'High', true], [['Critical asset'], 'Critical', false],
    [['Low'], 'low', true, true], [{ Critical: 1 }, 'critical', true, true], [{ a: 1 }, 'b', false], [[1, 2], '2', true],
    [undefined, 'x', false], [4, 4, true], ['abc', ['x', 'b'], true],
  ], 'notContainsGeneral');
  assert.equal(evaluateFilter('contains', ['a', 'b'], 'a'), true);
  assert.equal(evaluateFilter('notContains', ['a', 'b'], 'c'), true);
  check('in', [
    ['bob', ['alice', 'bob'], true], ['bob', ['alice', 'bobby'], false], ['Bob', ['bob'], true, true], ['b', 'abc', true],
    [['x', 'bob'], ['bob'], true], ['bob', undefined, false], [undefined, ['a'], false], [2, ['1', '2'], true],
  ], 'notIn');
});

void test('inList takes a list or comma-separated text on the right, trimmed', () => {
  check('inList', [
    ['1.1.1.1', '1.1.1.1,2.2.2.2', true], ['2.2.2.2', '1.1.1.1, 2.2.2.2 ', true], ['3.3.3.3', '1.1.1.1,2.2.2.2', false],
    ['b', ['a', 'b'], true], ['B', 'a,b', false], ['B', 'a,b', true, true], [['x', 'a'], 'a,b', true], [undefined, 'a', false],
    ['a', undefined, false], [4, '3,4', true],
  ], 'notInList');
  assert.equal(evaluateFilter('string.inList', 'a', 'a,b'), true);
});

void test('existence and emptiness look at the value whole', () => {
  const exists: Case[] = [['x', undefined, true], ['', undefined, true], [false, undefined, true], [[], undefined, true], [0, undefined, true], [null, undefined, false], [undefined, undefined, false]];
  check('isExists', exists, 'isNotExists');
  assert.equal(evaluateFilter('general.isExists', {}, undefined), true);
  check('isEmpty', [
    [undefined, undefined, true], [null, undefined, true], ['', undefined, true], [[], undefined, true], [{}, undefined, true],
    [[null, ''], undefined, true], [' ', undefined, false], [0, undefined, false], [false, undefined, false], [['a'], undefined, false], [{ a: null }, undefined, false],
  ], 'isNotEmpty');
  assert.equal(evaluateFilter('general.isNotEmpty', 'x', undefined), true);
});

void test('booleans read true/false text in any case; neither is not the other', () => {
  check('isTrue', [[true, undefined, true], ['true', undefined, true], ['True', undefined, true], ['1', undefined, true], ['yes', undefined, false], [false, undefined, false], [undefined, undefined, false], [['false', 'TRUE'], undefined, true]]);
  check('isFalse', [[false, undefined, true], ['false', undefined, true], ['FALSE', undefined, true], ['0', undefined, true], ['no', undefined, false], [undefined, undefined, false], [true, undefined, false]]);
});

void test('lengths: stringHasLength per item in characters, hasLength of the list', () => {
  check('stringHasLength', [['abc', '3', true], ['abc', 2, false], [['a', 'abcd'], 4, true], ['héé', 3, true], ['🙂', 1, true], [undefined, 0, false]]);
  check('hasLength', [[['a', 'b'], '2', true], [['a', 'b'], 1, false], ['abc', 1, true], [undefined, 0, true], [[], '0', true], [[['a'], ['b', 'c']], 3, true]]);
  assert.throws(() => evaluateFilter('hasLength', ['a'], 'one'), OperatorError);
  assert.throws(() => evaluateFilter('stringHasLength', 'a', undefined), /the length is missing/);
});

void test('dates: ISO, epoch seconds and milliseconds, Go layouts; missing never compares', () => {
  check('isBefore', [
    ['2019-11-13T15:33:10.314406457Z', '2019-11-13T15:33:11Z', true], ['2020-01-01', '2019-12-31T23:59:59Z', false],
    [1_525_006_939, '2018-04-29T13:02:20Z', true], ['1525006939000', '2018-04-29T13:02:19.5Z', true],
    ['Mon, 02 Jan 2006 15:04:05 GMT', '2006-01-02T15:04:06Z', true], ['Mon, 02 Jan 2006 15:04:05 MST', '2006-01-02T22:04:06Z', true], [undefined, '2020-01-01', false], ['2020-01-01', '', false],
    [['2030-01-01', '2000-01-01'], '2020-01-01', true],
  ]);
  check('isAfter', [['2030-01-01T00:00:00+02:00', '2029-12-31T23:00:00Z', false], ['2030-01-01T00:00:00-02:00', '2030-01-01T01:00:00Z', true]]);
  check('isSame', [['2006-01-02T15:04:05Z', 'Mon Jan  2 15:04:05 2006', true], ['2006-01-02T15:04:05Z', 1_136_214_245, true], ['2006-01-02', '2006-01-03', false]]);
  assert.equal(evaluateFilter('date.isAfter', '2030-01-01', '2020-01-01'), true);
  assert.throws(() => evaluateFilter('isBefore', 'tomorrow', '2020-01-01'), (e: unknown) => e instanceof OperatorError && /as a date/.test(e.message));
});

void test('isIdenticalIncident compares the two values whole', () => {
  check('isIdenticalIncident', [[{ id: '1', name: 'a' }, { id: '1', name: 'a' }, true], [{ id: '1' }, { id: '2' }, false], ['x', 'X', true, true], [undefined, undefined, false]], 'isNotIdenticalIncident');
});
