import assert from 'node:assert/strict';
import { refused as refusedWith } from '../../../test/support/refused.js';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ContentError } from '../content/content-error.js';
import { parseContent, type ParsedItem } from '../content/parse.js';
import { readArchive, type ArchiveEntry } from './archive.js';
import { parsePack } from './pack.js';
import { writeZip } from './zip-write.js';

const FIXTURES = new URL('../../../../examples/marketplace/XsoarSamples/Playbooks/', import.meta.url);
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).sort();

const file = (path: string, data: string | Buffer): ArchiveEntry => ({ path, data: typeof data === 'string' ? Buffer.from(data) : data });
const META = JSON.stringify({ name: 'Hello World', currentVersion: '1.2.3', description: 'Says hello', author: 'Palisade', support: 'community' });

const playbook = (id: string): string => `id: ${id}\nversion: -1\nname: ${id}\nstarttaskid: "0"\ntasks: {}\n`;
const SPLIT_SCRIPT = 'commonfields:\n  id: SayHello\n  version: -1\nname: SayHello\ntype: javascript\nscript: "-"\n';
const SPLIT_INTEGRATION = [
  'commonfields:',
  '  id: HelloWorld',
  '  version: -1',
  'name: HelloWorld',
  'display: Hello World',
  'category: Utilities',
  'configuration: []',
  'script:',
  "  script: ''",
  '  type: python',
  '  subtype: python3',
  '  commands: []',
  '',
].join('\n');
const SPLIT_LIST = JSON.stringify({ id: 'Allowed Domains', name: 'Allowed Domains', type: 'plain_text', data: '' });
const UNIFIED_SCRIPT = "commonfields:\n  id: Unified\n  version: -1\nname: Unified\ntype: python\nscript: 'print(1)'\n";
const INCIDENT_TYPE = JSON.stringify({ id: 'Phishing', name: 'Phishing', color: '#ff0000', playbookId: 'Hello' });

/** `ContentError`/`AppError` with this code and message (or message pattern). */
const refused = (fn: () => unknown, message: string | RegExp, code = 'invalid_request'): void => refusedWith(fn, code, message);

const byId = (items: readonly ParsedItem[]): Map<string, ParsedItem> => new Map(items.map((i) => [`${i.kind}/${i.id}`, i]));

