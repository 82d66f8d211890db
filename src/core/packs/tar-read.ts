/**
 * Tar reading: ustar, GNU (`L` long names) and pax (`x` headers for long paths and sizes), the
 * formats GNU tar, bsdtar, Python and git write. Only regular files and folders are accepted;
 * links, devices, FIFOs and anything unknown are refused, as are headers whose checksum fails
 * and archives without their end marker (the one sign a tar was cut at a block boundary).
 */
import { isUtf8 } from 'node:buffer';
import { refuse, type EntryCollector } from './archive-entries.js';

const BLOCK = 512;
/** A pax header or GNU long name is a path and a few fields; anything bigger is not a pack's. */
const MAX_META_BYTES = 64 * 1024;

/** What `x` and `L` headers say about the entry that follows them. */
interface Pending {
  path?: string;
  size?: number;
}

const REFUSED_TYPES: Record<string, string> = {
  '1': 'hard link (not allowed in a pack)',
  '2': 'symbolic link (not allowed in a pack)',
  '3': 'character device (not allowed in a pack)',
  '4': 'block device (not allowed in a pack)',
  '6': 'FIFO (not allowed in a pack)',
};

/**
 * `owned` says `data` is ours (a buffer gunzipped here), so entries may be views into it rather
 * than copies; a caller's buffer is always copied, so that changing it cannot change the pack.
 */
export function readTar(data: Buffer, collector: EntryCollector, owned: boolean): void {
  let pos = 0;
  let pending: Pending = {};
  for (;;) {
    if (pos + BLOCK > data.length) {
      throw refuse(undefined, pos === 0 ? 'not a tar archive (no ustar header)' : 'truncated tar: no end-of-archive marker');
    }
    const header = data.subarray(pos, pos + BLOCK);
    // The first zero block ends the archive; what follows is padding to the record size.
    if (header.every((b) => b === 0)) return;
    verifyHeader(header, pos);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156] ?? 0);
    const start = pos + BLOCK;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      const size = readNumber(header, 124, 12);
      if (size > MAX_META_BYTES) throw refuse(undefined, `tar "${type}" header larger than ${MAX_META_BYTES} bytes`);
      const body = slice(data, start, size, undefined);
      pos = start + padded(size);
      if (type === 'x') pending = { ...pending, ...parsePax(body) };
      else if (type === 'L') pending = { ...pending, path: cString(body) };
      else if (type === 'g') checkGlobal(parsePax(body));
      // 'K' is a long link target: links are refused whatever their target, so it is skipped.
      continue;
    }
    const name = pending.path ?? headerName(header);
    const size = pending.size ?? readNumber(header, 124, 12);
    pending = {};
    const isFile = type === '0' || type === '7'; // '7' (contiguous) is a regular file to every reader
    if (type === '5' || (isFile && name.endsWith('/') && size === 0)) {
      collector.folder(name);
    } else if (isFile) {
      const path = collector.claim(name, size);
      const body = slice(data, start, size, name);
      collector.add(path, owned ? body : Buffer.from(body));
    } else {
      throw refuse(name, REFUSED_TYPES[type] ?? `unsupported tar entry type "${type}"`);
    }
    pos = start + padded(size); // past the end for a cut archive: the next round reports it
  }
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function slice(data: Buffer, start: number, size: number, name: string | undefined): Buffer {
  if (start + size > data.length) throw refuse(name, 'truncated tar: entry data runs past the end');
  return data.subarray(start, start + size);
}

/** Global pax headers would apply to every later entry; only harmless keys are allowed. */
function checkGlobal(values: Pending): void {
  if (values.path !== undefined || values.size !== undefined) {
    throw refuse(undefined, 'global pax header sets a path or size (not supported)');
  }
}

function verifyHeader(header: Buffer, offset: number): void {
  if (header.toString('latin1', 257, 262) !== 'ustar') {
    throw refuse(undefined, offset === 0 ? 'not a tar archive (no ustar header)' : `corrupt tar: no ustar header at byte ${offset}`);
  }
  const stored = readNumber(header, 148, 8);
  // The checksum field counts as spaces; old tars summed signed bytes, so both sums are accepted.
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  if (stored !== unsigned && stored !== signed) throw refuse(undefined, `corrupt tar: header checksum mismatch at byte ${offset}`);
}

/** The name field, with the ustar prefix; GNU headers use the prefix's bytes for other things. */
function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const posix = header.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = posix ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(field: Buffer): string {
  const nul = field.indexOf(0);
  const bytes = nul === -1 ? field : field.subarray(0, nul);
  if (!isUtf8(bytes)) throw refuse(undefined, 'corrupt tar: a name is not UTF-8');
  return bytes.toString('utf8');
}

/** Octal text, or GNU base-256 (high bit set) for sizes over 8 GiB, which the limits then refuse. */
function readNumber(header: Buffer, offset: number, length: number): number {
  const first = header[offset] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) throw refuse(undefined, 'corrupt tar: negative number in a header');
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (header[offset + i] ?? 0);
    return value;
  }
  const text = header.toString('latin1', offset, offset + length).replace(/^[ \0]+|[ \0]+$/g, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw refuse(undefined, 'corrupt tar: bad number in a header');
  return parseInt(text, 8);
}

/** Pax records are `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePax(body: Buffer): Pending {
  const out: Pending = {};
  const malformed = (): never => {
    throw refuse(undefined, 'corrupt tar: malformed pax header');
  };
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    const lengthText = space === -1 ? '' : body.toString('latin1', pos, space);
    if (!/^[1-9][0-9]{0,6}$/.test(lengthText)) malformed();
    const end = pos + Number(lengthText);
    if (end > body.length || body[end - 1] !== 0x0a) malformed();
    const record = body.subarray(space + 1, end - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) malformed();
    const key = record.toString('utf8', 0, eq);
    const value = record.subarray(eq + 1);
    if (key === 'path') {
      if (!isUtf8(value)) throw refuse(undefined, 'corrupt tar: a pax path is not UTF-8');
      out.path = value.toString('utf8');
    } else if (key === 'size') {
      const text = value.toString('latin1');
      if (!/^[0-9]{1,16}$/.test(text)) malformed();
      out.size = Number(text);
    } else if (key.startsWith('GNU.sparse.')) {
      // A sparse file's stored bytes are a map plus fragments, not its content.
      throw refuse(undefined, 'sparse files are not supported');
    }
    pos = end;
  }
  return out;
}
