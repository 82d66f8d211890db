import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentError } from './content-error.js';
import { MAX_DEPTH, readDocument } from './read-document.js';

/** Asserts that `fn` throws a ContentError (400) for `file` at `field`, whose reason matches. */
function refuses(fn: () => unknown, file: string, field: string, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ContentError, `expected a ContentError, got ${String(err)}`);
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.status, 400);
    assert.equal(err.file, file);
    assert.equal(err.field, field);
    assert.match(err.reason, reason);
    assert.equal(err.message, field === '' ? `${file}: ${err.reason}` : `${file}: ${field}: ${err.reason}`);
    assert.deepEqual(err.issues, [{ file, field, reason: err.reason }]);
    return true;
  });
}

const yaml = (text: string): unknown => readDocument('pb.yml', text, 'yaml');
const json = (text: string): unknown => readDocument('x.json', text, 'json');

void test('YAML is read as 1.2: unquoted yes/no/on/YES keys and values stay strings, task keys and dates stay text', () => {
  const doc = yaml('nexttasks:\n  yes: ["1"]\n  no: ["2"]\n  YES: ["3"]\n  on: ["4"]\nv: [yes, no, On, y, true]\nd: 2001-12-14\ntasks:\n  0: {}\n  12: {}\n');
  assert.deepEqual(doc, {
    nexttasks: { yes: ['1'], no: ['2'], YES: ['3'], on: ['4'] },
    v: ['yes', 'no', 'On', 'y', true],
    d: '2001-12-14',
    tasks: { '0': {}, '12': {} },
  });
});

void test('a %YAML 1.1 directive does not switch the reading to YAML 1.1', () => {
  assert.deepEqual(yaml('%YAML 1.1\n---\nyes: [no]\nwhen: 2001-12-14\n'), { yes: ['no'], when: '2001-12-14' });
  assert.deepEqual(yaml('%YAML 1.2\n---\na: 1\n...\n'), { a: 1 });
  assert.deepEqual(yaml('\uFEFFa: !!str 1\n'), { a: '1' });
});

void test('duplicate YAML keys are refused with the field they repeat at', () => {
  refuses(() => yaml('id: a\nid: b\n'), 'pb.yml', 'id', /^duplicate key "id" at line 2, column 1$/);
  refuses(() => yaml('tasks:\n  "1":\n    a: 1\n    a: 2\n'), 'pb.yml', 'tasks.1.a', /^duplicate key "a" at line 4, column 5$/);
  refuses(() => yaml('l:\n  - x: 1\n  - y: 1\n    y: 2\n'), 'pb.yml', 'l[1].y', /duplicate key "y"/);
  // Keys that differ in YAML but not once JavaScript makes them text.
  refuses(() => yaml('tasks:\n  1: {}\n  "1": {}\n'), 'pb.yml', 'tasks.1', /duplicate key "1"/);
  refuses(() => yaml("n:\n  yes: [a]\n  'yes': [b]\n"), 'pb.yml', 'n.yes', /duplicate key "yes"/);
  refuses(() => yaml("n:\n  true: 1\n  'true': 2\n"), 'pb.yml', 'n.true', /duplicate key "true"/);
  refuses(() => yaml('~: 1\n"": 2\n'), 'pb.yml', '', /duplicate key ""/);
});

void test('keys must be plain text', () => {
  refuses(() => yaml('x: &k a\n*k : 1\n'), 'pb.yml', '', /a key is an alias \(\*k\)/);
  refuses(() => yaml('? [a]\n: 1\n'), 'pb.yml', '', /a key is a list or an object/);
});

void test('several documents in one file are refused; document markers around one are fine', () => {
  refuses(() => yaml('a: 1\n---\nb: 2\n'), 'pb.yml', '', /^holds several YAML documents \(a second starts at line 2, column 1\)/);
  refuses(() => yaml('a: 1\n---\n'), 'pb.yml', '', /several YAML documents/);
  assert.deepEqual(yaml('---\na: 1\n...\n'), { a: 1 });
  assert.deepEqual(yaml('a: 1\n# trailing comment\n'), { a: 1 });
});

void test('YAML syntax errors name the line and column', () => {
  refuses(() => yaml('a: [1, 2\n'), 'pb.yml', '', /^invalid YAML at line 2, column 1: /);
  refuses(() => yaml('a:\n\t- 1\n'), 'pb.yml', '', /^invalid YAML at line 2, column 1: .*[Tt]ab/);
});

