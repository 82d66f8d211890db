import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';
import { DEFAULT_ARCHIVE_LIMITS, readArchive, type ArchiveEntry, type ArchiveLimits } from '../core/packs/archive.js';
import { packIdFromFileName } from '../core/packs/pack.js';

/** One pack source in the marketplace folder: an archive or a pack folder. */
export interface MarketplaceSource {
  /** Its file or folder name in the marketplace folder. */
  readonly name: string;
  /** Changes when the source changes (modification time and size), to cache what was read. */
  readonly stamp: string;
  /** The pack id when the source does not say it (an archive with pack_metadata.json on top). */
  readonly fallbackId: string;
  load(): Promise<ArchiveEntry[]>;
}

const ARCHIVE = /\.(zip|tar\.gz|tgz|tar)$/i;

/**
 * The local marketplace: a folder on main's machine holding pack archives (`.zip`, `.tar.gz`,
 * `.tgz`, `.tar`) and pack folders (`<Pack>/pack_metadata.json`). Nothing outside it is read:
 * symbolic links are refused, and the same limits apply as to an uploaded archive.
 */
export class MarketplaceFolder {
  constructor(
    readonly dir: string,
    private readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  ) {}

  async sources(): Promise<MarketplaceSource[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: MarketplaceSource[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(this.dir, name);
      const st = await lstat(path);
      if (st.isFile() && ARCHIVE.test(name)) {
        out.push({ name, stamp: `${st.mtimeMs}:${st.size}`, fallbackId: packIdFromFileName(name), load: () => this.readArchiveFile(path, st.size) });
      } else if (st.isDirectory()) {
        const meta = await stat(join(path, 'pack_metadata.json')).catch(() => undefined);
        if (meta?.isFile()) out.push({ name, stamp: `${st.mtimeMs}:${meta.mtimeMs}`, fallbackId: name, load: () => this.readFolder(path, name) });
      }
    }
    return out;
  }

  private async readArchiveFile(path: string, size: number): Promise<ArchiveEntry[]> {
    if (size > this.limits.maxTotalBytes) throw new AppError('payload_too_large', `the archive is larger than ${this.limits.maxTotalBytes} bytes`);
    return readArchive(await readFile(path), this.limits);
  }

  /** A pack folder as archive entries under `<name>/`, walked without following links. */
  private async readFolder(root: string, name: string): Promise<ArchiveEntry[]> {
    const out: ArchiveEntry[] = [];
    let total = 0;
    const walk = async (dir: string, rel: string): Promise<void> => {
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, entry.name);
        const relPath = `${rel}/${entry.name}`;
        if (entry.isSymbolicLink()) throw new AppError('invalid_request', `${relPath}: symbolic links are refused in a pack`);
        if (entry.isDirectory()) {
          await walk(path, relPath);
        } else if (entry.isFile()) {
          const st = await lstat(path);
          if (out.length + 1 > this.limits.maxFiles) throw new AppError('payload_too_large', `the pack has more than ${this.limits.maxFiles} files`);
          if (st.size > this.limits.maxFileBytes) throw new AppError('payload_too_large', `${relPath}: larger than ${this.limits.maxFileBytes} bytes`);
          total += st.size;
          if (total > this.limits.maxTotalBytes) throw new AppError('payload_too_large', `the pack is larger than ${this.limits.maxTotalBytes} bytes`);
          out.push({ path: relPath, data: await readFile(path) });
        } else {
          throw new AppError('invalid_request', `${relPath}: only regular files and folders are allowed in a pack`);
        }
      }
    };
    await walk(root, name);
    return out;
  }
}
