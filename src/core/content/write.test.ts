import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { isRecord } from './content-error.js';
import { contentHash } from './hash.js';
import { KINDS, KIND_SPECS, type Kind } from './kinds.js';
import { parseContent } from './parse.js';
import { contentFile, safeFileName, serializeItem } from './write.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).sort();
const readFixture = (f: string): string => readFileSync(new URL(f, FIXTURES), 'utf8');

/** Every `nexttasks` branch label of a playbook, task by task. */
function branchKeys(doc: unknown): string[] {
  const tasks = isRecord(doc) ? doc['tasks'] : undefined;
  if (!isRecord(tasks)) return [];
  return Object.entries(tasks).flatMap(([id, task]) => {
    const next = isRecord(task) ? task['nexttasks'] : undefined;
    return isRecord(next) ? Object.keys(next).map((k) => `${id}:${k}`) : [];
  });
}

/** What a YAML 1.1 reader (XSOAR's own Python tools) makes of the text. */
const readAs11 = (text: string): unknown => parse(text, { version: '1.1' });

void test('every sample playbook written back as YAML reads to the same content hash', () => {
  assert.equal(fixtureFiles.length, 12);
  let yesNo = 0;
  for (const name of fixtureFiles) {
    const item = parseContent(name, readFixture(name));
    const text = serializeItem('playbooks', item.doc);
    const again = parseContent(name, text);
    assert.equal(again.kind, 'playbooks');
    assert.equal(again.id, item.id);
    assert.equal(contentHash(again.doc), contentHash(item.doc), name);
    assert.deepEqual(again.doc, item.doc, name);
    // Written again, the text is the same: writing is stable.
    assert.equal(serializeItem('playbooks', again.doc), text, name);
    // A YAML 1.1 reader sees the same data, branch labels `yes`/`no` as text included.
    const old = readAs11(text);
    assert.equal(contentHash(old), contentHash(item.doc), `${name} as YAML 1.1`);
    const keys = branchKeys(old);
    assert.deepEqual(keys, branchKeys(item.doc), name);
    if (keys.some((k) => k.endsWith(':yes') || k.endsWith(':no'))) yesNo++;
  }
  assert.ok(yesNo >= 8, `the samples have yes/no branches (${yesNo} of them do)`);
});

void test('text that a YAML 1.1 or 1.2 reader would take for something else is quoted', () => {
  const tricky = [
    'yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '',
    '1', '-1', '+1', '012', '0o17', '0x1F', '0b101', '1_000', '1:20', '1e3', '1E3', '1.', '.5', '-1.5e-3',
    '.inf', '-.Inf', '.nan', '2001-12-14', '2001-12-14T21:59:43.10-05:00', '<<', '=',
    ' leading', 'trailing ', 'a: b', '# hash', '- dash', '[x]', '{x}', '*alias', '&anchor', '!tag', '%dir', '@x', '`x', '|', '>',
    "it's", 'say "hi"', 'tab\there', 'line\nbreaks\n', '\n\nleading lines', 'trailing lines\n\n\n', 'a\u2028b', 'a\u0085b', 'a\u00a0b', 'é 😀', 'bell\u0007',
  ];
  const doc = {
    id: 'Tricky',
    name: 'Tricky',
    starttaskid: '0',
    tasks: { '0': { id: '0', nexttasks: Object.fromEntries(tricky.map((t, i) => [t === '' ? '#none#' : t, [String(i)]])) } },
    values: tricky,
    byKey: Object.fromEntries(tricky.map((t) => [t, t])),
    merge: { '<<': { a: 1 }, b: 2 },
    numbers: [0, -1, 1.5, 1e21, 12345678901234, -0.25],
    other: [true, false, null, {}, []],
  };
  const text = serializeItem('playbooks', doc);
  const item = parseContent('playbook-Tricky.yml', text);
  assert.deepEqual(item.doc, doc, 'a YAML 1.2 reader (Palisade) reads back what was written');
  assert.equal(contentHash(item.doc), contentHash(doc));
  assert.deepEqual(readAs11(text), doc, 'a YAML 1.1 reader reads back what was written');
  assert.doesNotMatch(text, /^%YAML/m, 'no directive: readers take their own version');
});

void test('JSON kinds are written as indented JSON, YAML kinds as YAML', () => {
  const doc = { id: 'Phishing', name: 'Phishing', color: '#ff0000', playbookId: 'yes', days: 0, hours: null, closureScript: '' };
  const text = serializeItem('incidenttypes', doc);
  assert.equal(text, `${JSON.stringify(doc, null, 2)}\n`);
  assert.deepEqual(JSON.parse(text), doc);
  for (const kind of KINDS) {
    const written = serializeItem(kind, { id: 'x', name: 'z' });
    if (KIND_SPECS[kind].format === 'json') assert.deepEqual(JSON.parse(written), { id: 'x', name: 'z' }, kind);
    else assert.equal(written, 'id: x\nname: z\n', kind);
  }
  // Unicode stays itself in both.
  assert.equal(serializeItem('lists', { name: 'é' }), '{\n  "name": "é"\n}\n');
  assert.equal(serializeItem('scripts', { name: 'é' }), 'name: é\n');
});