void test('tags, binary, sets, dates by tag and non-finite numbers are refused', () => {
  refuses(() => yaml('a: !foo bar\n'), 'pb.yml', '', /^unsupported YAML tag at line 1, column 4/);
  refuses(() => yaml('a: !!binary aGVsbG8=\n'), 'pb.yml', 'a', /unsupported YAML value/);
  refuses(() => yaml('a:\n  b: !!set {x, y}\n'), 'pb.yml', 'a.b', /unsupported YAML value/);
  refuses(() => yaml('a: !!omap [x: 1]\n'), 'pb.yml', 'a', /unsupported YAML value/);
  refuses(() => yaml('a: !!timestamp 2001-12-14\n'), 'pb.yml', 'a', /unsupported YAML value/);
  refuses(() => yaml('a: .inf\n'), 'pb.yml', 'a', /^Infinity is not a number content can hold/);
  refuses(() => yaml('a: [1, .nan]\n'), 'pb.yml', 'a[1]', /^NaN is not a number/);
});

void test('circular aliases and alias bombs are refused; plain aliases are copied', () => {
  refuses(() => yaml('a: &x [*x]\n'), 'pb.yml', 'a[0]', /circular/);
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']] as const) rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  refuses(() => yaml(rows.join('\n')), 'pb.yml', '', /^cannot read YAML: .*alias/);
  assert.deepEqual(yaml('base: &b {x: 1}\nuse: *b\n'), { base: { x: 1 }, use: { x: 1 } });
  // YAML 1.2 core has no merge keys: `<<` is an ordinary key.
  assert.deepEqual(yaml('base: &b {x: 1}\nc:\n  <<: *b\n'), { base: { x: 1 }, c: { '<<': { x: 1 } } });
});

void test(`nesting is limited to ${MAX_DEPTH} levels, in YAML and in JSON`, () => {
  const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  const path = (n: number): string => '[0]'.repeat(n);
  assert.ok(Array.isArray(json(nested(MAX_DEPTH))));
  assert.ok(Array.isArray((yaml(`a: ${nested(MAX_DEPTH - 1)}`) as { a?: unknown }).a));
  refuses(() => json(nested(MAX_DEPTH + 1)), 'x.json', path(MAX_DEPTH), new RegExp(`^nested more than ${MAX_DEPTH} levels deep$`));
  refuses(() => yaml(`a: ${nested(MAX_DEPTH)}`), 'pb.yml', `a${path(MAX_DEPTH - 1)}`, /nested more than/);
  let block = '';
  for (let i = 0; i < MAX_DEPTH + 5; i++) block += `${' '.repeat(i)}k:\n`;
  refuses(() => yaml(block), 'pb.yml', Array<string>(MAX_DEPTH).fill('k').join('.'), /nested more than/);
  // Far deeper than the parser's own stack: still a content error, not a crash.
  assert.throws(() => yaml(nested(5_000)), ContentError);
  assert.throws(() => json(nested(5_000)), ContentError);
});

void test('JSON: duplicate keys are refused with their field, wherever they are', () => {
  refuses(() => json('{"id": "a", "id": "b"}'), 'x.json', 'id', /^duplicate key "id"$/);
  refuses(() => json('{"a": {"l": [1, {"x": 1, "x": 2}]}}'), 'x.json', 'a.l[1].x', /duplicate key "x"/);
  refuses(() => json('{"a":1,"b":[{"c":1},{"c":2,"d":{"e":1,"e":2}}]}'), 'x.json', 'b[1].d.e', /duplicate key "e"/);
  refuses(() => json('{"a": {}, "a": 1}'), 'x.json', 'a', /duplicate key "a"/);
  // The same key written two ways is the same key.
  refuses(() => json('{"a\\"b": 1, "a\\u0022b": 2}'), 'x.json', 'a"b', /duplicate key/);
});

void test('JSON: the same key in different objects, or inside strings, is not a duplicate', () => {
  assert.deepEqual(json('[{"a":1},{"a":1,"b":{"a":1}}]'), [{ a: 1 }, { a: 1, b: { a: 1 } }]);
  assert.deepEqual(json('{"a": "{\\"a\\": 1, \\"a\\": 2}", "b": "x,\\\\", "c": ["a", "a"]}'), { a: '{"a": 1, "a": 2}', b: 'x,\\', c: ['a', 'a'] });
  assert.deepEqual(json('\uFEFF{"a": 1}'), { a: 1 });
  assert.equal(json('5'), 5);
});

void test('invalid JSON is refused with the parser message', () => {
  refuses(() => json('{"a": 1,}'), 'x.json', '', /^invalid JSON: /);
  refuses(() => json(''), 'x.json', '', /^invalid JSON: /);
});

void test('__proto__ keys stay ordinary own keys and never change the prototype', () => {
  for (const value of [yaml('__proto__: {polluted: 1}\n'), json('{"__proto__": {"polluted": 1}}')]) {
    assert.ok(typeof value === 'object' && value !== null);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal((value as { polluted?: unknown }).polluted, undefined);
  }
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
});

void test('an empty YAML file reads as null (parseContent then refuses it)', () => {
  assert.equal(yaml(''), null);
  assert.equal(yaml('# only a comment\n'), null);
});
