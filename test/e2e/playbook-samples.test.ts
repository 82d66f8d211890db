/**
 * The 12 real XSOAR playbooks (examples/marketplace/XsoarSamples) run unchanged in a tenant,
 * each on an incident with the data it expects, and what they change is asserted. Data a
 * playbook reads from the context is put there the way XSOAR content does it: a small parent
 * playbook sets it and runs the sample as a sub-playbook sharing its context. Commands of
 * integrations we do not have (`send-mail`, a polled job status) are tenant scripts here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { playbookYaml, type TaskSpec, type WorkPlan } from '../support/playbooks.js';

const FIXTURES = new URL('../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const T = 'samples';
const base = `/api/v1/tenants/${T}`;
let c: Cluster;
let seq = 0;

type Incident = { id: number; severity: number; owner: string; customFields: Record<string, unknown> };

const js = (name: string, script: string, allowNetwork = false): Record<string, unknown> => ({ commonfields: { id: name, version: -1 }, name, type: 'javascript', script, args: [], ...(allowNetwork ? { allowNetwork } : {}) });

async function incident(body: Record<string, unknown> = {}): Promise<number> {
  return (await c.api.ok<{ id: number }>('POST', `${base}/incidents`, { name: `sample ${seq++}`, ...body })).id;
}
async function plan(id: number): Promise<WorkPlan> {
  return c.api.ok<WorkPlan>('GET', `${base}/incidents/${id}/workplan`);
}
async function settled(id: number, ms = 30_000): Promise<WorkPlan> {
  try {
    return await waitFor(`incident ${id}'s run to settle`, async () => {
      const p = await plan(id);
      return ['completed', 'failed', 'stopped'].includes(p.state) ? p : undefined;
    }, ms);
  } catch (error) {
    const p = await plan(id);
    const open = p.tasks.filter((t) => !['completed', 'skipped', 'pending'].includes(t.state)).map((t) => `${t.id} ${t.name} ${t.state} ${t.waitingFor ?? ''} ${t.error ?? ''}`);
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${p.state}: ${open.join('; ')}`);
  }
}
async function context(id: number): Promise<Record<string, unknown>> {
  return (await c.api.ok<{ context: Record<string, unknown> }>('GET', `${base}/incidents/${id}/context`)).context;
}
async function get(id: number): Promise<Incident> {
  return c.api.ok<Incident>('GET', `${base}/incidents/${id}`);
}
function task(p: WorkPlan, id: string): WorkPlan['tasks'][number] {
  const t = p.tasks.find((x) => x.id === id);
  assert.ok(t, `task ${id} in the work plan`);
  return t;
}
/** Errors of a settled plan, for assertion messages. */
const errors = (p: WorkPlan): string => p.tasks.filter((t) => t.error).map((t) => `${t.id} ${t.name}: ${t.error}`).join('; ');

/**
 * Runs `sample` on a new incident after setting `ctx` in its context, as a sub-playbook sharing
 * that context, with `inputs` as the task's arguments. Returns the incident and its plan.
 */
async function runSample(sample: string, ctx: Record<string, unknown>, inputs: Record<string, unknown> = {}, incidentBody: Record<string, unknown> = {}): Promise<{ id: number; plan: WorkPlan }> {
  const wrapper = `wrap-${seq++}`;
  const keys = Object.keys(ctx);
  const tasks: TaskSpec[] = keys.map((key, i) => ({ id: String(i + 1), script: 'Set', args: { key, value: JSON.stringify(ctx[key]) }, next: [String(i + 2)] }));
  tasks.push({ id: String(keys.length + 1), type: 'playbook', name: sample, playbookId: sample, separatecontext: false, args: inputs });
  await c.api.ok('POST', `${base}/content/playbooks`, { text: playbookYaml(wrapper, tasks), fileName: `${wrapper}.yml` });
  const id = await incident(incidentBody);
  await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: wrapper });
  const p = await settled(id);
  return { id, plan: p };
}
const sub = (p: WorkPlan, taskId: string): string => `${p.tasks.find((t) => t.type === 'playbook')?.id ?? ''}.${taskId}`;

