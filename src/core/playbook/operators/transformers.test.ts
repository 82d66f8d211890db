import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_TRANSFORMERS } from '../../content/operators.js';
import { OperatorError, UnknownOperatorError } from './operator-error.js';
import { applyTransformer as t, isListTransformer, isTransformer, TRANSFORMER_ARGS } from './transformers.js';

const fails = (fn: () => unknown, pattern: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof OperatorError && pattern.test(e.message), String(pattern));
};

void test('the transformers are exactly the server\'s built-ins (XSOAR-FORMATS §1.13), with their argument names', () => {
  assert.deepEqual(Object.keys(TRANSFORMER_ARGS).sort(), [...BUILTIN_TRANSFORMERS].sort());
  for (const name of BUILTIN_TRANSFORMERS) assert.equal(isTransformer(name), true, name);
  for (const name of ['general.join', 'general.uniq', 'string.replaceMatch', 'number.addition']) assert.equal(isTransformer(name), true, name);
  for (const name of ['ParseJSON', 'FirstArrayElement', 'DT', 'isEqualString', 'Uniq', 'hasOwnProperty', 'valueOf']) assert.equal(isTransformer(name), false, name);
  assert.deepEqual(TRANSFORMER_ARGS['replace'], ['toReplace', 'replaceWith', 'limit']);
  assert.deepEqual(TRANSFORMER_ARGS['concat'], ['prefix', 'suffix']);
  assert.deepEqual(TRANSFORMER_ARGS['join'], ['separator']);
  assert.deepEqual(TRANSFORMER_ARGS['split'], ['delimiter']);
  assert.deepEqual(TRANSFORMER_ARGS['replaceMatch'], ['regex', 'replaceWith']);
  assert.deepEqual(TRANSFORMER_ARGS['getField'], ['field']);
  assert.deepEqual(TRANSFORMER_ARGS['atIndex'], ['index']);
  assert.deepEqual(TRANSFORMER_ARGS['append'], ['item']);
  assert.deepEqual(TRANSFORMER_ARGS['addition'], ['by']);
  for (const name of ['count', 'join', 'sort', 'uniq', 'atIndex', 'indexOf', 'slice', 'sliceByItem', 'splice', 'append']) assert.equal(isListTransformer(name), true, name);
  assert.equal(isListTransformer('toUpperCase'), false);
});

void test('a name that is not a built-in asks for a transformer script', () => {
  for (const name of ['ParseJSON', 'jmespath', '6b3c5e6d-1111-4222-8333-444455556666', 'toLocaleString']) {
    assert.throws(() => t(name, 'x', {}), (e: unknown) => e instanceof UnknownOperatorError && e.role === 'transformer');
  }
});

void test('string transformers apply to each item; missing stays missing; objects do not cast', () => {
  assert.equal(t('toUpperCase', 'abc', {}), 'ABC');
  assert.deepEqual(t('toUpperCase', ['a', 'b', 'c'], {}), ['A', 'B', 'C']);
  assert.deepEqual(t('toLowerCase', ['MiXed', 42, true], {}), ['mixed', '42', 'true']);
  assert.equal(t('toLowerCase', undefined, {}), undefined);
  assert.deepEqual(t('toLowerCase', [], {}), []);
  fails(() => t('toUpperCase', { some: 'object' }, {}), /cannot read an object as text/);
  assert.equal(t('trim', '  a b \n', {}), 'a b');
  assert.deepEqual(t('strLength', ['abc', '', 'héllo🙂'], {}), [3, 0, 6]);
  assert.equal(t('concat', 'x', { prefix: 'New IT incident for ' }), 'New IT incident for x');
  assert.equal(t('concat', 'x', { prefix: '<', suffix: '>' }), '<x>');
  assert.deepEqual(t('concat', ['a', 'b'], { suffix: ['!'] }), ['a!', 'b!']);
  assert.equal(t('concat', 5, {}), '5');
  fails(() => t('concat', 'x', { prefix: ['a', 'b'] }), /argument prefix must be one value/);
});