/** A pack with one of everything, under `root` (`'Packs/Hello/'`, `'Hello/'` or `''`). */
function fullPack(root: string): ArchiveEntry[] {
  return [
    file(`${root}pack_metadata.json`, META),
    file(`${root}README.md`, '# Hello'),
    file(`${root}Author_image.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe])),
    file(`${root}.secrets-ignore`, ''),
    file(`${root}Playbooks/playbook-Hello.yml`, playbook('Hello')),
    file(`${root}Playbooks/playbook-Hello_README.md`, 'readme'),
    file(`${root}Scripts/SayHello/SayHello.yml`, SPLIT_SCRIPT),
    file(`${root}Scripts/SayHello/SayHello.js`, 'return "hello";'),
    file(`${root}Scripts/SayHello/SayHello_test.py`, 'def test(): pass'),
    file(`${root}Scripts/SayHello/README.md`, '# SayHello'),
    file(`${root}Scripts/script-Unified.yml`, UNIFIED_SCRIPT),
    file(`${root}Integrations/HelloWorld/HelloWorld.yml`, SPLIT_INTEGRATION),
    file(`${root}Integrations/HelloWorld/HelloWorld.py`, 'import demistomock as demisto\n'),
    file(`${root}Integrations/HelloWorld/HelloWorld_test.py`, 'def test_x(): pass\n'),
    file(`${root}Integrations/HelloWorld/HelloWorld_description.md`, 'Get an API key first.'),
    file(`${root}Integrations/HelloWorld/HelloWorld_image.png`, Buffer.from([0x89, 0x50, 0xff, 0x00])),
    file(`${root}Integrations/HelloWorld/command_examples`, '!helloworld-say-hello name=x'),
    file(`${root}Integrations/HelloWorld/test_data/response.json`, '{"not": "content"'),
    file(`${root}Lists/Allowed Domains/Allowed Domains.json`, SPLIT_LIST),
    file(`${root}Lists/Allowed Domains/Allowed Domains_data.txt`, 'example.com\nexample.org\n'),
    file(`${root}IncidentTypes/incidenttype-Phishing.json`, INCIDENT_TYPE),
    file(`${root}IndicatorFields/indicatorfield-Tags.json`, '{}'),
    file(`${root}Classifiers/classifier-Hello.json`, '{}'),
    file(`${root}TestPlaybooks/playbook-Hello_Test.yml`, 'not: [valid'),
    file(`${root}ReleaseNotes/1_2_3.md`, 'broken: [yaml'),
    file(`${root}doc_files/screenshot.png`, Buffer.from([0xff, 0xd8, 0xff])),
    file(`${root}doc_imgs/flow.png`, Buffer.from([0xff])),
  ];
}

function assertFullPack(root: string, id: string): void {
  const pack = parsePack(fullPack(root), root === '' ? id : undefined);
  assert.equal(pack.metadata.id, id);
  assert.equal(pack.metadata.name, 'Hello World');
  assert.equal(pack.metadata.version, '1.2.3');
  assert.deepEqual(
    pack.items.map((i) => [i.kind, i.id, i.file]),
    [
      ['incidenttypes', 'Phishing', `${root}IncidentTypes/incidenttype-Phishing.json`],
      ['integrations', 'HelloWorld', `${root}Integrations/HelloWorld/HelloWorld.yml`],
      ['lists', 'Allowed Domains', `${root}Lists/Allowed Domains/Allowed Domains.json`],
      ['playbooks', 'Hello', `${root}Playbooks/playbook-Hello.yml`],
      ['scripts', 'SayHello', `${root}Scripts/SayHello/SayHello.yml`],
      ['scripts', 'Unified', `${root}Scripts/script-Unified.yml`],
    ],
    'sorted by file; tests, READMEs, images, release notes and test playbooks are not items',
  );
  assert.deepEqual(pack.skipped, [
    { path: `${root}IndicatorFields/indicatorfield-Tags.json`, reason: 'IndicatorFields are not a kind of content Palisade holds' },
    { path: `${root}Classifiers/classifier-Hello.json`, reason: 'Classifiers are not a kind of content Palisade holds' },
  ]);
  const items = byId(pack.items);
  const script = items.get('scripts/SayHello')!;
  assert.equal(script.doc['script'], 'return "hello";', 'the .js code is attached, not the _test.py');
  assert.equal(script.doc['type'], 'javascript');
  const integration = items.get('integrations/HelloWorld')!;
  assert.deepEqual(integration.doc['script'], { script: 'import demistomock as demisto\n', type: 'python', subtype: 'python3', commands: [] });
  assert.equal(integration.doc['detaileddescription'], 'Get an API key first.');
  assert.equal(integration.name, 'HelloWorld');
  assert.equal(items.get('lists/Allowed Domains')!.doc['data'], 'example.com\nexample.org\n');
  assert.equal(items.get('scripts/Unified')!.doc['script'], 'print(1)');
  assert.equal(items.get('incidenttypes/Phishing')!.format, 'json');
}

void test('a pack in Packs/<id>/ takes its id from the folder and holds one item per content file', () => {
  assertFullPack('Packs/Hello/', 'Hello');
});

void test('a pack in a single top folder <id>/ takes its id from that folder', () => {
  assertFullPack('HelloWorld/', 'HelloWorld');
});

void test('metadata at the archive root takes the fallback id, and is refused without a usable one', () => {
  assertFullPack('', 'HelloFromFileName');
  const entries = [file('pack_metadata.json', META), file('Playbooks/playbook-Hello.yml', playbook('Hello'))];
  refused(() => parsePack(entries), /^pack_metadata\.json: "" is not a usable pack id/);
  refused(() => parsePack(entries, 'hello world'), /^pack_metadata\.json: "hello world" is not a usable pack id/);
  refused(() => parsePack(entries, '../x'), /^pack_metadata\.json: "\.\.\/x" is not a usable pack id/);
  // A folder name that is no pack id is refused just the same.
  refused(() => parsePack([file('Packs/My Pack/pack_metadata.json', META)]), /^Packs\/My Pack\/pack_metadata\.json: "My Pack" is not a usable pack id/);
  // The fallback is for the root only: a pack folder's name wins.
  assert.equal(parsePack([file('Packs/Real/pack_metadata.json', META)], 'Other').metadata.id, 'Real');
});

void test('an archive without pack_metadata.json, or with several packs, is refused', () => {
  refused(() => parsePack([file('Playbooks/playbook-Hello.yml', playbook('Hello'))], 'Hello'), 'not a content pack: no pack_metadata.json in it');
  refused(() => parsePack([], 'Hello'), 'not a content pack: no pack_metadata.json in it');
  refused(
    () => parsePack([file('Packs/A/pack_metadata.json', META), file('Packs/B/pack_metadata.json', META), file('Packs/A/Playbooks/playbook-A.yml', playbook('A'))]),
    'holds several packs (Packs/A, Packs/B); upload one pack at a time',
  );
  // Only the shallowest metadata counts: a nested one is not a second pack.
  const nested = parsePack([file('Packs/A/pack_metadata.json', META), file('Packs/A/TestPlaybooks/Inner/pack_metadata.json', META)]);
  assert.equal(nested.metadata.id, 'A');
});

void test('files outside the pack folder are reported as skipped', () => {
  const pack = parsePack([
    file('README.md', 'top'),
    file('Packs/Hello/pack_metadata.json', META),
    file('Packs/Hello/Playbooks/playbook-Hello.yml', playbook('Hello')),
    file('Packs/HelloExtra/Playbooks/playbook-Extra.yml', playbook('Extra')),
    file('Tests/conf.json', '{}'),
  ]);
  assert.deepEqual(pack.items.map((i) => i.id), ['Hello']);
  assert.deepEqual(pack.skipped, [
    { path: 'README.md', reason: 'outside the pack folder' },
    { path: 'Packs/HelloExtra/Playbooks/playbook-Extra.yml', reason: 'outside the pack folder' },
    { path: 'Tests/conf.json', reason: 'outside the pack folder' },
  ]);
});

void test('split packages: the code, description and data files next to the YAML are put back in place', () => {
  const pack = parsePack([
    file('P/pack_metadata.json', META),
    // PowerShell, with Pester tests beside it.
    file('P/Scripts/Ps/Ps.yml', 'commonfields:\n  id: Ps\nname: Ps\ntype: powershell\nscript: ""\n'),
    file('P/Scripts/Ps/Ps.Tests.ps1', 'Describe "x" {}'),
    file('P/Scripts/Ps/Ps.ps1', 'Write-Output 1'),
    // No type in the YAML: the code file's language is written.
    file('P/Scripts/NoType/NoType.yml', 'commonfields:\n  id: NoType\nname: NoType\nscript: "-"\n'),
    file('P/Scripts/NoType/NoType.py', 'print(2)'),
    // A script whose own name ends in _test still gets its code.
    file('P/Scripts/Smoke_test/Smoke_test.yml', 'commonfields:\n  id: Smoke_test\nname: Smoke_test\ntype: python\nscript: "-"\n'),
    file('P/Scripts/Smoke_test/Smoke_test.py', 'print(3)'),
    file('P/Scripts/Smoke_test/Smoke_test_test.py', 'def test(): pass'),
    // An integration whose YAML leaves the description empty takes the file's.
    file('P/Integrations/Empty/Empty.yml', SPLIT_INTEGRATION.replace(/HelloWorld/g, 'Empty').replace('configuration: []', "configuration: []\ndetaileddescription: ''")),
    file('P/Integrations/Empty/Empty.py', 'pass'),
    file('P/Integrations/Empty/Empty_description.md', 'From the file.'),
    // An integration whose YAML holds a description keeps it.
    file('P/Integrations/Own/Own.yml', SPLIT_INTEGRATION.replace(/HelloWorld/g, 'Own').replace('configuration: []', 'configuration: []\ndetaileddescription: From the YAML.')),
    file('P/Integrations/Own/Own.py', 'pass'),
    file('P/Integrations/Own/Own_description.md', 'From the file.'),
    // A JSON list's data in <Name>_data.json; a list that holds its data keeps it.
    file('P/Lists/Json/Json.json', JSON.stringify({ id: 'Json', name: 'Json', type: 'json', data: '' })),
    file('P/Lists/Json/Json_data.json', '{"a": 1}'),
    file('P/Lists/Full/Full.json', JSON.stringify({ id: 'Full', name: 'Full', type: 'plain_text', data: 'inline' })),
    file('P/Lists/Full/Full_data.txt', 'from the file'),
    // A package whose folder holds no YAML or JSON is nothing.
    file('P/Scripts/Orphan/Orphan.py', 'print(4)'),
  ]);
  const items = byId(pack.items);
  assert.deepEqual([...items.keys()].sort(), ['integrations/Empty', 'integrations/Own', 'lists/Full', 'lists/Json', 'scripts/NoType', 'scripts/Ps', 'scripts/Smoke_test']);
  assert.equal(items.get('scripts/Ps')!.doc['script'], 'Write-Output 1');
  assert.deepEqual([items.get('scripts/NoType')!.doc['script'], items.get('scripts/NoType')!.doc['type']], ['print(2)', 'python']);
  assert.equal(items.get('scripts/Smoke_test')!.doc['script'], 'print(3)');
  assert.equal(items.get('integrations/Empty')!.doc['detaileddescription'], 'From the file.');
  assert.equal(items.get('integrations/Own')!.doc['detaileddescription'], 'From the YAML.');
  assert.equal(items.get('lists/Json')!.doc['data'], '{"a": 1}');
  assert.equal(items.get('lists/Full')!.doc['data'], 'inline');
  assert.deepEqual(pack.skipped, []);
});

void test('split code in another language than the YAML declares is refused naming the YAML', () => {
  refused(
    () => parsePack([file('P/pack_metadata.json', META), file('P/Scripts/S/S.yml', 'commonfields:\n  id: S\nname: S\ntype: python\nscript: "-"\n'), file('P/Scripts/S/S.js', '1')]),
    'P/Scripts/S/S.yml: type: the YAML declares the string "python" but the attached code is javascript',
  );
});

void test('the same kind and id twice is refused naming both files', () => {
  refused(
    () => parsePack([
      file('Packs/P/pack_metadata.json', META),
      file('Packs/P/Playbooks/playbook-A.yml', playbook('A')),
      file('Packs/P/Playbooks/playbook-A_copy.yml', playbook('A')),
    ]),
    'Packs/P/Playbooks/playbook-A_copy.yml: playbooks/A is also defined by Packs/P/Playbooks/playbook-A.yml',
  );
  // A unified and a split script with one id.
  refused(
    () => parsePack([
      file('Packs/P/pack_metadata.json', META),
      file('Packs/P/Scripts/script-SayHello.yml', SPLIT_SCRIPT.replace('"-"', 'x()')),
      file('Packs/P/Scripts/SayHello/SayHello.yml', SPLIT_SCRIPT),
      file('Packs/P/Scripts/SayHello/SayHello.js', 'y()'),
    ]),
    'Packs/P/Scripts/SayHello/SayHello.yml: scripts/SayHello is also defined by Packs/P/Scripts/script-SayHello.yml',
  );
  // The same id in two kinds is two items.
  const pack = parsePack([file('P/pack_metadata.json', META), file('P/Playbooks/playbook-X.yml', playbook('X')), file('P/IncidentTypes/incidenttype-X.json', JSON.stringify({ id: 'X', name: 'X' }))]);
  assert.equal(pack.items.length, 2);
});

void test('a file that is not UTF-8 is refused naming it', () => {
  const latin1 = Buffer.from('id: Caf\xe9\nname: Caf\xe9\n', 'latin1');
  const cases: [ArchiveEntry[], string][] = [
    [[file('Packs/P/pack_metadata.json', META), file('Packs/P/Playbooks/playbook-Cafe.yml', latin1)], 'Packs/P/Playbooks/playbook-Cafe.yml: is not UTF-8 text'],
    [[file('Packs/P/pack_metadata.json', Buffer.from([0x7b, 0xff, 0x7d]))], 'Packs/P/pack_metadata.json: is not UTF-8 text'],
    [[file('Packs/P/pack_metadata.json', META), file('Packs/P/Scripts/S/S.yml', SPLIT_SCRIPT.replace(/SayHello/g, 'S')), file('Packs/P/Scripts/S/S.js', latin1)], 'Packs/P/Scripts/S/S.js: is not UTF-8 text'],
  ];
  for (const [entries, message] of cases) {
    assert.throws(() => parsePack(entries), (err: unknown) => err instanceof ContentError && err.message === message && err.code === 'invalid_request', message);
  }
  // A UTF-8 byte order mark is not part of the text.
  const bom = parsePack([file('P/pack_metadata.json', `\uFEFF${META}`), file('P/Playbooks/playbook-B.yml', `\uFEFF${playbook('B')}`)]);
  assert.deepEqual(bom.items.map((i) => i.id), ['B']);
});

void test('a content file that does not parse refuses the pack, naming its path inside the archive', () => {
  refused(
    () => parsePack([file('Packs/P/pack_metadata.json', META), file('Packs/P/Playbooks/playbook-Broken.yml', 'id: Broken\nname: [unclosed\n')]),
    /^Packs\/P\/Playbooks\/playbook-Broken\.yml: invalid YAML at line \d+, column \d+: /,
  );
  refused(
    () => parsePack([file('Packs/P/pack_metadata.json', META), file('Packs/P/IncidentTypes/incidenttype-X.json', '{"id": "X",')]),
    /^Packs\/P\/IncidentTypes\/incidenttype-X\.json: invalid JSON: /,
  );
  refused(
    () => parsePack([file('Packs/P/pack_metadata.json', META), file('Packs/P/Playbooks/playbook-NoId.yml', 'name: No id\n')]),
    'Packs/P/Playbooks/playbook-NoId.yml: id: a playbook needs a non-empty id here',
  );
  refused(
    () => parsePack([file('Packs/P/pack_metadata.json', META), file('Packs/P/Scripts/S/S.yml', 'commonfields: [\n')]),
    /^Packs\/P\/Scripts\/S\/S\.yml: invalid YAML/,
  );
  refused(() => parsePack([file('Packs/P/pack_metadata.json', '{"name": "P"}')]), 'Packs/P/pack_metadata.json: currentVersion: must be a version x.y.z, not nothing');
});

void test('a pack of the 12 sample playbooks, zipped and read back, yields the 12 playbooks', () => {
  const zip = writeZip([
    { path: 'Packs/Samples/', data: Buffer.alloc(0) },
    { path: 'Packs/Samples/pack_metadata.json', data: Buffer.from(JSON.stringify({ name: 'Samples', currentVersion: '2.0.0', dependencies: { CommonScripts: { mandatory: true, display_name: 'Common Scripts' } } })) },
    ...fixtureFiles.map((f) => ({ path: `Packs/Samples/Playbooks/${f}`, data: readFileSync(new URL(f, FIXTURES)) })),
    { path: 'Packs/Samples/Playbooks/playbook-GenericPolling_README.md', data: Buffer.from('# GenericPolling') },
    { path: 'Packs/Samples/ReleaseNotes/2_0_0.md', data: Buffer.from('- Samples.') },
  ]);
  const pack = parsePack(readArchive(zip));
  assert.equal(fixtureFiles.length, 12);
  assert.equal(pack.items.length, 12);
  assert.deepEqual(pack.skipped, []);
  assert.equal(pack.metadata.id, 'Samples');
  assert.deepEqual(pack.metadata.dependencies, { CommonScripts: { mandatory: true, displayName: 'Common Scripts' } });
  for (const [i, name] of fixtureFiles.entries()) {
    const item = pack.items[i]!;
    const direct = parseContent(name, readFileSync(new URL(name, FIXTURES), 'utf8'));
    assert.equal(item.file, `Packs/Samples/Playbooks/${name}`);
    assert.equal(item.kind, 'playbooks');
    assert.equal(item.id, direct.id);
    assert.deepEqual(item.doc, direct.doc, name);
  }
});
