/**
 * The resolver over real tasks of the other sample playbooks (demisto/content): polling, the
 * TIM IP-tag playbook with its script transformers, surveys, list handling, waiting, phishing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isRecord } from '../../content/content-error.js';
import { parseContent } from '../../content/parse.js';
import { conditionLabel, resolveArguments, resolveOperand, resolveValue } from './resolve.js';
import { nativeScriptTransformer } from './script-transformers.js';
import { ValueError } from './value-error.js';

const FIXTURES = new URL('../../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const docs = new Map<string, Record<string, unknown>>();
function task(file: string, id: string): Record<string, unknown> {
  let doc = docs.get(file);
  if (!doc) docs.set(file, (doc = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8')).doc));
  const t = (doc['tasks'] as Record<string, unknown>)[id];
  assert.ok(isRecord(t), `${file} task ${id}`);
  return t;
}
const args = (file: string, id: string, view: Record<string, unknown>): Record<string, unknown> =>
  resolveArguments(task(file, id)['scriptarguments'], { view, scriptTransformer: nativeScriptTransformer });
const label = (file: string, id: string, view: Record<string, unknown>): string =>
  conditionLabel(task(file, id)['conditions'], { view, scriptTransformer: nativeScriptTransformer }) ?? '#default#';

void test('GenericPolling: the polling scripts get the inputs, `${currentPlaybookID}`, and no unset `tag`', () => {
  const file = 'playbook-GenericPolling.yml';
  const inputs = { Ids: ['id1', 'id2'], PollingCommandName: 'wildfire-report', PollingCommandArgName: 'sha256', Interval: '1', Timeout: '10', dt: "WildFire.Report(val.Status!=='Success').SHA256" };
  const view = { inputs, currentPlaybookID: 'pb-42' };
  assert.deepEqual(args(file, '1', view), {
    dt: "WildFire.Report(val.Status!=='Success').SHA256",
    ids: ['id1', 'id2'],
    interval: '1',
    playbookId: 'pb-42',
    pollingCommand: 'wildfire-report',
    pollingCommandArgName: 'sha256',
    timeout: '10',
  });
  assert.deepEqual(args(file, '3', view), { ids: ['id1', 'id2'], pollingCommand: 'wildfire-report', pollingCommandArgName: 'sha256' });
  assert.deepEqual(args(file, '3', { inputs: { ...inputs, AdditionalPollingCommandArgNames: 'a,b', AdditionalPollingCommandArgValues: 'x,y' } }), {
    additionalPollingCommandArgNames: 'a,b',
    additionalPollingCommandArgValues: 'x,y',
    ids: ['id1', 'id2'],
    pollingCommand: 'wildfire-report',
    pollingCommandArgName: 'sha256',
  });
  assert.deepEqual(args(file, '6', {}), { message: 'GenericPollingScheduledTask encountered an error.' });
  // The polling dt, read against the context as ScheduleGenericPolling does: the IDs still pending.
  const pending = { WildFire: { Report: [{ SHA256: 'h1', Status: 'Success' }, { SHA256: 'h2', Status: 'Pending' }] } };
  assert.equal(resolveOperand({ value: { simple: inputs.dt }, iscontext: true }, { view: pending }), 'h2');
});

void test('Context Polling - Generic: the dt handed to GenericPolling embeds the key input', () => {
  const view = { inputs: { key: 'Scan.Done', value: '.+', frequency: '2', timeout: '30' } };
  const a = args('playbook-Context_Polling_-_Generic.yml', '1', view);
  assert.deepEqual(a, {
    AdditionalPollingCommandArgNames: 'regex',
    AdditionalPollingCommandArgValues: '.+',
    Ids: 'Scan.Done',
    Interval: '2',
    PollingCommandArgName: 'key',
    PollingCommandName: 'CheckContextValue',
    Timeout: '30',
    dt: "CheckContextKey(val.key=='Scan.Done' && val.exists==false).key",
  });
  const dt = { value: { simple: a['dt'] }, iscontext: true };
  const context = (exists: boolean): Record<string, unknown> => ({ CheckContextKey: [{ key: 'Scan.Done', exists }, { key: 'Other', exists: false }] });
  assert.equal(resolveOperand(dt, { view: context(false) }), 'Scan.Done');
  assert.equal(resolveOperand(dt, { view: context(true) }), undefined);
});

void test('TIM - Update Indicators Organizational External IP Tag: lists, IPv4Whitelist/Blacklist, "None"', () => {
  const file = 'playbook-TIM_-_Update_Indicators_Organizational_External_IP_Tag.yml';
  const query = (...ips: string[]): Record<string, unknown>[] => ips.map((value) => ({ value, indicator_type: 'IP' }));
  const inputs = { OrganizationsExternalIPList: ['1.1.1.1', '2.2.2.2'], OrganizationsExternalCIDRList: '10.0.0.0/8,192.168.0.0/16' };
  const view = { playbookQuery: query('1.1.1.1', '10.1.1.1', '8.8.8.8', '192.168.3.4'), inputs };
  assert.equal(label(file, '19', view), 'yes');
  assert.equal(label(file, '19', { playbookQuery: [] }), '#default#');
  assert.equal(label(file, '109', view), 'Check Both Lists');
  assert.equal(label(file, '109', { inputs: { OrganizationsExternalCIDRList: '10.0.0.0/8' } }), 'Check CIDR List');
  assert.equal(label(file, '109', { inputs: { OrganizationsExternalIPList: '1.1.1.1' } }), 'Check IP List');
  assert.equal(label(file, '109', { inputs: {} }), '#default#');
  // Tag removal: indicators outside the IP list and outside the CIDR ranges.
  assert.deepEqual(args(file, '112', view)['indicatorsValues'], ['8.8.8.8']);
  assert.deepEqual(args(file, '113', view)['indicatorsValues'], ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(args(file, '114', view)['indicatorsValues'], ['10.1.1.1', '8.8.8.8', '192.168.3.4']);
  // 115: some indicator in the IP list AND some in the CIDR ranges (the whitelist is not "None").
  assert.equal(label(file, '115', view), 'yes');
  assert.equal(label(file, '115', { ...view, playbookQuery: query('1.1.1.1', '8.8.8.8') }), '#default#');
  assert.equal(label(file, '115', { ...view, playbookQuery: query('10.0.0.1') }), '#default#');
  // 116: some indicator outside the CIDR ranges (the blacklist is not "None").
  assert.equal(label(file, '116', view), 'yes');
  assert.equal(label(file, '116', { ...view, playbookQuery: query('10.0.0.1', '192.168.0.1') }), '#default#');
  // 117: some indicator not in the IP list.
  assert.equal(label(file, '117', view), 'yes');
  assert.equal(label(file, '117', { ...view, playbookQuery: query('1.1.1.1', '2.2.2.2') }), '#default#');
});

void test('Process Survey Response: the last answer, by index from the context', () => {
  const file = 'Process_Survey_Response.yml';
  const survey = (answers: Record<string, string>[], index: string): Record<string, unknown> => ({
    lastupdatedindex: index,
    'Employee Status Report': answers.map((Answers) => ({ Answers })),
  });
  const two = survey([{ '0': 'I am fine', '2': 'No' }, { '0': 'I am not feeling well', '2': 'Yes, my laptop is broken' }], '1');
  assert.equal(label(file, '4', two), 'yes');
  assert.equal(label(file, '6', two), 'yes');
  assert.equal(args(file, '9', two)['employeehealthstatus'], 'I am not feeling well');
  assert.equal(args(file, '9', two)['employeeresponsestatus'], 'Responded');
  const first = survey([{ '0': 'I am fine', '2': 'No' }, { '0': 'x', '2': 'Yes' }], '0');
  assert.equal(label(file, '4', first), '#default#');
  assert.equal(label(file, '6', first), '#default#');
  // One report: ConvertToSingleElementArray makes the single Answers object a list of one.
  const one = { lastupdatedindex: '0', 'Employee Status Report': { Answers: { '0': 'I am not feeling well', '2': 'Yes please' } } };
  assert.equal(label(file, '4', one), 'yes');
  assert.equal(args(file, '9', one)['employeehealthstatus'], 'I am not feeling well');
  assert.deepEqual(args(file, '3', { lastupdatedindex: '1' }), { key: 'lastupdatedindex', value: 2 });
  // createNewIncident: of its 343 arguments only the three set ones remain; the `{}` ones are left out.
  const it = survey([{ '0': 'x', '2': 'No' }, { '0': 'y', '2': 'Yes', '3': 'Laptop broken', name: 'Bob' }], '1');
  assert.equal(Object.keys(task(file, '5')['scriptarguments'] as object).length, 343);
  assert.deepEqual(args(file, '5', it), { details: 'Laptop broken', name: 'New IT incident for Bob', type: 'IT Ticket' });
});

void test('JOB - Integrations and Playbooks Health Check - Lists handling: DT over `lists`, failed tasks', () => {
  const file = 'playbook-JOB_-_Integrations_and_Playbooks_Health_Check_-_Lists_handling.yml';
  const lists = { 'XSOAR Health - Failed Playbooks Name': 'pb1', 'XSOAR Health - Error Entries ID': '3@1' };
  const names = Object.keys(lists);
  assert.deepEqual(args(file, '54', { lists }), { key: 'XSOARlists', stringify: 'true', value: names });
  assert.equal(label(file, '22', { XSOARlists: names }), 'Yes');
  assert.equal(label(file, '19', { XSOARlists: names }), '#default#');
  const failed = [
    { 'Incident ID': '10', 'Incident Owner': '', 'Playbook Name': 'A', 'Command Name': 'c1' },
    { 'Incident ID': '11', 'Incident Owner': 'ann', 'Playbook Name': 'B', 'Command Name': 'c2' },
    { 'Incident ID': '12', 'Playbook Name': 'A', 'Command Name': 'c3' },
  ];
  assert.deepEqual(args(file, '7', { GetFailedTasks: failed }), { listData: 'A,B,A', listName: 'XSOAR Health - Failed Playbooks Name' });
  assert.deepEqual(args(file, '16', { GetFailedTasks: failed }), { listData: '10,12', listName: 'XSOAR Health - Failed Unassigned Incident' });
});

void test('Wait Until Datetime: the future check and the Sleep arguments', () => {
  const file = 'playbook-Wait_Until_Datetime.yml';
  const view = { inputs: { DatetimeToWaitUntil: '2030-01-01T00:00:00Z' }, DatetimeToWaitFrom: '2029-12-31T23:59:59.123456Z', Time: { Difference: 1.5 } };
  assert.equal(label(file, '1', view), 'yes');
  assert.equal(label(file, '1', { inputs: {} }), '#default#');
  assert.equal(label(file, '3', view), 'Future');
  assert.equal(label(file, '3', { ...view, DatetimeToWaitFrom: '2030-06-01T00:00:00Z' }), '#default#');
  assert.deepEqual(args(file, '6', view), { end_time: '2030-01-01T00:00:00', start_time: '2029-12-31T23:59:59.123456' });
  assert.deepEqual(args(file, '7', view), { seconds: 90 });
  assert.deepEqual(args(file, '11', view), { dateFormat: 'ISO' });
});

void test('Phishing Alerts - Check Severity: detections appended into one list, the mail body', () => {
  const file = 'playbook-Phishing_Alerts_-_Check_Severity.yml';
  const base = { inputs: { blockedAlertActionValue: ['blocked', 'quarantined'] } };
  assert.equal(label(file, '4', { ...base, QRadar: { DetectedUsers: ['bob'] }, incident: { alertaction: 'blocked' } }), 'High');
  assert.equal(label(file, '4', { ...base, incident: { alertaction: 'allowed' } }), 'High');
  assert.equal(label(file, '4', { ...base, incident: { alertaction: 'blocked' } }), '#default#');
  assert.equal(label(file, '12', { incident: { severity: 'critical' } }), 'Escalate');
  const incident = { name: 'Phish #7', emailsubject: 'Invoice', emailto: ['ceo@corp.com', 'cfo@corp.com'], emailcc: '', emailmessageid: '<m1@x>' };
  const mail = args(file, '9', { incident, inputs: { SOCEmailAddress: 'soc@corp.com' } });
  assert.equal(mail['subject'], 'Sensitive mailbox phishing attempt - incident Phish #7');
  assert.equal(mail['to'], 'soc@corp.com');
  assert.match(String(mail['body']), /\nEmail Subject: Invoice\nEmail TO: ceo@corp\.com,cfo@corp\.com\nEmail CC: \nEmail BCC: \nMessage ID: <m1@x>\n/);
});

void test('every task and input of the 12 sample playbooks resolves on an empty context, or fails with a ValueError', () => {
  const failures: string[] = [];
  let resolved = 0;
  const attempt = (where: string, fn: () => unknown): void => {
    try {
      fn();
      resolved++;
    } catch (error) {
      assert.ok(error instanceof ValueError, `${where}: ${String(error)}`);
      failures.push(`${where}: ${error.message}`);
    }
  };
  const scope = { view: {}, scriptTransformer: nativeScriptTransformer };
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml'));
  assert.equal(files.length, 12);
  for (const file of files) {
    const doc = parseContent(file, readFileSync(new URL(file, FIXTURES), 'utf8')).doc;
    for (const [id, t] of Object.entries(doc['tasks'] as Record<string, Record<string, unknown>>)) {
      attempt(`${file} ${id} args`, () => resolveArguments(t['scriptarguments'], scope));
      attempt(`${file} ${id} conditions`, () => conditionLabel(t['conditions'], scope));
    }
    for (const input of (doc['inputs'] ?? []) as { key: string; value: unknown }[]) attempt(`${file} input ${input.key}`, () => resolveValue(input.value, scope));
  }
  assert.ok(resolved > 350, String(resolved));
  // Only the survey tasks that index the answers by a `lastupdatedindex` the context lacks.
  assert.equal(failures.length, 6, failures.join('\n'));
  for (const f of failures) assert.match(f, /^Process_Survey_Response\.yml \d+ \w+: .*transformer "atIndex": atIndex: argument index is required$/);
});
