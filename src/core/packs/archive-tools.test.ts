import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { AppError } from '../errors.js';
import { readArchive, type ArchiveEntry } from './archive.js';
import { writeZip } from './zip-write.js';

/** The archives real tools write, and what real tools make of ours. Missing tools skip their test. */
const has = (cmd: string, arg: string): boolean => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const gnuTar = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar') === true;

/** Over 100 bytes, in folders short enough for ustar to split it between prefix and name. */
const LONG = `Packs/HelloWorld/Playbooks/${'deeper-folder/'.repeat(7)}playbook-Hello_World_Long_Name.yml`;
const PACK: readonly ArchiveEntry[] = [
  { path: LONG, data: Buffer.from('id: long\n') },
  { path: 'Integrations/HelloWorld/HelloWorld.py', data: randomBytes(3000) },
  { path: 'Playbooks/playbook-Hello.yml', data: Buffer.from('id: hello\nname: Hello\n'.repeat(200)) },
  { path: 'ReleaseNotes/1_0_0.md', data: Buffer.alloc(0) },
  { path: 'pack_metadata.json', data: Buffer.from('{"name": "Hello World"}\n') },
];

const root = mkdtempSync(join(tmpdir(), 'palisade-archive-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** A fresh folder holding the pack, plus whatever `extra` adds to it. */
function packDir(extra?: (dir: string) => void): string {
  const dir = join(root, `pack-${++dirs}`);
  for (const entry of PACK) {
    mkdirSync(dirname(join(dir, entry.path)), { recursive: true });
    writeFileSync(join(dir, entry.path), entry.data);
  }
  extra?.(dir);
  return dir;
}

const sorted = (entries: readonly ArchiveEntry[]): ArchiveEntry[] => [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));

void test('GNU tar archives in gnu, pax and ustar formats, gzipped or not, read back as written', { skip: !gnuTar }, () => {
  const dir = packDir();
  for (const format of ['gnu', 'pax', 'ustar']) {
    for (const gzip of [true, false]) {
      const out = join(root, `pack-${format}.tar${gzip ? '.gz' : ''}`);
      execFileSync('tar', [`--format=${format}`, gzip ? '-czf' : '-cf', out, '-C', dir, '.']);
      assert.deepEqual(sorted(readArchive(readFileSync(out))), sorted(PACK), `${format}${gzip ? ' gzipped' : ''}`);
    }
  }
});

void test('links in a GNU tar archive are refused', { skip: !gnuTar }, () => {
  const cases: [string, (dir: string) => void, string][] = [
    ['symlink', (dir) => symlinkSync('/etc/passwd', join(dir, 'Playbooks/passwd.yml')), 'archive: ./Playbooks/passwd.yml: symbolic link (not allowed in a pack)'],
    ['hard link', (dir) => linkSync(join(dir, 'pack_metadata.json'), join(dir, 'zz-hard.json')), 'archive: ./zz-hard.json: hard link (not allowed in a pack)'],
  ];
  for (const [name, extra, message] of cases) {
    const out = join(root, `links-${name}.tar.gz`);
    const dir = packDir(extra);
    // Names are given in order, so the link comes after the file it links to.
    execFileSync('tar', ['-czf', out, '-C', dir, './pack_metadata.json', './Playbooks', ...(name === 'hard link' ? ['./zz-hard.json'] : [])]);
    assert.throws(() => readArchive(readFileSync(out)), (err: unknown) => err instanceof AppError && err.code === 'invalid_request' && err.message === message);
  }
});

void test('Info-ZIP archives read back as written, and their symlinks are refused', { skip: !has('zip', '-v') }, () => {
  const out = join(root, 'info-zip.zip');
  execFileSync('zip', ['-q', '-r', '-X', out, '.'], { cwd: packDir() });
  assert.deepEqual(sorted(readArchive(readFileSync(out))), sorted(PACK));
  const links = join(root, 'info-zip-links.zip');
  execFileSync('zip', ['-q', '-r', '-X', '--symlinks', links, '.'], { cwd: packDir((dir) => symlinkSync('../../etc/passwd', join(dir, 'evil.yml'))) });
  assert.throws(() => readArchive(readFileSync(links)), { code: 'invalid_request', message: 'archive: evil.yml: symbolic link (not allowed in a pack)' });
});

void test('writeZip output passes unzip -t and Python zipfile, with names, modes and contents intact', () => {
  const out = join(root, 'written.zip');
  writeFileSync(out, writeZip([{ path: 'Playbooks/', data: Buffer.alloc(0) }, ...PACK, { path: 'link', data: Buffer.from('target'), mode: 0o120777 }]));
  if (has('unzip', '-v')) assert.match(execFileSync('unzip', ['-t', out], { encoding: 'utf8' }), /No errors detected/);
  if (!has('python3', '--version')) return;
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    'print(json.dumps([[i.filename, oct(i.external_attr >> 16), z.read(i).hex()] for i in z.infolist()]))',
  ].join('\n');
  const listed = JSON.parse(execFileSync('python3', ['-c', script, out], { encoding: 'utf8' })) as unknown;
  assert.deepEqual(listed, [
    ['Playbooks/', '0o40755', ''],
    ...PACK.map((e) => [e.path, '0o100644', e.data.toString('hex')]),
    ['link', '0o120777', Buffer.from('target').toString('hex')],
  ]);
});
