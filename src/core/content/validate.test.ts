import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ContentError, describeIssue, type ContentIssue } from './content-error.js';
import { referenceNamesOf, type Kind } from './kinds.js';
import { parseContent, type ParsedItem } from './parse.js';
import { assertValid, validateItem, type Library } from './validate.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const samples = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => parseContent(f, readFileSync(new URL(f, FIXTURES), 'utf8')));

const FILE = 'playbook-P.yml';
type Doc = Record<string, unknown>;
const item = (kind: Kind, doc: Doc, file = FILE): ParsedItem => ({ kind, id: 'x', name: 'X', doc, format: 'yaml', file });
const task = (id: string, type: string, more: Doc = {}): Doc => ({ id, taskid: `uuid-${id}`, type, task: { id: `uuid-${id}`, name: `Task ${id}` }, ...more });
/** A sound playbook: 0 (start) → 1 (regular) → 2 (title), plus whatever tasks are given. */
const playbook = (tasks: Doc = {}, more: Doc = {}): ParsedItem =>
  item('playbooks', {
    id: 'p',
    name: 'P',
    starttaskid: '0',
    tasks: { '0': task('0', 'start', { nexttasks: { '#none#': ['1'] } }), '1': task('1', 'regular', { nexttasks: { '#none#': ['2'] } }), '2': task('2', 'title'), ...tasks },
    ...more,
  });
const issues = (list: readonly ContentIssue[]): string[] => list.map(describeIssue);
const none: Library = () => false;

void test('all 12 sample playbooks validate without issues, without and with a library of them', () => {
  assert.equal(samples.length, 12);
  const known = new Set(samples.flatMap((s) => referenceNamesOf(s.kind, s.doc).map((n) => `${s.kind}/${n}`)));
  const library: Library = (kind, ref) => known.has(`${kind}/${ref}`);
  for (const sample of samples) {
    assert.deepEqual(validateItem(sample), [], sample.file);
    assert.deepEqual(validateItem(sample, library), [], sample.file);
    assert.doesNotThrow(() => assertValid(sample, library));
  }
});

void test('with an empty library, the samples that call sub-playbooks name each unknown one', () => {
  const byFile = new Map(samples.map((s) => [s.file, validateItem(s, none)]));
  const generic = byFile.get('playbook-Calculate_Severity_-_Generic_v2.yml') ?? [];
  assert.deepEqual(generic.map((i) => i.reason).sort(), [
    'unknown sub-playbook "Calculate Severity - Critical Assets v2"',
    'unknown sub-playbook "Calculate Severity By Email Authenticity"',
    'unknown sub-playbook "Calculate Severity By Highest DBotScore"',
  ]);
  for (const issue of generic) assert.match(issue.field, /^tasks\.\d+\.task\.playbookName$/);
  // Context Polling names GenericPolling by playbookId only.
  assert.deepEqual(issues(byFile.get('playbook-Context_Polling_-_Generic.yml') ?? []), [
    'playbook-Context_Polling_-_Generic.yml: tasks.1.task.playbookId: unknown sub-playbook "GenericPolling"',
  ]);
  assert.equal(byFile.get('playbook-Phishing_Alerts_-_Check_Severity.yml')?.length, 1);
  const callers = [...byFile].filter(([, found]) => found.length > 0).map(([file]) => file);
  assert.deepEqual(callers.sort(), ['playbook-Calculate_Severity_-_Generic_v2.yml', 'playbook-Context_Polling_-_Generic.yml', 'playbook-Phishing_Alerts_-_Check_Severity.yml']);
});

void test('a task pointing to a missing next task names the field and the reason', () => {
  const found = validateItem(playbook({ '12': task('12', 'regular', { nexttasks: { '#none#': ['99', '2'], yes: ['2', 7] } }) }));
  assert.deepEqual(issues(found), [
    'playbook-P.yml: tasks.12.nexttasks.#none#[0]: task "99" does not exist',
    'playbook-P.yml: tasks.12.nexttasks.yes[1]: task "7" does not exist',
  ]);
  assert.throws(
    () => assertValid(playbook({ '12': task('12', 'regular', { nexttasks: { '#none#': ['99'] } }) })),
    (err: unknown) => err instanceof ContentError && err.code === 'invalid_request' && err.message === 'playbook-P.yml: tasks.12.nexttasks.#none#[0]: task "99" does not exist',
  );
  assert.deepEqual(issues(validateItem(playbook({ '3': task('3', 'regular', { nexttasks: { '#none#': 'x', '#default#': [null] } }) }))), [
    'playbook-P.yml: tasks.3.nexttasks.#none#: must be a list of task keys, not the string "x"',
    'playbook-P.yml: tasks.3.nexttasks.#default#[0]: must be a task key, not null',
  ]);
});

