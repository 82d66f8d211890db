import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextPath, evaluateGroups, filterList, itemField, parseGroups, relativePath, type ItemScope } from './condition-groups.js';
import { OperatorError, UnknownOperatorError } from './operator-error.js';

const ctx = (path: string): { value: { simple: string }; iscontext: true } => ({ value: { simple: path }, iscontext: true });
const lit = (simple: string): { value: { simple: string } } => ({ value: { simple } });

/** Resolves literals and context paths against `context`; records what it was asked. */
function resolverFor(context: Record<string, unknown>, asked: unknown[] = []) {
  return (operand: unknown, scope?: ItemScope): unknown => {
    asked.push(scope === undefined ? operand : { operand, scope });
    const path = contextPath(operand);
    if (path !== undefined) return itemField(context, path);
    const value = (operand as { value?: { simple?: unknown } } | undefined)?.value;
    return value?.simple;
  };
}

void test('parseGroups reads ignorecase/ignoreCase, drops empty groups and refuses wrong shapes', () => {
  const groups = parseGroups([
    [{ operator: 'isEqualString', left: ctx('a'), right: lit('x'), ignorecase: true }, { operator: ' isExists ', left: ctx('b') }],
    [],
    [{ operator: 'isTrue', left: ctx('c'), ignoreCase: 'true' }],
  ]);
  assert.deepEqual(groups, [
    [{ operator: 'isEqualString', left: ctx('a'), right: lit('x'), ignoreCase: true }, { operator: 'isExists', left: ctx('b'), right: undefined, ignoreCase: false }],
    [{ operator: 'isTrue', left: ctx('c'), right: undefined, ignoreCase: true }],
  ]);
  assert.deepEqual(parseGroups(undefined), []);
  assert.deepEqual(parseGroups(null), []);
  assert.throws(() => parseGroups({}), OperatorError);
  assert.throws(() => parseGroups([{ operator: 'isExists' }]), /group 1 is not a list/);
  assert.throws(() => parseGroups([['x']]), /group 1, filter 1 is not an object/);
  assert.throws(() => parseGroups([[{ left: ctx('a') }], [{ operator: '' }]]), /group 1, filter 1 has no operator/);
});

void test('evaluateGroups: outer list AND, inner list OR; no groups is true; unknown operators surface', () => {
  const resolve = resolverFor({ sev: '3', vendor: 'VT', flag: 'false' });
  const groups = parseGroups([
    [{ operator: 'isEqualString', left: ctx('vendor'), right: lit('x') }, { operator: 'isEqualString', left: ctx('vendor'), right: lit('vt'), ignorecase: true }],
    [{ operator: 'greaterThanOrEqual', left: ctx('sev'), right: lit('2') }],
  ]);
  assert.equal(evaluateGroups(groups, resolve), true);
  const failing = parseGroups([[{ operator: 'isTrue', left: ctx('flag') }], [{ operator: 'isExists', left: ctx('sev') }]]);
  assert.equal(evaluateGroups(failing, resolve), false);
  assert.equal(evaluateGroups([], resolve), true);
  assert.throws(() => evaluateGroups(parseGroups([[{ operator: 'InRange', left: lit('4'), right: lit('2,8') }]]), resolve), UnknownOperatorError);
});

void test('evaluateGroups resolves a right operand only when the filter has one', () => {
  const asked: unknown[] = [];
  evaluateGroups(parseGroups([[{ operator: 'isExists', left: ctx('x') }]]), resolverFor({ x: 1 }, asked));
  assert.deepEqual(asked, [ctx('x')]);
});

