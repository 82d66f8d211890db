/**
 * Content pack archives (zip, tar, tar.gz) read into memory without trusting them: every path
 * stays inside the pack, only regular files come out, and size and count limits hold before
 * anything is inflated past them. All or nothing: the entries are returned or an `AppError`
 * names the first bad entry (400 for unsafe or corrupt archives, 413 for limits). Nothing is
 * ever written anywhere; the caller decides what to do with the entries.
 */
import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { EntryCollector, formatBytes, refuse, tooLarge, type ArchiveEntry, type ArchiveLimits } from './archive-entries.js';
import { readTar } from './tar-read.js';
import { readZip } from './zip-read.js';

export type { ArchiveEntry, ArchiveLimits } from './archive-entries.js';

const MIB = 1024 * 1024;
const PROBE_BYTES = 64 * 1024;

/** Real XSOAR packs are a few hundred files and a few MiB; these leave room for the largest. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({ maxFiles: 5000, maxFileBytes: 20 * MIB, maxTotalBytes: 100 * MIB });

export type ArchiveFormat = 'zip' | 'tar.gz' | 'tar';

/** The format by magic bytes; `undefined` when it is none of the three (old V7 tars included). */
export function archiveFormatOf(data: Buffer): ArchiveFormat | undefined {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b) {
    // A local file header, or the end record alone: an empty zip.
    if ((data[2] === 3 && data[3] === 4) || (data[2] === 5 && data[3] === 6)) return 'zip';
  }
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'tar.gz';
  if (data.length >= 262 && data.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}

export function readArchive(data: Buffer, limits: Partial<ArchiveLimits> = {}): ArchiveEntry[] {
  const resolved = resolveLimits(limits);
  const collector = new EntryCollector(resolved);
  const format = archiveFormatOf(data);
  if (format === 'zip') readZip(data, collector);
  else if (format === 'tar') readTar(data, collector, false);
  else if (format === 'tar.gz') readTar(gunzip(data, resolved), collector, true);
  else throw refuse(undefined, 'not a zip, tar or tar.gz archive');
  return collector.entries;
}

function resolveLimits(limits: Partial<ArchiveLimits>): ArchiveLimits {
  const resolved = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`archive limit ${key} must be a non-negative integer`);
  }
  return resolved;
}

/**
 * A tar's own bytes beyond its files' data: per file a header, up to 511 bytes of padding, and
 * perhaps a pax header for a long path, with its folders' headers; plus the end padding.
 */
function tarOverhead(maxFiles: number): number {
  return maxFiles * 4096 + MIB;
}

function gunzip(data: Buffer, limits: ArchiveLimits): Buffer {
  const cap = Math.min(limits.maxTotalBytes + tarOverhead(limits.maxFiles), bufferConstants.MAX_LENGTH);
  // The trailer's ISIZE (size mod 4 GiB) gives away an honest bomb: only enough is inflated to
  // tell it from garbage (whose "ISIZE" is noise). A lying one is stopped by maxOutputLength,
  // so no more than `cap` is ever allocated.
  const declared = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  try {
    return gunzipSync(data, { maxOutputLength: declared > cap ? PROBE_BYTES : Math.max(cap, 1) });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(undefined, `tar.gz expands to more than ${formatBytes(cap)} (the ${formatBytes(limits.maxTotalBytes)} limit and tar headers)`);
    }
    throw refuse(undefined, `corrupt or truncated gzip data (${err instanceof Error ? err.message : String(err)})`);
  }
}