void test('starttaskid must be there and name a task', () => {
  const p = playbook();
  delete p.doc['starttaskid'];
  assert.deepEqual(issues(validateItem(p)), ['playbook-P.yml: starttaskid: must name the task the playbook starts with, not nothing']);
  assert.deepEqual(issues(validateItem(playbook({}, { starttaskid: '5' }))), ['playbook-P.yml: starttaskid: task "5" does not exist']);
  assert.deepEqual(validateItem(playbook({}, { starttaskid: 0 })), [], 'an unquoted 0 is the task "0"');
  assert.deepEqual(issues(validateItem(playbook({}, { tasks: ['x'] }))), ['playbook-P.yml: tasks: must be a map of task key → task, not a list']);
});

void test('sub-playbooks: resolved through the library by id first, then by name', () => {
  const sub = (inner: Doc): ParsedItem => playbook({ '3': { id: '3', type: 'playbook', task: { id: 'u', ...inner } } });
  const calls: string[] = [];
  const library: Library = (kind, ref) => {
    calls.push(`${kind}:${ref}`);
    return ref === 'Known' || ref === 'known-id';
  };
  assert.deepEqual(validateItem(sub({ playbookName: 'Known' }), library), []);
  assert.deepEqual(issues(validateItem(sub({ playbookName: 'Nope' }), library)), ['playbook-P.yml: tasks.3.task.playbookName: unknown sub-playbook "Nope"']);
  assert.deepEqual(issues(validateItem(sub({ playbookId: 'nope-id' }), library)), ['playbook-P.yml: tasks.3.task.playbookId: unknown sub-playbook "nope-id"']);
  calls.length = 0;
  assert.deepEqual(validateItem(sub({ playbookId: 'known-id', playbookName: 'Nope' }), library), []);
  assert.deepEqual(calls, ['playbooks:known-id']);
  calls.length = 0;
  assert.deepEqual(validateItem(sub({ playbookId: 'stale-id', playbookName: 'Known' }), library), []);
  assert.deepEqual(calls, ['playbooks:stale-id', 'playbooks:Known']);
  // Without a library nothing is resolved, but a reference is still required.
  assert.deepEqual(validateItem(sub({ playbookName: 'Nope' })), []);
  assert.deepEqual(issues(validateItem(sub({}))), ['playbook-P.yml: tasks.3.task: a playbook task needs task.playbookName or task.playbookId']);
  assert.deepEqual(issues(validateItem(sub({ playbookName: '  ' }))), ['playbook-P.yml: tasks.3.task: a playbook task needs task.playbookName or task.playbookId']);
});

void test('condition labels need their branch in nexttasks (any case) unless there is a #default#', () => {
  const cond = (conditions: unknown, nexttasks: Doc): ParsedItem => playbook({ '3': task('3', 'condition', { conditions, nexttasks }) });
  const ok = [[{ operator: 'isExists', left: { value: { simple: 'x' }, iscontext: true } }]];
  assert.deepEqual(validateItem(cond([{ label: 'YES', condition: ok }], { yes: ['2'] })), []);
  assert.deepEqual(validateItem(cond([{ label: 'High', condition: ok }], { '#default#': ['2'] })), []);
  assert.deepEqual(issues(validateItem(cond([{ label: 'yes', condition: ok }, { label: 'High', condition: [] }], { yes: ['2'] }))), [
    'playbook-P.yml: tasks.3.conditions[1].label: branch "High" has no entry in nexttasks and there is no #default# branch',
  ]);
  assert.deepEqual(issues(validateItem(cond([{ label: '' }, 'x', { label: 'yes', condition: [{}] }], { yes: ['2'] }))), [
    'playbook-P.yml: tasks.3.conditions[0].label: a condition needs a label (its branch in nexttasks), not an empty string',
    'playbook-P.yml: tasks.3.conditions[1]: must be an object {label, condition}, not the string "x"',
    'playbook-P.yml: tasks.3.conditions[2].condition: must be a list of lists of filters (AND of ORs), not a list',
  ]);
  assert.deepEqual(issues(validateItem(cond({ label: 'yes' }, {}))), ['playbook-P.yml: tasks.3.conditions: must be a list of {label, condition}, not an object']);
  // A label YAML typed as a boolean still matches its branch.
  assert.deepEqual(validateItem(cond([{ label: true }], { true: ['2'] })), []);
});

