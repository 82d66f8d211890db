import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUILTIN_FILTERS, BUILTIN_TRANSFORMERS, isBuiltinFilter, isBuiltinTransformer, normaliseOperator, operatorsIn } from './operators.js';
import { parseContent } from './parse.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const load = (file: string): Record<string, unknown> => parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8')).doc;
const uses = (value: unknown): string[] => operatorsIn(value).map((u) => `${u.role}:${u.operator}`);

void test('the built-in lists are the server\'s (XSOAR-FORMATS §1.6.1 and §1.13), without repeats', () => {
  assert.equal(BUILTIN_FILTERS.length, 40);
  assert.equal(new Set(BUILTIN_FILTERS).size, BUILTIN_FILTERS.length);
  assert.equal(BUILTIN_TRANSFORMERS.length, 39);
  assert.equal(new Set(BUILTIN_TRANSFORMERS).size, BUILTIN_TRANSFORMERS.length);
  for (const name of ['isEqualString', 'isExists', 'isNotEmpty', 'containsGeneral', 'inList', 'match', 'isBefore', 'isAfter', 'in', 'notIn', 'hasLength', 'isIdenticalIncident']) {
    assert.equal(isBuiltinFilter(name), true, name);
  }
  for (const name of ['uniq', 'concat', 'join', 'getField', 'append', 'toLowerCase', 'split', 'Stringify', 'replaceMatch', 'count', 'atIndex', 'ConvertKeysToTableFieldFormat']) {
    assert.equal(isBuiltinTransformer(name), true, name);
  }
});

void test('namespaced operators are normalised: renamed ones, then the prefix dropped', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['string.isEqual', 'isEqualString'],
    ['string.isNotEqual', 'isNotEqualString'],
    ['number.isEqual', 'isEqualNumber'],
    ['number.isNotEqual', 'isNotEqualNumber'],
    ['general.isExists', 'isExists'],
    ['general.isNotEmpty', 'isNotEmpty'],
    ['number.greaterThanOrEqual', 'greaterThanOrEqual'],
    ['number.lessThan', 'lessThan'],
    ['string.inList', 'inList'],
    ['date.isBefore', 'isBefore'],
    ['boolean.isTrue', 'isTrue'],
    ['general.join', 'join'],
    ['general.uniq', 'uniq'],
    ['string.replaceMatch', 'replaceMatch'],
    ['isEqualString', 'isEqualString'],
    ['ParseJSON', 'ParseJSON'],
    ['Foo.bar', 'Foo.bar'],
    ['strings.isEqual', 'strings.isEqual'],
  ];
  for (const [name, plain] of cases) assert.equal(normaliseOperator(name), plain, name);
  assert.equal(isBuiltinFilter('string.isEqual'), true);
  assert.equal(isBuiltinFilter('number.greaterThanOrEqual'), true);
  assert.equal(isBuiltinTransformer('general.join'), true);
  assert.equal(isBuiltinTransformer('string.replaceMatch'), true);
});

void test('anything else is a script: filter scripts, transformer scripts, script ids; roles do not mix', () => {
  for (const name of ['StringContainsArray', 'IsInCidrRanges', 'InRange', 'isequalstring', 'IsEqualString', '', 'd8d43bef-1111-4222-8333-444455556666']) {
    assert.equal(isBuiltinFilter(name), false, name);
  }
  for (const name of ['ParseJSON', 'FirstArrayElement', 'If-Then-Else', 'DT', 'jmespath', 'SetIfEmpty', 'ConvertToSingleElementArray', 'IPv4Whitelist', 'Uniq']) {
    assert.equal(isBuiltinTransformer(name), false, name);
  }
  assert.equal(isBuiltinTransformer('isEqualString'), false, 'a filter is not a transformer');
  assert.equal(isBuiltinFilter('uniq'), false, 'a transformer is not a filter');
});

