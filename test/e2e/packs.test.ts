import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contentHash, parseContent } from '../../src/core/content/index.js';
import { readArchive } from '../../src/core/packs/archive.js';
import { parsePack } from '../../src/core/packs/pack.js';
import { writeZip } from '../../src/core/packs/zip-write.js';
import { startCluster, waitFor, type Cluster } from '../support/cluster.js';
import { writeTar } from '../support/tar-write.js';

type Err = { error: { code: string; message: string } };
type Ref = { kind: string; id: string };
type Outcome = { id: string; version: string; previous: string | null; role: string; added: Ref[]; updated: Ref[]; removed: Ref[]; keptEdited: Ref[]; released: Ref[] };
type Install = { packs: Outcome[]; skipped: { pack: string; path: string; reason: string }[]; optionalMissing: { id: string; neededBy: string }[] };
type Market = { packs: { id: string; available: string[]; installed: string | null; upgradable: boolean }[]; unreadable: { source: string; error: string }[] };

let c: Cluster;
let market: string;
const enc = encodeURIComponent;
const ids = (refs: Ref[]) => refs.map((r) => `${r.kind}/${r.id}`).sort();

/** A playbook (JSON is YAML too) that runs the SayHello script of CommonScripts. */
const playbook = (id: string, description = '') =>
  JSON.stringify({
    id, name: id, description, starttaskid: '0',
    tasks: {
      0: { id: '0', taskid: 't0', type: 'start', task: { id: 't0', name: 'start' }, nexttasks: { '#none#': ['1'] } },
      1: { id: '1', taskid: 't1', type: 'regular', task: { id: 't1', name: 'hello', scriptName: 'SayHello' }, scriptarguments: { who: { simple: 'world' } } },
    },
  });
const meta = (name: string, version: string, dependencies: Record<string, unknown> = {}) => JSON.stringify({ name, currentVersion: version, author: 'Palisade tests', support: 'community', dependencies });
const file = (path: string, text: string) => ({ path, data: Buffer.from(text) });

function commonScriptsFolder(): void {
  const files: Record<string, string> = {
    'pack_metadata.json': meta('Common Scripts', '1.0.0'),
    'README.md': '# Common Scripts',
    'Scripts/SayHello/SayHello.yml': 'commonfields:\n  id: SayHello\n  version: -1\nname: SayHello\nscript: "-"\ntype: javascript\nargs:\n- name: who\n',
    'Scripts/SayHello/SayHello.js': "return 'hello ' + args.who;\n",
    'Scripts/SayHello/SayHello_test.py': 'def test(): pass\n',
    'IndicatorFields/indicatorfield-Sender.json': JSON.stringify({ id: 'indicator_sender', cliName: 'sender', name: 'Sender', group: 2 }),
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(market, 'CommonScripts', p)), { recursive: true });
    writeFileSync(join(market, 'CommonScripts', p), t);
  }
}

function phishing(version: '1.0.0' | '1.1.0'): Buffer {
  const root = 'Packs/Phishing';
  const first = version === '1.0.0';
  return writeZip([
    file(`${root}/pack_metadata.json`, meta('Phishing', version, { CommonScripts: { mandatory: true, display_name: 'Common Scripts' }, Whois: { mandatory: false } })),
    file(`${root}/Playbooks/playbook-Phish_Triage.yml`, playbook('Phish Triage', first ? 'first' : 'second')),
    file(`${root}/Playbooks/playbook-Phish_Notes.yml`, playbook('Phish Notes', first ? 'notes one' : 'notes two')),
    ...(first ? [file(`${root}/Playbooks/playbook-Phish_Old.yml`, playbook('Phish Old'))] : [file(`${root}/Playbooks/playbook-Phish_Report.yml`, playbook('Phish Report'))]),
    file(`${root}/Lists/PhishDomains/PhishDomains.json`, JSON.stringify({ id: 'PhishDomains', name: 'PhishDomains', type: 'plain_text', data: '' })),
    file(`${root}/Lists/PhishDomains/PhishDomains_data.txt`, 'evil.example\nbad.example\n'),
    file(`${root}/IncidentTypes/incidenttype-Phishing.json`, JSON.stringify({ id: 'Phishing', name: 'Phishing', color: '#ff0000', playbookId: 'Phish Triage' })),
    file(`${root}/ReleaseNotes/1_1_0.md`, 'notes'),
  ]);
}

