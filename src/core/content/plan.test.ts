import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { contentHash } from './hash.js';
import type { Kind } from './kinds.js';
import { parseContent } from './parse.js';
import { desiredFor, planFor, planIsEmpty, reaches, type HeldItem, type LibraryItem, type TenantPlan } from './plan.js';

const lib = (kind: Kind, id: string, labels: readonly string[] = [], doc: unknown = {}, name = id): LibraryItem => ({ kind, id, name, labels, version: 1, hash: `h-${kind}-${id}`, doc });
const held = (kind: string, id: string, more: Partial<HeldItem> = {}): HeldItem => ({ kind, id, owner: 'main', version: 1, hash: `h-${kind}-${id}`, detached: false, ...more });
/** `kind/id` of each item, in code-unit order: desiredFor sorts with the process locale, which tests should not depend on. */
const ids = (items: readonly LibraryItem[]): string[] => items.map((i) => `${i.kind}/${i.id}`).sort();
const callsPlaybook = (ref: Record<string, string>): unknown => ({ tasks: { '1': { id: '1', type: 'playbook', task: ref } } });
const runsScript = (scriptName: string): unknown => ({ tasks: { '1': { id: '1', type: 'regular', task: { scriptName } } } });
const emptyPlan = (): TenantPlan => ({ add: [], update: [], remove: [], conflicts: [] });

void test('reaches: the label all, or any label the tenant has; no labels reach no one', () => {
  assert.equal(reaches(['all'], []), true);
  assert.equal(reaches(['all'], ['emea']), true);
  assert.equal(reaches(['emea'], ['emea', 'banks']), true);
  assert.equal(reaches(['apac', 'banks'], ['emea', 'banks']), true);
  assert.equal(reaches(['apac'], ['emea']), false);
  assert.equal(reaches([], ['emea']), false);
  assert.equal(reaches([], []), false);
  assert.equal(reaches(['emea'], []), false);
  assert.equal(reaches(['EMEA'], ['emea']), false, 'labels are compared exactly');
  assert.equal(reaches(['ALL'], ['emea']), false);
});

void test('desiredFor: labelled items and their dependency closure, playbook → sub-playbook → script', () => {
  const library = [
    lib('playbooks', 'top', ['emea'], callsPlaybook({ playbookName: 'Sub Name' })),
    lib('playbooks', 'sub-uuid', [], runsScript('Leaf'), 'Sub Name'),
    lib('scripts', 'Leaf', ['apac']),
    lib('scripts', 'Unused'),
    lib('playbooks', 'apac-only', ['apac'], runsScript('Unused')),
    lib('lists', 'Everyone', ['all']),
  ];
  assert.deepEqual(ids(desiredFor(library, ['emea'])), ['lists/Everyone', 'playbooks/sub-uuid', 'playbooks/top', 'scripts/Leaf']);
  assert.deepEqual(ids(desiredFor(library, ['apac'])), ['lists/Everyone', 'playbooks/apac-only', 'scripts/Leaf', 'scripts/Unused']);
  assert.deepEqual(ids(desiredFor(library, [])), ['lists/Everyone']);
  const kinds = desiredFor(library, ['emea']).map((i) => i.kind);
  assert.deepEqual(kinds, ['lists', 'playbooks', 'playbooks', 'scripts'], 'grouped by kind');
  assert.deepEqual(ids(desiredFor([], ['emea'])), []);
  const chosen = desiredFor(library, ['emea']).find((i) => i.id === 'top');
  assert.equal(chosen, library[0], 'the library items themselves are returned');
});

void test('desiredFor resolves a reference by id first, then by name, then the alt (playbookName after playbookId)', () => {
  const library = [
    lib('playbooks', 'byId', ['t'], callsPlaybook({ playbookId: 'uuid-1', playbookName: 'Stale' })),
    lib('playbooks', 'uuid-1', [], {}, 'Some Name'),
    lib('playbooks', 'Stale', [], {}, 'Stale'),
    lib('playbooks', 'fallback', ['u'], callsPlaybook({ playbookId: 'gone-uuid', playbookName: 'Named Sub' })),
    lib('playbooks', 'named-uuid', [], runsScript('S'), 'Named Sub'),
    lib('scripts', 's-uuid', [], {}, 'S'),
    // A name equal to another item's id: the id wins.
    lib('playbooks', 'ambiguous', ['v'], callsPlaybook({ playbookName: 'X' })),
    lib('playbooks', 'X', [], {}, 'The real X'),
    lib('playbooks', 'x-by-name', [], {}, 'X'),
  ];
  assert.deepEqual(ids(desiredFor(library, ['t'])), ['playbooks/byId', 'playbooks/uuid-1']);
  assert.deepEqual(ids(desiredFor(library, ['u'])), ['playbooks/fallback', 'playbooks/named-uuid', 'scripts/s-uuid']);
  assert.deepEqual(ids(desiredFor(library, ['v'])), ['playbooks/X', 'playbooks/ambiguous']);
});

void test('desiredFor: same names in two items resolve to the first; kinds never mix; unknown refs and cycles are fine', () => {
  const library = [
    lib('playbooks', 'a', ['t'], { tasks: { '1': { type: 'playbook', task: { playbookName: 'b' } }, '2': { type: 'regular', task: { scriptName: 'b' } }, '3': { type: 'regular', task: { scriptName: 'Missing' } } } }),
    lib('playbooks', 'b', [], callsPlaybook({ playbookName: 'a' })),
    lib('scripts', 'b'),
    lib('scripts', 'first', [], {}, 'Dup'),
    lib('scripts', 'second', [], {}, 'Dup'),
    lib('playbooks', 'c', ['w'], runsScript('Dup')),
  ];
  assert.deepEqual(ids(desiredFor(library, ['t'])), ['playbooks/a', 'playbooks/b', 'scripts/b']);
  assert.deepEqual(ids(desiredFor(library, ['w'])), ['playbooks/c', 'scripts/first']);
});

