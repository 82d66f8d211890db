import assert from 'node:assert/strict';
import { refused } from '../../../test/support/refused.js';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32, gzipSync } from 'node:zlib';
import { writeTar, type TarInput } from '../../../test/support/tar-write.js';
import { archiveFormatOf, readArchive, type ArchiveEntry } from './archive.js';
import { assembleZip, writeZip, type ZipInput } from './zip-write.js';


/** Over the 100 bytes of a tar name field, so tar needs a pax header for it. */
const LONG = `Packs/HelloWorld/Playbooks/${'very-long-folder-name-'.repeat(6)}/playbook-Hello_World_Long_Name.yml`;
const PACK: readonly ArchiveEntry[] = [
  { path: 'pack_metadata.json', data: Buffer.from(JSON.stringify({ name: 'Hello World', currentVersion: '1.0.0' }, null, 2)) },
  { path: 'Playbooks/playbook-Hello.yml', data: Buffer.from('id: hello\nname: Hello\n'.repeat(200)) },
  { path: 'Integrations/HelloWorld/HelloWorld.py', data: randomBytes(3000) },
  { path: 'ReleaseNotes/1_0_0.md', data: Buffer.alloc(0) },
  { path: LONG, data: Buffer.from('id: long\n') },
];

const zipOf = (entries: readonly ZipInput[]): Buffer => writeZip(entries);
const tarOf = (entries: readonly TarInput[], gzip = false): Buffer => writeTar(entries, { gzip });
const file = (path: string, data = 'x'): { path: string; data: Buffer } => ({ path, data: Buffer.from(data) });

/** The compression method of every central directory entry, to show both kinds were written. */
function zipMethods(zip: Buffer): number[] {
  const methods: number[] = [];
  const sig = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = zip.indexOf(sig); at !== -1; at = zip.indexOf(sig, at + 46)) methods.push(zip.readUInt16LE(at + 10));
  return methods;
}

void test('archiveFormatOf tells zip (also empty), tar.gz and tar apart by magic bytes, and nothing else', () => {
  assert.equal(archiveFormatOf(zipOf(PACK)), 'zip');
  assert.equal(archiveFormatOf(zipOf([])), 'zip');
  assert.equal(archiveFormatOf(tarOf(PACK)), 'tar');
  assert.equal(archiveFormatOf(tarOf(PACK, true)), 'tar.gz');
  assert.equal(archiveFormatOf(Buffer.from('id: not an archive\n')), undefined);
  assert.equal(archiveFormatOf(Buffer.alloc(0)), undefined);
  assert.deepEqual(readArchive(zipOf([])), []);
});

void test('a zip round-trips nested folders, a long path, an empty file, stored and deflated entries', () => {
  const zip = zipOf([{ path: 'Playbooks/', data: Buffer.alloc(0) }, ...PACK]);
  assert.deepEqual(zipMethods(zip), [0, 8, 8, 0, 0, 0]);
  assert.deepEqual(readArchive(zip), PACK);
  // Text stored rather than deflated, as some zip tools write it, reads back the same.
  const text = Buffer.from('id: stored\n'.repeat(50));
  const stored = assembleZip([{ path: 'stored.yml', method: 0, compressed: text, crc: crc32(text), size: text.length, mode: 0o100644 }]);
  assert.deepEqual(readArchive(stored), [{ path: 'stored.yml', data: text }]);
});

void test('a tar and a tar.gz round-trip, with a pax header for a long path and folder entries skipped', () => {
  const entries: TarInput[] = [{ path: 'Playbooks', type: 'dir' }, { path: 'Integrations/', type: 'dir' }, ...PACK];
  assert.deepEqual(readArchive(tarOf(entries)), PACK);
  assert.deepEqual(readArchive(tarOf(entries, true)), PACK);
  assert.deepEqual(readArchive(tarOf([], true)), []);
  // An empty tar is zeros, with no magic to know it by; an empty pack is of no use anyway.
  refused(() => readArchive(tarOf([])), 'invalid_request', 'archive: not a zip, tar or tar.gz archive');
});

void test('a leading "./" and "." segments are normalised away, and the root folder entry is skipped', () => {
  const expected = [file('pack_metadata.json'), file('Playbooks/a.yml')];
  const names = ['./pack_metadata.json', './Playbooks/./a.yml'];
  assert.deepEqual(readArchive(zipOf(names.map((n) => file(n)))), expected);
  assert.deepEqual(readArchive(tarOf([{ path: './', type: 'dir' }, ...names.map((n) => file(n))], true)), expected);
});