void test('substring, substringFrom, substringTo count characters and cut at the end', () => {
  assert.equal(t('substringFrom', 'abcdef', { from: '2' }), 'cdef');
  assert.equal(t('substringTo', 'abcdef', { to: 3 }), 'abc');
  assert.equal(t('substring', 'abcdef', { from: '1', to: '4' }), 'bcd');
  assert.equal(t('substring', 'abcdef', { from: '4' }), 'ef');
  assert.equal(t('substring', 'abc', { from: 2, to: 99 }), 'c');
  assert.equal(t('substring', 'abc', { from: 3, to: 1 }), '');
  assert.equal(t('substringFrom', '🙂ab', { from: 1 }), 'ab');
  assert.deepEqual(t('substringTo', ['abc', 'defg'], { to: '2' }), ['ab', 'de']);
  fails(() => t('substringFrom', 'abc', { from: '-1' }), /argument from must be a whole number of 0 or more/);
  fails(() => t('substringTo', 'abc', { to: 'x' }), /argument to must be a number/);
});

void test('split and splitAndTrim give lists, flattened across items', () => {
  assert.deepEqual(t('split', 'a,b,,c', { delimiter: ',' }), ['a', 'b', '', 'c']);
  assert.deepEqual(t('split', 'a,b', {}), ['a', 'b']);
  assert.deepEqual(t('split', 'a|b', { delimiter: '|' }), ['a', 'b']);
  assert.deepEqual(t('split', 'abc', { delimiter: '' }), ['a', 'b', 'c']);
  assert.deepEqual(t('split', ['a,b', 'c'], { delimiter: ',' }), ['a', 'b', 'c']);
  assert.deepEqual(t('splitAndTrim', ' a , b,c ', { delimiter: ',' }), ['a', 'b', 'c']);
});

void test('replace is literal with an optional limit; replaceMatch is a Go regex with $1 groups', () => {
  assert.equal(t('replace', 'CN=Admins,DC=corp', { toReplace: 'CN=', replaceWith: '=' }), '=Admins,DC=corp');
  assert.equal(t('replace', 'a=b=c', { toReplace: '=' }), 'abc');
  assert.equal(t('replace', 'a.b.c', { toReplace: '.', replaceWith: '-', limit: '1' }), 'a-b.c');
  assert.equal(t('replace', 'a.b.c', { toReplace: '.', replaceWith: '-', limit: -1 }), 'a-b-c');
  assert.equal(t('replace', 'a.b', { toReplace: '.', replaceWith: '-', limit: 0 }), 'a.b');
  assert.equal(t('replace', 'a$b', { toReplace: '$', replaceWith: '$$' }), 'a$$b');
  fails(() => t('replace', 'abc', { replaceWith: 'x' }), /argument toReplace is required/);
  fails(() => t('replace', 'abc', { toReplace: 'a', limit: '1.5' }), /argument limit must be a whole number/);
  assert.equal(t('replaceMatch', 'user@example.com', { regex: '@.*$', replaceWith: '' }), 'user');
  assert.equal(t('replaceMatch', 'john.smith', { regex: '(\\w+)\\.(\\w+)', replaceWith: '$2, $1' }), 'smith, john');
  assert.equal(t('replaceMatch', 'john.smith', { regex: '(?P<first>\\w+)\\.(?P<last>\\w+)', replaceWith: '${last}_${first}' }), 'smith_john');
  assert.equal(t('replaceMatch', 'AbC', { regex: '(?i)b', replaceWith: 'x' }), 'AxC');
  assert.deepEqual(t('string.replaceMatch', ['a1', 'b22'], { regex: '\\d+', replaceWith: '#' }), ['a#', 'b#']);
  fails(() => t('replaceMatch', 'a', { regex: '(' }), /invalid regex/);
  fails(() => t('replaceMatch', 'a', {}), /argument regex is required/);
});

