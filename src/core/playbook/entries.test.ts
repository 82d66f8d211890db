import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENTRY_TYPES, errorEntry, toEntries } from './entries.js';

void test('a string becomes one text note', () => {
  assert.deepEqual(toEntries('yes'), [{ Type: 1, ContentsFormat: 'text', Contents: 'yes' }]);
});

void test('an entry keeps its fields and gets defaults', () => {
  const [e] = toEntries({ Contents: { a: 1 }, EntryContext: { X: 1 } });
  assert.deepEqual(e, { Type: 1, ContentsFormat: 'json', Contents: { a: 1 }, EntryContext: { X: 1 } });
});

void test('a list of entries and nothing', () => {
  assert.equal(toEntries([{ Type: 4, Contents: 'bad' }, 'ok', null]).length, 2);
  assert.deepEqual(toEntries(undefined), []);
  assert.deepEqual(errorEntry('boom'), { Type: ENTRY_TYPES.error, ContentsFormat: 'text', Contents: 'boom' });
});
