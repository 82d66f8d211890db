import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { playbookYaml, type WorkPlan } from '../support/playbooks.js';

let c: Cluster;
const T = 'acme';
const base = `/api/v1/tenants/${T}`;

async function incident(body: Record<string, unknown>): Promise<number> {
  return (await c.api.ok<{ id: number }>('POST', `${base}/incidents`, body)).id;
}
async function plan(id: number): Promise<WorkPlan> {
  return c.api.ok<WorkPlan>('GET', `${base}/incidents/${id}/workplan`);
}
async function settled(id: number, states: string[] = ['completed', 'failed', 'stopped']): Promise<WorkPlan> {
  return waitFor(`incident ${id}'s run`, async () => {
    const p = await plan(id);
    return states.includes(p.state) ? p : undefined;
  });
}
async function context(id: number): Promise<Record<string, unknown>> {
  return (await c.api.ok<{ context: Record<string, unknown> }>('GET', `${base}/incidents/${id}/context`)).context;
}
async function addPlaybook(text: string): Promise<void> {
  await c.api.ok('POST', `${base}/content/playbooks`, { text, fileName: 'playbook.yml' });
}
function task(p: WorkPlan, id: string): WorkPlan['tasks'][number] {
  const t = p.tasks.find((x) => x.id === id);
  assert.ok(t, `task ${id} in the work plan`);
  return t;
}

