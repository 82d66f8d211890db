import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentError } from './content-error.js';
import { detectKind, isIndicatorField, kindFromContent, pathParts } from './detect.js';
import { isKind, KIND_SPECS, kindOfFileName, kindOfFolder, KINDS, type Kind } from './kinds.js';
import { parseContent } from './parse.js';

/** A minimal document of each kind, recognisable by its shape alone. */
const SHAPES: Readonly<Record<Kind, Record<string, unknown>>> = {
  playbooks: { id: 'p', name: 'P', starttaskid: '0', tasks: { '0': { id: '0', type: 'start', task: {} } } },
  scripts: { commonfields: { id: 's', version: -1 }, name: 'S', type: 'javascript', script: 'return 1;' },
  integrations: { commonfields: { id: 'i' }, name: 'I', configuration: [], script: { type: 'python', script: '', commands: [] } },
  incidenttypes: { id: 'Phishing', name: 'Phishing', color: '#FF0000', playbookId: 'Phishing - Generic' },
  incidentfields: { id: 'incident_dpo', name: 'DPO', cliName: 'dpo', group: 0, type: 'shortText' },
  layouts: { id: 'Phishing', name: 'Phishing', group: 'incident', detailsV2: { tabs: [] } },
  lists: { id: 'Allowed', name: 'Allowed', type: 'plain_text', data: 'a,b' },
  jobs: { id: 'j', name: 'J', playbookId: 'P', scheduled: true, humanCron: {} },
  dashboards: { id: 'd', name: 'D', layout: [], period: { byFrom: 'days', fromValue: 7 } },
  indicatortypes: { id: 'IP', details: 'IP', regex: '\\d+', reputationCommand: 'ip' },
  roles: { id: 'Analyst', name: 'Analyst', permissions: { demisto: [] } },
};

function refusedAs(fn: () => unknown, reason: RegExp, file?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ContentError, `expected a ContentError, got ${String(err)}`);
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.field, '');
    if (file !== undefined) assert.equal(err.file, file);
    assert.match(err.reason, reason);
    return true;
  });
}

void test('every kind is told by its XSOAR file-name prefix, whatever the case', () => {
  for (const kind of KINDS) {
    for (const prefix of KIND_SPECS[kind].prefixes) {
      const ext = KIND_SPECS[kind].format === 'yaml' ? 'yml' : 'json';
      assert.equal(detectKind(`${prefix}X.${ext}`, {}), kind, prefix);
      assert.equal(detectKind(`Packs/P/Elsewhere/${prefix.toUpperCase()}X.${ext}`, {}), kind, prefix);
      assert.equal(kindOfFileName(`${prefix}x`), kind);
    }
  }
  assert.deepEqual(KIND_SPECS.roles.prefixes, []);
  assert.equal(detectKind('widget-Top.json', {}), 'dashboards');
  assert.equal(detectKind('reputations-Host.json', {}), 'indicatortypes');
  assert.equal(kindOfFileName('README.md'), undefined);
});

void test('every kind is told by its pack folder, unified or split layout', () => {
  for (const kind of KINDS) {
    for (const folder of KIND_SPECS[kind].folders) {
      assert.equal(kindOfFolder(folder), kind);
      assert.equal(detectKind(`Packs/P/${folder}/Thing.json`, {}), kind, folder);
      assert.equal(detectKind(`Packs/P/${folder}/Thing/Thing.yml`, {}), kind, `${folder}/Thing`);
      assert.equal(detectKind(`Packs\\P\\${folder}\\Thing.json`, {}), kind, `${folder} with backslashes`);
    }
  }
  assert.equal(detectKind('Widgets/Top.json', {}), 'dashboards');
  assert.equal(kindOfFolder('playbooks'), undefined, 'folders are matched with the exact XSOAR spelling');
  assert.equal(kindOfFolder('TestPlaybooks'), undefined);
  assert.deepEqual(pathParts('/Packs//P\\Scripts/x.yml'), ['Packs', 'P', 'Scripts', 'x.yml']);
});

void test('every kind is told by the shape of its document', () => {
  for (const kind of KINDS) {
    const doc = SHAPES[kind];
    assert.equal(kindFromContent(doc), kind, kind);
    assert.equal(detectKind('upload.json', doc), kind, kind);
    const item = parseContent('upload.json', JSON.stringify(doc));
    assert.equal(item.kind, kind);
  }
  // The other spellings a kind's shape takes.
  assert.equal(kindFromContent({ commonfields: { id: 's' }, name: 'S', script: '' }), 'scripts');
  assert.equal(kindFromContent({ commonfields: { id: 's' }, name: 'S', type: 'python' }), 'scripts');
  assert.equal(kindFromContent({ commonfields: { id: 'i' }, name: 'I', script: { commands: [] } }), 'integrations');
  assert.equal(kindFromContent({ commonfields: { id: 'i' }, name: 'I', script: { type: 'python' } }), 'integrations');
  assert.equal(kindFromContent({ commonfields: { id: 'x' } }), undefined);
  assert.equal(kindFromContent({ id: 'incident_x', name: 'X', cliName: 'x' }), 'incidentfields');
  assert.equal(kindFromContent({ id: 'x', name: 'X', cliName: 'x' }), undefined);
  assert.equal(kindFromContent({ id: 'l', group: 'indicator', details: {} }), 'layouts');
  assert.equal(kindFromContent({ name: 'L', data: '', allRead: true }), 'lists');
  assert.equal(kindFromContent({ name: 'L', data: '', type: 'yaml' }), undefined);
  assert.equal(kindFromContent({ id: 'w', name: 'W', widgetType: 'bar', dataType: 'incidents' }), 'dashboards');
  assert.equal(kindFromContent({ id: 'x', name: 'X' }), undefined);
});