void test('unsafe paths are refused, naming the entry and the reason, in zips and tars alike', () => {
  const cases: [string, string][] = [
    ['../evil.yml', 'path leaves the pack (".." segment)'],
    ['Playbooks/../../evil.yml', 'path leaves the pack (".." segment)'],
    ['./../evil.yml', 'path leaves the pack (".." segment)'],
    ['/etc/cron.d/evil', 'absolute path'],
    ['C:\\Windows\\evil.yml', 'absolute path'],
    ['C:/evil.yml', 'absolute path'],
    ['\\\\server\\share\\evil.yml', 'absolute path'],
    ['Playbooks\\evil.yml', 'backslash in path (only "/" separates folders)'],
    ['Playbooks//evil.yml', 'empty path segment'],
    ['.', 'empty path'],
    ['a\nb.yml', 'control character in path'],
    [`${'a/'.repeat(40)}deep.yml`, 'path nested deeper than 32 levels'],
    [`${'a'.repeat(1100)}.yml`, 'path longer than 1024 bytes'],
  ];
  for (const [path, reason] of cases) {
    const shown = path.replace('\n', '\\u000a');
    const message = new RegExp(`^archive: ${escape(shown.length > 200 ? shown.slice(0, 200) : shown)}.*: ${escape(reason)}$`);
    for (const archive of [zipOf([file('ok.yml'), file(path)]), tarOf([file('ok.yml'), file(path)]), tarOf([file(path)], true)]) {
      refused(() => readArchive(archive), 'invalid_request', message);
    }
  }
  assert.throws(() => readArchive(zipOf([file('../evil.yml')])), { message: 'archive: ../evil.yml: path leaves the pack (".." segment)' });
  // A tar name field ends at NUL, so only a zip (or a pax header) can carry one.
  refused(() => readArchive(zipOf([file('a\0b.yml')])), 'invalid_request', 'archive: a\\u0000b.yml: control character in path');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

void test('the same path twice, or a path that is both a file and a folder, is refused', () => {
  for (const make of [zipOf, (e: readonly TarInput[]): Buffer => tarOf(e)]) {
    refused(() => readArchive(make([file('a.yml'), file('./a.yml')])), 'invalid_request', 'archive: ./a.yml: same path twice in the archive');
    refused(() => readArchive(make([file('a'), file('a/b.yml')])), 'invalid_request', 'archive: a/b.yml: "a" is both a file and a folder');
    refused(() => readArchive(make([file('a/b.yml'), file('a')])), 'invalid_request', 'archive: a: path is both a file and a folder');
  }
});

void test('symbolic links, hard links and special files are refused, whatever they point at', () => {
  const link = { path: 'Playbooks/link.yml', data: Buffer.from('../../../etc/passwd'), mode: 0o120777 };
  refused(() => readArchive(zipOf([file('ok.yml'), link])), 'invalid_request', 'archive: Playbooks/link.yml: symbolic link (not allowed in a pack)');
  refused(() => readArchive(zipOf([{ path: 'fifo', data: Buffer.alloc(0), mode: 0o010644 }])), 'invalid_request', 'archive: fifo: special file (mode 10644) not allowed in a pack');
  const cases: [TarInput, string][] = [
    [{ path: 'link.yml', type: 'symlink', linkTarget: '/etc/passwd' }, 'symbolic link (not allowed in a pack)'],
    [{ path: 'hard.yml', type: 'hardlink', linkTarget: 'ok.yml' }, 'hard link (not allowed in a pack)'],
    [{ path: 'fifo', type: 'fifo' }, 'FIFO (not allowed in a pack)'],
  ];
  for (const [entry, reason] of cases) {
    for (const gzip of [false, true]) {
      refused(() => readArchive(tarOf([file('ok.yml'), entry], gzip)), 'invalid_request', `archive: ${entry.path}: ${reason}`);
    }
  }
});

void test('anything that is not an archive is a clear 400', () => {
  const garbage = randomBytes(4096);
  garbage[0] = 0;
  refused(() => readArchive(garbage), 'invalid_request', 'archive: not a zip, tar or tar.gz archive');
  refused(() => readArchive(Buffer.alloc(0)), 'invalid_request', 'archive: not a zip, tar or tar.gz archive');
  refused(() => readArchive(gzipSync('id: just yaml\n')), 'invalid_request', 'archive: not a tar archive (no ustar header)');
  refused(() => readArchive(Buffer.concat([Buffer.from([0x1f, 0x8b]), garbage])), 'invalid_request', /^archive: corrupt or truncated gzip data/);
  refused(() => readArchive(Buffer.concat([Buffer.from('PK\x03\x04'), garbage])), 'invalid_request', 'archive: corrupt or truncated zip: no end of central directory record');
});
