/**
 * ZIP reading that trusts only the central directory, the record every real unzip tool lists
 * from: local headers are checked against it (same name, same method) but never supply sizes,
 * so an archive cannot show one set of files to us and another to `unzip`. Every entry is
 * vetted (path, type, encryption, method, limits) before the first byte is inflated, and each
 * inflation is capped at the entry's declared size, which the limits have already accepted.
 */
import { constants as bufferConstants, isUtf8 } from 'node:buffer';
import { crc32, inflateRawSync } from 'node:zlib';
import { formatBytes, refuse, tooLarge, type EntryCollector } from './archive-entries.js';

const EOCD_SIG = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const CENTRAL_SIG = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIG = 0x04034b50;
const LOCAL_SIZE = 30;
/** Bit 0: traditional encryption; bit 6: strong encryption. */
const FLAGS_ENCRYPTED = 0x0041;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const METHOD_AES = 99;
/** "Version made by" hosts whose external attributes carry a Unix mode: Unix and OS X. */
const UNIX_HOSTS = new Set([3, 19]);
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

interface CentralDirectory {
  count: number;
  offset: number;
  size: number;
}

interface CentralRecord {
  name: string;
  nameBytes: Buffer;
  folder: boolean;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export function readZip(data: Buffer, collector: EntryCollector): void {
  const directory = findCentralDirectory(data);
  const records = readCentralDirectory(data, directory);
  const files: { record: CentralRecord; path: string; start: number }[] = [];
  for (const record of records) {
    if (record.folder) collector.folder(record.name);
    else files.push({ record, path: collector.claim(record.name, record.size), start: 0 });
  }
  for (const file of files) file.start = dataStart(data, file.record, directory.offset);
  // Entries sharing bytes are how the densest zip bombs are built; no honest writer does it.
  const byOffset = [...files].sort((a, b) => a.record.offset - b.record.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1];
    const next = byOffset[i];
    if (prev && next && prev.start + prev.record.compressedSize > next.record.offset) {
      throw refuse(next.record.name, 'overlaps another entry (crafted archive)');
    }
  }
  for (const file of files) collector.add(file.path, extract(data, file.record, file.start));
}

/** The End Of Central Directory record is found from the end, past a comment of up to 64 KiB. */
function findCentralDirectory(data: Buffer): CentralDirectory {
  const last = data.length - EOCD_SIZE;
  for (let pos = last; pos >= 0 && pos >= last - 0xffff; pos--) {
    if (data.readUInt32LE(pos) !== EOCD_SIG) continue;
    // A signature inside the comment is not the record: the real one's comment ends the file.
    if (pos + EOCD_SIZE + data.readUInt16LE(pos + 20) !== data.length) continue;
    const count = data.readUInt16LE(pos + 10);
    const size = data.readUInt32LE(pos + 12);
    const offset = data.readUInt32LE(pos + 16);
    const zip64Locator = pos >= ZIP64_LOCATOR_SIZE && data.readUInt32LE(pos - ZIP64_LOCATOR_SIZE) === ZIP64_LOCATOR_SIG;
    if (zip64Locator || count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      throw refuse(undefined, 'ZIP64 archives are not supported (more than 65535 entries or 4 GiB)');
    }
    if (data.readUInt16LE(pos + 4) !== 0 || data.readUInt16LE(pos + 6) !== 0 || data.readUInt16LE(pos + 8) !== count) {
      throw refuse(undefined, 'multi-volume zip archives are not supported');
    }
    if (offset + size > pos) throw refuse(undefined, 'corrupt zip: central directory lies outside the archive');
    return { count, offset, size };
  }
  throw refuse(undefined, 'corrupt or truncated zip: no end of central directory record');
}