void test('the real sample playbooks without a prefix are told by their shape', () => {
  const text = 'id: Process Survey Response\nname: Process Survey Response\nstarttaskid: "0"\ntasks:\n  "0": {id: "0", type: start, task: {}}\n';
  assert.equal(parseContent('Process_Survey_Response.yml', text).kind, 'playbooks');
});

void test('order: a named kind, then the prefix, then the folder, then the shape', () => {
  assert.equal(detectKind('anything.json', SHAPES.scripts, 'lists'), 'lists');
  assert.equal(detectKind('Packs/P/Scripts/playbook-X.yml', SHAPES.scripts), 'playbooks');
  assert.equal(detectKind('Packs/P/Scripts/X.yml', SHAPES.playbooks), 'scripts');
  // The nearest folder wins: a split script whose folder sits under Integrations/ is unusual, but deterministic.
  assert.equal(detectKind('Packs/P/Integrations/Scripts/x.yml', {}), 'scripts');
  assert.equal(detectKind('Packs/Scripts/Other/x.yml', SHAPES.lists), 'scripts');
  assert.equal(detectKind('Scripts/a/b/x.yml', SHAPES.lists), 'lists', 'only the two nearest folders count');
  for (const kind of KINDS) assert.equal(detectKind('x', {}, kind), kind);
});

void test('indicator fields are refused by prefix, folder and shape, even when a kind is named', () => {
  const why = /^indicator fields are not a supported kind/;
  refusedAs(() => detectKind('indicatorfield-Foo.json', {}), why, 'indicatorfield-Foo.json');
  refusedAs(() => detectKind('incidentfield-indicatorfield-Foo.json', {}), why);
  refusedAs(() => detectKind('Packs/P/IndicatorFields/Foo.json', {}), why);
  const byGroup = { id: 'x', name: 'X', cliName: 'x', group: 2 };
  const byId = { id: 'indicator_x', name: 'X', cliName: 'x' };
  for (const doc of [byGroup, byId]) {
    assert.equal(isIndicatorField(doc), true);
    refusedAs(() => detectKind('incidentfield-X.json', doc), why);
    refusedAs(() => detectKind('x.json', doc, 'incidentfields'), why);
    refusedAs(() => parseContent('IncidentFields/x.json', JSON.stringify(doc)), why, 'IncidentFields/x.json');
  }
  assert.equal(isIndicatorField(SHAPES.incidentfields), false);
  assert.equal(isIndicatorField({ id: 'indicator_x' }), false);
});

void test('classifiers and mappers are refused by prefix, folder and shape', () => {
  const why = /^classifiers and mappers are not a supported kind$/;
  refusedAs(() => detectKind('classifier-Foo.json', SHAPES.incidenttypes), why);
  refusedAs(() => detectKind('mapper-Foo-incoming.json', {}), why);
  refusedAs(() => detectKind('Packs/P/Classifiers/Foo.json', {}), why);
  for (const type of ['classification', 'mapping-incoming', 'mapping-outgoing']) {
    refusedAs(() => detectKind('foo.json', { id: 'c', name: 'C', type, keyTypeMap: {} }), why);
  }
});

void test('layouts from before XSOAR 6.0 are refused by prefix and shape', () => {
  refusedAs(() => detectKind('layout-details-Phishing.json', SHAPES.layouts), /^layouts from before XSOAR 6\.0 \(layout-\*\.json\) are not supported; use a layouts container/);
  refusedAs(() => detectKind('old.json', { typeId: 'Phishing', kind: 'details', layout: { sections: [] } }), /^layouts from before XSOAR 6\.0 are not supported/);
  assert.equal(detectKind('layoutscontainer-Phishing.json', {}), 'layouts');
});

void test('a reputations bundle is refused even when the kind is named', () => {
  const bundle = { reputations: [{ id: 'IP', details: 'IP', regex: 'x' }] };
  const why = /^a reputations bundle \(several indicator types in one file\) is not supported/;
  refusedAs(() => detectKind('reputations.json', bundle), why);
  refusedAs(() => detectKind('reputation-IP.json', bundle, 'indicatortypes'), why);
  refusedAs(() => parseContent('IndicatorTypes/reputations.json', JSON.stringify(bundle)), why);
});

void test('content of no known kind is refused with the kinds and prefixes that would tell it', () => {
  refusedAs(() => detectKind('Packs/P/Reports/r.json', { id: 'r', name: 'R' }), /^cannot tell which kind of content this is \(one of playbooks, scripts, .*roles\); name the file with its XSOAR prefix \(playbook-, script-, .*reputations-\) or say the kind$/);
  refusedAs(() => parseContent('what.json', '{"foo": 1}'), /cannot tell which kind/, 'what.json');
});

void test('isKind accepts exactly the KINDS', () => {
  for (const kind of KINDS) assert.equal(isKind(kind), true);
  for (const other of ['Playbooks', 'playbook', 'indicatorfields', 'classifiers', '', null, 1, undefined]) assert.equal(isKind(other), false);
  assert.deepEqual(Object.keys(KIND_SPECS).sort(), [...KINDS].sort());
  for (const kind of KINDS) assert.equal(KIND_SPECS[kind].kind, kind);
});