void test('relativePath and contextPath', () => {
  assert.equal(relativePath('Severities', 'Severities'), '');
  assert.equal(relativePath('Severities', 'Severities.DBotScoreSeverity'), 'DBotScoreSeverity');
  assert.equal(relativePath('inputs.Account', 'inputs.Account.Groups.Name'), 'Groups.Name');
  assert.equal(relativePath('Severities', 'SeveritiesX.a'), undefined);
  assert.equal(relativePath('Severities', 'inputs.x'), undefined);
  assert.equal(relativePath('DBotScore(val.Score > 1)', 'DBotScore.Score'), undefined);
  assert.equal(relativePath('X', 'X.[0]'), undefined);
  assert.equal(contextPath(ctx(' a.b ')), 'a.b');
  assert.equal(contextPath({ value: { simple: 'a' }, iscontext: 'true' }), 'a');
  assert.equal(contextPath(lit('a')), undefined);
  assert.equal(contextPath(ctx('${a}')), undefined);
  assert.equal(contextPath({ value: { complex: { root: 'a' } }, iscontext: true }), undefined);
});

void test('itemField reads dotted paths, through lists (flattened) and keys that contain dots', () => {
  const v = { A: { B: 1 }, 'x.y': 2, L: [{ n: 1 }, { n: [2, 3] }, { m: 4 }], 'Employee Status Report': { Answers: { '2': 'Yes' } } };
  assert.equal(itemField(v, 'A.B'), 1);
  assert.equal(itemField(v, 'x.y'), 2);
  assert.deepEqual(itemField(v, 'L.n'), [1, 2, 3]);
  assert.equal(itemField(v, 'L.z'), undefined);
  assert.equal(itemField(v, 'Employee Status Report.Answers.2'), 'Yes');
  assert.equal(itemField('text', 'a'), undefined);
  assert.equal(itemField(v, ''), v);
});

void test('filterList keeps the items that pass, reading root-prefixed paths on each item', () => {
  const scores = [
    { Indicator: 'a.com', Score: 3, Vendor: 'VT' },
    { Indicator: 'b.com', Score: '1', Vendor: 'XFE' },
    { Indicator: 'c.com', Score: 2, Vendor: 'vt' },
  ];
  const resolve = resolverFor({ DBotScore: scores, minimum: '2' });
  const groups = parseGroups([
    [{ operator: 'greaterThanOrEqual', left: ctx('DBotScore.Score'), right: ctx('minimum') }],
    [{ operator: 'isEqualString', left: ctx('DBotScore.Vendor'), right: lit('VT'), ignorecase: true }],
  ]);
  assert.deepEqual(filterList(scores, 'DBotScore', groups, resolve), [scores[0], scores[2]]);
  // The root itself is the item: a list of scalars filtered by itself.
  const ips = ['1.1.1.1', '10.0.0.1', '8.8.8.8'];
  const notListed = parseGroups([[{ operator: 'notInList', left: ctx('playbookQuery.value'), right: lit('10.0.0.1,8.8.8.8') }]]);
  assert.deepEqual(filterList(ips, 'playbookQuery.value', notListed, resolve), ['1.1.1.1']);
  // A single object is one item: kept whole, or nothing.
  const one = { DBotScoreSeverity: 'Critical' };
  const critical = parseGroups([[{ operator: 'containsGeneral', left: ctx('Severities.DBotScoreSeverity'), right: lit('critical'), ignorecase: true }]]);
  assert.equal(filterList(one, 'Severities', critical, resolve), one);
  assert.equal(filterList({ DBotScoreSeverity: 'Low' }, 'Severities', critical, resolve), undefined);
  assert.equal(filterList([], 'Severities', critical, resolve), undefined, 'nothing passes: missing, not []');
  assert.equal(filterList([{ DBotScoreSeverity: 'Low' }], 'Severities', critical, resolve), undefined);
  assert.equal(filterList(undefined, 'Severities', critical, resolve), undefined);
  assert.equal(filterList(ips, 'x', [], resolve), ips);
});

void test('filterList hands other operands to the resolver with the item in scope', () => {
  const asked: unknown[] = [];
  const resolve = resolverFor({ allowed: ['b'] }, asked);
  const groups = parseGroups([[{ operator: 'in', left: ctx('names'), right: ctx('allowed') }]]);
  assert.deepEqual(filterList(['a', 'b', null], 'names', groups, resolve), ['b']);
  assert.deepEqual(asked, [
    { operand: ctx('allowed'), scope: { root: 'names', item: 'a' } },
    { operand: ctx('allowed'), scope: { root: 'names', item: 'b' } },
  ]);
});