void describe('playbook engine', () => {
  before(async () => {
    c = await startCluster();
    await c.api.ok('POST', '/api/v1/tenants', { id: T, name: 'Acme' });
  });
  after(async () => {
    await c?.stop();
  });

  void it('runs Set, a built-in condition, setIncident and closeInvestigation, committing context and incident changes', async () => {
    await addPlaybook(playbookYaml('triage', [
      { id: '1', script: 'Set', args: { key: 'Triage.Name', value: '${incident.name}' }, next: ['2'] },
      {
        id: '2', type: 'condition', next: { yes: ['3'], '#default#': ['4'] },
        conditions: [{ label: 'yes', condition: [[{ operator: 'containsGeneral', left: { value: { simple: 'Triage.Name' }, iscontext: true }, right: { value: { simple: 'phish' } }, ignorecase: true }]] }],
      },
      { id: '3', script: 'Builtin|||setIncident', args: { severity: 'High', triagestatus: 'phishing' }, next: ['5'] },
      { id: '4', script: 'Print', args: { value: 'not phishing' }, next: ['5'] },
      { id: '5', script: 'Builtin|||closeInvestigation', args: { closeReason: 'Resolved', closeNotes: 'by playbook' } },
    ]));
    const id = await incident({ name: 'Phishing report from CFO' });
    const run = await c.api.ok<{ runId: string; status: string }>('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'triage' });
    assert.ok(run.runId);
    const p = await settled(id);
    assert.equal(p.state, 'completed');
    assert.equal(task(p, '2').label, 'yes');
    assert.equal(task(p, '4').state, 'skipped');
    assert.equal(task(p, '5').state, 'completed');
    assert.deepEqual(task(p, '1').inputs, { key: 'Triage.Name', value: 'Phishing report from CFO' });
    assert.ok(p.edges.some((e) => e.from === '2' && e.to === '3' && e.status === 'taken'));
    assert.equal((p.tasks.find((t) => t.id === '1') as { position?: unknown } | undefined)?.position, undefined, 'no editor position in this hand-written playbook');
    assert.ok(p.edges.some((e) => e.from === '2' && e.to === '4' && e.status === 'dead'));
    assert.deepEqual(await context(id), { Triage: { Name: 'Phishing report from CFO' } });
    const inc = await c.api.ok<{ severity: number; status: string; closeReason: string; customFields: Record<string, unknown> }>('GET', `${base}/incidents/${id}`);
    assert.equal(inc.severity, 3);
    assert.equal(inc.status, 'done');
    assert.equal(inc.closeReason, 'Resolved');
    assert.equal(inc.customFields['triagestatus'], 'phishing');
  });

  void it('waits for a manual task, a manual condition and a form, each completed through the API; bad answers change nothing', async () => {
    await addPlaybook(playbookYaml('manual', [
      { id: '1', name: 'Call the user', next: ['2'] },
      { id: '2', type: 'condition', name: 'Is it malicious?', next: { Malicious: ['3'], Benign: ['4'] } },
      {
        id: '3', type: 'collection', name: 'Ask', next: ['4'],
        form: { title: 'Employee Status Report', questions: [
          { id: '0', label: 'Still employed?', type: 'singleSelect', options: ['Yes', 'No'], required: true },
          { id: '1', label: 'Notes', type: 'longText', required: false },
        ] },
        message: { replyOptions: [] },
      },
      { id: '4', script: 'Print', args: { value: '${Employee Status Report.Answers.0}' } },
    ]));
    const id = await incident({ name: 'manual' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'manual' });
    let p = await settled(id, ['waiting']);
    assert.equal(task(p, '1').state, 'waiting');
    assert.equal(task(p, '1').waitingFor, 'manual');
    const early = await c.api.call<{ error: { code: string } }>('POST', `${base}/incidents/${id}/workplan/tasks/2/complete`, { answer: 'Malicious' });
    assert.equal(early.status, 409, 'task 2 is not waiting yet');
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/1/complete`, { note: 'called' });
    p = await settled(id, ['waiting']);
    assert.equal(task(p, '2').waitingFor, 'condition');
    const wrong = await c.api.call<{ error: { code: string; message: string } }>('POST', `${base}/incidents/${id}/workplan/tasks/2/complete`, { answer: 'Maybe' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /"Malicious", "Benign"/);
    assert.equal(task(await plan(id), '2').state, 'waiting', 'a refused answer changes nothing');
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/2/complete`, { answer: 'malicious' });
    p = await settled(id, ['waiting']);
    assert.equal(task(p, '2').branch, 'Malicious');
    assert.equal(task(p, '3').waitingFor, 'form');
    const missing = await c.api.call('POST', `${base}/incidents/${id}/workplan/tasks/3/complete`, { answers: { '1': 'x' } });
    assert.equal(missing.status, 400, 'a required question unanswered');
    const badOption = await c.api.call('POST', `${base}/incidents/${id}/workplan/tasks/3/complete`, { answers: ['Perhaps'] });
    assert.equal(badOption.status, 400);
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/3/complete`, { answers: ['No', 'left in May'] });
    p = await settled(id);
    assert.equal(p.state, 'completed');
    const ctx = await context(id);
    assert.deepEqual((ctx['Employee Status Report'] as { Answers: Record<string, unknown> }).Answers['0'], 'No');
    const entries = await c.api.ok<{ entries: { contents: unknown; taskId: string | null }[] }>('GET', `${base}/incidents/${id}/entries`);
    assert.ok(entries.entries.some((e) => e.taskId === '4' && e.contents === 'No'), 'Print saw the form answer');
    assert.ok(entries.entries.some((e) => typeof e.contents === 'string' && e.contents.includes('Task 1 completed by') && e.contents.includes('called')));
  });

  void it("starts an incident type's default playbook when an incident of that type is created", async () => {
    await addPlaybook(playbookYaml('on-create', [{ id: '1', script: 'Set', args: { key: 'Started', value: 'yes' } }]));
    await c.api.ok('POST', `${base}/content/incidenttypes`, { doc: { id: 'Malware', name: 'Malware', playbookId: 'on-create', version: -1 } });
    const id = await incident({ name: 'new malware', type: 'Malware' });
    const p = await settled(id);
    assert.equal(p.playbookId, 'on-create');
    assert.deepEqual(await context(id), { Started: 'yes' });
    const other = await incident({ name: 'no type' });
    assert.equal((await plan(other)).state, 'none');
  });

  void it('makes an unknown command an error entry on its task, skips it with skipunavailable, and retries a failed task', async () => {
    await addPlaybook(playbookYaml('unknown', [
      { id: '1', script: 'NoSuchScript', skipunavailable: true, next: ['2'] },
      { id: '2', script: 'AnotherMissing', next: ['3'] },
      { id: '3', script: 'Set', args: { key: 'After', value: 'ran' } },
    ]));
    const id = await incident({ name: 'unknown' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'unknown' });
    const p = await settled(id);
    assert.equal(p.state, 'failed');
    assert.equal(task(p, '1').state, 'skipped');
    assert.equal(task(p, '2').state, 'error');
    assert.match(task(p, '2').error ?? '', /AnotherMissing/);
    assert.equal(task(p, '3').state, 'pending');
    const entries = await c.api.ok<{ entries: { type: number; taskId: string | null }[] }>('GET', `${base}/incidents/${id}/entries`);
    assert.ok(entries.entries.some((e) => e.type === 4 && e.taskId === '2'));
    // The missing script arrives; a retry carries the run on from the failed task.
    await c.api.ok('POST', `${base}/content/scripts`, { doc: { commonfields: { id: 'AnotherMissing', version: -1 }, name: 'AnotherMissing', type: 'javascript', script: "return 'found now';", args: [] } });
    await c.api.ok('POST', `${base}/incidents/${id}/workplan/tasks/2/retry`, {});
    const again = await settled(id);
    assert.equal(again.state, 'completed');
    assert.equal(task(again, '2').attempts, 2);
    assert.deepEqual(await context(id), { After: 'ran' });
  });

  void it('sleeps without holding anything and wakes by itself; stop ends a waiting run', async () => {
    await addPlaybook(playbookYaml('sleepy', [
      { id: '1', script: 'Sleep', args: { seconds: '1' }, next: ['2'] },
      { id: '2', script: 'Set', args: { key: 'Woke', value: 'yes' }, next: ['3'] },
      { id: '3', name: 'wait for ever' },
    ]));
    const id = await incident({ name: 'sleepy' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'sleepy' });
    const waitingPlan = await settled(id, ['waiting']);
    assert.equal(task(waitingPlan, '1').waitingFor, 'sleep');
    assert.ok(task(waitingPlan, '1').wait?.wakeAt);
    const p = await waitFor('the sleep to end', async () => {
      const x = await plan(id);
      return task(x, '3').state === 'waiting' ? x : undefined;
    });
    assert.equal(task(p, '1').state, 'completed');
    assert.deepEqual(await context(id), { Woke: 'yes' });
    const stopped = await c.api.ok<{ stopped: number }>('POST', `${base}/incidents/${id}/playbook/stop`, {});
    assert.equal(stopped.stopped, 1);
    assert.equal((await plan(id)).state, 'stopped');
  });

  void it('loops a sub-playbook for each item, and until its condition holds', async () => {
    await addPlaybook(playbookYaml('see-one', [{ id: '1', script: 'Set', args: { key: 'Seen', value: '${inputs.Item}', append: 'true' } }], { inputs: [{ key: 'Item', value: {} }] }));
    await addPlaybook(playbookYaml('count-up', [{ id: '1', script: 'Set', args: { key: 'Counter', value: { complex: { root: 'Counter', transformers: [{ operator: 'addition', args: { by: { value: { simple: '1' } } } }] } } } }]));
    await addPlaybook(playbookYaml('loops', [
      { id: '1', script: 'Set', args: { key: 'Items', value: '["a","b","c"]' }, next: ['2'] },
      { id: '2', type: 'playbook', playbookId: 'see-one', separatecontext: false, args: { Item: { complex: { root: 'Items' } } }, loop: { forEach: true, exitCondition: '', wait: 0, max: 10 }, next: ['3'] },
      { id: '3', script: 'Set', args: { key: 'Counter', value: '0' }, next: ['4'] },
      {
        id: '4', type: 'playbook', playbookId: 'count-up', separatecontext: false,
        loop: { exitCondition: '', wait: 1, max: 10, builtincondition: [[{ operator: 'greaterThanOrEqual', left: { value: { simple: 'Counter' }, iscontext: true }, right: { value: { simple: '3' } } }]] },
      },
    ]));
    const id = await incident({ name: 'loops' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'loops' });
    const p = await settled(id);
    assert.equal(p.state, 'completed');
    const ctx = await context(id);
    assert.deepEqual(ctx['Seen'], ['a', 'b', 'c'], 'one run per item, in order');
    assert.equal(ctx['Counter'], 3, 'ran until Counter ≥ 3');
    assert.equal(task(p, '2').subPlaybook?.iteration, 2);
    assert.equal(task(p, '4').subPlaybook?.iteration, 2);
    const start = Date.parse(task(p, '4').startedAt ?? '');
    const end = Date.parse(task(p, '4').finishedAt ?? '');
    assert.ok(end - start >= 1900, `two pauses of a second between three iterations (${end - start} ms)`);
  });

  void it('sends http only to allow-listed URLs, from the built-in and from scripts allowed the network', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await c.api.ok('POST', `${base}/content/scripts`, {
        doc: { commonfields: { id: 'Fetcher', version: -1 }, name: 'Fetcher', type: 'javascript', allowNetwork: true, args: [], script: 'var r = http(args.url, { Method: "GET" }); return JSON.parse(r.Body).path;' },
      });
      await addPlaybook(playbookYaml('fetch', [
        { id: '1', script: 'http', args: { url: `http://127.0.0.1:${port}/api/v1/items`, method: 'GET' }, continueonerror: true, next: ['2'] },
        { id: '2', script: 'Fetcher', args: { url: `http://127.0.0.1:${port}/api/v1/other` }, continueonerror: true, next: ['3'] },
        { id: '3', script: 'http', args: { url: `http://127.0.0.1:${port}/private`, method: 'GET' }, continueonerror: true },
      ]));
      const before = await incident({ name: 'no allow-list' });
      await c.api.ok('POST', `${base}/incidents/${before}/playbook/run`, { playbookId: 'fetch' });
      const refused = await settled(before);
      assert.match(task(refused, '1').error ?? '', /not on this tenant's HTTP allow-list/);
      assert.match(task(refused, '2').error ?? '', /not on this tenant's HTTP allow-list/);

      const bad = await c.api.call<{ error: { code: string } }>('PUT', `${base}/playbook-settings`, { httpAllowList: ['*'] });
      assert.equal(bad.status, 400, 'a bare wildcard is refused');
      await c.api.ok('PUT', `${base}/playbook-settings`, { httpAllowList: [`http://127.0.0.1:${port}/api/`] });
      const id = await incident({ name: 'allow-listed' });
      await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'fetch' });
      const p = await settled(id);
      assert.equal(task(p, '1').state, 'completed');
      assert.equal(task(p, '2').state, 'completed');
      assert.match(task(p, '3').error ?? '', /allow-list/, 'a path outside the prefix stays refused');
      const ctx = await context(id);
      assert.deepEqual((ctx['HttpRequest'] as { Response: { Body: unknown; StatusCode: number } }).Response.Body, { path: '/api/v1/items', method: 'GET' });
      const entries = await c.api.ok<{ entries: { taskId: string | null; contents: unknown }[] }>('GET', `${base}/incidents/${id}/entries`);
      assert.ok(entries.entries.some((e) => e.taskId === '2' && e.contents === '/api/v1/other'), 'the script fetched through the tenant');
    } finally {
      server.close();
    }
  });

  void it('built-ins act on the tenant: new incidents start their own playbooks, links, evidence, search, indicators, field mapping, quiet mode', async () => {
    await addPlaybook(playbookYaml('child-type', [{ id: '1', script: 'Set', args: { key: 'ChildStarted', value: 'yes' } }]));
    await c.api.ok('POST', `${base}/content/incidenttypes`, { doc: { id: 'Follow-up', name: 'Follow-up', playbookId: 'child-type', version: -1 } });
    await addPlaybook(playbookYaml('actions', [
      { id: '1', script: 'Builtin|||createNewIncident', args: { name: 'Follow-up of ${incident.name}', type: 'Follow-up', severity: 'Medium' }, next: ['2'] },
      { id: '2', script: 'Builtin|||linkIncidents', args: { linkedIncidentIDs: '${CreatedIncidentID}' }, next: ['3'] },
      { id: '3', script: 'AddEvidence', args: { description: 'phishing mail', tags: 'mail,phish' }, next: ['4'] },
      { id: '4', script: 'extractIndicators', args: { text: 'seen 198.51.100.23 and hxxp://bad-domain[.]com/x' }, next: ['5'] },
      { id: '5', script: 'SearchIncidentsV2', args: { query: 'name:"Follow-up of actions source"' }, next: ['6'] },
      {
        id: '6', script: 'Set', args: { key: 'Verdict', value: 'malicious' }, next: ['7'],
        fieldMapping: [{ incidentfield: 'verdict', output: { complex: { root: 'Verdict' } } }],
      },
      { id: '7', script: 'Print', args: { value: 'hidden in quiet mode' }, quietmode: 1, next: ['8'] },
      { id: '8', script: 'Runaway', continueonerror: true },
    ]));
    await c.api.ok('POST', `${base}/content/scripts`, { doc: { commonfields: { id: 'Runaway', version: -1 }, name: 'Runaway', type: 'javascript', timeout: 1, args: [], script: 'while (true) {}' } });
    const id = await incident({ name: 'actions source' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'actions' });
    const p = await settled(id);
    assert.equal(p.state, 'completed', JSON.stringify(p.tasks.filter((t) => t.error)));
    const ctx = await context(id);
    const created = Number(ctx['CreatedIncidentID']);
    assert.ok(created > id);
    const child = await settled(created);
    assert.equal(child.playbookId, 'child-type', "the new incident's type started its playbook");
    assert.deepEqual((await c.api.ok<{ linked: number[]; evidence: { description: string; tags: string[] }[] }>('GET', `${base}/incidents/${id}/links`)), {
      linked: [created],
      evidence: [{ description: 'phishing mail', tags: ['mail', 'phish'], created: (await c.api.ok<{ evidence: { created: number }[] }>('GET', `${base}/incidents/${id}/links`)).evidence[0]!.created }],
    });
    assert.deepEqual((await c.api.ok<{ linked: number[] }>('GET', `${base}/incidents/${created}/links`)).linked, [id], 'links go both ways');
    const extracted = ctx['ExtractedIndicators'] as Record<string, unknown>;
    assert.deepEqual(extracted['IP'], ['198.51.100.23']);
    assert.ok(JSON.stringify(extracted['URL']).includes('http://bad-domain.com/x'));
    assert.equal((ctx['foundIncidents'] as { id: string }).id ?? (ctx['foundIncidents'] as { id: string }[])[0]?.id, String(created));
    assert.equal((await c.api.ok<{ customFields: Record<string, unknown> }>('GET', `${base}/incidents/${id}`)).customFields['verdict'], 'malicious');
    const entries = await c.api.ok<{ entries: { taskId: string | null; type: number; contents: unknown }[] }>('GET', `${base}/incidents/${id}/entries?limit=1000`);
    assert.ok(!entries.entries.some((e) => e.taskId === '7'), 'quiet mode keeps the result out of the war room');
    assert.equal(task(p, '8').state, 'error');
    assert.match(task(p, '8').error ?? '', /time limit/);
    assert.ok(entries.entries.some((e) => e.taskId === '8' && e.type === 4), 'the runaway script is an error entry');
  });

  void it('bounds a playbook that runs itself as its own sub-playbook', async () => {
    await addPlaybook(playbookYaml('selfish', [{ id: '1', type: 'playbook', playbookId: 'selfish', separatecontext: false }]));
    const id = await incident({ name: 'recursion' });
    await c.api.ok('POST', `${base}/incidents/${id}/playbook/run`, { playbookId: 'selfish' });
    const p = await settled(id);
    assert.equal(p.state, 'failed');
    const deepest = p.tasks.filter((t) => t.error).at(-1);
    assert.match(deepest?.error ?? '', /nest deeper than 16/);
    assert.equal(deepest?.id.split('.').length, 17);
    const stopped = await c.api.ok<{ stopped: number }>('POST', `${base}/incidents/${id}/playbook/stop`, {});
    assert.equal(stopped.stopped, 17, 'stop ends the whole tree');
  });

  void it('runs war room command lines on an incident: context, incident writes, entries; bad lines change nothing', async () => {
    await c.api.ok('POST', `${base}/content/scripts`, { doc: { commonfields: { id: 'Hello', version: -1 }, name: 'Hello', type: 'javascript', args: [], script: "return 'hello ' + args.who;" } });
    const id = await incident({ name: 'war room', severity: 1 });
    const run = async (command: string) => c.api.call<{ entries: { Type: number; Contents: unknown }[]; error?: { message: string } }>('POST', `${base}/incidents/${id}/war-room/command`, { command });
    const set = await run('!Set key=Analyst.Note value="seen in the war room"');
    assert.equal(set.status, 201);
    assert.equal(set.body.entries[0]?.Contents, '!Set key=Analyst.Note value="seen in the war room"', 'the command itself first');
    assert.equal((await run('!Builtin|||setIncident severity=${Analyst.Level}')).status, 201, 'an unresolved value is simply empty');
    await run('!Set key=Analyst.Level value=3');
    await run('!setIncident severity=${Analyst.Level}');
    assert.equal((await c.api.ok<{ severity: number }>('GET', `${base}/incidents/${id}`)).severity, 3);
    assert.deepEqual(await context(id), { Analyst: { Note: 'seen in the war room', Level: 3 } });
    const unknown = await run('!NoSuchThing a=1');
    assert.equal(unknown.body.entries.at(-1)?.Type, 4, 'an unknown command is an error entry');
    const sleep = await run('!Sleep seconds=1');
    assert.match(String(sleep.body.entries.at(-1)?.Contents), /run it from a playbook/);
    for (const bad of ['Print value=x', '!Print value="open', '!Print a=1 a=2']) {
      const r = await run(bad);
      assert.equal(r.status, 400, bad);
    }
    const entries = await c.api.ok<{ entries: { contents: unknown; tags: string[] }[] }>('GET', `${base}/incidents/${id}/entries?limit=1000`);
    const echoed = entries.entries.filter((e) => e.tags.includes('command')).map((e) => String(e.contents));
    assert.equal(echoed.length, 6, 'six commands ran, each echoed; refused lines left nothing');
    assert.ok(!echoed.some((e) => e.includes('"open') || e.includes('a=1 a=2')));
    const names = await c.api.ok<{ commands: { name: string; kind: string }[] }>('GET', `${base}/war-room/commands`);
    assert.ok(names.commands.some((x) => x.name === 'setIncident' && x.kind === 'builtin'));
    assert.ok(names.commands.some((x) => x.name === 'Hello' && x.kind === 'script'));
    const hello = await run('!Hello who=${Analyst.Note}');
    assert.equal(hello.body.entries.at(-1)?.Contents, 'hello seen in the war room', 'a tenant script, its argument from the context');
  });
});
