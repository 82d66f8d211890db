import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtError } from '../dt-error.js';
import { evaluateExpression as ev } from './index.js';

void test('string methods behave as in JavaScript, including argument conversion', () => {
  const s = '<span>www.google</span>.de';
  const cases: [string, unknown][] = [
    ["val.indexOf('de') == val.length - 2", true],
    ["val.indexOf('google', 11)", -1],
    ["val.indexOf(undefined)", -1],
    ["'undefined'.indexOf()", 0],
    ["val.lastIndexOf('o')", s.lastIndexOf('o')],
    ["val.lastIndexOf('o', 12)", s.lastIndexOf('o', 12)],
    ["val.includes('google')", true],
    ["val.startsWith('<span>')", true],
    ["val.endsWith('.de')", true],
    ["val.endsWith('span', 5)", true],
    ['val.toUpperCase()', s.toUpperCase()],
    ["'  x  '.trim() + '|' + '  x'.trimStart() + '|' + 'x  '.trimEnd()", 'x|x|x'],
    ['val.substring(6, 9)', 'www'],
    ['val.substring(9, 6)', 'www'],
    ['val.substr(-3)', '.de'],
    ['val.substr(6, 3)', 'www'],
    ['val.slice(-3, -1)', '.d'],
    ["val.charAt(1) + val.charCodeAt(1) + val.at(-1)", 's115e'],
    ["'a,b,,c'.split(',')", ['a', 'b', '', 'c']],
    ["'a,b,c'.split(',', 2)", ['a', 'b']],
    ["'abc'.split('')", ['a', 'b', 'c']],
    ["'abc'.split()", ['abc']],
    ["'a1b22c'.split(/\\d+/)", ['a', 'b', 'c']],
    ["'aaa'.replace('a', 'b')", 'baa'],
    ["'aaa'.replace('a', '[$&]')", '[a]aa'],
    ["'aaa'.replaceAll('a', 'b')", 'bbb'],
    ["'abc'.replaceAll('', '-')", '-a-b-c-'],
    ["'John Smith'.replace(/(\\w+)\\s(\\w+)/, '$2, $1')", 'Smith, John'],
    ["'a-b-c'.replace(/-/g, x => '+')", 'a+b+c'],
    ["'x1y2'.replace(/\\d/g, d => d * 2)", 'x2y4'],
    ["'2024-01-05'.match(/(\\d+)-(\\d+)/)[2]", '01'],
    ["'a1b2'.match(/\\d/g)", ['1', '2']],
    ["'abc'.match(/z/)", null],
    ["'a.c'.match('.')", ['a']],
    ["'abc'.search(/c/)", 2],
    ['/^www/i.test(val.slice(6))', true],
    ["/(\\d+)/.exec('ab12')", ['12', '12']],
    ["'ab'.concat('c', 1, null)", 'abc1null'],
    ["'5'.padStart(3, '0') + '5'.padEnd(2)", '0055 '],
    ["'ab'.repeat(3)", 'ababab'],
    ["'İ'.toLowerCase().length", 'İ'.toLowerCase().length],
    ["'ß'.toUpperCase()", 'SS'],
  ];
  for (const [src, expected] of cases) assert.deepEqual(ev(src, { val: s }), expected, src);
});

