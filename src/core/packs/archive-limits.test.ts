import assert from 'node:assert/strict';
import { refused } from '../../../test/support/refused.js';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { writeTar } from '../../../test/support/tar-write.js';
import { readArchive } from './archive.js';
import { assembleZip, writeZip, type ZipRecord } from './zip-write.js';

const MIB = 1024 * 1024;


/**
 * `mib` MiB of zeros as raw deflate, built from one compressed MiB repeated: each sync-flushed
 * piece is a complete run of blocks, so copies chain into one stream that never exists inflated.
 */
const built = new Map<number, { raw: Buffer; crc: number; size: number }>();
function zeroDeflate(mib: number): { raw: Buffer; crc: number; size: number } {
  const cached = built.get(mib);
  if (cached) return cached;
  const chunk = Buffer.alloc(MIB);
  const piece = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  const final = deflateRawSync(Buffer.alloc(0)); // an empty last block ends the stream
  const bomb = { raw: Buffer.concat([...Array<Buffer>(mib).fill(piece), final]), crc, size: mib * MIB };
  built.set(mib, bomb);
  return bomb;
}

/** The same zeros wrapped as gzip, with the trailer's ISIZE as given (honest by default). */
function zeroGzip(mib: number, isize?: number): Buffer {
  const { raw, crc, size } = zeroDeflate(mib);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((isize ?? size) >>> 0, 4);
  return Buffer.concat([header, raw, trailer]);
}

function bombRecord(path: string, mib: number, declared?: number): ZipRecord {
  const { raw, crc, size } = zeroDeflate(mib);
  return { path, method: 8, compressed: raw, crc, size: declared ?? size, mode: 0o100644 };
}

/** Runs `fn` and reports how long it took and how much the peak RSS grew. */
function measure(fn: () => void): { ms: number; peakGrowthMiB: number } {
  const before = process.resourceUsage().maxRSS;
  const start = performance.now();
  fn();
  return { ms: performance.now() - start, peakGrowthMiB: (process.resourceUsage().maxRSS - before) / 1024 };
}

// First in the file, so that the peak RSS it measures is not one an earlier test already set.
void test('zip and gzip bombs are refused with 413, quickly, without ever inflating past the limits', () => {
  const small = zeroDeflate(3);
  assert.ok(inflateRawSync(small.raw).equals(Buffer.alloc(3 * MIB)), 'the bomb builder makes a real stream');
  assert.ok(small.raw.length < 16 * 1024);

  const honest = assembleZip([bombRecord('bomb.bin', 200)]);
  const lying = assembleZip([bombRecord('bomb.bin', 200, 1000)]);
  const spread = assembleZip(Array.from({ length: 6 }, (_, i) => bombRecord(`bomb-${i}.bin`, 19)));
  const gzipHonest = zeroGzip(200);
  const gzipLying = zeroGzip(200, 1000);
  const runs = [
    measure(() => refused(() => readArchive(honest), 'payload_too_large', 'archive: bomb.bin: file is 200 MiB, over the limit of 20 MiB per file')),
    measure(() => refused(() => readArchive(honest, { maxFileBytes: 1024 * MIB }), 'payload_too_large', 'archive: bomb.bin: archive expands to more than its limit of 100 MiB')),
    measure(() => refused(() => readArchive(lying), 'payload_too_large', 'archive: bomb.bin: inflates to more than its declared 1000 bytes')),
    measure(() => refused(() => readArchive(spread), 'payload_too_large', 'archive: bomb-5.bin: archive expands to more than its limit of 100 MiB')),
    measure(() => refused(() => readArchive(gzipHonest), 'payload_too_large', /^archive: tar\.gz expands to more than .* \(the 100 MiB limit and tar headers\)$/)),
    measure(() => refused(() => readArchive(gzipLying, { maxTotalBytes: 8 * MIB, maxFiles: 10 }), 'payload_too_large', /^archive: tar\.gz expands to more than/)),
  ];
  for (const [i, run] of runs.entries()) {
    assert.ok(run.ms < 2000, `bomb ${i} took ${Math.round(run.ms)} ms`);
    assert.ok(run.peakGrowthMiB < 40, `bomb ${i} grew the peak RSS by ${Math.round(run.peakGrowthMiB)} MiB`);
  }
});

void test('more files than allowed, a file over its limit, or a total over the limit is a 413; the limits themselves pass', () => {
  const files = (sizes: number[]): { path: string; data: Buffer }[] => sizes.map((n, i) => ({ path: `f${i}.yml`, data: Buffer.alloc(n, 0x61) }));
  const makers = [(e: { path: string; data: Buffer }[]): Buffer => writeZip(e), (e: { path: string; data: Buffer }[]): Buffer => writeTar(e, { gzip: true })];
  for (const make of makers) {
    refused(() => readArchive(make(files([1, 1, 1, 1])), { maxFiles: 3 }), 'payload_too_large', 'archive: f3.yml: more than 3 files in the archive');
    assert.equal(readArchive(make(files([1, 1, 1])), { maxFiles: 3 }).length, 3);
    refused(() => readArchive(make(files([10, 11])), { maxFileBytes: 10 }), 'payload_too_large', 'archive: f1.yml: file is 11 bytes, over the limit of 10 bytes per file');
    assert.equal(readArchive(make(files([10])), { maxFileBytes: 10 }).length, 1);
    refused(() => readArchive(make(files([8, 8, 8])), { maxTotalBytes: 20 }), 'payload_too_large', 'archive: f2.yml: archive expands to more than its limit of 20 bytes');
    assert.equal(readArchive(make(files([8, 8, 4])), { maxTotalBytes: 20 }).length, 3);
  }
  assert.throws(() => readArchive(writeZip([]), { maxFiles: -1 }), RangeError);
});