void test('number transformers read numeric text, round half away from zero, refuse division by zero', () => {
  assert.equal(t('addition', '1', { by: '1' }), 2);
  assert.deepEqual(t('addition', [1, '2.5'], { by: 1 }), [2, 3.5]);
  assert.equal(t('subtraction', 10, { by: '4' }), 6);
  assert.equal(t('multiply', '2.5', { by: '60' }), 150);
  assert.equal(t('division', 7, { by: 2 }), 3.5);
  assert.equal(t('modulo', 7, { by: '3' }), 1);
  assert.equal(t('round', 2.5, {}), 3);
  assert.equal(t('round', -2.5, {}), -3);
  assert.equal(t('round', '2.4', {}), 2);
  assert.equal(t('floor', '-1.5', {}), -2);
  assert.equal(t('ceil', 1.1, {}), 2);
  assert.equal(t('abs', '-3', {}), 3);
  assert.equal(t('precision', 3.14159, { by: '2' }), 3.14);
  assert.equal(t('precision', 2.5, {}), 3);
  assert.equal(t('toPercent', 0.25, {}), 25);
  assert.equal(t('toPercent', 5, { total: 20 }), 25);
  assert.equal(t('quadraticEquation', 3, { a: 1, b: 2, c: 1 }), 16);
  assert.equal(t('number.addition', undefined, { by: 1 }), undefined);
  fails(() => t('division', 1, { by: 0 }), /argument by must not be 0/);
  fails(() => t('modulo', 1, { by: '0' }), /argument by must not be 0/);
  fails(() => t('addition', 1, {}), /argument by is required/);
  fails(() => t('addition', 'abc', { by: 1 }), /cannot read "abc" as a number/);
  fails(() => t('multiply', 1, { by: 'x' }), /argument by must be a number/);
  fails(() => t('toPercent', 1, { total: 0 }), /argument total must not be 0/);
  fails(() => t('precision', 1, { by: -1 }), /argument by must be a whole number/);
});

void test('date transformers: toUnix in seconds, toString with a Go layout (RFC 822 by default, UTC)', () => {
  assert.equal(t('toUnix', '2018-04-29T13:02:19Z', {}), 1_525_006_939);
  assert.equal(t('toUnix', '2018-04-29T15:02:19.999+02:00', {}), 1_525_006_939);
  assert.deepEqual(t('toUnix', ['1970-01-01T00:00:10Z', 'Thu, 01 Jan 1970 00:00:20 GMT'], {}), [10, 20]);
  assert.equal(t('toString', '2021-10-06T13:44:07Z', {}), '06 Oct 21 13:44 UTC');
  assert.equal(t('toString', '2021-10-06T13:44:07.5Z', { format: '2006-01-02 15:04:05.000 Mon' }), '2021-10-06 13:44:07.500 Wed');
  assert.equal(t('toString', 1_633_527_847, { format: 'Jan _2, 2006 3:04PM' }), 'Oct  6, 2021 1:44PM');
  fails(() => t('toUnix', 'not a date', {}), /cannot read "not a date" as a date/);
});

void test('getField, Stringify and ConvertKeysToTableFieldFormat apply to each item', () => {
  const answers = { '0': 'Jane', '2': 'Yes', name: 'Jane Doe', nested: { a: 1 } };
  assert.equal(t('getField', answers, { field: '2' }), 'Yes');
  assert.equal(t('getField', answers, { field: 'nested.a' }), 1);
  assert.deepEqual(t('getField', [{ name: 'a' }, { x: 1 }, { name: 'b' }], { field: 'name' }), ['a', 'b']);
  assert.equal(t('getField', 'text', { field: 'name' }), undefined);
  fails(() => t('getField', answers, {}), /argument field is required/);
  assert.equal(t('Stringify', '2019-11-13T15:33:10Z', {}), '2019-11-13T15:33:10Z');
  assert.deepEqual(t('Stringify', [{ a: 1 }, 2, true, 'x'], {}), ['{"a":1}', '2', 'true', 'x']);
  assert.deepEqual(t('ConvertKeysToTableFieldFormat', { Engine: 'val1', 'Max Results': 13, 'Key_With^Special   (characters)': true }, {}), {
    engine: 'val1', maxresults: 13, keywithspecialcharacters: true,
  });
  assert.deepEqual(t('ConvertKeysToTableFieldFormat', [{ 'A B': 1 }, 'x'], {}), [{ ab: 1 }, 'x']);
});

