import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ContentError } from './content-error.js';
import { attachCode, formatOfFileName, languageOfFileName, needsCode, parseContent, type ParsedItem } from './parse.js';
import { field, isOtherMarketplaceKey, preferMarketplace, splitMarketplaceKey } from './marketplace.js';
import { validateItem } from './validate.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).sort();

/** File → [id, name], as the YAML says. */
const EXPECTED: Readonly<Record<string, readonly [string, string]>> = {
  'Calculate_Severity_By_Email_Authenticity.yml': ['Calculate Severity By Email Authenticity', 'Calculate Severity By Email Authenticity'],
  'Process_Survey_Response.yml': ['Process Survey Response', 'Process Survey Response'],
  'playbook-Calculate_Severity_-_3rd-party_integrations.yml': ['calculate_severity_-_3rd-party_integrations', 'Calculate Severity - 3rd-party integrations'],
  'playbook-Calculate_Severity_-_Critical_Assets_v2.yml': ['Calculate Severity - Critical Assets v2', 'Calculate Severity - Critical Assets v2'],
  'playbook-Calculate_Severity_-_Generic_v2.yml': ['Calculate Severity - Generic v2', 'Calculate Severity - Generic v2'],
  'playbook-Calculate_Severity_By_Highest_DBotScore_6_0.yml': ['Calculate Severity By Highest DBotScore', 'Calculate Severity By Highest DBotScore'],
  'playbook-Context_Polling_-_Generic.yml': ['Context Polling - Generic', 'Context Polling - Generic'],
  'playbook-GenericPolling.yml': ['GenericPolling', 'GenericPolling'],
  'playbook-JOB_-_Integrations_and_Playbooks_Health_Check_-_Lists_handling.yml': [
    'JOB - Integrations and Playbooks Health Check - Lists handling',
    'JOB - Integrations and Incidents Health Check - Lists handling',
  ],
  'playbook-Phishing_Alerts_-_Check_Severity.yml': ['Phishing Alerts - Check Severity', 'Phishing Alerts - Check Severity'],
  'playbook-TIM_-_Update_Indicators_Organizational_External_IP_Tag.yml': ['TIM - Update Indicators Organizational External IP Tag', 'TIM - Update Indicators Organizational External IP Tag'],
  'playbook-Wait_Until_Datetime.yml': ['Wait Until Datetime', 'Wait Until Datetime'],
};

function refuses(fn: () => unknown, file: string, field: string, reason: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ContentError, `expected a ContentError, got ${String(err)}`);
    assert.equal(err.code, 'invalid_request');
    assert.deepEqual([err.file, err.field], [file, field]);
    assert.match(err.reason, reason);
    assert.equal(err.message, field === '' ? `${file}: ${err.reason}` : `${file}: ${field}: ${err.reason}`);
    return true;
  });
}

void test('all 12 sample playbooks parse as playbooks with the id and name their YAML gives', () => {
  assert.deepEqual(fixtureFiles, Object.keys(EXPECTED).sort());
  assert.equal(fixtureFiles.length, 12);
  for (const file of fixtureFiles) {
    const text = readFileSync(new URL(file, FIXTURES), 'utf8');
    const item = parseContent(file, text);
    assert.deepEqual([item.kind, item.id, item.name, item.format, item.file], ['playbooks', ...(EXPECTED[file] ?? []), 'yaml', file], file);
    assert.equal(typeof item.doc['tasks'], 'object', file);
    // Under its pack path, as an import reads it, the result is the same.
    assert.deepEqual(parseContent(`Packs/Some/Playbooks/${file}`, text).doc, item.doc);
  }
});

