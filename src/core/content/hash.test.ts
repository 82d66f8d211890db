import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { canonicalJson, contentHash } from './hash.js';
import { parseContent } from './parse.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).sort();
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The same data with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

void test('canonical JSON: keys sorted at every depth, lists kept in order, no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  assert.equal(canonicalJson([]), '[]');
  assert.equal(canonicalJson({}), '{}');
  assert.equal(canonicalJson('a"b\n'), '"a\\"b\\n"');
  assert.equal(canonicalJson([true, false, -0, 1.5, 1e21]), '[true,false,0,1.5,1e+21]');
  // UTF-16 code unit order, as Array.prototype.sort has it: upper case first, an astral character before U+FF5A.
  assert.equal(canonicalJson({ 'ｚ': 1, '😀': 2, b: 1, B: 2, é: 3 }), '{"B":2,"b":1,"é":3,"😀":2,"ｚ":1}');
});

void test('canonical JSON: undefined is absent from objects and null in lists, as in JSON', () => {
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.equal(canonicalJson([undefined, 1]), '[null,1]');
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(contentHash({ a: undefined }), contentHash({}));
  assert.notEqual(contentHash({ a: null }), contentHash({}));
});

void test('non-finite numbers get their own token instead of colliding with null', () => {
  assert.equal(canonicalJson([NaN, Infinity, -Infinity]), '[NaN,Infinity,-Infinity]');
  assert.notEqual(contentHash({ a: NaN }), contentHash({ a: null }));
  assert.equal(canonicalJson(10n), '10');
});

void test('circular values and functions are refused', () => {
  const loop: Record<string, unknown> = { a: 1 };
  loop['self'] = loop;
  assert.throws(() => canonicalJson(loop), /circular/);
  assert.throws(() => canonicalJson({ f: () => 1 }), /cannot encode a function/);
  assert.throws(() => contentHash([Symbol('s')]), /cannot encode a symbol/);
  // Shared (not circular) values are fine.
  const shared = { x: 1 };
  assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}');
});

void test('contentHash is the lower-case hex sha256 of the canonical JSON', () => {
  const doc = { name: 'P', id: 'p', tasks: { '0': { id: '0' } } };
  assert.equal(contentHash(doc), sha256('{"id":"p","name":"P","tasks":{"0":{"id":"0"}}}'));
  assert.match(contentHash(doc), /^[0-9a-f]{64}$/);
  assert.equal(contentHash(null), sha256('null'));
});

void test('the hash does not depend on key order', () => {
  const a = { id: 'p', name: 'P', tasks: { '1': { nexttasks: { yes: ['2'], no: ['3'] }, task: { scriptName: 'Set', id: 'u' } } } };
  const b = { tasks: { '1': { task: { id: 'u', scriptName: 'Set' }, nexttasks: { no: ['3'], yes: ['2'] } } }, name: 'P', id: 'p' };
  assert.equal(contentHash(a), contentHash(b));
  assert.equal(canonicalJson(a), canonicalJson(b));
});

void test('the hash changes with any value, type, list order or key', () => {
  const base = { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: false } } };
  const variants: unknown[] = [
    { id: 'q', tasks: base.tasks },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['3', '2'] }, quietmode: 0, note: false } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2'] }, quietmode: 0, note: false } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2', '3'] }, quietmode: '0', note: false } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: null } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: 'false' } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#default#': ['2', '3'] }, quietmode: 0, note: false } } },
    { id: 'p', tasks: { '1': { nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: false, extra: {} } } },
    { id: 'p', tasks: { '2': { nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: false } } },
    { id: 'p', tasks: [{ nexttasks: { '#none#': ['2', '3'] }, quietmode: 0, note: false }] },
  ];
  const hashes = new Set([contentHash(base), ...variants.map((v) => contentHash(v))]);
  assert.equal(hashes.size, variants.length + 1);
  // Strings that only look like the structure do not collide with it.
  assert.notEqual(contentHash({ a: '1' }), contentHash({ a: 1 }));
  assert.notEqual(contentHash({ 'a":1,"b': 2 }), contentHash({ a: 1, b: 2 }));
  assert.notEqual(contentHash(['a,b']), contentHash(['a', 'b']));
});

void test('a sample playbook hashes the same as YAML, re-laid-out YAML, JSON and with its keys reversed', () => {
  for (const file of fixtureFiles) {
    const item = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8'));
    const hash = contentHash(item.doc);
    const asJson = parseContent(file.replace(/\.yml$/, '.json'), JSON.stringify(reversed(item.doc), null, 2));
    assert.equal(asJson.format, 'json');
    assert.equal(contentHash(asJson.doc), hash, file);
    const relaid = parseContent(file, stringify(reversed(item.doc), { indent: 4, lineWidth: 0 }));
    assert.equal(contentHash(relaid.doc), hash, file);
  }
});

void test('one changed value deep inside a sample playbook changes its hash', () => {
  const file = 'playbook-Calculate_Severity_-_Generic_v2.yml';
  const item = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8'));
  const copy = JSON.parse(JSON.stringify(item.doc)) as { tasks: Record<string, { nexttasks?: Record<string, string[]> }> };
  const withNext = Object.values(copy.tasks).find((t) => t.nexttasks?.['#none#'] !== undefined);
  assert.ok(withNext?.nexttasks);
  withNext.nexttasks['#none#'] = [...(withNext.nexttasks['#none#'] ?? []), '999'];
  assert.notEqual(contentHash(copy), contentHash(item.doc));
  assert.equal(contentHash(JSON.parse(JSON.stringify(item.doc)) as unknown), contentHash(item.doc));
});