void test('list transformers see the whole list', () => {
  assert.equal(t('count', ['a', 'b', 'c'], {}), 3);
  assert.equal(t('count', 'abc', {}), 1);
  assert.equal(t('count', undefined, {}), 0);
  assert.equal(t('join', ['a', 'b', 'c'], { separator: ', ' }), 'a, b, c');
  assert.equal(t('general.join', ['a', 1, { k: 'v' }], {}), 'a,1,{"k":"v"}');
  assert.equal(t('join', 'single', { separator: ',' }), 'single');
  assert.deepEqual(t('sort', ['10', '9', '100'], {}), ['9', '10', '100']);
  assert.deepEqual(t('sort', ['b', 'C', 'a'], { descending: 'true' }), ['b', 'a', 'C']);
  assert.deepEqual(t('sort', [3, 1, 2], { descending: false }), [1, 2, 3]);
  fails(() => t('sort', [1], { descending: 'maybe' }), /argument descending must be true or false/);
  assert.deepEqual(t('uniq', ['a', 'b', 'a', 1, '1', { x: 1 }, { x: 1 }], {}), ['a', 'b', 1, '1', { x: 1 }]);
  assert.deepEqual(t('uniq', undefined, {}), []);
  assert.equal(t('atIndex', ['a', 'b', 'c'], { index: '1' }), 'b');
  assert.equal(t('atIndex', ['a'], { index: 5 }), undefined);
  assert.deepEqual(t('atIndex', [{ '2': 'Yes' }, { '2': 'No' }], { index: 0 }), { '2': 'Yes' });
  fails(() => t('atIndex', ['a'], {}), /argument index is required/);
  fails(() => t('atIndex', ['a'], { index: '-1' }), /whole number of 0 or more/);
  assert.equal(t('indexOf', ['a', 'b', 'c'], { item: 'c' }), 2);
  assert.equal(t('indexOf', ['a', '2'], { item: 2 }), 1);
  assert.equal(t('indexOf', ['a'], { item: 'z' }), -1);
  assert.equal(t('indexOf', 'hello world', { item: 'world' }), 6);
  assert.deepEqual(t('slice', ['a', 'b', 'c', 'd'], { from: '1', to: '3' }), ['b', 'c']);
  assert.deepEqual(t('slice', ['a', 'b', 'c'], { from: 1 }), ['b', 'c']);
  assert.deepEqual(t('slice', ['a', 'b'], { from: 5 }), []);
  assert.deepEqual(t('sliceByItem', ['a', 'b', 'c', 'd'], { item: 'c' }), ['c', 'd']);
  assert.deepEqual(t('sliceByItem', ['a', 'b'], { item: 'z' }), []);
  assert.deepEqual(t('splice', [1, 2, 3], { index: 1, deleteCount: 1, item: 4 }), [1, 4, 3]);
  assert.deepEqual(t('splice', ['a', 'd'], { index: '1', item: ['b', 'c'] }), ['a', 'b', 'c', 'd']);
  assert.deepEqual(t('splice', ['a', 'b', 'c'], { index: 0, deleteCount: 2 }), ['c']);
  assert.deepEqual(t('append', ['a'], { item: 'b' }), ['a', 'b']);
  assert.deepEqual(t('append', undefined, { item: ['x', 'y'] }), ['x', 'y']);
  assert.deepEqual(t('append', 'a', {}), ['a']);
  assert.deepEqual(t('append', ['a', ['b']], { item: [null, 'c'] }), ['a', 'b', 'c']);
});
