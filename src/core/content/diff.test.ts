import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffDocs } from './diff.js';

void test('diffDocs lists changed, added and removed leaves by path, in order, and stops at the limit', () => {
  const a = { id: 'p', tasks: { '1': { nexttasks: { yes: ['2'] }, note: false }, '2': { x: 1 } }, 'my key': 'a', list: [1, 2] };
  const b = { id: 'p', tasks: { '1': { nexttasks: { yes: ['3'] }, note: false }, '3': { x: 1 } }, 'my key': 'b', list: [1] };
  assert.deepEqual(diffDocs(a, b).changes, [
    { path: 'list[1]', from: 2 },
    { path: '"my key"', from: 'a', to: 'b' },
    { path: 'tasks.1.nexttasks.yes[0]', from: '2', to: '3' },
    { path: 'tasks.2', from: { x: 1 } },
    { path: 'tasks.3', to: { x: 1 } },
  ]);
  assert.deepEqual(diffDocs(a, a), { changes: [], truncated: false });
  assert.deepEqual(diffDocs(a, b, 2).truncated, true);
  assert.deepEqual(diffDocs('x', 'y').changes, [{ path: '(document)', from: 'x', to: 'y' }]);
});