void test('unquoted yes:/no: branch keys of a playbook stay text and match their condition labels', () => {
  const text = [
    'id: p', 'name: P', 'starttaskid: "0"', 'tasks:',
    '  "0": {id: "0", type: start, task: {id: a}, nexttasks: {"#none#": ["1"]}}',
    '  "1":', '    id: "1"', '    type: condition', '    task: {id: b}',
    '    conditions: [{label: yes, condition: [[{operator: isExists, left: {value: {simple: x}, iscontext: true}}]]}]',
    '    nexttasks:', '      yes: ["2"]', '      no: ["2"]',
    '  "2": {id: "2", type: title, task: {id: c}}', '',
  ].join('\n');
  const item = parseContent('playbook-P.yml', text);
  const tasks = item.doc['tasks'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(tasks['1']?.['nexttasks'], { yes: ['2'], no: ['2'] });
  assert.deepEqual(validateItem(item), []);
});

void test('the format comes from the extension, else the hinted kind, else the first character', () => {
  assert.equal(formatOfFileName('a.YML'), 'yaml');
  assert.equal(formatOfFileName('a.yaml'), 'yaml');
  assert.equal(formatOfFileName('Packs/P/x.Json'), 'json');
  assert.equal(formatOfFileName('a.txt'), undefined);
  assert.equal(languageOfFileName('Set.js'), 'javascript');
  assert.equal(languageOfFileName('X.PY'), 'python');
  assert.equal(languageOfFileName('x.ps1'), 'powershell');
  assert.equal(languageOfFileName('x.yml'), undefined);
  const playbook = { tasks: {}, starttaskid: '0', id: 'p', name: 'P' };
  assert.equal(parseContent('thing', JSON.stringify(playbook)).format, 'json');
  assert.equal(parseContent('thing', `\uFEFF  ${JSON.stringify(playbook)}`).format, 'json');
  assert.equal(parseContent('thing', 'tasks: {}\nstarttaskid: "0"\nid: p\nname: P\n').format, 'yaml');
  const hinted = parseContent('thing', '{"id": "t", "name": "T"}', 'incidenttypes');
  assert.deepEqual([hinted.kind, hinted.format, hinted.id], ['incidenttypes', 'json', 't']);
  // A .yml extension wins over a JSON-looking text (JSON is YAML).
  assert.equal(parseContent('playbook-p.yml', JSON.stringify(playbook)).format, 'yaml');
});

void test('the document must be a map, and must hold an id and a name', () => {
  refuses(() => parseContent('a.yml', '- 1\n'), 'a.yml', '', /^the document must be a map of keys, not a list$/);
  refuses(() => parseContent('a.yml', ''), 'a.yml', '', /not null$/);
  refuses(() => parseContent('a.json', '"text"'), 'a.json', '', /not the string "text"$/);
  refuses(() => parseContent('playbook-x.yml', 'name: X\n'), 'playbook-x.yml', 'id', /^a playbook needs a non-empty id here$/);
  refuses(() => parseContent('playbook-x.yml', 'id: "  "\nname: X\n'), 'playbook-x.yml', 'id', /non-empty id/);
  refuses(() => parseContent('playbook-x.yml', 'id: x\n'), 'playbook-x.yml', 'name', /^a playbook needs a non-empty name$/);
  refuses(() => parseContent('script-x.yml', 'commonfields: {version: -1}\nname: X\n'), 'script-x.yml', 'commonfields.id', /script needs a non-empty id/);
  refuses(() => parseContent('integration-x.yml', 'commonfields: {id: x}\n'), 'integration-x.yml', 'name', /needs a non-empty name \(name or display\)$/);
  refuses(() => parseContent('reputation-x.json', '{"id": "x"}'), 'reputation-x.json', 'details', /indicator type needs a non-empty name/);
});

void test('ids written as numbers are text; a list without an id is named by its name; an integration falls back to display', () => {
  assert.equal(parseContent('playbook-x.yml', 'id: 12\nname: X\n').id, '12');
  const list = parseContent('list-x.json', '{"name": "L", "data": "x"}');
  assert.deepEqual([list.kind, list.id, list.name], ['lists', 'L', 'L']);
  assert.equal(parseContent('integration-x.yml', 'commonfields: {id: x}\ndisplay: Shown\n').name, 'Shown');
  assert.equal(parseContent('integration-x.yml', 'commonfields: {id: x}\nname: N\ndisplay: Shown\n').name, 'N');
  assert.equal(parseContent('reputation-x.json', '{"id": "ip", "details": "IP"}').name, 'IP');
});

void test('marketplace suffixes: name:xsoar wins, key:marketplacev2 is not ours', () => {
  const item = parseContent('playbook-x.yml', 'id: x\nname: Plain\nname:xsoar: For XSOAR\nname:marketplacev2: For XSIAM\n');
  assert.equal(item.name, 'For XSOAR');
  assert.equal(parseContent('playbook-x.yml', 'id: x\nname: Plain\nname:marketplacev2: For XSIAM\n').name, 'Plain');
  refuses(() => parseContent('playbook-x.yml', 'id: x\nname:marketplacev2: For XSIAM\n'), 'playbook-x.yml', 'name', /non-empty name/);
  assert.equal(parseContent('script-x.yml', 'commonfields: {id: a, "id:xsoar": b}\nname: S\nscript: ""\n').id, 'b');

  assert.deepEqual(splitMarketplaceKey('12:xsoar'), { base: '12', marketplace: 'xsoar' });
  assert.deepEqual(splitMarketplaceKey('name:marketplacev2'), { base: 'name', marketplace: 'marketplacev2' });
  assert.deepEqual(splitMarketplaceKey('a:b:xsoar_saas'), { base: 'a:b', marketplace: 'xsoar_saas' });
  assert.deepEqual(splitMarketplaceKey('http://x:other'), { base: 'http://x:other' });
  assert.deepEqual(splitMarketplaceKey(':xsoar'), { base: ':xsoar' });
  assert.equal(isOtherMarketplaceKey('12:marketplacev2'), true);
  assert.equal(isOtherMarketplaceKey('12:xpanse'), true);
  assert.equal(isOtherMarketplaceKey('12:xsoar'), false);
  assert.equal(isOtherMarketplaceKey('12'), false);
  assert.equal(preferMarketplace({ a: 1, 'a:xsoar': 2 }, 'a'), 2);
  assert.equal(preferMarketplace({ a: 1, 'a:marketplacev2': 2 }, 'a'), 1);
  assert.equal(preferMarketplace(Object.create({ a: 1 }) as Record<string, unknown>, 'a'), undefined);
  assert.equal(field(null, 'a'), undefined);
  assert.equal(field(['x'], '0'), undefined);
});

const SCRIPT = "commonfields: {id: Foo, version: -1}\nname: Foo\ntype: javascript\nscript: '-'\n";
const INTEGRATION = "commonfields: {id: Bar}\nname: Bar\nscript: {type: python, script: '', commands: [{name: bar-get}]}\n";

void test('split-layout scripts and integrations need their code, and attachCode puts it in place', () => {
  const script = parseContent('Packs/P/Scripts/Foo/Foo.yml', SCRIPT);
  assert.equal(script.kind, 'scripts');
  assert.equal(needsCode(script), true);
  const withCode = attachCode(script, 'return 1;', 'javascript');
  assert.equal(needsCode(withCode), false);
  assert.deepEqual(withCode.doc, { commonfields: { id: 'Foo', version: -1 }, name: 'Foo', type: 'javascript', script: 'return 1;' });
  assert.equal(script.doc['script'], '-', 'the original item is not changed');
  assert.deepEqual(validateItem(script).map((i) => i.field), ['script']);
  assert.deepEqual(validateItem(withCode), []);

  const integration = parseContent('Packs/P/Integrations/Bar/Bar.yml', INTEGRATION);
  assert.equal(integration.kind, 'integrations');
  assert.equal(needsCode(integration), true);
  const done = attachCode(integration, 'pass', 'python');
  assert.equal(needsCode(done), false);
  assert.deepEqual(done.doc['script'], { type: 'python', script: 'pass', commands: [{ name: 'bar-get' }] });
  assert.deepEqual((integration.doc['script'] as Record<string, unknown>)['script'], '');
  assert.deepEqual(validateItem(integration).map((i) => i.field), ['script.script']);
  assert.deepEqual(validateItem(done), []);
});

void test('needsCode: empty, "-", whitespace or missing code; never for other kinds', () => {
  const script = (code: string): ParsedItem => parseContent('script-x.yml', `commonfields: {id: x}\nname: X\ntype: python\n${code}`);
  assert.equal(needsCode(script("script: ''\n")), true);
  assert.equal(needsCode(script("script: ' - '\n")), true);
  assert.equal(needsCode(script('script:\n')), true);
  assert.equal(needsCode(script('')), true);
  assert.equal(needsCode(script("script: 'print(1)'\n")), false);
  assert.equal(needsCode(parseContent('integration-x.yml', 'commonfields: {id: x}\nname: X\n')), false);
  assert.equal(needsCode(parseContent('playbook-x.yml', "id: x\nname: X\nscript: ''\n")), false);
});

void test('attachCode writes the language when the YAML declares none, and refuses what does not fit', () => {
  const untyped = parseContent('script-x.yml', "commonfields: {id: x}\nname: X\nscript: ''\n");
  assert.equal(attachCode(untyped, 'Write-Host 1', 'powershell').doc['type'], 'powershell');
  refuses(() => attachCode(untyped, 'x', 'ruby' as never), 'script-x.yml', '', /^unknown code language "ruby" \(one of javascript, python, powershell\)$/);
  const script = parseContent('Scripts/Foo/Foo.yml', SCRIPT);
  refuses(() => attachCode(script, 'print(1)', 'python'), 'Scripts/Foo/Foo.yml', 'type', /declares the string "javascript" but the attached code is python/);
  const integration = parseContent('Integrations/Bar/Bar.yml', INTEGRATION);
  refuses(() => attachCode(integration, 'x', 'javascript'), 'Integrations/Bar/Bar.yml', 'script.type', /declares the string "python"/);
  const full = attachCode(script, 'return 1;', 'javascript');
  refuses(() => attachCode(full, 'return 2;', 'javascript'), 'Scripts/Foo/Foo.yml', 'script', /already holds its code/);
  refuses(() => attachCode(attachCode(integration, 'pass', 'python'), 'pass', 'python'), 'Integrations/Bar/Bar.yml', 'script.script', /already holds/);
  const bare = parseContent('integration-x.yml', 'commonfields: {id: x}\nname: X\n');
  refuses(() => attachCode(bare, 'x', 'python'), 'integration-x.yml', 'script', /needs a script section, not nothing/);
  const playbook = parseContent('playbook-x.yml', 'id: x\nname: X\n');
  refuses(() => attachCode(playbook, 'x', 'python'), 'playbook-x.yml', '', /^only scripts and integrations take code, not a playbook$/);
});