void test('task shape: id matching its key, a known type, objects where objects belong', () => {
  const found = validateItem(playbook({ '3': task('4', 'regular'), '5': 'x', '6': { id: '6', type: 'bogus', task: 1, nexttasks: [], scriptarguments: [], loop: 'x' }, '7': { type: 7 } }));
  assert.deepEqual(issues(found), [
    'playbook-P.yml: tasks.3.id: "4" does not match the task\'s key "3"',
    'playbook-P.yml: tasks.5: a task must be an object, not the string "x"',
    'playbook-P.yml: tasks.6.type: unknown task type "bogus" (one of start, title, regular, condition, playbook, collection, section, standard)',
    'playbook-P.yml: tasks.6.task: must be an object (the task definition), not number 1',
    'playbook-P.yml: tasks.6.nexttasks: must be a map of branch label → task keys, not a list',
    'playbook-P.yml: tasks.6.scriptarguments: must be an object, not a list',
    'playbook-P.yml: tasks.6.loop: must be an object, not the string "x"',
    'playbook-P.yml: tasks.7.id: a task needs its id (the same as its key), not nothing',
    'playbook-P.yml: tasks.7.type: a task needs a type (start, title, regular, condition, playbook, collection, section, standard), not number 7',
    'playbook-P.yml: tasks.7.task: must be an object (the task definition), not nothing',
  ]);
  assert.deepEqual(validateItem(playbook({ '8': { ...task('8', 'regular'), id: 8 } })), [], 'a numeric id matches its key');
});

void test('playbook inputs and outputs', () => {
  const found = validateItem(playbook({}, { inputs: [{ key: '', value: {}, playbookInputQuery: { query: 'x' } }, { value: 'x', playbookInputQuery: 3 }, 4], outputs: [{ contextPath: 'A.B' }, { contextPath: '' }, 'x'] }));
  assert.deepEqual(issues(found), [
    'playbook-P.yml: inputs[1].key: must be text, not nothing',
    'playbook-P.yml: inputs[1].value: must be an object ({simple} or {complex}), not the string "x"',
    'playbook-P.yml: inputs[1].playbookInputQuery: must be an object, not number 3',
    'playbook-P.yml: inputs[2]: must be an object {key, value, …}, not number 4',
    'playbook-P.yml: outputs[1].contextPath: must be a non-empty context path, not an empty string',
    'playbook-P.yml: outputs[2]: must be an object {contextPath, …}, not the string "x"',
  ]);
});

void test('marketplace suffixes: name:xsoar, task keys "12:xsoar", tasks for another marketplace not resolved', () => {
  const p = playbook(
    {
      '2': task('2', 'title', { nexttasks: { '#none#': ['12'] } }),
      '12:xsoar': task('12', 'playbook', { task: { id: 'u', playbookName: 'Ours' } }),
      '12:marketplacev2': task('12', 'playbook', { task: { id: 'u', playbookName: 'Theirs' } }),
      '13:marketplacev2': task('13', 'playbook', { task: { id: 'u' } }),
    },
    { name: '', 'name:xsoar': 'P for XSOAR' },
  );
  assert.deepEqual(issues(validateItem(p, (_kind, ref) => ref === 'Ours')), ['playbook-P.yml: tasks.13:marketplacev2.task: a playbook task needs task.playbookName or task.playbookId']);
  assert.deepEqual(issues(validateItem(playbook({}, { name: 'P', 'name:xsoar': '' }))), ['playbook-P.yml: name: a playbook needs a non-empty name, not an empty string']);
});

void test('scripts and integrations without code, with duplicate arguments, parameters or commands', () => {
  const script = (more: Doc): ContentIssue[] => validateItem(item('scripts', { commonfields: { id: 's' }, name: 'S', type: 'javascript', script: 'return 1;', ...more }, 'script-S.yml'));
  assert.deepEqual(script({}), []);
  assert.deepEqual(issues(script({ script: '' })), ['script-S.yml: script: holds no code (a split package: attach the sibling .js/.py/.ps1 file first)']);
  assert.deepEqual(issues(script({ script: ' - ' })), ['script-S.yml: script: holds no code (a split package: attach the sibling .js/.py/.ps1 file first)']);
  assert.deepEqual(issues(script({ script: 5 })), ['script-S.yml: script: must hold the code as text, not number 5']);
  assert.deepEqual(issues(script({ type: 'ruby' })), ['script-S.yml: type: must be one of javascript, python, powershell, not the string "ruby"']);
  const args = script({ args: [{ name: 'key' }, { name: 'value' }, { name: 'key' }, {}, 'x'], outputs: [{ contextPath: 'A' }, {}] });
  assert.deepEqual(args.map((i) => i.field), ['args[2].name', 'args[3].name', 'args[4]', 'outputs[1].contextPath']);
  assert.equal(args[0]?.reason, 'duplicate argument "key"');
  assert.match(args[1]?.reason ?? '', /^an? argument needs a non-empty name, not nothing$/);
  assert.match(args[2]?.reason ?? '', /^an? argument must be an object with a name, not the string "x"$/);
  assert.equal(args[3]?.reason, 'must be a non-empty context path, not nothing');
  assert.deepEqual(issues(script({ args: { key: {} } })), ['script-S.yml: args: must be a list of arguments, not an object']);

  const integration = (script: unknown, more: Doc = {}): ContentIssue[] => validateItem(item('integrations', { commonfields: { id: 'i' }, name: 'I', script, ...more }, 'integration-I.yml'));
  assert.deepEqual(integration({ type: 'python', script: 'pass', commands: [{ name: 'i-get', arguments: [{ name: 'id' }], outputs: [{ contextPath: 'I.id' }] }] }), []);
  assert.deepEqual(issues(integration({ type: 'python', script: '-' })), ['integration-I.yml: script.script: holds no code (a split package: attach the sibling .js/.py/.ps1 file first)']);
  assert.deepEqual(issues(integration('code')), ['integration-I.yml: script: an integration needs a script section {type, script, commands}, not the string "code"']);
  const commands = [{ name: 'i-get', arguments: [{ name: 'id' }, { name: 'id' }], outputs: [{ contextPath: '' }] }, { name: 'i-get' }];
  assert.deepEqual(issues(integration({ type: 'python', script: 'pass', commands }, { configuration: [{ name: 'url' }, { name: 'url' }] })), [
    'integration-I.yml: configuration[1].name: duplicate parameter "url"',
    'integration-I.yml: script.commands[1].name: duplicate command "i-get"',
    'integration-I.yml: script.commands[0].arguments[1].name: duplicate argument "id"',
    'integration-I.yml: script.commands[0].outputs[0].contextPath: must be a non-empty context path, not an empty string',
  ]);
});

