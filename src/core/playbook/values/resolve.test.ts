import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Budget } from '../dt/index.js';
import { conditionLabel, resolveArguments, resolveOperand, resolveValue, type ResolveScope } from './resolve.js';

const view = {
  incident: { id: '42', name: 'Phish', severity: 3, labels: [{ type: 'Email/from', value: 'eve@evil.com' }] },
  inputs: { Ids: ['a1', 'b2'], Vendor: 'VT', MinScore: '2', Sep: ';', Key: 'Files', One: ['only'] },
  lists: { Allow: '1.1.1.1, 2.2.2.2' },
  currentPlaybookID: 'pb-7',
  DBotScore: [
    { Indicator: '8.8.8.8', Score: 1, Vendor: 'VT' },
    { Indicator: 'evil.com', Score: 3, Vendor: 'VT' },
    { Indicator: 'x.org', Score: 2, Vendor: 'Other' },
  ],
  Files: ['f1'],
  'Employee Status Report': { Answers: { '0': 'Ann' } },
};
const scope: ResolveScope = { view };
const value = (v: unknown): unknown => resolveValue(v, scope);
const ctx = (simple: string): Record<string, unknown> => ({ value: { simple }, iscontext: true });
const lit = (simple: string): Record<string, unknown> => ({ value: { simple } });

void test('simple: literals are their source text; null and {} are no value', () => {
  assert.equal(value({ simple: 'MedicalInformationBreached' }), 'MedicalInformationBreached');
  assert.equal(value({ simple: 10 }), '10');
  assert.equal(value({ simple: 1.5 }), '1.5');
  assert.equal(value({ simple: true }), 'true');
  assert.equal(value({ simple: '' }), '');
  assert.equal(value({ simple: null }), undefined);
  assert.equal(value({}), undefined);
  assert.equal(value(null), undefined);
  assert.equal(value(undefined), undefined);
  // `${` without a closing brace, or an empty `${}`, is literal text.
  assert.equal(value({ simple: 'cost ${5' }), 'cost ${5');
  assert.equal(value({ simple: 'x ${} y' }), 'x ${} y');
});

void test('simple: one whole ${…} passes the raw value, mixed text is interpolated as text', () => {
  assert.deepEqual(value({ simple: '${inputs.Ids}' }), ['a1', 'b2']);
  assert.deepEqual(value({ simple: '${DBotScore.[1]}' }), view.DBotScore[1]);
  assert.equal(value({ simple: '${currentPlaybookID}' }), 'pb-7');
  assert.equal(value({ simple: '${incident.labels.Email/from}' }), 'eve@evil.com');
  assert.equal(value({ simple: '${nothing.here}' }), undefined);
  assert.equal(value({ simple: 'incident ${incident.id} ids=${inputs.Ids} x=${nothing}' }), 'incident 42 ids=a1,b2 x=');
  assert.deepEqual(value({ simple: "${DBotScore(val.Vendor == '${inputs.Vendor}').Indicator}" }), ['8.8.8.8', 'evil.com']);
});

