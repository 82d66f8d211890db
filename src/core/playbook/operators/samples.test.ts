/**
 * The operators on the conditions and values of the sample playbooks (real XSOAR content),
 * through the engine's value resolver (`../values`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isRecord } from '../../content/content-error.js';
import { parseContent } from '../../content/parse.js';
import { conditionLabel, nativeScriptTransformer, resolveOperand } from '../values/index.js';

const FIXTURES = new URL('../../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const cache = new Map<string, Record<string, unknown>>();
function task(file: string, id: string): Record<string, unknown> {
  let doc = cache.get(file);
  if (!doc) {
    doc = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8')).doc;
    cache.set(file, doc);
  }
  const t = (doc['tasks'] as Record<string, unknown>)[id];
  assert.ok(isRecord(t), `${file} task ${id}`);
  return t;
}

/** The label a condition task takes: the first whose groups hold, else `#default#` (the engine's own resolver). */
function branch(file: string, id: string, view: Record<string, unknown>): string {
  return conditionLabel(task(file, id)['conditions'], { view, scriptTransformer: nativeScriptTransformer }) ?? '#default#';
}

void test('Calculate Severity - Generic v2: "Determine incident severity" takes the highest severity found', () => {
  const file = 'playbook-Calculate_Severity_-_Generic_v2.yml';
  const cases: readonly (readonly [Record<string, unknown>, string])[] = [
    [{ DBotScoreSeverity: 'Low', CriticalAssetsSeverity: 'critical', IncidentSeverity: 1 }, 'Critical'],
    [{ DBotScoreSeverity: ['Low', 'High'], IncidentSeverity: '1' }, 'High'],
    [{ IncidentSeverity: 4 }, 'Critical'],
    [{ IncidentSeverity: '3' }, 'High'],
    [{ EmailAuthenticitySeverity: 'Medium' }, 'Medium'],
    [{ MicrosoftHeadersSeverityCheck: 2 }, 'Medium'],
    [{ MicrosoftHeadersSeverityCheck: '1', DBotScoreSeverity: 'Unknown' }, 'Low'],
    [{ DBotScoreSeverity: 'Unknown', IncidentSeverity: 0 }, '#default#'],
    [{}, '#default#'],
  ];
  for (const [severities, label] of cases) assert.equal(branch(file, '15', { Severities: severities }), label, JSON.stringify(severities));
  assert.equal(branch(file, '15', {}), '#default#');
  assert.equal(branch(file, '27', { inputs: { MicrosoftHeadersSeverityCheck: 'True' } }), 'yes');
  assert.equal(branch(file, '27', { inputs: { MicrosoftHeadersSeverityCheck: '' } }), '#default#');
});

void test('Calculate Severity - 3rd-party: Qualys score bands (number.* operators, AND of filter groups)', () => {
  const file = 'playbook-Calculate_Severity_-_3rd-party_integrations.yml';
  const qualys = (score: unknown): string => branch(file, '22', { inputs: { QualysSeverity: score } });
  assert.equal(qualys('5'), 'HIGH');
  assert.equal(qualys(4), 'HIGH');
  assert.equal(qualys('3'), 'MEDIUM');
  assert.equal(qualys('2'), 'MEDIUM');
  assert.equal(qualys('1'), 'LOW');
  assert.equal(qualys(undefined), '#default#');
  const nexpose = (severity: string): string => branch(file, '28', { inputs: { NexposeSeverity: severity } });
  assert.equal(nexpose('critical'), 'HIGH');
  assert.equal(nexpose('SEVERE'), 'MEDIUM');
  assert.equal(nexpose('Moderate'), 'LOW');
  assert.equal(nexpose('None'), '#default#');
});

void test('Calculate Severity By Highest DBotScore: filters on list items, accessor after filters', () => {
  const file = 'playbook-Calculate_Severity_By_Highest_DBotScore_6_0.yml';
  const scores = (...s: unknown[]): Record<string, unknown> => ({ DBotScoreCache: s.map((Score, i) => ({ Indicator: `i${i}`, Score })) });
  assert.equal(branch(file, '25', scores(1, 3, 2)), 'High');
  assert.equal(branch(file, '25', scores('2', '1')), 'Medium');
  assert.equal(branch(file, '25', scores(1, 0)), 'Low');
  assert.equal(branch(file, '25', scores(0)), '#default#');
  assert.equal(branch(file, '25', {}), '#default#');
});

void test('Calculate Severity By Email Authenticity: isEqualString with ignorecase on a filtered input', () => {
  const file = 'Calculate_Severity_By_Email_Authenticity.yml';
  assert.equal(branch(file, '25', { inputs: { EmailAuthenticityCheck: 'Fail' } }), 'Fail');
  assert.equal(branch(file, '25', { inputs: { EmailAuthenticityCheck: 'PASS' } }), 'Pass');
  assert.equal(branch(file, '25', { inputs: { EmailAuthenticityCheck: 'softfail' } }), '#default#');
});

