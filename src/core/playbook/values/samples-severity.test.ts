/**
 * The resolver over real tasks of the Calculate Severity sample playbooks (demisto/content),
 * with contexts built here: the arguments and branch labels XSOAR would produce.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isRecord } from '../../content/content-error.js';
import { parseContent } from '../../content/parse.js';
import { conditionLabel, resolveArguments, resolveValue } from './resolve.js';
import { nativeScriptTransformer } from './script-transformers.js';

const FIXTURES = new URL('../../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const docs = new Map<string, Record<string, unknown>>();
function playbook(file: string): Record<string, unknown> {
  let doc = docs.get(file);
  if (!doc) docs.set(file, (doc = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8')).doc));
  return doc;
}
function task(file: string, id: string): Record<string, unknown> {
  const t = (playbook(file)['tasks'] as Record<string, unknown>)[id];
  assert.ok(isRecord(t), `${file} task ${id}`);
  return t;
}
const args = (file: string, id: string, view: Record<string, unknown>): Record<string, unknown> =>
  resolveArguments(task(file, id)['scriptarguments'], { view, scriptTransformer: nativeScriptTransformer });
const label = (file: string, id: string, view: Record<string, unknown>): string =>
  conditionLabel(task(file, id)['conditions'], { view, scriptTransformer: nativeScriptTransformer }) ?? '#default#';

/** The playbook's `inputs`, resolved against the parent's context as the engine does on entry. */
function inputsOf(file: string, view: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of playbook(file)['inputs'] as { key: string; value: unknown }[]) {
    const v = resolveValue(input.value, { view });
    if (v !== undefined) out[input.key] = v;
  }
  return out;
}

const GENERIC = 'playbook-Calculate_Severity_-_Generic_v2.yml';
const DBOT = 'playbook-Calculate_Severity_By_Highest_DBotScore_6_0.yml';
const ASSETS = 'playbook-Calculate_Severity_-_Critical_Assets_v2.yml';

void test('Calculate Severity - Generic v2: its inputs, resolved from an incident context', () => {
  const context = {
    DBotScore: [{ Indicator: 'evil.com', Score: 3 }],
    Account: [{ Username: 'bob' }, { Username: 'bob' }],
    Email: { AuthenticityCheck: ['Fail', 'Fail'], MicrosoftHeadersSeverityCheck: '2' },
  };
  assert.deepEqual(inputsOf(GENERIC, context), {
    DBotScore: [{ Indicator: 'evil.com', Score: 3 }],
    CriticalUsers: 'admin,administrator',
    CriticalEndpoints: 'admin',
    CriticalGroups: 'admins,administrators',
    Account: [{ Username: 'bob' }],
    EmailAuthenticityCheck: ['Fail'],
    MicrosoftHeadersSeverityCheck: '2',
    // `uniq` is a list transformer: on a missing root it gives an empty list (operators/transformers.ts).
    Endpoint: [],
  });
  // Without the context keys, the context-bound inputs have no value (and are left out).
  assert.deepEqual(inputsOf(GENERIC, {}), { CriticalUsers: 'admin,administrator', CriticalEndpoints: 'admin', CriticalGroups: 'admins,administrators', Account: [], Endpoint: [], EmailAuthenticityCheck: [] });
});

void test('Calculate Severity - Generic v2: task arguments', () => {
  const view = { incident: { severity: 2 }, inputs: { MicrosoftHeadersSeverityCheck: '3', CriticalUsers: ['admin', 'admin', 'root'], Account: [{ Username: 'u' }] } };
  assert.deepEqual(args(GENERIC, '16', view), { append: 'true', key: 'Severities.IncidentSeverity', value: 2 });
  assert.deepEqual(args(GENERIC, '26', view), { key: 'Severities.MicrosoftHeadersSeverityCheck', value: '3' });
  assert.deepEqual(args(GENERIC, '18', view), { Account: [{ Username: 'u' }], CriticalEndpoints: [], CriticalGroups: [], CriticalUsers: ['admin', 'root'], Endpoint: [] });
  assert.deepEqual(args(GENERIC, '11', view), { severity: 'critical' });
});