void test('complex: root, then filters on the items, then accessor, then transformers', () => {
  assert.deepEqual(value({ complex: { root: 'inputs.Ids' } }), ['a1', 'b2']);
  assert.equal(value({ complex: { root: 'incident', accessor: 'severity' } }), 3);
  assert.deepEqual(value({ complex: { root: 'Employee Status Report', accessor: 'Answers' } }), { '0': 'Ann' });
  const filters = [[{ operator: 'greaterThanOrEqual', left: ctx('DBotScore.Score'), right: ctx('inputs.MinScore') }]];
  assert.deepEqual(value({ complex: { root: 'DBotScore', filters, accessor: 'Indicator' } }), ['evil.com', 'x.org']);
  const none = [[{ operator: 'isEqualString', left: ctx('DBotScore.Vendor'), right: lit('nobody') }]];
  assert.equal(value({ complex: { root: 'DBotScore', filters: none, accessor: 'Indicator' } }), undefined);
  // Filters: AND of groups, OR inside a group; ignorecase.
  const both = [
    [{ operator: 'isEqualString', left: ctx('DBotScore.Vendor'), right: lit('vt'), ignorecase: true }],
    [
      { operator: 'isEqualNumber', left: ctx('DBotScore.Score'), right: lit('3') },
      { operator: 'isEqualNumber', left: ctx('DBotScore.Score'), right: lit('1') },
    ],
  ];
  assert.deepEqual(value({ complex: { root: 'DBotScore', filters: both, accessor: 'Indicator' } }), ['8.8.8.8', 'evil.com']);
  const upper = [{ operator: 'toUpperCase' }, { operator: 'join', args: { separator: ctx('inputs.Sep') } }];
  assert.equal(value({ complex: { root: 'DBotScore', filters, accessor: 'Indicator', transformers: upper } }), 'EVIL.COM;X.ORG');
  assert.equal(value({ complex: { root: 'inputs.Ids', transformers: [{ operator: 'atIndex', args: { index: lit('1') } }] } }), 'b2');
  assert.deepEqual(value({ complex: { root: 'lists.Allow', transformers: [{ operator: 'splitAndTrim', args: { delimiter: lit(',') } }] } }), ['1.1.1.1', '2.2.2.2']);
  // Unset transformer arguments (`{}`) fall back to the transformer's default.
  assert.deepEqual(value({ complex: { root: 'lists.Allow', transformers: [{ operator: 'split', args: { delimiter: {} } }] } }), ['1.1.1.1', ' 2.2.2.2']);
  assert.equal(value({ complex: { root: 'nothing' } }), undefined);
  assert.equal(value({ complex: { root: 'nothing', transformers: [{ operator: 'count' }] } }), 0);
});

void test('complex: roots and accessors with DT syntax and ${…}', () => {
  assert.deepEqual(value({ complex: { root: 'DBotScore(val.Score > 1)', accessor: 'Vendor' } }), ['VT', 'Other']);
  assert.deepEqual(value({ complex: { root: "DBotScore(val.Vendor == '${inputs.Vendor}')", accessor: 'Indicator' } }), ['8.8.8.8', 'evil.com']);
  assert.deepEqual(value({ complex: { root: '${inputs.Ids}', transformers: [{ operator: 'count' }] } }), 2);
  assert.deepEqual(value({ complex: { root: '${inputs.Key}' } }), 'Files');
  assert.deepEqual(value({ complex: { root: '${inputs.Key}.[0]' } }), 'f1');
  assert.equal(value({ complex: { root: 'DBotScore', accessor: '[-1].Indicator' } }), 'x.org');
  assert.deepEqual(value({ complex: { root: 'DBotScore', accessor: "Indicator(val.endsWith('${inputs.Sep}') == false)=val.length" } }), [7, 8, 5]);
});

void test('filters: operands below the root read the item, with DT syntax or as complex values', () => {
  const selected = [[{ operator: 'isExists', left: ctx("DBotScore.Vendor(val == 'VT')") }]];
  assert.deepEqual(value({ complex: { root: 'DBotScore', filters: selected, accessor: 'Indicator' } }), ['8.8.8.8', 'evil.com']);
  const complexLeft = { value: { complex: { root: 'DBotScore.Indicator', transformers: [{ operator: 'toUpperCase' }] } }, iscontext: true };
  const upper = [[{ operator: 'isEqualString', left: complexLeft, right: lit('EVIL.COM') }]];
  assert.deepEqual(value({ complex: { root: 'DBotScore', filters: upper, accessor: 'Score' } }), [3]);
  // A path elsewhere in the context is read from the context for every item.
  const global = [[{ operator: 'isEqualString', left: ctx('DBotScore.Vendor'), right: ctx('inputs.Vendor') }]];
  assert.deepEqual(value({ complex: { root: 'DBotScore', filters: global, accessor: 'Score' } }), [1, 3]);
  // The item itself, on the right side.
  const self = [[{ operator: 'inList', left: ctx('inputs.Ids'), right: ctx('inputs.Ids') }]];
  assert.deepEqual(value({ complex: { root: 'inputs.Ids', filters: self } }), ['a1', 'b2']);
});