void test('array methods do not mutate context arrays', () => {
  const val = [3, 1, 2];
  const cases: [string, unknown][] = [
    ['val.indexOf(1)', 1],
    ['val.includes(2)', true],
    ['val.join()', '3,1,2'],
    ["val.join(' | ')", '3 | 1 | 2'],
    ['[[1, [2]], null, {}].join(";")', '1,2;;[object Object]'],
    ['val.slice(1)', [1, 2]],
    ['val.concat([4], 5, [[6]])', [3, 1, 2, 4, 5, [6]]],
    ['val.sort()', [1, 2, 3]],
    ['[10, 9, 1].sort()', [1, 10, 9]],
    ['[10, 9, 1].sort((a, b) => a - b)', [1, 9, 10]],
    ['val.reverse()', [2, 1, 3]],
    ['[[1, [2]], 3].flat()', [1, [2], 3]],
    ['[[1, [2]], 3].flat(2)', [1, 2, 3]],
    ['val.map((x, i) => x * i)', [0, 1, 4]],
    ['val.filter(x => x > 1)', [3, 2]],
    ['val.every(x => x > 0) && !val.some(x => x > 5)', true],
    ['val.find(x => x < 3)', 1],
    ['val.findIndex(x => x == 2)', 2],
    ['val.at(-1)', 2],
    ['val.length', 3],
    ['val + ""', '3,1,2'],
    ['val.toString()', '3,1,2'],
  ];
  for (const [src, expected] of cases) assert.deepEqual(ev(src, { val }), expected, src);
  assert.deepEqual(val, [3, 1, 2]);
  assert.throws(() => ev('[].reduce((a, b) => a)'), /reduce of empty array/);
  assert.throws(() => ev('[1].map(5)'), /needs a function/);
});

void test('numbers, booleans and the global functions', () => {
  const cases: [string, unknown][] = [
    ['(255).toString(16)', 'ff'],
    ['(3.14159).toFixed(2)', '3.14'],
    ['(1234.5).toPrecision(2)', '1.2e+3'],
    ['true.toString()', 'true'],
    ["parseInt('42px') + parseInt('ff', 16)", 297],
    ["parseFloat('3.5kg')", 3.5],
    ["String(null) + String([1, [2]]) + String()", 'null1,2'],
    ["Number('') + Number('0x10') + Number()", 16],
    ["Boolean('') || Boolean('0')", true],
    ["isNaN('x') && isFinite('3')", true],
    ['JSON.stringify({b: [1, "x"], a: null})', '{"b":[1,"x"],"a":null}'],
    ['JSON.stringify({a: 1}, null, 2)', '{\n  "a": 1\n}'],
    ['JSON.stringify([x => 1, /re/])', '[null,{}]'],
    ['JSON.stringify(undefined)', undefined],
    ['JSON.parse(\'{"a": [1, {"b": "c"}]}\').a[1].b', 'c'],
    ['Math.max(1, "7", 3) + Math.min() + Math.abs(-2)', Infinity],
    ['Math.round(2.5) + Math.floor(-1.5) + Math.ceil(0.1) + Math.trunc(-0.9)', 3 - 2 + 1 + 0],
    ['Math.pow(2, 10) + Math.sqrt(16) + Math.PI.toFixed(2)', '10283.14'],
    ['Array.isArray(val) && !Array.isArray("a")', true],
    ['Object.keys({b: 1, a: 2})', ['b', 'a']],
    ["Object.keys('ab')", ['0', '1']],
    ['Object.values({b: 1, a: [2]})', [1, [2]]],
    ['Object.entries({b: 1})', [['b', 1]]],
    ["encodeURIComponent('a b&c') + decodeURIComponent('%C3%A9')", 'a%20b%26cé'],
  ];
  for (const [src, expected] of cases) assert.deepEqual(ev(src, { val: [1] }), expected, src);
  const runtime = (src: string, message: RegExp): void => {
    assert.throws(() => ev(src), (e: unknown) => e instanceof DtError && e.kind === 'runtime' && message.test(e.message), src);
  };
  runtime("JSON.parse('{bad')", /JSON.parse/);
  runtime("decodeURIComponent('%')", /malformed URI/);
  runtime('Object.keys(null)', /cannot convert null/);
  runtime('(1).toFixed(101)', /between 0 and 100/);
  runtime('(1).toString(1)', /radix/);
  runtime("'a'.repeat(-1)", /invalid count/);
  runtime("'a'.includes(/a/)", /regular expression/);
  runtime("'a'.replaceAll(/a/, 'b')", /global/);
  runtime('Math.random()', /not a function/);
  runtime("'a'.nope()", /nope\(\) is not available on a string/);
  runtime('[].push(1)', /push\(\) is not available on an array/);
  runtime('JSON.stringify(1, x => x)', /replacers are not supported/);
});
