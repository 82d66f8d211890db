import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.js';
import { compareVersions, isVersion, PACK_ID, parsePackMetadata } from './metadata.js';

const FILE = 'Packs/P/pack_metadata.json';
const parse = (doc: unknown, id = 'P'): ReturnType<typeof parsePackMetadata> => parsePackMetadata(id, FILE, typeof doc === 'string' ? doc : JSON.stringify(doc));
const base = { name: 'P pack', currentVersion: '1.0.0' };

function refused(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.status, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

void test('a full pack_metadata.json reads into name, version, texts, dependencies and the raw fields', () => {
  const raw = {
    name: 'Hello World',
    description: 'Says hello',
    support: 'xsoar',
    currentVersion: '1.10.2',
    author: 'Cortex XSOAR',
    categories: ['Utilities'],
    dependencies: {
      CommonScripts: { mandatory: true, display_name: 'Common Scripts' },
      Base: { mandatory: true, minVersion: '1.33.0', display_name: '' },
      Soft: { mandatory: false },
      Loose: { mandatory: 'true' },
      Bare: {},
    },
  };
  const meta = parse(raw, 'HelloWorld');
  assert.deepEqual(meta, {
    id: 'HelloWorld',
    name: 'Hello World',
    version: '1.10.2',
    description: 'Says hello',
    author: 'Cortex XSOAR',
    support: 'xsoar',
    dependencies: {
      CommonScripts: { mandatory: true, displayName: 'Common Scripts' },
      Base: { mandatory: true, minVersion: '1.33.0' },
      Soft: { mandatory: false },
      // Only a JSON true is mandatory.
      Loose: { mandatory: false },
      Bare: { mandatory: false },
    },
    raw,
  });
});

void test('the minimum is a name and a version; other texts default to empty, dependencies to none', () => {
  assert.deepEqual(parse(base), { id: 'P', name: 'P pack', version: '1.0.0', description: '', author: '', support: '', dependencies: {}, raw: base });
  assert.deepEqual(parse({ ...base, dependencies: null, author: 7 }).dependencies, {});
  assert.equal(parse({ ...base, author: 7 }).author, '', 'a text field of another type reads as empty');
  assert.equal(parse(`\uFEFF${JSON.stringify(base)}`).name, 'P pack', 'a byte order mark is skipped');
});

void test('name and currentVersion are required, currentVersion as x.y.z', () => {
  refused(() => parse({ currentVersion: '1.0.0' }), `${FILE}: name: a pack needs a non-empty name`);
  refused(() => parse({ ...base, name: '  ' }), `${FILE}: name: a pack needs a non-empty name`);
  refused(() => parse({ ...base, name: 3 }), `${FILE}: name: a pack needs a non-empty name`);
  refused(() => parse({ name: 'P' }), `${FILE}: currentVersion: must be a version x.y.z, not nothing`);
  for (const bad of ['1.0', '1.0.0.0', 'v1.0.0', '01.0.0', '1.0.0-beta', ' 1.0.0', '1.0.x', '']) {
    refused(() => parse({ ...base, currentVersion: bad }), `${FILE}: currentVersion: must be a version x.y.z, not ${JSON.stringify(bad)}`);
  }
  refused(() => parse({ ...base, currentVersion: 1 }), `${FILE}: currentVersion: must be a version x.y.z, not 1`);
  refused(() => parse({ ...base, currentVersion: null }), `${FILE}: currentVersion: must be a version x.y.z, not null`);
  for (const good of ['0.0.0', '1.0.0', '10.20.30', '999999.0.1']) assert.equal(parse({ ...base, currentVersion: good }).version, good);
});

void test('the file must be one JSON object', () => {
  refused(() => parse('{"name": '), new RegExp(`^${FILE.replace(/\./g, '\\.')}: invalid JSON: `));
  refused(() => parse('[]'), `${FILE}: must be a JSON object`);
  refused(() => parse('null'), `${FILE}: must be a JSON object`);
  refused(() => parse('"P"'), `${FILE}: must be a JSON object`);
});

void test('dependencies must be {PackID: {mandatory, display_name, minVersion}}', () => {
  refused(() => parse({ ...base, dependencies: ['A'] }), `${FILE}: dependencies: must be an object {PackID: {mandatory, display_name}}`);
  refused(() => parse({ ...base, dependencies: 'A' }), `${FILE}: dependencies: must be an object {PackID: {mandatory, display_name}}`);
  refused(() => parse({ ...base, dependencies: { A: true } }), `${FILE}: dependencies.A: must be an object {mandatory, display_name}`);
  refused(() => parse({ ...base, dependencies: { A: null } }), `${FILE}: dependencies.A: must be an object {mandatory, display_name}`);
  refused(() => parse({ ...base, dependencies: { 'Bad Id': { mandatory: true } } }), `${FILE}: dependencies.Bad Id: is not a pack id`);
  refused(() => parse({ ...base, dependencies: { '../x': { mandatory: true } } }), `${FILE}: dependencies.../x: is not a pack id`);
  refused(() => parse('{"name":"P","currentVersion":"1.0.0","dependencies":{"__proto__":{"mandatory":true}}}'), `${FILE}: dependencies.__proto__: is not a pack id`);
  refused(() => parse({ ...base, dependencies: { A: { mandatory: true, minVersion: '1.0' } } }), `${FILE}: dependencies.A.minVersion: must be a version x.y.z`);
  refused(() => parse({ ...base, dependencies: { A: { mandatory: true, minVersion: 1 } } }), `${FILE}: dependencies.A.minVersion: must be a version x.y.z`);
  refused(() => parse({ ...base, dependencies: { A: { mandatory: true, minVersion: null } } }), `${FILE}: dependencies.A.minVersion: must be a version x.y.z`);
});

void test('a pack cannot depend on itself', () => {
  refused(() => parse({ ...base, dependencies: { P: { mandatory: true } } }, 'P'), `${FILE}: dependencies.P: a pack cannot depend on itself`);
  refused(() => parse({ ...base, dependencies: { P: { mandatory: false } } }, 'P'), `${FILE}: dependencies.P: a pack cannot depend on itself`);
  assert.deepEqual(parse({ ...base, dependencies: { p: { mandatory: true } } }, 'P').dependencies, { p: { mandatory: true } }, 'ids are case-sensitive');
});

void test('the pack id (its folder name) must be letters, digits, _ . - and start with a letter or digit', () => {
  for (const bad of ['', '.hidden', '_x', '-x', 'a b', 'a/b', '..', 'é', 'x'.repeat(101)]) {
    refused(() => parse(base, bad), /is not a usable pack id/);
    assert.equal(PACK_ID.test(bad), false, bad);
  }
  refused(() => parse(base, 'a b'), `${FILE}: "a b" is not a usable pack id (letters, digits, _ . -; the pack's folder name)`);
  for (const good of ['A', '1', 'HelloWorld', 'Hello_World-2.0', 'x'.repeat(100)]) assert.equal(parse(base, good).id, good);
  // The id is checked before the file is read.
  refused(() => parse('not json', 'bad id'), /"bad id" is not a usable pack id/);
});

void test('compareVersions orders x.y.z numerically, part by part', () => {
  assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
  assert.ok(compareVersions('1.9.0', '1.10.0') < 0);
  assert.ok(compareVersions('2.0.0', '1.99.99') > 0);
  assert.ok(compareVersions('1.0.10', '1.0.9') > 0);
  assert.ok(compareVersions('0.0.1', '0.0.0') > 0);
  assert.equal(compareVersions('1.2.3', '1.2.3'), 0);
  const sorted = ['1.10.0', '1.2.0', '10.0.0', '1.9.9', '2.0.0', '1.2.10', '1.2.9'].sort(compareVersions);
  assert.deepEqual(sorted, ['1.2.0', '1.2.9', '1.2.10', '1.9.9', '1.10.0', '2.0.0', '10.0.0']);
});

void test('isVersion accepts x.y.z with no leading zeros, nothing else', () => {
  for (const good of ['0.0.0', '1.2.3', '10.0.0', '123456.0.0']) assert.equal(isVersion(good), true, good);
  for (const bad of ['1.2', '1.2.3.4', '01.2.3', '1.02.3', '1234567.0.0', 'a.b.c', '1.2.3 ', 1, null, undefined]) assert.equal(isVersion(bad), false, String(bad));
});
