/**
 * Zip writing, for pack exports and for tests that need hostile archives. Paths, modes, sizes
 * and checksums are written exactly as given, with no checks: `readArchive` is the gatekeeper,
 * and its refusals can only be tested if this can write what it refuses.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { AppError } from '../errors.js';

export interface ZipInput {
  path: string;
  data: Buffer;
  /** Unix mode with its type bits; 0o100644 for files, 0o040755 for paths ending in "/". */
  mode?: number;
}

/** One entry as it is stored: `writeZip` derives it from the data, tests may lie in it. */
export interface ZipRecord {
  path: string;
  /** 0 stored, 8 deflate; any other number is written as is, for tests of unsupported methods. */
  method: number;
  compressed: Buffer;
  crc: number;
  /** The uncompressed size the headers declare. */
  size: number;
  mode: number;
  flags?: number;
}

/** 2.0: the version that introduced deflate and folders, all this writes. */
const VERSION = 20;
/** High byte 3 = Unix, so readers take the mode from the high half of the external attributes. */
const MADE_BY_UNIX = (3 << 8) | VERSION;
/** Names are UTF-8, whatever the reader's code page. */
const FLAG_UTF8 = 0x0800;
/** 1980-01-01 00:00, the first DOS date: the same pack always exports to the same bytes. */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

export function writeZip(entries: readonly ZipInput[]): Buffer {
  return assembleZip(entries.map(toRecord));
}

function toRecord({ path, data, mode }: ZipInput): ZipRecord {
  const deflated = deflateRawSync(data, { level: 9 });
  // Incompressible data (and an empty file) is stored, as zip tools do.
  const stored = deflated.length >= data.length;
  return {
    path,
    method: stored ? 0 : 8,
    compressed: stored ? data : deflated,
    crc: crc32(data),
    size: data.length,
    mode: mode ?? (path.endsWith('/') ? 0o040755 : 0o100644),
  };
}

export function assembleZip(records: readonly ZipRecord[]): Buffer {
  if (records.length > 0xffff) throw new AppError('payload_too_large', `zip: ${records.length} entries, more than a zip without ZIP64 holds (65535)`);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const record of records) {
    const name = Buffer.from(record.path, 'utf8');
    const flags = record.flags ?? FLAG_UTF8;
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    writeCommon(local, 6, record, flags);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    name.copy(local, 30);

    const folder = (record.mode & S_IFMT) === S_IFDIR;
    const entry = Buffer.alloc(46 + name.length);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(MADE_BY_UNIX, 4);
    entry.writeUInt16LE(VERSION, 6);
    writeCommon(entry, 8, record, flags);
    entry.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number and internal attributes stay zero.
    entry.writeUInt32LE((((record.mode & 0xffff) << 16) | (folder ? 0x10 : 0)) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    name.copy(entry, 46);

    parts.push(local, record.compressed);
    central.push(entry);
    offset += local.length + record.compressed.length;
    if (offset > 0xffffffff) throw new AppError('payload_too_large', 'zip: more than 4 GiB, which a zip without ZIP64 cannot hold');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Flags, method, time, date, CRC and both sizes: the run local and central headers share. */
function writeCommon(header: Buffer, at: number, record: ZipRecord, flags: number): void {
  header.writeUInt16LE(flags, at);
  header.writeUInt16LE(record.method, at + 2);
  header.writeUInt16LE(DOS_TIME, at + 4);
  header.writeUInt16LE(DOS_DATE, at + 6);
  header.writeUInt32LE(record.crc >>> 0, at + 8);
  header.writeUInt32LE(record.compressed.length, at + 12);
  header.writeUInt32LE(record.size, at + 16);
}
