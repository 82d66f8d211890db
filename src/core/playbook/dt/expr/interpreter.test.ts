import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget, DtError, type DtErrorKind } from '../dt-error.js';
import { evaluateExpression as ev } from './index.js';

function fails(src: string, kind: DtErrorKind, message: RegExp, bindings: Record<string, unknown> = {}, budget?: Budget): void {
  assert.throws(
    () => ev(src, bindings, budget ? { budget } : {}),
    (e: unknown) => e instanceof DtError && e.kind === kind && message.test(e.message),
    src,
  );
}

void test('literals: numbers, strings with escapes, keywords, arrays and objects', () => {
  assert.equal(ev('42'), 42);
  assert.equal(ev('1.5e3'), 1500);
  assert.equal(ev('.5'), 0.5);
  assert.equal(ev('0x1F + 0o17 + 0b11'), 31 + 15 + 3);
  assert.equal(ev(`'it\\'s' + "\\"q\\"" + '\\n\\t\\\\' + '\\x41\\u0042\\u{1F600}'`), `it's"q"\n\t\\AB😀`);
  assert.equal(ev('`backtick`'), 'backtick');
  assert.equal(ev('true'), true);
  assert.equal(ev('null'), null);
  assert.equal(ev('undefined'), undefined);
  assert.ok(Number.isNaN(ev('NaN')));
  assert.equal(ev('Infinity'), Infinity);
  assert.deepEqual(ev('[1, "a", [true], {}]'), [1, 'a', [true], {}]);
  assert.deepEqual(ev('{a: 1, "b c": 2, 3: 4, [val]: 5, val}', { val: 'k' }), { a: 1, 'b c': 2, '3': 4, k: 5, val: 'k' });
  assert.deepEqual(ev('{"value": val.value, "indicator_type": val.type,}', { val: { value: '1.1.1.1', type: 'IP' } }), { value: '1.1.1.1', indicator_type: 'IP' });
  assert.equal(ev('"héllo wörld ✓"'), 'héllo wörld ✓');
});

void test('JavaScript equality, comparison and truthiness', () => {
  const cases: [string, unknown][] = [
    ['1 == "1"', true],
    ['1 === "1"', false],
    ['0 == ""', true],
    ['null == undefined', true],
    ['null === undefined', false],
    ['null == 0', false],
    ['undefined == false', false],
    ['"" == false', true],
    ['[1] == 1', true],
    ['[] == false', true],
    ['[1,2] == "1,2"', true],
    ['NaN == NaN', false],
    ['val == val', true],
    ['val == {}', false],
    ['"b" > "a"', true],
    ['"10" < "9"', true],
    ['"10" < 9', false],
    ['null >= 0', true],
    ['undefined < 1', false],
    ['!""', true],
    ['!"0"', false],
    ['![]', false],
    ['!!{}', true],
    ['!0 && !NaN && !null && !undefined', true],
    ['1 != "1"', false],
    ['1 !== "1"', true],
  ];
  for (const [src, expected] of cases) assert.equal(ev(src, { val: { a: 1 } }), expected, src);
});

void test('arithmetic and + concatenation follow JavaScript conversions', () => {
  assert.equal(ev('1 + 2 * 3 - 4 / 2 % 3'), 5);
  assert.equal(ev('2 ** 3 ** 2'), 512);
  assert.equal(ev('"a" + 1 + 2'), 'a12');
  assert.equal(ev('1 + 2 + "a"'), '3a');
  assert.equal(ev('[1,2] + [3]'), '1,23');
  assert.equal(ev('{} + "x"'), '[object Object]x');
  assert.equal(ev('null + 1'), 1);
  assert.ok(Number.isNaN(ev('undefined + 1')));
  assert.equal(ev('"5" * "2"'), 10);
  assert.equal(ev('"5" - 2'), 3);
  assert.equal(ev('-"3" + +"4"'), 1);
  assert.equal(ev('true + 1'), 2);
  assert.equal(ev('1 / 0'), Infinity);
  assert.equal(ev('[null, undefined, 1] + ""'), ',,1');
});

void test('logical operators, conditional, comma, typeof, void and in', () => {
  assert.equal(ev('0 || "x"'), 'x');
  assert.equal(ev('"" && x'), ''); // short-circuit: x is never looked up
  assert.equal(ev('null ?? 0 ?? 1'), 0);
  assert.equal(ev('val.DisplayName || val.Email.Address', { val: { Email: { Address: 'a@b' } } }), 'a@b');
  assert.equal(ev('val > 2 ? "big" : val > 1 ? "mid" : "small"', { val: 2 }), 'mid');
  assert.equal(ev('(1, 2, 3)'), 3);
  assert.deepEqual(['undefined', 'object', 'boolean', 'number', 'string', 'object', 'object', 'function', 'function', 'undefined'], [
    ev('typeof undefined'), ev('typeof null'), ev('typeof true'), ev('typeof 1'), ev('typeof ""'), ev('typeof []'), ev('typeof {}'),
    ev('typeof parseInt'), ev('typeof (x => x)'), ev('typeof notDefinedAnywhere'),
  ]);
  assert.equal(ev('void 1'), undefined);
  assert.equal(ev('"a" in val', { val: { a: undefined } }), true);
  assert.equal(ev('"toString" in val', { val: {} }), false);
  assert.equal(ev('1 in val', { val: [5, 6] }), true);
  assert.equal(ev('"PI" in Math'), true);
  fails('"a" in "abc"', 'runtime', /cannot use "in"/);
});