void test('resolveOperand: iscontext reads a DT path; otherwise the value object', () => {
  const op = (o: unknown): unknown => resolveOperand(o, scope);
  assert.deepEqual(op(ctx('inputs.Ids')), ['a1', 'b2']);
  assert.deepEqual(op({ value: { simple: 'inputs.Ids' }, iscontext: 'true' }), ['a1', 'b2']);
  assert.deepEqual(op({ value: { simple: 'inputs.Ids' }, isContext: true }), ['a1', 'b2']);
  assert.equal(op(lit('inputs.Ids')), 'inputs.Ids');
  assert.equal(op({ value: { simple: 'inputs.Ids' }, iscontext: false }), 'inputs.Ids');
  assert.equal(op(ctx('incident.labels.Email/from')), 'eve@evil.com');
  assert.deepEqual(op(ctx('${inputs.Ids}')), ['a1', 'b2']);
  assert.equal(op(ctx('${inputs.Key}.[0]')), 'f1');
  assert.deepEqual(op(ctx("DBotScore(val.Vendor=='${inputs.Vendor}' && val.Score > 2).Indicator")), 'evil.com');
  assert.equal(op(ctx('')), undefined, 'an empty path is nothing, not the whole context');
  assert.equal(op({ value: { complex: { root: 'inputs.One' } }, iscontext: true }), view.inputs.One);
  assert.equal(op({}), undefined);
  assert.equal(op(undefined), undefined);
});

void test('resolveArguments: every argument resolved, the ones without a value left out', () => {
  // As parsed content gives it: "__proto__" is an own key there, not the prototype.
  const raw: unknown = JSON.parse(`{
    "key": {"simple": "Severities.IncidentSeverity"},
    "value": {"complex": {"root": "incident", "accessor": "severity"}},
    "append": {"simple": true},
    "ids": {"simple": "\${inputs.Ids}"},
    "tag": {},
    "missing": {"simple": "\${nowhere}"},
    "nothing": null,
    "empty": {"simple": ""},
    "__proto__": {"simple": "own key"}
  }`);
  const args = resolveArguments(raw, scope);
  assert.deepEqual(Object.keys(args), ['key', 'value', 'append', 'ids', 'empty', '__proto__']);
  assert.equal(args['key'], 'Severities.IncidentSeverity');
  assert.equal(args['value'], 3);
  assert.equal(args['append'], 'true');
  assert.deepEqual(args['ids'], ['a1', 'b2']);
  assert.equal(Object.getPrototypeOf(args), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(args, '__proto__')?.value, 'own key');
  assert.deepEqual(resolveArguments(undefined, scope), {});
  assert.deepEqual(resolveArguments({}, scope), {});
});

void test('conditionLabel: the first label whose groups hold, in order; undefined for #default#', () => {
  const conditions = [
    { label: 'High', condition: [[{ operator: 'isEqualNumber', left: ctx('incident.severity'), right: lit('4') }]] },
    { label: 'Medium', condition: [[{ operator: 'greaterThanOrEqual', left: ctx('incident.severity'), right: lit('2') }]] },
    { label: 'Also', condition: [[{ operator: 'isExists', left: ctx('incident.id') }]] },
  ];
  assert.equal(conditionLabel(conditions, scope), 'Medium');
  assert.equal(conditionLabel(conditions, { view: { incident: { severity: 4, id: '1' } } }), 'High');
  assert.equal(conditionLabel(conditions, { view: { incident: { severity: 1, id: '1' } } }), 'Also');
  assert.equal(conditionLabel(conditions, { view: {} }), undefined);
  assert.equal(conditionLabel([], scope), undefined);
  assert.equal(conditionLabel(undefined, scope), undefined);
  // AND of groups.
  const and = [{ label: 'yes', condition: [[{ operator: 'isExists', left: ctx('incident.id') }], [{ operator: 'isExists', left: ctx('incident.nope') }]] }];
  assert.equal(conditionLabel(and, scope), undefined);
  // A label with no condition holds; a YAML number label is its text.
  assert.equal(conditionLabel([{ label: 1 }], scope), '1');
});

void test('a scope budget bounds the DT work of the call and is shared by all of it', () => {
  const budget = new Budget();
  resolveArguments({ a: { simple: '${DBotScore.Indicator}' }, b: { complex: { root: 'DBotScore(val.Score > 1)' } } }, { view, budget });
  assert.ok(budget.used > 0);
  const before = budget.used;
  resolveValue({ simple: '${incident.id}' }, { view, budget });
  assert.ok(budget.used > before);
});
