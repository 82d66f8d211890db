import { gzipSync } from 'node:zlib';

/**
 * A ustar writer for tests: every entry type a hostile pack might carry, written exactly as
 * given (no path checks), with a pax header for paths longer than the 100-byte name field.
 */
export interface TarInput {
  path: string;
  data?: Buffer;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo';
  linkTarget?: string;
}

const BLOCK = 512;
const TYPEFLAG = { file: '0', dir: '5', symlink: '2', hardlink: '1', fifo: '6' } as const;
const MODE = { file: 0o644, dir: 0o755, symlink: 0o777, hardlink: 0o644, fifo: 0o644 } as const;

export function writeTar(entries: readonly TarInput[], opts: { gzip?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const data = type === 'file' ? (entry.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const name = Buffer.from(entry.path, 'utf8');
    if (name.length > 100) {
      const pax = paxRecord('path', entry.path);
      blocks.push(header({ name: Buffer.from('PaxHeader'), typeflag: 'x', mode: 0o644, size: pax.length }), pad(pax));
    }
    const linkname = Buffer.from(entry.linkTarget ?? '', 'utf8');
    blocks.push(header({ name: name.subarray(0, 100), typeflag: TYPEFLAG[type], mode: MODE[type], size: data.length, linkname }), pad(data));
  }
  blocks.push(Buffer.alloc(2 * BLOCK)); // the end-of-archive marker
  const tar = Buffer.concat(blocks);
  return opts.gzip ? gzipSync(tar) : tar;
}

interface Header {
  name: Buffer;
  typeflag: string;
  mode: number;
  size: number;
  linkname?: Buffer;
}

function header(h: Header): Buffer {
  const block = Buffer.alloc(BLOCK);
  h.name.copy(block, 0);
  block.write(`${octal(h.mode, 7)}\0`, 100, 'latin1');
  block.write(`${octal(0, 7)}\0`, 108, 'latin1'); // uid
  block.write(`${octal(0, 7)}\0`, 116, 'latin1'); // gid
  block.write(`${octal(h.size, 11)}\0`, 124, 'latin1');
  block.write(`${octal(0, 11)}\0`, 136, 'latin1'); // mtime
  block.write(' '.repeat(8), 148, 'latin1'); // the checksum counts its own field as spaces
  block.write(h.typeflag, 156, 'latin1');
  h.linkname?.subarray(0, 100).copy(block, 157);
  block.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${octal(sum, 6)}\0 `, 148, 'latin1');
  return block;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width, '0');
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** `<length> <key>=<value>\n`, where the length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return Buffer.from(`${length}${body}`, 'utf8');
}