void test('member access reads own data only; optional chaining short-circuits', () => {
  const val = { a: { b: [10, { c: 'x' }] }, 'key with space': 1, 'Email/from': 'f' };
  assert.equal(ev('val.a.b[1].c', { val }), 'x');
  assert.equal(ev('val["key with space"] + val["Email/from"]', { val }), '1f');
  assert.equal(ev('val.a.b.length', { val }), 2);
  assert.equal(ev('"abc".length + "abc"[1]', { val }), '3b');
  assert.equal(ev('val.toString', { val }), undefined);
  assert.equal(ev('val.hasOwnProperty("a")', { val }), true);
  assert.equal(ev('val.a.b.missing', { val }), undefined);
  assert.equal(ev('val.nope?.deeper.still', { val }), undefined);
  assert.equal(ev('val.nope?.[0]', { val }), undefined);
  assert.equal(ev('val.nope?.x()', { val }), undefined);
  assert.equal(ev('val?.a.b[0]', { val }), 10);
  fails('val.nope.deeper', 'runtime', /cannot read properties of undefined \(reading 'deeper'\)/, { val });
  fails('val.a.b[0]()', 'runtime', /0\(\) is not available on an array/, { val });
  fails('nothing', 'runtime', /nothing is not defined/);
});

void test('arrow functions, callbacks and hoisted function declarations (the documented mutator form)', () => {
  assert.equal(ev('foo(val);function foo(aa) { return aa + "Z"; }', { val: '2018-12-19 08:17:00' }), '2018-12-19 08:17:00Z');
  assert.equal(ev('function twice(x) { return add(x, x) } function add(a, b) { return a + b }; twice(val)', { val: 4 }), 8);
  assert.equal(ev('function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }; fact(10)'), 3628800);
  assert.deepEqual(ev('val.map(x => x.name).filter((n, i) => i > 0)', { val: [{ name: 'a' }, { name: 'b' }] }), ['b']);
  assert.equal(ev('val.some(x => x.brand == "VirusTotal" && x.state == "active")', { val: [{ brand: 'VirusTotal', state: 'active' }] }), true);
  assert.equal(ev('[1,2,3].reduce((a, b) => a + b, 0)'), 6);
  assert.equal(ev('(() => { return 5; })()'), 5);
  assert.equal(ev('((a, b) => a * b)(3, 4)'), 12);
  assert.equal(ev('(x => y => x + y)(1)(2)'), 3);
  assert.equal(ev('first(); 2; function first() { return 1 }'), 2, 'the last expression statement wins, as with eval');
  fails('x => x', 'runtime', /cannot be the result/);
  fails('[Math]', 'runtime', /cannot be the result/);
  fails('({f: parseInt})', 'runtime', /cannot be the result/);
});

void test('forbidden: prototype keys, assignment, new, this and statements, refused at parse or run time', () => {
  const forbidden = [
    'val.constructor', 'val["constructor"]', 'val.__proto__', 'val["__proto__"]', '"".constructor.constructor("return 1")()', 'constructor',
    'val.prototype', '({__proto__: 1})', '({constructor: 1})', 'x => x.constructor', 'function f(constructor) { return 1 }; 1',
    'val = 1', 'val.a = 1', 'val += 1', 'val++', '--val', 'new Date()', 'this', 'delete val.a', 'while (true) 1', 'var x = 1',
    'function() {}', 'import("fs")', 'val["con" + "structor"]', 'val[k]', '[].map.constructor',
  ];
  for (const src of forbidden) {
    assert.throws(
      () => ev(src, { val: { a: 1 }, k: '__proto__' }),
      (e: unknown) => e instanceof DtError && (e.kind === 'forbidden' || e.kind === 'syntax'),
      src,
    );
  }
  fails('val["con" + "structor"]', 'forbidden', /access to "constructor" is not allowed at position 4/, { val: {} });
  fails('a = 1', 'forbidden', /assignment \("="\) is not allowed at position 3/);
});

void test('context objects with __proto__ or constructor keys are plain data and nothing is polluted', () => {
  const val = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}, "a": 1}') as unknown;
  assert.equal(ev('val.a', { val }), 1);
  assert.equal(ev('val.polluted', { val }), undefined);
  assert.deepEqual(ev('Object.keys(val)', { val }), ['__proto__', 'constructor', 'a']);
  assert.equal(ev('JSON.parse(\'{"__proto__": {"x": 1}}\').x'), undefined);
  assert.deepEqual(Object.keys(ev('JSON.parse(\'{"__proto__": {"x": 1}}\')') as object), ['__proto__']);
  fails('({["__pro" + "to__"]: 1})', 'forbidden', /__proto__/);
  const literal = ev('{"a": {"b": 1}}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(literal), Object.prototype);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

void test('errors carry the position in the whole text', () => {
  try {
    ev('val.a +');
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof DtError);
    assert.equal(e.kind, 'syntax');
    assert.equal(e.pos, 7);
    assert.equal(e.message, 'unexpected end of expression at position 8 in "val.a +"');
  }
  fails('1 +* 2', 'syntax', /unexpected "\*" at position 4/);
  fails('"abc', 'syntax', /unterminated string at position 1/);
  fails('1 | 2', 'syntax', /operator "\|" is not supported/);
  fails('~1', 'syntax', /operator "~" is not supported/);
  fails('[1,,2]', 'syntax', /array holes/);
  fails('[...val]', 'syntax', /spread/);
  fails('`a${b}`', 'syntax', /template literal substitutions/);
  fails('', 'syntax', /empty expression/);
  fails('1 2', 'syntax', /unexpected "a number"|unexpected a number/);
  fails('3in', 'syntax', /identifier starts immediately after a number/);
  fails('010', 'syntax', /legacy octal/);
  fails('"\\1"', 'syntax', /octal escape/);
  fails('val.x.y', 'runtime', /reading 'y'\) at position 7/, { val: {} });
});