void test('other kinds: ids, names, a list\'s text, an incident field\'s cliName', () => {
  assert.deepEqual(validateItem(item('lists', { name: 'L', data: '' }, 'list-L.json')), []);
  assert.deepEqual(issues(validateItem(item('lists', { name: 'L', data: ['a'] }, 'list-L.json'))), ["list-L.json: data: a list's content must be text, not a list"]);
  assert.deepEqual(issues(validateItem(item('incidentfields', { id: 'incident_x', name: 'X' }, 'f.json'))), ['f.json: cliName: an incident field needs its cliName (the key playbooks use), not nothing']);
  assert.deepEqual(issues(validateItem(item('roles', { id: '', name: 7 }, 'r.json'))), ['r.json: id: a role needs a non-empty id, not an empty string', 'r.json: name: a role needs a non-empty name, not number 7']);
  const indicator = validateItem(item('indicatortypes', { id: 'IP' }, 'reputation-IP.json'));
  assert.deepEqual(indicator.map((i) => i.field), ['details']);
  assert.match(indicator[0]?.reason ?? '', /^an? indicator type needs a non-empty name, not nothing$/);
  for (const kind of ['incidenttypes', 'layouts', 'jobs', 'dashboards', 'roles'] as const) assert.deepEqual(validateItem(item(kind, { id: 'a', name: 'A' })), [], kind);
});

void test('validateItem never throws, whatever it is given', () => {
  const throwing: Doc = { id: 'p', name: 'P', starttaskid: '0' };
  Object.defineProperty(throwing, 'tasks', { enumerable: true, get: () => { throw new Error('boom'); } });
  const circular: Doc = { id: 'p', name: 'P', starttaskid: '0' };
  circular['tasks'] = { '0': circular };
  const garbage: unknown[] = [
    null, undefined, 0, 'x', [], {}, () => 1, Symbol('s'), { kind: 'nope', doc: {} }, { kind: 'playbooks' }, { kind: 'playbooks', doc: [] },
    { kind: 'playbooks', doc: { tasks: { '0': { nexttasks: { a: [{}, [], null] }, conditions: 5, type: 'condition' } }, inputs: 'x', outputs: {} } },
    { kind: 'scripts', doc: { commonfields: [], args: [null], outputs: 'x' } }, { kind: 'integrations', doc: { script: { commands: [null, { arguments: 5, outputs: [1] }] } } },
    { kind: 'lists', doc: {} }, { kind: 'incidentfields', doc: { cliName: {} } }, { kind: 'playbooks', file: 'f', doc: throwing }, { kind: 'playbooks', file: 'f', doc: circular },
  ];
  for (const input of garbage) {
    const found = validateItem(input as ParsedItem);
    assert.ok(Array.isArray(found) && found.length > 0, `issues for ${String(input)}`);
    for (const issue of found) assert.equal(typeof describeIssue(issue), 'string');
  }
  assert.deepEqual(issues(validateItem(null as unknown as ParsedItem)), ['(unnamed file): not a parsed content item: null']);
  assert.deepEqual(issues(validateItem({ kind: 'playbooks', file: 'f', doc: throwing } as unknown as ParsedItem)), ['f: could not be validated: boom']);
  assert.throws(() => assertValid({ kind: 'x' } as unknown as ParsedItem), (err: unknown) => err instanceof ContentError && err.issues.length === 1 && /unknown kind the string "x"/.test(err.reason));
});