void test('operatorsIn finds transformers and filters at any depth, in order, repeats included', () => {
  const value = {
    scriptarguments: {
      a: { complex: { root: 'x', filters: [[{ operator: 'isExists' }, { operator: 'InRange' }], [{ operator: 'isEmpty' }]], transformers: [{ operator: 'uniq' }, { operator: 'uniq' }] } },
      b: {
        complex: {
          root: 'y',
          transformers: [{ operator: 'If-Then-Else', args: { lhs: { value: { complex: { root: 'z', transformers: [{ operator: 'ParseJSON' }] } } } } }],
        },
      },
    },
    conditions: [{ label: 'yes', condition: [[{ operator: 'string.isEqual', left: { value: { complex: { root: 'w', filters: [[{ operator: 'StringContainsArray' }]] } } } }]] }],
    loop: { builtincondition: [[{ operator: 'general.isExists' }]] },
  };
  assert.deepEqual(uses(value), [
    'filter:isExists',
    'filter:InRange',
    'filter:isEmpty',
    'transformer:uniq',
    'transformer:uniq',
    'transformer:If-Then-Else',
    'transformer:ParseJSON',
    'filter:string.isEqual',
    'filter:StringContainsArray',
    'filter:general.isExists',
  ]);
});

void test('operatorsIn skips other marketplaces, junk entries and keys that only look like operator lists', () => {
  const value = {
    'transformers:marketplacev2': [{ operator: 'Theirs' }],
    'transformers:xsoar': [{ operator: 'Ours' }],
    '12:marketplacev2': { transformers: [{ operator: 'InTheirTask' }] },
    filters: [{ operator: 'NotInAGroup' }, [{ operator: 'grouped' }, 'x', { operator: 5 }, null]],
    condition: { operator: 'NotAList' },
    transformers: [null, 'x', { operator: ['no'] }, { name: 'no operator' }],
    args: { condition: { value: { simple: 'lhs==rhs' } } },
  };
  assert.deepEqual(uses(value), ['transformer:Ours', 'filter:grouped']);
  for (const junk of [null, undefined, 1, 'transformers', [], {}]) assert.deepEqual(operatorsIn(junk), []);
});

void test('operatorsIn stops at an absurd depth instead of overflowing', () => {
  let deep: unknown = { transformers: [{ operator: 'Bottom' }] };
  for (let i = 0; i < 10_000; i++) deep = { x: deep };
  assert.deepEqual(operatorsIn(deep), []);
  let shallow: unknown = { transformers: [{ operator: 'Reachable' }] };
  for (let i = 0; i < 50; i++) shallow = { x: shallow };
  assert.deepEqual(uses(shallow), ['transformer:Reachable']);
});

void test('in the sample playbooks: namespaced filters are built-in, script transformers are found', () => {
  const third = uses(load('playbook-Calculate_Severity_-_3rd-party_integrations.yml'));
  assert.deepEqual([...new Set(third)].sort(), ['filter:general.isExists', 'filter:number.greaterThanOrEqual', 'filter:number.lessThan', 'filter:string.isEqual']);
  for (const use of operatorsIn(load('playbook-Calculate_Severity_-_3rd-party_integrations.yml'))) assert.equal(isBuiltinFilter(use.operator), true, use.operator);

  const tim = operatorsIn(load('playbook-TIM_-_Update_Indicators_Organizational_External_IP_Tag.yml'));
  const scriptTransformers = new Set(tim.filter((u) => u.role === 'transformer' && !isBuiltinTransformer(u.operator)).map((u) => u.operator));
  assert.deepEqual([...scriptTransformers].sort(), ['IPv4Blacklist', 'IPv4Whitelist']);
  assert.ok(tim.filter((u) => u.role === 'filter').every((u) => isBuiltinFilter(u.operator)));

  const survey = operatorsIn(load('Process_Survey_Response.yml'));
  assert.ok(survey.some((u) => u.role === 'transformer' && u.operator === 'ConvertToSingleElementArray'));
  const job = operatorsIn(load('playbook-JOB_-_Integrations_and_Playbooks_Health_Check_-_Lists_handling.yml'));
  assert.ok(job.some((u) => u.role === 'transformer' && u.operator === 'DT'));
  assert.deepEqual(operatorsIn(load('playbook-GenericPolling.yml')), []);
  // Every `operator:` line of a sample is found.
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.yml'))) {
    const text = readFileSync(new URL(file, FIXTURES), 'utf8');
    const lines = text.split('\n').filter((l) => /^[\s-]*operator:/.test(l)).length;
    assert.equal(operatorsIn(load(file)).length, lines, file);
  }
});
