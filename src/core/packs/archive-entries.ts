/**
 * What the zip and tar readers share: the entry and limit types, the path rules and the
 * `EntryCollector` that applies them. Both readers hand every name to the collector before
 * reading any data, so a refused path or an exceeded limit costs nothing to detect.
 */
import { AppError } from '../errors.js';

/** One file of an archive (folders are not listed): a normalised POSIX path relative to the pack. */
export interface ArchiveEntry {
  readonly path: string;
  readonly data: Buffer;
}

/** Sizes are of the uncompressed data. */
export interface ArchiveLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

/**
 * Far beyond any real pack path (XSOAR's are under 300 bytes, 5 folders deep); they bound the
 * work of the file-versus-folder checks, which look at every parent of every path.
 */
const MAX_PATH_BYTES = 1024;
const MAX_DEPTH = 32;
const MIB = 1024 * 1024;

/** Names in messages are the archive's own, so control characters are escaped and length is capped. */
function show(path: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const safe = path.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

export function formatBytes(n: number): string {
  return n >= MIB && n % MIB === 0 ? `${n / MIB} MiB` : `${n} bytes`;
}

/** An unsafe or corrupt archive (400); `path` is the entry's name as the archive spells it. */
export function refuse(path: string | undefined, reason: string): AppError {
  return new AppError('invalid_request', path === undefined ? `archive: ${reason}` : `archive: ${show(path)}: ${reason}`);
}

/** A count or size limit (413). */
export function tooLarge(path: string | undefined, reason: string): AppError {
  return new AppError('payload_too_large', path === undefined ? `archive: ${reason}` : `archive: ${show(path)}: ${reason}`);
}

/**
 * The archive's name for an entry → its path in the pack, or `''` for the pack's root folder
 * (`./` in `tar -C dir .`). Anything that could land outside the pack, or that two platforms
 * would read differently (backslashes, drive letters), is refused rather than repaired.
 */
export function normalisePath(raw: string, isFolder: boolean): string {
  // eslint-disable-next-line no-control-regex -- NUL and control characters are what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) throw refuse(raw, 'control character in path');
  if (raw.startsWith('/') || raw.startsWith('\\\\') || /^[A-Za-z]:/.test(raw)) throw refuse(raw, 'absolute path');
  if (raw.includes('\\')) throw refuse(raw, 'backslash in path (only "/" separates folders)');
  if (Buffer.byteLength(raw) > MAX_PATH_BYTES) throw refuse(raw, `path longer than ${MAX_PATH_BYTES} bytes`);
  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  if (path === '.' && isFolder) return '';
  if (isFolder && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '') {
    if (isFolder) return '';
    throw refuse(raw, 'empty path');
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') throw refuse(raw, 'path leaves the pack (".." segment)');
    if (segment === '') throw refuse(raw, 'empty path segment');
    if (segment !== '.') segments.push(segment);
  }
  if (segments.length === 0) throw refuse(raw, 'empty path');
  if (segments.length > MAX_DEPTH) throw refuse(raw, `path nested deeper than ${MAX_DEPTH} levels`);
  return segments.join('/');
}

/**
 * Collects entries under the limits. `claim` is called with the declared size before any data
 * is read or inflated; `add` then stores data that must match the claim.
 */
export class EntryCollector {
  readonly entries: ArchiveEntry[] = [];
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  private folderEntries = 0;
  private claimed = 0;
  private total = 0;

  constructor(private readonly limits: ArchiveLimits) {}

  /** Records a folder: nothing is returned for it, but no file may have its path. */
  folder(raw: string): void {
    const path = normalisePath(raw, true);
    if (path === '') return;
    // Folders are not returned, but each costs a check, so they are bounded like files.
    if (++this.folderEntries > this.limits.maxFiles) throw tooLarge(raw, `more than ${this.limits.maxFiles} folders in the archive`);
    if (this.files.has(path)) throw refuse(raw, 'path is both a file and a folder');
    this.addFolders(raw, path, true);
  }

  /** Checks a file of `size` bytes may be added at `raw` and reserves it; returns its path. */
  claim(raw: string, size: number): string {
    const path = normalisePath(raw, false);
    if (this.files.has(path)) throw refuse(raw, 'same path twice in the archive');
    if (this.folders.has(path)) throw refuse(raw, 'path is both a file and a folder');
    if (this.claimed + 1 > this.limits.maxFiles) throw tooLarge(raw, `more than ${this.limits.maxFiles} files in the archive`);
    if (size > this.limits.maxFileBytes) {
      throw tooLarge(raw, `file is ${formatBytes(size)}, over the limit of ${formatBytes(this.limits.maxFileBytes)} per file`);
    }
    if (this.total + size > this.limits.maxTotalBytes) {
      throw tooLarge(raw, `archive expands to more than its limit of ${formatBytes(this.limits.maxTotalBytes)}`);
    }
    this.addFolders(raw, path, false);
    this.files.add(path);
    this.claimed += 1;
    this.total += size;
    return path;
  }

  /** Stores a claimed file's data (the readers have checked it against the claimed size). */
  add(path: string, data: Buffer): void {
    this.entries.push({ path, data });
  }

  /** Every parent folder of `path` (and `path` itself for a folder) must not be a file. */
  private addFolders(raw: string, path: string, includeSelf: boolean): void {
    const ends: number[] = [];
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) ends.push(i);
    if (includeSelf) ends.push(path.length);
    for (const end of ends) {
      const parent = path.slice(0, end);
      if (this.files.has(parent)) throw refuse(raw, `"${show(parent)}" is both a file and a folder`);
      this.folders.add(parent);
    }
  }
}
