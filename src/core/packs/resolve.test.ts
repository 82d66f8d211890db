import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.js';
import type { PackDependency } from './metadata.js';
import { dependentsOf, resolveInstall, type PackRef } from './resolve.js';

type Deps = Record<string, PackDependency>;

const ref = (id: string, version: string, dependencies: Deps = {}): PackRef => ({ id, version, dependencies });
const needs = (minVersion?: string): PackDependency => ({ mandatory: true, ...(minVersion !== undefined ? { minVersion } : {}) });
const optional: PackDependency = { mandatory: false };

/** A marketplace of these packs (the newest of each, as the service offers). */
function market(...packs: PackRef[]): (id: string) => PackRef | undefined {
  const offers = new Map(packs.map((p) => [p.id, p]));
  return (id) => offers.get(id);
}
const none = market();
const installed = (entries: Record<string, string> = {}): Map<string, string> => new Map(Object.entries(entries));

const plan = (target: PackRef, have: Map<string, string>, available: (id: string) => PackRef | undefined): string[] =>
  resolveInstall(target, have, available).steps.map((s) => `${s.id}@${s.version}:${s.role}${s.neededBy !== undefined ? `<${s.neededBy}` : ''}`);

function conflict(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'conflict');
    assert.equal(err.status, 409);
    assert.equal(err.message, message);
    return true;
  });
}

void test('a pack with no dependencies is one step, the target', () => {
  const r = resolveInstall(ref('A', '1.0.0'), installed(), none);
  assert.deepEqual(r, { steps: [{ id: 'A', version: '1.0.0', role: 'target' }], optionalMissing: [] });
});

void test('dependencies come first, recursively through the marketplace, the target last', () => {
  const available = market(ref('B', '1.0.0', { C: needs() }), ref('C', '2.0.0', { D: needs() }), ref('D', '0.1.0'), ref('E', '3.0.0'));
  assert.deepEqual(plan(ref('A', '1.0.0', { E: needs(), B: needs() }), installed(), available), [
    // Dependencies in id order, each after its own.
    'D@0.1.0:dependency<C',
    'C@2.0.0:dependency<B',
    'B@1.0.0:dependency<A',
    'E@3.0.0:dependency<A',
    'A@1.0.0:target',
  ]);
  // A diamond plans the shared dependency once, for the first pack that needs it.
  const diamond = market(ref('B', '1.0.0', { D: needs() }), ref('C', '1.0.0', { D: needs() }), ref('D', '1.0.0'));
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs(), C: needs() }), installed(), diamond), ['D@1.0.0:dependency<B', 'B@1.0.0:dependency<A', 'C@1.0.0:dependency<A', 'A@1.0.0:target']);
});

void test('installed dependencies are not planned again, nor are their own dependencies looked at', () => {
  const available = market(ref('B', '9.0.0', { Missing: needs() }));
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs() }), installed({ B: '1.0.0' }), available), ['A@1.0.0:target']);
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs('1.0.0') }), installed({ B: '1.0.0' }), none), ['A@1.0.0:target'], 'minVersion is inclusive');
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs('1.9.0') }), installed({ B: '1.10.0' }), none), ['A@1.0.0:target'], 'versions compare as numbers');
});

void test('an installed dependency older than minVersion is upgraded from the marketplace', () => {
  const available = market(ref('B', '2.1.0', { C: needs('1.5.0') }), ref('C', '1.5.0'));
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs('2.0.0') }), installed({ B: '1.9.9', C: '1.0.0' }), available), [
    'C@1.5.0:dependency<B',
    'B@2.1.0:dependency<A',
    'A@1.0.0:target',
  ]);
});

void test('a missing mandatory dependency is a 409 naming the pack and the dependency', () => {
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs() }), installed(), none),
    'missing dependency: pack A needs pack B, which is neither installed nor in the marketplace',
  );
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs() }), installed(), market(ref('B', '1.0.0', { C: needs('2.0.0') }))),
    'missing dependency: pack B needs pack C 2.0.0 or later, which is neither installed nor in the marketplace',
  );
});