async function upload(data: Buffer, query = '', type = 'application/zip') {
  return c.api.call<Install & Err>('POST', `/api/v1/packs/upload${query}`, data, { 'content-type': type });
}
async function sync(): Promise<void> {
  const { jobId } = await c.api.ok<{ jobId: string }>('POST', '/api/v1/content/sync', {});
  await waitFor('sync job', async () => (await c.api.ok<{ status: string }>('GET', `/api/v1/jobs/${jobId}`)).status !== 'running');
}
async function held(tenant: string, kind: string): Promise<string[]> {
  const { items } = await c.api.ok<{ items: { id: string; owner: string }[] }>('GET', `/api/v1/tenants/${tenant}/content/${kind}`);
  return items.map((i) => `${i.id}${i.owner === 'tenant' ? ' (own)' : ''}`).sort();
}
async function libraryState(): Promise<string> {
  const packs = await c.api.ok<{ items: { id: string; version: string }[] }>('GET', '/api/v1/packs');
  const kinds = await Promise.all(['playbooks', 'scripts', 'lists', 'incidenttypes'].map((k) => c.api.ok<{ items: { id: string; version: number }[] }>('GET', `/api/v1/content/${k}`)));
  return JSON.stringify({ packs: packs.items.map((p) => [p.id, p.version]), items: kinds.map((k) => k.items.map((i) => [i.id, i.version])) });
}