void test('desiredFor follows the real sample playbooks: Phishing Alerts pulls in Calculate Severity and its sub-playbooks', () => {
  const dir = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
  const library = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => parseContent(f, readFileSync(new URL(f, dir), 'utf8')))
    .map((p): LibraryItem => ({ kind: p.kind, id: p.id, name: p.name, labels: p.id === 'Phishing Alerts - Check Severity' ? ['phishing'] : [], version: 3, hash: contentHash(p.doc), doc: p.doc }));
  const set = lib('scripts', 'Set', [], { commonfields: { id: 'Set' } });
  assert.deepEqual(ids(desiredFor([...library, set], ['phishing'])), [
    'playbooks/Calculate Severity - Critical Assets v2',
    'playbooks/Calculate Severity - Generic v2',
    'playbooks/Calculate Severity By Email Authenticity',
    'playbooks/Calculate Severity By Highest DBotScore',
    'playbooks/Phishing Alerts - Check Severity',
    'scripts/Set',
  ]);
  const polling = library.map((i) => (i.id === 'Context Polling - Generic' ? { ...i, labels: ['polling'] } : i));
  assert.deepEqual(ids(desiredFor(polling, ['polling'])), ['playbooks/Context Polling - Generic', 'playbooks/GenericPolling']);
});

void test('planFor: add what is missing, update what differs, remove what main no longer wants', () => {
  const desired = [lib('playbooks', 'new'), lib('playbooks', 'same'), { ...lib('scripts', 'changed'), version: 4, hash: 'h-new' }];
  const holding = [held('playbooks', 'same'), held('scripts', 'changed', { version: 3, hash: 'h-old' }), held('lists', 'old', { version: 2 })];
  assert.deepEqual(planFor(desired, holding), {
    add: [{ kind: 'playbooks', id: 'new', version: 1 }],
    update: [{ kind: 'scripts', id: 'changed', version: 4 }],
    remove: [{ kind: 'lists', id: 'old' }],
    conflicts: [],
  });
  // Versions alone do not make an update: the hash decides.
  assert.deepEqual(planFor([{ ...lib('scripts', 'a'), version: 9 }], [held('scripts', 'a', { version: 1 })]), emptyPlan());
  // Kind and id together make the key.
  assert.deepEqual(planFor([lib('scripts', 'a')], [held('playbooks', 'a', { hash: 'h-scripts-a' })]), {
    add: [{ kind: 'scripts', id: 'a', version: 1 }],
    update: [],
    remove: [{ kind: 'playbooks', id: 'a' }],
    conflicts: [],
  });
});

void test("planFor: the tenant's own and detached items are conflicts, never updated or removed", () => {
  const desired = [lib('playbooks', 'own'), lib('playbooks', 'detached')];
  const holding = [
    held('playbooks', 'own', { owner: 'tenant', hash: 'whatever' }),
    held('playbooks', 'detached', { owner: 'tenant', detached: true, hash: 'h-playbooks-detached' }),
    held('scripts', 'tenant-only', { owner: 'tenant' }),
    held('scripts', 'detached-unwanted', { owner: 'tenant', detached: true }),
  ];
  const plan = planFor(desired, holding);
  assert.deepEqual(plan, {
    add: [],
    update: [],
    remove: [],
    conflicts: [
      { kind: 'playbooks', id: 'own', reason: "the tenant's own item has this id" },
      { kind: 'playbooks', id: 'detached', reason: 'detached by the tenant' },
    ],
  });
  assert.equal(planIsEmpty(plan), true, 'conflicts are reported, but leave nothing to push');
});

void test('planFor: nothing held means add all; nothing desired means remove what main owns', () => {
  const desired = [lib('playbooks', 'a'), lib('scripts', 'b')];
  assert.deepEqual(planFor(desired, []).add, [{ kind: 'playbooks', id: 'a', version: 1 }, { kind: 'scripts', id: 'b', version: 1 }]);
  const holding = [held('playbooks', 'a'), held('scripts', 'b', { owner: 'tenant' })];
  assert.deepEqual(planFor([], holding), { add: [], update: [], remove: [{ kind: 'playbooks', id: 'a' }], conflicts: [] });
  assert.deepEqual(planFor([], []), emptyPlan());
  assert.deepEqual(planFor(desired, desired.map((d) => held(d.kind, d.id))), emptyPlan());
});

void test('planIsEmpty: true only when there is nothing to add, update or remove', () => {
  assert.equal(planIsEmpty(emptyPlan()), true);
  assert.equal(planIsEmpty({ ...emptyPlan(), add: [{ kind: 'scripts', id: 'a', version: 1 }] }), false);
  assert.equal(planIsEmpty({ ...emptyPlan(), update: [{ kind: 'scripts', id: 'a', version: 2 }] }), false);
  assert.equal(planIsEmpty({ ...emptyPlan(), remove: [{ kind: 'scripts', id: 'a' }] }), false);
  assert.equal(planIsEmpty({ ...emptyPlan(), conflicts: [{ kind: 'scripts', id: 'a', reason: 'detached by the tenant' }] }), true);
  const library = [lib('playbooks', 'p', ['all'], runsScript('s')), lib('scripts', 's')];
  const desired = desiredFor(library, ['x']);
  assert.equal(planIsEmpty(planFor(desired, [])), false);
  assert.equal(planIsEmpty(planFor(desired, [held('playbooks', 'p'), held('scripts', 's')])), true);
});