void test('a dependency no version satisfies is a 409 conflict', () => {
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs('2.0.0') }), installed({ B: '1.0.0' }), none),
    'conflicting dependency: pack A needs pack B 2.0.0 or later, but 1.0.0 is installed and the marketplace has no other version',
  );
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs('2.0.0') }), installed({ B: '1.0.0' }), market(ref('B', '1.5.0'))),
    'conflicting dependency: pack A needs pack B 2.0.0 or later, but 1.0.0 is installed and the marketplace has only 1.5.0',
  );
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs('2.0.0') }), installed(), market(ref('B', '1.5.0'))),
    'conflicting dependency: pack A needs pack B 2.0.0 or later, but the marketplace has only 1.5.0',
  );
  // Two packs wanting different versions: the second finds the planned one too old.
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs(), C: needs() }), installed(), market(ref('B', '1.0.0'), ref('C', '1.0.0', { B: needs('1.1.0') }))),
    'conflicting dependency: pack C needs pack B 1.1.0 or later, but 1.0.0 is the version being installed',
  );
});

void test('optional dependencies that are not installed are reported, never installed or refused', () => {
  const r = resolveInstall(
    ref('A', '1.0.0', { Opt: optional, InMarket: optional, Here: optional, Old: { mandatory: false, minVersion: '9.0.0' }, B: needs() }),
    installed({ Here: '1.0.0', Old: '1.0.0' }),
    market(ref('InMarket', '1.0.0'), ref('B', '1.0.0', { Deep: optional })),
  );
  assert.deepEqual(r.steps.map((s) => s.id), ['B', 'A']);
  assert.deepEqual(r.optionalMissing, [
    { id: 'Deep', neededBy: 'B' },
    { id: 'InMarket', neededBy: 'A' },
    { id: 'Opt', neededBy: 'A' },
  ]);
});

void test('cycles terminate with each pack planned once', () => {
  // A → B → A: the target is what B needs.
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs() }), installed(), market(ref('B', '1.0.0', { A: needs() }))), ['B@1.0.0:dependency<A', 'A@1.0.0:target']);
  // A → B → C → B, with an older A installed that C is fine with in the new version.
  const available = market(ref('B', '1.0.0', { C: needs() }), ref('C', '1.0.0', { B: needs(), A: needs('2.0.0') }), ref('A', '1.0.0'));
  assert.deepEqual(plan(ref('A', '2.0.0', { B: needs() }), installed({ A: '1.0.0' }), available), ['C@1.0.0:dependency<B', 'B@1.0.0:dependency<A', 'A@2.0.0:target']);
  // A self-loop in the marketplace data.
  assert.deepEqual(plan(ref('A', '1.0.0', { B: needs() }), installed(), market(ref('B', '1.0.0', { B: needs() }))), ['B@1.0.0:dependency<A', 'A@1.0.0:target']);
});

void test('a cycle back to a pack being installed at too old a version is a conflict', () => {
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs() }), installed(), market(ref('B', '1.0.0', { A: needs('2.0.0') }))),
    'conflicting dependency: pack B needs pack A 2.0.0 or later, but 1.0.0 is the version being installed',
  );
  conflict(
    () => resolveInstall(ref('A', '1.0.0', { B: needs() }), installed(), market(ref('B', '1.0.0', { C: needs() }), ref('C', '1.0.0', { B: needs('1.1.0') }))),
    'conflicting dependency: pack C needs pack B 1.1.0 or later, but 1.0.0 is the version being installed',
  );
});

void test('dependentsOf lists installed packs with a mandatory dependency on a pack, sorted', () => {
  const packs = [
    ref('Zed', '1.0.0', { Base: needs() }),
    ref('Alpha', '1.0.0', { Base: needs('1.0.0'), Other: needs() }),
    ref('Soft', '1.0.0', { Base: optional }),
    ref('Base', '1.0.0', {}),
    ref('Unrelated', '1.0.0', { Other: needs() }),
  ];
  assert.deepEqual(dependentsOf('Base', packs), ['Alpha', 'Zed']);
  assert.deepEqual(dependentsOf('Other', packs), ['Alpha', 'Unrelated']);
  assert.deepEqual(dependentsOf('Zed', packs), []);
  assert.deepEqual(dependentsOf('Base', [ref('Base', '1.0.0', { Base: needs() })]), [], 'a pack is not its own dependent');
  assert.deepEqual(dependentsOf('toString', packs), [], 'names of Object.prototype are no dependencies');
});
