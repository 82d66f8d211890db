import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash, dependenciesOf } from '../../core/content/index.js';
import type { LibraryItem } from '../../core/content/plan.js';
import { LibrarySnapshot } from './content-snapshot.js';

const playbook = (id: string, sub?: string) => {
  const doc = {
    id, name: id, description: 'quotes “like these” and ünïcödé', starttaskid: '0',
    tasks: { 0: { id: '0', type: sub ? 'playbook' : 'start', task: sub ? { playbookName: sub } : {}, nexttasks: {} } },
  };
  return { kind: 'playbooks' as const, id, name: id, labels: [] as string[], version: 1, hash: contentHash(doc), doc, body: JSON.stringify(doc) };
};

void test('plans each label set once, with dependencies, and builds one ASCII body per distinct plan', () => {
  let calls = 0;
  const items = [{ ...playbook('Parent', 'Child'), labels: ['a'] }, playbook('Child'), { ...playbook('Other'), labels: ['b'] }];
  const snap = new LibrarySnapshot(items, (i: LibraryItem) => {
    calls++;
    return dependenciesOf(i);
  });
  const forA = snap.desired(['a']);
  assert.deepEqual(forA.map((i) => i.id), ['Child', 'Parent']);
  assert.equal(snap.desired(['a', 'a']), forA, 'the same label set is planned once');
  const before = calls;
  snap.desired(['a']);
  assert.equal(calls, before);
  assert.deepEqual(snap.desired(['b', 'a']).map((i) => i.id).sort(), ['Child', 'Other', 'Parent']);

  const plan = { add: forA.map((i) => ({ kind: i.kind, id: i.id, version: 1 })), update: [], remove: [{ kind: 'lists', id: 'gone' }], conflicts: [] };
  const body = snap.pushBody(plan);
  assert.equal(snap.pushBody({ ...plan, conflicts: [] }), body, 'an identical plan reuses the body');
  assert.ok([...body].every((b) => b < 0x80), 'only ASCII bytes');
  const parsed = JSON.parse(body.toString('utf8')) as { put: { id: string; body: string; hash: string }[]; remove: unknown[] };
  assert.deepEqual(parsed.remove, [{ kind: 'lists', id: 'gone' }]);
  for (const p of parsed.put) {
    const item = items.find((i) => i.id === p.id)!;
    assert.equal(p.body, item.body, 'the document text arrives unchanged');
    assert.equal(contentHash(JSON.parse(p.body)), p.hash);
  }
  assert.throws(() => snap.pushBody({ add: [{ kind: 'playbooks', id: 'Nope' }], update: [], remove: [], conflicts: [] }), /not in the library/);
});