void describe('content packs: marketplace, install, upgrade, uninstall, archives', () => {
  before(async () => {
    c = await startCluster();
    market = join(c.mainHome, 'marketplace');
    mkdirSync(market, { recursive: true });
    commonScriptsFolder();
    writeFileSync(join(market, 'Phishing-1.0.0.zip'), phishing('1.0.0'));
    writeFileSync(join(market, 'broken.zip'), 'this is no archive');
    await c.api.ok('POST', '/api/v1/tenants', { id: 'tp', name: 'Phished Co', labels: ['phish'] });
    await c.api.ok('POST', '/api/v1/tenants', { id: 'to', name: 'Other Co', labels: ['other'] });
  });
  after(async () => {
    await c?.stop();
  });

  void it('lists the marketplace folder: packs, versions, what is installed, and what cannot be read', async () => {
    const m = await c.api.ok<Market>('GET', '/api/v1/marketplace');
    assert.deepEqual(m.packs.map((p) => [p.id, p.available, p.installed]), [['CommonScripts', ['1.0.0'], null], ['Phishing', ['1.0.0'], null]]);
    assert.deepEqual(m.unreadable.map((u) => u.source), ['broken.zip']);
  });

  void it('installs a pack with its mandatory dependency, split code and list data in place, and pushes it by label', async () => {
    const r = await c.api.ok<Install>('POST', '/api/v1/marketplace/Phishing/install', { labels: ['phish'] });
    assert.deepEqual(r.packs.map((p) => [p.id, p.role, p.version]), [['CommonScripts', 'dependency', '1.0.0'], ['Phishing', 'target', '1.0.0']]);
    assert.deepEqual(r.optionalMissing, [{ id: 'Whois', neededBy: 'Phishing' }]);
    assert.ok(r.skipped.some((s) => s.path.endsWith('indicatorfield-Sender.json')), 'unsupported kinds are reported, not fatal');
    const script = await c.api.ok<{ doc: { script: string }; pack: string }>('GET', '/api/v1/content/scripts/SayHello');
    assert.equal(script.pack, 'CommonScripts');
    assert.match(script.doc.script, /hello/);
    const list = await c.api.ok<{ doc: { data: string } }>('GET', '/api/v1/content/lists/PhishDomains');
    assert.equal(list.doc.data, 'evil.example\nbad.example\n');
    await sync();
    assert.deepEqual(await held('tp', 'playbooks'), ['Phish Notes', 'Phish Old', 'Phish Triage']);
    assert.deepEqual(await held('tp', 'scripts'), ['SayHello'], 'the dependency goes with the playbooks');
    assert.deepEqual(await held('tp', 'incidenttypes'), ['Phishing']);
    assert.deepEqual(await held('to', 'playbooks'), []);
    assert.deepEqual(await held('to', 'scripts'), []);
  });

  void it('upgrades: keeps tenant-own items and items edited on main (reported), removes what the new version dropped', async () => {
    const notes = await c.api.ok<{ doc: Record<string, unknown> }>('GET', `/api/v1/content/playbooks/${enc('Phish Notes')}`);
    await c.api.ok('PUT', `/api/v1/content/playbooks/${enc('Phish Notes')}`, { doc: { ...notes.doc, description: 'edited on main' } });
    await c.api.ok('POST', '/api/v1/tenants/tp/content/playbooks', { text: playbook('Phish Report', 'the tenant wrote this'), fileName: 'own.yml' });
    writeFileSync(join(market, 'Phishing-1.1.0.zip'), phishing('1.1.0'));
    const m = await c.api.ok<Market>('GET', '/api/v1/marketplace');
    assert.deepEqual(m.packs.find((p) => p.id === 'Phishing'), { ...m.packs.find((p) => p.id === 'Phishing'), available: ['1.1.0', '1.0.0'], installed: '1.0.0', upgradable: true });

    const r = await c.api.ok<Install>('POST', '/api/v1/marketplace/Phishing/install');
    const up = r.packs.find((p) => p.id === 'Phishing')!;
    assert.equal(up.previous, '1.0.0');
    assert.deepEqual(ids(up.added), ['playbooks/Phish Report']);
    assert.deepEqual(ids(up.updated), ['playbooks/Phish Triage']);
    assert.deepEqual(ids(up.removed), ['playbooks/Phish Old']);
    assert.deepEqual(ids(up.keptEdited), ['playbooks/Phish Notes']);
    assert.equal((await c.api.ok<{ doc: { description: string } }>('GET', `/api/v1/content/playbooks/${enc('Phish Notes')}`)).doc.description, 'edited on main');
    const pack = await c.api.ok<{ labels: string[]; items: { id: string; editedSinceInstall: boolean }[] }>('GET', '/api/v1/packs/Phishing');
    assert.deepEqual(pack.labels, ['phish'], 'an upgrade keeps the labels');
    assert.deepEqual(pack.items.filter((i) => i.editedSinceInstall).map((i) => i.id), ['Phish Notes']);

    await sync();
    assert.deepEqual(await held('tp', 'playbooks'), ['Phish Notes', 'Phish Report (own)', 'Phish Triage']);
    const own = await c.api.ok<{ items: { id: string }[] }>('GET', '/api/v1/tenants/tp/content/playbooks?owner=tenant');
    assert.deepEqual(own.items.map((i) => i.id), ['Phish Report']);
    assert.equal((await c.api.call('GET', '/api/v1/tenants/tp/content/playbooks?owner=nobody')).status, 400);
    const drift = await c.api.ok<{ tenants: { tenant: string; conflicts: Ref[] }[] }>('GET', '/api/v1/content/drift');
    assert.deepEqual(ids(drift.tenants.find((t) => t.tenant === 'tp')!.conflicts), ['playbooks/Phish Report']);
  });

  void it('refuses to uninstall a dependency; uninstalling removes the items from main and, by sync, from tenants', async () => {
    const refused = await c.api.call<Err>('DELETE', '/api/v1/packs/CommonScripts');
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /mandatory dependency of Phishing/);
    await c.api.ok('DELETE', '/api/v1/packs/Phishing');
    assert.deepEqual((await c.api.ok<{ items: { id: string }[] }>('GET', '/api/v1/packs')).items.map((p) => p.id), ['CommonScripts']);
    assert.equal((await c.api.call('GET', `/api/v1/content/playbooks/${enc('Phish Triage')}`)).status, 404);
    await sync();
    assert.deepEqual(await held('tp', 'playbooks'), ['Phish Report (own)']);
    assert.deepEqual(await held('tp', 'scripts'), [], 'the dependency went with its last user');
  });

  void it('installs an uploaded tar.gz (metadata on top, id from the file name) and exports it back, item for item', async () => {
    const tgz = writeTar([
      { path: 'pack_metadata.json', data: Buffer.from(meta('Tools', '2.0.0')) },
      { path: 'Playbooks', type: 'dir' },
      { path: 'Playbooks/playbook-Tool_Run.yml', data: Buffer.from(playbook('Tool Run')) },
      { path: 'Lists/list-ToolHosts.json', data: Buffer.from(JSON.stringify({ id: 'ToolHosts', name: 'ToolHosts', type: 'plain_text', data: 'a\nb' })) },
    ], { gzip: true });
    const r = await upload(tgz, '?fileName=Tools-2.0.0.tar.gz&labels=other', 'application/gzip');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.packs.map((p) => [p.id, p.version]), [['Tools', '2.0.0']]);
    const exported = await c.api.bytes('/api/v1/packs/Tools/export');
    assert.equal(exported.status, 200);
    assert.equal(exported.headers['content-type'], 'application/zip');
    const back = parsePack(readArchive(exported.body));
    assert.equal(back.metadata.id, 'Tools');
    assert.equal(back.metadata.version, '2.0.0');
    const tool = await c.api.ok<{ hash: string }>('GET', `/api/v1/content/playbooks/${enc('Tool Run')}`);
    assert.deepEqual(back.items.map((i) => [i.kind, i.id]).sort(), [['lists', 'ToolHosts'], ['playbooks', 'Tool Run']]);
    assert.equal(contentHash(back.items.find((i) => i.id === 'Tool Run')!.doc), tool.hash, 'the export holds the same document');
    const single = await c.api.bytes(`/api/v1/content/playbooks/${enc('Tool Run')}/export`);
    assert.match(String(single.headers['content-disposition']), /playbook-Tool_Run\.yml/);
    assert.equal(contentHash(parseContent('playbook-Tool_Run.yml', single.body.toString('utf8')).doc), tool.hash);
  });

  void it('names a missing or conflicting dependency, and installs nothing of a pack that does not validate', async () => {
    const before = await libraryState();
    const needs = (name: string, deps: Record<string, unknown>, extra: { path: string; data: Buffer }[] = []) =>
      writeZip([file(`${name}/pack_metadata.json`, meta(name, '1.0.0', deps)), file(`${name}/Playbooks/playbook-${name}.yml`, playbook(`${name} play`)), ...extra]);
    const missing = await upload(needs('NeedsNope', { Nope: { mandatory: true } }));
    assert.equal(missing.status, 409);
    assert.match(missing.body.error.message, /missing dependency: pack NeedsNope needs pack Nope/);
    const newer = await upload(needs('NeedsNewer', { CommonScripts: { mandatory: true, minVersion: '2.0.0' } }));
    assert.equal(newer.status, 409);
    assert.match(newer.body.error.message, /conflicting dependency: pack NeedsNewer needs pack CommonScripts 2\.0\.0 or later, but 1\.0\.0 is installed/);
    // A dependency that would come from the marketplace stays out when the pack itself is refused.
    mkdirSync(join(market, 'Extra', 'Lists'), { recursive: true });
    writeFileSync(join(market, 'Extra', 'pack_metadata.json'), meta('Extra', '1.0.0'));
    writeFileSync(join(market, 'Extra', 'Lists', 'list-ExtraList.json'), JSON.stringify({ id: 'ExtraList', name: 'ExtraList', data: 'x' }));
    const bad = JSON.stringify({ id: 'Bad', name: 'Bad', starttaskid: '0', tasks: { 0: { id: '0', type: 'start', task: {}, nexttasks: { '#none#': ['9'] } } } });
    const invalid = await upload(needs('Broken', { Extra: { mandatory: true } }, [file('Broken/Playbooks/playbook-Bad.yml', bad)]));
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.error.message, /Broken\/Playbooks\/playbook-Bad\.yml: tasks\.0\.nexttasks\.#none#\[0\]: task "9" does not exist/);
    assert.equal(await libraryState(), before, 'nothing was installed, not even the dependency');
  });

  void it('imports an archive of loose XSOAR files, or one YAML file as the body, into the library (no pack)', async () => {
    const zip = writeZip([
      file('export/Playbooks/playbook-Loose_One.yml', playbook('Loose One')),
      file('export/list-LooseList.json', JSON.stringify({ id: 'LooseList', name: 'LooseList', type: 'plain_text', data: 'x' })),
      file('export/notes.txt', 'not content'),
    ]);
    const r = await c.api.call<{ items: { kind: string; id: string }[]; skipped: { path: string }[] }>('POST', '/api/v1/content/import?labels=other', zip, { 'content-type': 'application/zip' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((i) => `${i.kind}/${i.id}`).sort(), ['lists/LooseList', 'playbooks/Loose One']);
    assert.deepEqual(r.body.skipped.map((s) => s.path), ['export/notes.txt']);
    const item = await c.api.ok<{ labels: string[]; pack: string | null }>('GET', `/api/v1/content/playbooks/${enc('Loose One')}`);
    assert.deepEqual([item.labels, item.pack], [['other'], null]);
    const one = await c.api.call<{ items: { id: string; version: number }[] }>('POST', '/api/v1/content/import?fileName=playbook-Loose_Two.yml', playbook('Loose Two'), { 'content-type': 'application/yaml' });
    assert.equal(one.status, 201, JSON.stringify(one.body));
    assert.deepEqual(one.body.items.map((i) => [i.id, i.version]), [['Loose Two', 1]]);
    const unnamed = await c.api.call<Err>('POST', '/api/v1/content/import', playbook('Loose Three'), { 'content-type': 'application/yaml' });
    assert.equal(unnamed.status, 400);
    assert.match(unnamed.body.error.message, /fileName/);
    const broken = await c.api.call<Err>('POST', '/api/v1/content/import', writeZip([file('x/playbook-Bad.yml', 'id: [unclosed')]), { 'content-type': 'application/zip' });
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.message, /^x\/playbook-Bad\.yml: /);
  });

  void it('refuses hostile archives whole: paths leaving the pack, links, bombs, too many files, garbage', async () => {
    const before = await libraryState();
    const ok = (name: string) => [file(`${name}/pack_metadata.json`, meta(name, '1.0.0')), file(`${name}/Playbooks/playbook-${name}.yml`, playbook(`${name} play`))];
    const cases: [string, Buffer, number, RegExp, string?][] = [
      ['dot-dot', writeZip([...ok('Evil1'), file('Evil1/../../escape.yml', 'x: 1')]), 400, /\.\./],
      ['absolute', writeZip([...ok('Evil2'), file('/etc/cron.d/evil', 'x')]), 400, /absolute/i],
      ['windows drive', writeZip([...ok('Evil3'), file('C:\\evil.yml', 'x')]), 400, /./],
      ['zip symlink', writeZip([...ok('Evil4'), { path: 'Evil4/Playbooks/link.yml', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 400, /link/i],
      ['tar symlink', writeTar([...ok('Evil5'), { path: 'Evil5/Playbooks/link.yml', type: 'symlink', linkTarget: '/etc/passwd' }], { gzip: true }), 400, /link/i, 'application/gzip'],
      ['tar hard link', writeTar([...ok('Evil6'), { path: 'Evil6/Playbooks/hard.yml', type: 'hardlink', linkTarget: '/etc/shadow' }]), 400, /link/i, 'application/x-tar'],
      ['zip bomb', writeZip([...ok('Evil7'), { path: 'Evil7/Lists/huge.json', data: Buffer.alloc(120 * 1024 * 1024, 0x20) }]), 413, /./],
      ['too many files', writeZip([...ok('Evil8'), ...Array.from({ length: 5001 }, (_, i) => file(`Evil8/doc_files/f${i}.md`, 'x'))]), 413, /5000/],
      ['garbage', Buffer.from('MZ this is an executable, not a pack'), 400, /./, 'application/octet-stream'],
      ['no metadata', writeZip([file('Playbooks/playbook-X.yml', playbook('X'))]), 400, /pack_metadata\.json/],
    ];
    for (const [what, data, status, message, type] of cases) {
      const r = await upload(data, '', type);
      assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error.message, message, what);
    }
    const json = await c.api.call<Err>('POST', '/api/v1/packs/upload', { not: 'an archive' });
    assert.equal(json.status, 415);
    assert.equal(await libraryState(), before, 'nothing of any refused archive was installed');
  });
});