function readCentralDirectory(data: Buffer, directory: CentralDirectory): CentralRecord[] {
  const records: CentralRecord[] = [];
  const end = directory.offset + directory.size;
  let pos = directory.offset;
  for (let i = 1; i <= directory.count; i++) {
    if (pos + CENTRAL_SIZE > end || data.readUInt32LE(pos) !== CENTRAL_SIG) {
      throw refuse(undefined, `corrupt zip: central directory entry ${i} is damaged`);
    }
    const nameLength = data.readUInt16LE(pos + 28);
    const next = pos + CENTRAL_SIZE + nameLength + data.readUInt16LE(pos + 30) + data.readUInt16LE(pos + 32);
    if (next > end) throw refuse(undefined, `corrupt zip: central directory entry ${i} is damaged`);
    const nameBytes = data.subarray(pos + CENTRAL_SIZE, pos + CENTRAL_SIZE + nameLength);
    // Names without the UTF-8 flag are CP437 by the letter of the spec; pack paths are ASCII.
    if (!isUtf8(nameBytes)) throw refuse(undefined, `entry ${i} has a name that is not UTF-8`);
    const name = nameBytes.toString('utf8');
    const flags = data.readUInt16LE(pos + 8);
    const method = data.readUInt16LE(pos + 10);
    const compressedSize = data.readUInt32LE(pos + 20);
    const size = data.readUInt32LE(pos + 24);
    const offset = data.readUInt32LE(pos + 42);
    if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) throw refuse(name, 'ZIP64 entries are not supported');
    if ((flags & FLAGS_ENCRYPTED) !== 0 || method === METHOD_AES) throw refuse(name, 'encrypted entries are not supported');
    const folder = isFolder(name, data.readUInt16LE(pos + 4), data.readUInt32LE(pos + 38));
    if (folder && size !== 0) throw refuse(name, 'folder entry with data');
    if (!folder && method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw refuse(name, `unsupported compression method ${method} (only stored and deflate)`);
    }
    records.push({ name, nameBytes, folder, method, crc: data.readUInt32LE(pos + 16), compressedSize, size, offset });
    pos = next;
  }
  if (pos !== end) throw refuse(undefined, 'corrupt zip: central directory size does not match its entries');
  return records;
}

/** Folder or regular file; links and special files are refused, since a pack is only files. */
function isFolder(name: string, madeBy: number, external: number): boolean {
  const mode = UNIX_HOSTS.has(madeBy >> 8) ? external >>> 16 : 0;
  const type = mode & S_IFMT;
  if (type === S_IFLNK) throw refuse(name, 'symbolic link (not allowed in a pack)');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw refuse(name, `special file (mode ${mode.toString(8)}) not allowed in a pack`);
  if (type === S_IFREG) return false;
  return type === S_IFDIR || name.endsWith('/') || (external & DOS_DIRECTORY) !== 0;
}

/** Where an entry's data begins, after a local header that must agree with the central one. */
function dataStart(data: Buffer, record: CentralRecord, directoryOffset: number): number {
  const pos = record.offset;
  if (pos + LOCAL_SIZE > directoryOffset || data.readUInt32LE(pos) !== LOCAL_SIG) {
    throw refuse(record.name, 'corrupt zip: no local header where the central directory points');
  }
  if (data.readUInt16LE(pos + 8) !== record.method) throw refuse(record.name, 'local header and central directory disagree on the method');
  const nameStart = pos + LOCAL_SIZE;
  const nameEnd = nameStart + data.readUInt16LE(pos + 26);
  if (nameEnd > directoryOffset || !data.subarray(nameStart, nameEnd).equals(record.nameBytes)) {
    throw refuse(record.name, 'local header names a different file than the central directory');
  }
  const start = nameEnd + data.readUInt16LE(pos + 28);
  if (start + record.compressedSize > directoryOffset) throw refuse(record.name, 'corrupt or truncated zip: data runs into the central directory');
  return start;
}

function extract(data: Buffer, record: CentralRecord, start: number): Buffer {
  const raw = data.subarray(start, start + record.compressedSize);
  let out: Buffer;
  if (record.method === METHOD_STORED) {
    if (record.compressedSize !== record.size) throw refuse(record.name, 'stored entry whose two sizes differ');
    out = Buffer.from(raw); // a copy: entries must not keep the whole archive alive
  } else {
    try {
      // The declared size has passed the limits; a stream that goes further is a bomb.
      out = inflateRawSync(raw, { maxOutputLength: Math.min(Math.max(record.size, 1), bufferConstants.MAX_LENGTH) });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(record.name, `inflates to more than its declared ${formatBytes(record.size)}`);
      }
      throw refuse(record.name, `corrupt deflate data (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (out.length !== record.size) throw refuse(record.name, `inflates to ${out.length} bytes, not the declared ${record.size}`);
  if (crc32(out) >>> 0 !== record.crc) throw refuse(record.name, 'CRC mismatch (corrupt data)');
  return out;
}