/** A small document of each kind that names the item `id`. */
function docOf(kind: Kind, id: string): Record<string, unknown> {
  switch (kind) {
    case 'scripts':
      return { commonfields: { id, version: -1 }, name: id, type: 'python', script: 'print(1)' };
    case 'integrations':
      return { commonfields: { id, version: -1 }, name: id, display: id, configuration: [], script: { script: 'pass', type: 'python', commands: [] } };
    case 'indicatortypes':
      return { id, details: id, regex: 'x' };
    default:
      return { id, name: id };
  }
}

void test('contentFile names files as XSOAR does, in their pack folder, and they read back as the same kind', () => {
  const expected: Record<Kind, string> = {
    playbooks: 'Playbooks/playbook-Calculate_Severity_-_Generic_v2.yml',
    scripts: 'Scripts/script-Calculate_Severity_-_Generic_v2.yml',
    integrations: 'Integrations/integration-Calculate_Severity_-_Generic_v2.yml',
    incidenttypes: 'IncidentTypes/incidenttype-Calculate_Severity_-_Generic_v2.json',
    incidentfields: 'IncidentFields/incidentfield-Calculate_Severity_-_Generic_v2.json',
    layouts: 'Layouts/layoutscontainer-Calculate_Severity_-_Generic_v2.json',
    lists: 'Lists/list-Calculate_Severity_-_Generic_v2.json',
    jobs: 'Jobs/job-Calculate_Severity_-_Generic_v2.json',
    dashboards: 'Dashboards/dashboard-Calculate_Severity_-_Generic_v2.json',
    indicatortypes: 'IndicatorTypes/reputation-Calculate_Severity_-_Generic_v2.json',
    roles: 'Roles/Calculate_Severity_-_Generic_v2.json',
  };
  const id = 'Calculate Severity - Generic v2';
  for (const kind of KINDS) {
    const doc = docOf(kind, id);
    const file = contentFile(kind, id, doc);
    assert.equal(file.path, expected[kind], kind);
    assert.equal(file.text, serializeItem(kind, doc), kind);
    // Read back by its name and folder alone, with no kind given.
    const item = parseContent(file.path, file.text);
    assert.equal(item.kind, kind, file.path);
    assert.equal(item.id, id, file.path);
    assert.equal(contentHash(item.doc), contentHash(doc), file.path);
  }
  assert.equal(contentFile('incidenttypes', 'X', { id: 'X', name: 'X' }).path, 'IncidentTypes/incidenttype-X.json');
  assert.equal(contentFile('dashboards', 'X', { id: 'X', name: 'X' }).path, 'Dashboards/dashboard-X.json');
});

void test('every sample playbook gets a playbook-<safe id>.yml file that reads back to the same hash', () => {
  for (const name of fixtureFiles) {
    const item = parseContent(name, readFixture(name));
    const file = contentFile('playbooks', item.id, item.doc);
    assert.equal(file.path, `Playbooks/playbook-${safeFileName(item.id)}.yml`);
    assert.match(file.path, /^Playbooks\/playbook-[A-Za-z0-9_.-]+\.yml$/);
    assert.equal(contentHash(parseContent(file.path, file.text).doc), contentHash(item.doc), name);
  }
  assert.equal(contentFile('playbooks', 'Calculate Severity By Highest DBotScore', {}).path, 'Playbooks/playbook-Calculate_Severity_By_Highest_DBotScore.yml');
});

void test('safeFileName keeps letters, digits and _ . -, and never gives a path, a hidden name or nothing', () => {
  const cases: [string, string][] = [
    ['GenericPolling', 'GenericPolling'],
    ['Hello_World-2.0', 'Hello_World-2.0'],
    ['a b', 'a_b'],
    ['a  -  b', 'a_-_b'],
    ['a/b', 'a_b'],
    ['a\\b', 'a_b'],
    ['a//b', 'a_b'],
    ['..', '_'],
    ['.', '_'],
    ['../../etc/passwd', '__.._etc_passwd'],
    ['a/../b', 'a_.._b'],
    ['.hidden', '_hidden'],
    ['...dots', '_dots'],
    ['', '_'],
    ['/', '_'],
    ['日本語', '_'],
    ['Café', 'Caf_'],
    ['a:b*c?d"e<f>g|h', 'a_b_c_d_e_f_g_h'],
    ['tab\tnew\nline\u0000nul', 'tab_new_line_nul'],
  ];
  for (const [id, safe] of cases) assert.equal(safeFileName(id), safe, JSON.stringify(id));
  assert.equal(safeFileName('x'.repeat(500)), 'x'.repeat(150));
  assert.equal(safeFileName(`.${'y'.repeat(500)}`).length, 150);
  for (const [id] of cases) {
    const safe = safeFileName(id);
    assert.match(safe, /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/, JSON.stringify(id));
    assert.ok(!safe.includes('/') && safe !== '.' && safe !== '..');
  }
  assert.equal(contentFile('playbooks', '../../x', {}).path, 'Playbooks/playbook-__.._x.yml');
  assert.equal(contentFile('roles', '.admin', {}).path, 'Roles/_admin.json');
});