void test('Calculate Severity - Generic v2: "Determine incident severity" takes the highest severity found', () => {
  const cases: readonly (readonly [unknown, string])[] = [
    [{ DBotScoreSeverity: 'Low', CriticalAssetsSeverity: 'critical', IncidentSeverity: 1 }, 'Critical'],
    [{ DBotScoreSeverity: ['Low', 'High'], IncidentSeverity: '1' }, 'High'],
    [{ IncidentSeverity: 4 }, 'Critical'],
    [{ IncidentSeverity: '3' }, 'High'],
    [{ EmailAuthenticitySeverity: 'Medium' }, 'Medium'],
    [{ MicrosoftHeadersSeverityCheck: 2 }, 'Medium'],
    [{ MicrosoftHeadersSeverityCheck: '1', DBotScoreSeverity: 'Unknown' }, 'Low'],
    [{ DBotScoreSeverity: 'Unknown', IncidentSeverity: 0 }, '#default#'],
    // Severities appended by several sub-playbooks form a list of objects; each is an item.
    [[{ DBotScoreSeverity: 'Low' }, { CriticalAssetsSeverity: 'Critical' }], 'Critical'],
    [[{ IncidentSeverity: 1 }, { EmailAuthenticitySeverity: 'Medium' }], 'Medium'],
    [{}, '#default#'],
  ];
  for (const [severities, expected] of cases) assert.equal(label(GENERIC, '15', { Severities: severities }), expected, JSON.stringify(severities));
  assert.equal(label(GENERIC, '15', {}), '#default#');
  assert.equal(label(GENERIC, '27', { inputs: { MicrosoftHeadersSeverityCheck: 'True' } }), 'yes');
  assert.equal(label(GENERIC, '27', { inputs: { MicrosoftHeadersSeverityCheck: '' } }), '#default#');
  assert.equal(label(GENERIC, '27', { inputs: {} }), '#default#');
});

void test('Calculate Severity By Highest DBotScore: arguments and the severity branch', () => {
  const scores = [
    { Indicator: '8.8.8.8', Score: 1 },
    { Indicator: 'evil.com', Score: 3 },
  ];
  assert.equal(label(DBOT, '23', { inputs: { DBotScore: scores } }), 'yes');
  assert.equal(label(DBOT, '23', { inputs: {} }), '#default#');
  assert.deepEqual(args(DBOT, '22', { inputs: { DBotScore: scores } }), { key: 'DBotScore', value: scores });
  assert.deepEqual(args(DBOT, '31', { DBotScore: scores }), { value: ['8.8.8.8', 'evil.com'] });
  assert.deepEqual(args(DBOT, '31', { DBotScore: scores[1] }), { value: 'evil.com' });
  assert.deepEqual(args(DBOT, '31', {}), {});
  const cache = (...s: unknown[]): Record<string, unknown> => ({ DBotScoreCache: s.map((Score, i) => ({ Indicator: `i${i}`, Score })) });
  assert.equal(label(DBOT, '25', cache(1, 3, 2)), 'High');
  assert.equal(label(DBOT, '25', cache('2', '1')), 'Medium');
  assert.equal(label(DBOT, '25', cache(1, 0)), 'Low');
  assert.equal(label(DBOT, '25', cache(0)), '#default#');
  assert.equal(label(DBOT, '25', { DBotScoreCache: { Indicator: 'x', Score: 3 } }), 'High');
  assert.equal(label(DBOT, '25', {}), '#default#');
  assert.deepEqual(args(DBOT, '27', {}), { key: 'Severities.DBotScoreSeverity', value: 'High' });
});

void test('Calculate Severity - Critical Assets v2: group names from DNs and the `in` filters', () => {
  const inputs = { Endpoint: { Groups: ['CN=Servers,OU=IT,DC=corp,DC=com', 'CN=Admins,DC=corp,DC=com'], Hostname: ['AdminPC', 'pc2'] }, CriticalEndpoints: 'AdminPC, pc9' };
  const groups = args(ASSETS, '22', { inputs })['value'];
  assert.deepEqual(groups, ['Servers', 'OUIT', 'corp', 'com', 'Admins']);
  assert.deepEqual(args(ASSETS, '49', { inputs }), { key: 'criticalendpoints', value: ['AdminPC', 'pc9'] });
  assert.deepEqual(args(ASSETS, '39', { inputs }), { key: 'hostnames', value: ['AdminPC', 'pc2'] });
  const context = { criticalendpoints: ['AdminPC', 'pc9'], hostnames: ['AdminPC', 'pc2'] };
  assert.equal(label(ASSETS, '13', context), 'yes');
  assert.deepEqual(args(ASSETS, '51', context), { append: 'true', key: 'CriticalAssets.CriticalEndpoints', value: ['AdminPC'] });
  assert.equal(label(ASSETS, '13', { ...context, hostnames: 'pc2' }), '#default#');
  assert.equal(label(ASSETS, '23', { criticalgroups: ['admins', 'Admins'], endpointgroups: groups }), 'yes');
  assert.equal(label(ASSETS, '23', { criticalgroups: ['Domain Admins'], endpointgroups: groups }), '#default#');
  assert.equal(label(ASSETS, '8', { inputs: { Account: { Username: 'u' }, CriticalUsers: 'ceo' } }), 'yes');
  assert.equal(label(ASSETS, '8', { inputs: { Account: [{ Username: 'u' }] } }), '#default#');
});