void test('Critical Assets v2: group names from DNs (Stringify, replace, split, uniq) and the `in` filter', () => {
  const file = 'playbook-Calculate_Severity_-_Critical_Assets_v2.yml';
  const value = (task(file, '22')['scriptarguments'] as Record<string, unknown>)['value'];
  const groups = resolveOperand({ value, iscontext: true }, { view: { inputs: { Endpoint: { Groups: ['CN=Servers,OU=IT,DC=corp,DC=com', 'CN=Admins,DC=corp,DC=com'] } } }, scriptTransformer: nativeScriptTransformer });
  assert.deepEqual(groups, ['Servers', 'OUIT', 'corp', 'com', 'Admins']);
  assert.equal(branch(file, '23', { criticalgroups: ['admins', 'Admins'], endpointgroups: groups }), 'yes');
  assert.equal(branch(file, '23', { criticalgroups: ['Domain Admins'], endpointgroups: groups }), '#default#');
  assert.equal(branch(file, '9', { criticalusers: ['ceo', 'cfo'], usernames: ['intern', 'cfo'] }), 'yes');
  assert.equal(branch(file, '9', { criticalusers: ['ceo'], usernames: ['ceo-assistant'] }), '#default#');
  assert.equal(branch(file, '8', { inputs: { Account: { Username: 'u' }, CriticalUsers: 'ceo' } }), 'yes');
  assert.equal(branch(file, '8', { inputs: { Account: { Username: 'u' } } }), '#default#');
});

void test('Phishing Alerts - Check Severity: detections appended into one list OR the alert was not blocked', () => {
  const file = 'playbook-Phishing_Alerts_-_Check_Severity.yml';
  const base = { inputs: { blockedAlertActionValue: ['blocked', 'quarantined'] } };
  assert.equal(branch(file, '4', { ...base, QRadar: { DetectedUsers: ['bob'] }, incident: { alertaction: 'blocked' } }), 'High');
  assert.equal(branch(file, '4', { ...base, PANWHunting: { DetectedExternalHosts: 'h' }, incident: { alertaction: 'quarantined' } }), 'High');
  assert.equal(branch(file, '4', { ...base, incident: { alertaction: 'allowed' } }), 'High');
  assert.equal(branch(file, '4', { ...base, incident: { alertaction: 'blocked' } }), '#default#');
  assert.equal(branch(file, '4', { ...base, Splunk: { DetectedUsers: [] }, incident: { alertaction: 'blocked' } }), '#default#');
  assert.equal(branch(file, '12', { incident: { severity: 'critical' } }), 'Escalate');
  assert.equal(branch(file, '12', { incident: { severity: 'Low' } }), '#default#');
});

void test('TIM external IP tag: notInList against a list input; Wait Until Datetime: isAfter', () => {
  const tim = 'playbook-TIM_-_Update_Indicators_Organizational_External_IP_Tag.yml';
  const context = (ips: string[]): Record<string, unknown> => ({ playbookQuery: ips.map((value) => ({ value })), inputs: { OrganizationsExternalIPList: ['1.1.1.1', '2.2.2.2'] } });
  assert.equal(branch(tim, '117', context(['1.1.1.1', '3.3.3.3'])), 'yes');
  assert.equal(branch(tim, '117', context(['1.1.1.1', '2.2.2.2'])), '#default#');
  const file = 'playbook-Wait_Until_Datetime.yml';
  assert.equal(branch(file, '3', { inputs: { DatetimeToWaitUntil: '2030-01-01T00:00:00Z' }, DatetimeToWaitFrom: '2029-12-31T23:59:59.123456Z' }), 'Future');
  assert.equal(branch(file, '3', { inputs: { DatetimeToWaitUntil: '2019-11-13T15:33:10.314406457Z' }, DatetimeToWaitFrom: '2020-01-01T00:00:00Z' }), '#default#');
});

void test('Process Survey Response: atIndex from context, getField, startWith on the answer', () => {
  const file = 'Process_Survey_Response.yml';
  const survey = (answer: string): Record<string, unknown> => ({
    lastupdatedindex: '1',
    'Employee Status Report': [{ Answers: { '0': 'Ann', '2': 'No' } }, { Answers: { '0': 'Bob', '2': answer } }],
  });
  assert.equal(branch(file, '4', survey('Yes, my laptop is broken')), 'yes');
  assert.equal(branch(file, '4', survey('No')), '#default#');
});