void test('corrupt zips are refused: CRC, sizes, encryption, methods, headers that disagree, overlapping entries, ZIP64', () => {
  const data = Buffer.from('id: a\n'.repeat(20));
  const deflated = deflateRawSync(data);
  const record = (over: Partial<ZipRecord>): Buffer =>
    assembleZip([{ path: 'a.yml', method: 8, compressed: deflated, crc: crc32(data), size: data.length, mode: 0o100644, ...over }]);
  const bad = 'invalid_request';
  refused(() => readArchive(record({ crc: crc32(data) ^ 1 })), bad, 'archive: a.yml: CRC mismatch (corrupt data)');
  refused(() => readArchive(record({ size: data.length + 5 })), bad, `archive: a.yml: inflates to ${data.length} bytes, not the declared ${data.length + 5}`);
  refused(() => readArchive(record({ method: 0, compressed: data, size: data.length + 1 })), bad, 'archive: a.yml: stored entry whose two sizes differ');
  refused(() => readArchive(record({ flags: 0x0801 })), bad, 'archive: a.yml: encrypted entries are not supported');
  refused(() => readArchive(record({ method: 12 })), bad, 'archive: a.yml: unsupported compression method 12 (only stored and deflate)');
  refused(() => readArchive(record({ compressed: deflated.subarray(0, 5) })), bad, /^archive: a\.yml: corrupt deflate data/);

  const renamed = writeZip([{ path: 'a.yml', data }]);
  renamed[30] = 0x62; // the local header now says b.yml
  refused(() => readArchive(renamed), bad, 'archive: a.yml: local header names a different file than the central directory');

  // b.yml's central entry points at a copy of its local header inside a.bin's data.
  const inner = assembleZip([{ path: 'b.yml', method: 0, compressed: data, crc: crc32(data), size: data.length, mode: 0o100644 }]);
  const innerLocal = inner.subarray(0, 30 + 5 + data.length);
  const outer = assembleZip([
    { path: 'a.bin', method: 0, compressed: innerLocal, crc: crc32(innerLocal), size: innerLocal.length, mode: 0o100644 },
    { path: 'b.yml', method: 0, compressed: data, crc: crc32(data), size: data.length, mode: 0o100644 },
  ]);
  const secondCentral = outer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  outer.writeUInt32LE(30 + 5, secondCentral + 42);
  refused(() => readArchive(outer), bad, 'archive: b.yml: overlaps another entry (crafted archive)');

  const zip64 = writeZip([{ path: 'a.yml', data }]);
  zip64.writeUInt16LE(0xffff, zip64.length - 12);
  refused(() => readArchive(zip64), bad, 'archive: ZIP64 archives are not supported (more than 65535 entries or 4 GiB)');
  // The end record is found behind a comment, even one holding the record's own signature.
  const comment = Buffer.from('a comment with PK\x05\x06 inside', 'latin1');
  const withComment = Buffer.concat([writeZip([{ path: 'a.yml', data }]), comment]);
  withComment.writeUInt16LE(comment.length, withComment.length - comment.length - 2);
  assert.deepEqual(readArchive(withComment), [{ path: 'a.yml', data }]);
});

void test('truncated and damaged archives are refused with a 400 that says so', () => {
  const data = randomBytes(2000);
  const zip = writeZip([{ path: 'a.bin', data }]);
  const tar = writeTar([{ path: 'a.bin', data }]);
  const bad = 'invalid_request';
  refused(() => readArchive(zip.subarray(0, zip.length >> 1)), bad, 'archive: corrupt or truncated zip: no end of central directory record');
  refused(() => readArchive(zip.subarray(0, zip.length - 1)), bad, 'archive: corrupt or truncated zip: no end of central directory record');
  refused(() => readArchive(tar.subarray(0, 1000)), bad, 'archive: a.bin: truncated tar: entry data runs past the end');
  refused(() => readArchive(tar.subarray(0, 512 + 2048)), bad, 'archive: truncated tar: no end-of-archive marker');
  const gz = writeTar([{ path: 'a.bin', data }], { gzip: true });
  refused(() => readArchive(gz.subarray(0, gz.length - 10)), bad, /^archive: corrupt or truncated gzip data/);
  const flipped = Buffer.from(tar);
  flipped[0] = 0x62;
  refused(() => readArchive(flipped), bad, 'archive: corrupt tar: header checksum mismatch at byte 0');
  const flippedZip = Buffer.from(zip);
  flippedZip.writeUInt8((flippedZip.readUInt8(30 + 5 + 100) ^ 0xff) >>> 0, 30 + 5 + 100); // a byte of the stored data
  refused(() => readArchive(flippedZip), bad, 'archive: a.bin: CRC mismatch (corrupt data)');
});