void describe('the 12 sample XSOAR playbooks, unchanged', () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: T, name: 'Samples Co' });
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml'));
    assert.equal(files.length, 12);
    for (const fileName of files) await c.api.ok('POST', `${base}/content/playbooks`, { text: readFileSync(new URL(fileName, FIXTURES), 'utf8'), fileName });
    await c.api.ok('POST', `${base}/content/scripts`, { doc: js('PopulateCriticalAssets', "executeCommand('setIncident', { criticalassets: JSON.stringify(args.critical_assets) }); return 'Critical assets populated';") });
    await c.api.ok('POST', `${base}/content/scripts`, { doc: js('send-mail', "setContext('SentMail', { to: args.to, subject: args.subject }); return 'Mail sent to ' + args.to;") });
    await c.api.ok('POST', `${base}/content/scripts`, {
      doc: js('CheckJob', "var s = executeCommand('getList', { listName: 'job-status' })[0].Contents; return { Type: 1, ContentsFormat: 'json', Contents: { ID: args.ids, Status: s }, EntryContext: { 'Job(val.ID == obj.ID)': { ID: args.ids, Status: s } } };"),
    });
    // Indicators the DBot score cache answers from.
    await c.api.ok('POST', `${base}/content/playbooks`, {
      text: playbookYaml('seed-indicators', [
        { id: '1', script: 'Builtin|||createNewIndicator', args: { value: '198.51.100.1', type: 'IP', score: '3' }, next: ['2'] },
        { id: '2', script: 'Builtin|||createNewIndicator', args: { value: 'evil.example', type: 'Domain', score: '2' }, next: ['3'] },
        { id: '3', script: 'Builtin|||createNewIndicator', args: { value: '203.0.113.5', type: 'IP', tags: 'organizational_external_ip' }, next: ['4'] },
        { id: '4', script: 'Builtin|||createNewIndicator', args: { value: '192.0.2.77', type: 'IP', tags: 'organizational_external_ip' } },
      ]),
      fileName: 'seed.yml',
    });
    const seed = await incident();
    await c.api.ok('POST', `${base}/incidents/${seed}/playbook/run`, { playbookId: 'seed-indicators' });
    assert.equal((await settled(seed)).state, 'completed');
  });
  after(async () => {
    await c?.stop();
  });

  void it('Calculate Severity - Generic v2 sets the severity its inputs call for (DBot score, email authenticity, critical assets)', async () => {
    const high = await runSample('Calculate Severity - Generic v2', { DBotScore: [{ Indicator: '198.51.100.1', Type: 'ip', Vendor: 'X', Score: 3 }] }, {}, { severity: 1 });
    assert.equal(high.plan.state, 'completed', errors(high.plan));
    assert.equal((await get(high.id)).severity, 3, 'a bad indicator makes it High');
    const ctx = await context(high.id);
    assert.equal((ctx['Severities'] as Record<string, unknown>)['DBotScoreSeverity'], 'High');

    const low = await runSample('Calculate Severity - Generic v2', { Email: { AuthenticityCheck: 'Pass' } }, {}, { severity: 2 });
    assert.equal(low.plan.state, 'completed', errors(low.plan));
    assert.equal((await get(low.id)).severity, 1, 'a passing email authenticity alone makes it Low');

    const critical = await runSample('Calculate Severity - Generic v2', { Account: [{ Username: 'administrator' }], Email: { AuthenticityCheck: 'Fail' } }, {}, { severity: 1 });
    assert.equal(critical.plan.state, 'completed', errors(critical.plan));
    assert.equal((await get(critical.id)).severity, 4, 'a critical user makes it Critical');
    const cctx = await context(critical.id);
    assert.deepEqual((cctx['CriticalAssets'] as Record<string, unknown>)['Users'], ['administrator']);
    assert.match(String((await get(critical.id)).customFields['criticalassets']), /administrator/, 'PopulateCriticalAssets (a tenant script) ran');
  });

  void it('Calculate Severity By Email Authenticity and By Highest DBotScore, alone', async () => {
    const email = await runSample('Calculate Severity By Email Authenticity', {}, { EmailAuthenticityCheck: 'Suspicious' });
    assert.equal(email.plan.state, 'completed', errors(email.plan));
    assert.deepEqual(await context(email.id), { Severities: { EmailAuthenticitySeverity: 'Medium' } });
    const dbot = await runSample('Calculate Severity By Highest DBotScore', { DBotScore: [{ Indicator: 'evil.example', Score: 2 }] });
    assert.equal(dbot.plan.state, 'completed', errors(dbot.plan));
    const ctx = await context(dbot.id);
    assert.equal((ctx['Severities'] as Record<string, unknown>)['DBotScoreSeverity'], 'Medium');
    assert.deepEqual(ctx['DBotScoreCache'], { Indicator: 'evil.example', Score: 2 });
  });

  void it('Calculate Severity - Critical Assets v2 and 3rd-party integrations', async () => {
    const assets = await runSample('Calculate Severity - Critical Assets v2', {}, { Account: { complex: { root: 'Acct' } }, Endpoint: { complex: { root: 'Host' } } });
    assert.equal(assets.plan.state, 'completed', errors(assets.plan));
    const quiet = await context(assets.id);
    assert.equal((quiet['Severities'] as Record<string, unknown> | undefined)?.['CriticalAssetsSeverity'], undefined, 'no critical asset, no severity');
    const hit = await runSample('Calculate Severity - Critical Assets v2', { Host: [{ Hostname: 'AdminPC' }] }, { Endpoint: { complex: { root: 'Host' } } });
    assert.equal(hit.plan.state, 'completed', errors(hit.plan));
    const ctx = await context(hit.id);
    assert.equal((ctx['Severities'] as Record<string, unknown>)['CriticalAssetsSeverity'], 'Critical');
    assert.deepEqual((ctx['CriticalAssets'] as Record<string, unknown>)['CriticalEndpoints'], ['AdminPC']);

    const qualys = await runSample('calculate_severity_-_3rd-party_integrations', { Qualys: { Severity: 5 } });
    assert.equal(qualys.plan.state, 'completed', errors(qualys.plan));
    assert.equal((await context(qualys.id))['Severity'], 'high');
    const nexpose = await runSample('calculate_severity_-_3rd-party_integrations', { Nexpose: { Asset: { Vulnerability: { Severity: 'Severe' } } } });
    assert.equal((await context(nexpose.id))['Severity'], 'medium');
  });

  void it('Phishing Alerts - Check Severity raises a sensitive mailbox to critical, mails the SOC and assigns an analyst', async () => {
    // A blocked alert with a critical user: the severity is calculated (Generic v2 → Critical).
    const blocked = { SOCEmailAddress: 'soc@example.com', blockedAlertActionValue: 'Blocked' };
    const r = await runSample('Phishing Alerts - Check Severity', { Account: [{ Username: 'admin' }] }, blocked, { severity: 1, customFields: { alertaction: 'Blocked' } });
    assert.equal(r.plan.state, 'completed', errors(r.plan));
    assert.equal(task(r.plan, sub(r.plan, '4')).branch, '#default#');
    const inc = await get(r.id);
    assert.equal(inc.severity, 4, 'Calculate Severity - Generic v2 found a critical user');
    assert.equal(inc.owner, 'admin', 'the only analyst this tenant knows');
    // This 2022 version tests CriticalAssets.CriticalUsers, which Critical Assets v2 never sets: no mail.
    assert.equal(task(r.plan, sub(r.plan, '6')).branch, '#default#');
    assert.equal((await context(r.id))['SentMail'], undefined);
    // Users a SIEM detected: High at once, without calculating.
    const siem = await runSample('Phishing Alerts - Check Severity', { Splunk: { DetectedUsers: ['jdoe'] } }, blocked, { severity: 1, customFields: { alertaction: 'Blocked' } });
    assert.equal(siem.plan.state, 'completed', errors(siem.plan));
    assert.equal(task(siem.plan, sub(siem.plan, '4')).branch, 'High');
    assert.equal(task(siem.plan, sub(siem.plan, '2')).state, 'skipped');
    assert.equal((await get(siem.id)).severity, 3);
  });

  void it('GenericPolling polls a command until the ids are done; Context Polling waits for a context value', async () => {
    await c.api.ok('PUT', `${base}/lists/job-status`, { data: 'running' });
    const id = await incident();
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, {
      playbookId: 'GenericPolling',
      inputs: { Ids: 'job-1', PollingCommandName: 'CheckJob', PollingCommandArgName: 'ids', Interval: '0.02', Timeout: '2', dt: "Job(val.Status != 'done').ID" },
    });
    const waiting = await waitFor('the polling task to wait', async () => {
      const p = await plan(id);
      return task(p, '2').waitingFor === 'polling' ? p : undefined;
    });
    assert.equal(task(waiting, '3').state, 'completed', 'RunPollingCommand ran the command once');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await plan(id)).state, 'waiting', 'still polling while the job runs');
    await c.api.ok('PUT', `${base}/lists/job-status`, { data: 'done' });
    const done = await settled(id);
    assert.equal(done.state, 'completed', errors(done));
    assert.equal(task(done, '2').branch, 'YES');
    assert.deepEqual((task(done, '2') as { position?: unknown }).position, { x: 50, y: 545 }, "the editor's position, for drawing the graph");
    assert.equal(task(done, '6').state, 'skipped', 'the error path did not run');
    assert.deepEqual((await context(id))['Job'], { ID: 'job-1', Status: 'done' });

    // Context Polling: a parallel branch sets the key two seconds later.
    await c.api.ok('POST', `${base}/content/playbooks`, {
      text: playbookYaml('approve-later', [
        { id: '1', type: 'title', name: 'both', next: ['2', '3'] },
        { id: '2', type: 'playbook', playbookId: 'Context Polling - Generic', separatecontext: false, args: { key: 'Approval.State', value: 'approved', frequency: '0.02', timeout: '2' } },
        { id: '3', script: 'Sleep', args: { seconds: '2' }, next: ['4'] },
        { id: '4', script: 'Set', args: { key: 'Approval.State', value: 'approved' } },
      ]),
      fileName: 'approve.yml',
    });
    const cp = await incident();
    await c.api.ok('POST', `${base}/incidents/${cp}/playbook/run`, { playbookId: 'approve-later' });
    const cpDone = await settled(cp);
    assert.equal(cpDone.state, 'completed', errors(cpDone));
    assert.equal(task(cpDone, '2.1.2').branch, 'YES', 'GenericPolling inside Context Polling saw the value');
  });

  void it('Wait Until Datetime sleeps until the given time', async () => {
    const until = new Date(Date.now() + 2500).toISOString().replace(/\.\d+Z$/, 'Z');
    const id = await incident();
    const started = Date.now();
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'Wait Until Datetime', inputs: { DatetimeToWaitUntil: until } });
    const p = await settled(id);
    assert.equal(p.state, 'completed', errors(p));
    assert.equal(task(p, '3').branch, 'Future');
    assert.equal(task(p, '7').state, 'completed');
    assert.ok(Date.now() - started >= 1000, 'it waited');
  });

  void it('JOB - Lists handling creates the health lists, then updates them on the next run', async () => {
    const ctx = {
      GetFailedTasks: [
        { 'Playbook Name': 'Phishing', 'Incident ID': '7', 'Command Name': 'send-mail', 'Incident Created Date': '2022-01-01', 'Error Entry ID': '7@1', 'Incident Owner': '' },
        { 'Playbook Name': 'Malware', 'Incident ID': '8', 'Command Name': 'file', 'Incident Created Date': '2022-01-02', 'Error Entry ID': '8@3', 'Incident Owner': 'admin' },
      ],
      FailedInstances: [{ instance: 'VT_1', category: 'Data Enrichment' }],
      SuccessInstances: [{ instance: 'Splunk_1', category: 'SIEM' }],
    };
    const grids = { customFields: { integrationstestgrid: [{ instance: 'VT_1' }], playbooktaskserrors: [{ id: '7' }] } };
    const first = await runSample('JOB - Integrations and Playbooks Health Check - Lists handling', ctx, {}, grids);
    assert.equal(first.plan.state, 'completed', errors(first.plan));
    const list = async (name: string): Promise<string> => (await c.api.ok<{ data: string }>('GET', `${base}/lists/${encodeURIComponent(name)}`)).data;
    assert.equal(await list('XSOAR Health - Failed Playbooks Name'), 'Phishing,Malware');
    assert.equal(await list('XSOAR Health - Failed Unassigned Incident'), '7');
    assert.equal(await list('XSOAR Health - Checked Integrations'), 'Splunk_1,VT_1', 'created, then the failed ones added');
    assert.equal(task(first.plan, sub(first.plan, '22')).branch, '#default#', 'the list did not exist: created');
    const second = await runSample('JOB - Integrations and Playbooks Health Check - Lists handling', { ...ctx, GetFailedTasks: [ctx.GetFailedTasks[1]] }, {}, grids);
    assert.equal(second.plan.state, 'completed', errors(second.plan));
    assert.equal(task(second.plan, sub(second.plan, '22')).branch, 'Yes', 'the list exists now: set');
    assert.equal(await list('XSOAR Health - Failed Playbooks Name'), 'Malware');
  });

  void it('TIM - Update Indicators Organizational External IP Tag removes the tag from IPs no longer on the lists', async () => {
    const id = await incident();
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'TIM - Update Indicators Organizational External IP Tag', inputs: { OrganizationsExternalIPList: '203.0.113.5' } });
    const p = await settled(id);
    assert.equal(p.state, 'completed', errors(p));
    assert.equal(task(p, '19').branch, 'yes', 'the input query found IP indicators');
    const kept = await c.api.ok<{ fields: { tags: string[] } }>('GET', `${base}/indicators/203.0.113.5`);
    const dropped = await c.api.ok<{ fields: { tags: string[] } }>('GET', `${base}/indicators/192.0.2.77`);
    assert.deepEqual(kept.fields.tags, ['organizational_external_ip']);
    assert.deepEqual(dropped.fields.tags, []);
  });

  void it('Process Survey Response files IT and HR incidents and records the employee as an indicator', async () => {
    const answers = [{ name: 'jane@example.com', 0: 'I am not feeling well', 1: 'Flu since Monday', 2: 'Yes, my laptop is broken', 3: 'Laptop screen broken' }];
    const r = await runSample('Process Survey Response', { lastupdatedindex: 0, 'Employee Status Report': { Answers: answers } });
    assert.equal(r.plan.state, 'completed', errors(r.plan));
    assert.equal(task(r.plan, sub(r.plan, '4')).branch, 'yes', 'IT help was asked for');
    assert.equal(task(r.plan, sub(r.plan, '6')).branch, 'yes', 'HR help too');
    const ctx = await context(r.id);
    assert.equal(ctx['lastupdatedindex'], 1, 'the tracker moved on');
    const created = [ctx['CreatedIncidentID']].flat().map(Number);
    assert.equal(created.length, 2, 'an IT and an HR incident');
    const it = await c.api.ok<{ name: string; type: string; details: string }>('GET', `${base}/incidents/${created.find((x) => x > 0)}`);
    assert.match(it.name, /jane@example\.com/);
    const employee = await c.api.ok<{ type: string; fields: Record<string, unknown> }>('GET', `${base}/indicators/jane%40example.com`);
    assert.equal(employee.type, 'Employee');
    assert.equal(employee.fields['employeeresponsestatus'], 'Responded');
  });
});
