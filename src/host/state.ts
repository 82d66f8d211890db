import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a host remembers between restarts, in `<home>/host.json` (0600: it holds tenant database credentials). */
export interface HostState {
  hostId: string;
  name: string;
  mainUrl: string;
  /** The address main reaches this host at (also in its certificate). */
  address: string;
  port: number;
  tenants: Record<string, { paused: boolean; pgUrl?: string }>;
  /** Main's public key for identity assertions, handed to every tenant. */
  assertionKey?: string;
}

export class HostFiles {
  constructor(readonly home: string) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    mkdirSync(join(home, 'pki'), { recursive: true, mode: 0o700 });
    mkdirSync(join(home, 'tenants'), { recursive: true, mode: 0o700 });
  }

  get statePath(): string {
    return join(this.home, 'host.json');
  }
  get caPath(): string {
    return join(this.home, 'pki', 'ca.pem');
  }
  get certPath(): string {
    return join(this.home, 'pki', 'host.pem');
  }
  get keyPath(): string {
    return join(this.home, 'pki', 'host.key');
  }

  tenantDir(id: string): string {
    return join(this.home, 'tenants', id);
  }

  /**
   * Tenants' sockets live in a folder only the host's user can open. Unix socket paths
   * are limited to ~107 bytes, so a deep home falls back to a short per-home folder in /tmp.
   */
  socketPath(id: string): string {
    const local = join(this.home, 'run');
    const dir = join(local, `${id}.sock`).length < 100 ? local : join(tmpdir(), `palisade-${createHash('sha256').update(this.home).digest('hex').slice(0, 12)}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return join(dir, `${id}.sock`);
  }

  logPath(logsDir: string, id: string): string {
    mkdirSync(logsDir, { recursive: true, mode: 0o700 });
    return join(logsDir, `tenant-${id}.log`);
  }

  enrolled(): boolean {
    return existsSync(this.statePath) && existsSync(this.certPath) && existsSync(this.keyPath);
  }

  load(): HostState {
    return JSON.parse(readFileSync(this.statePath, 'utf8')) as HostState;
  }

  /** Written atomically, so a crash mid-write leaves the previous state. */
  save(state: HostState): void {
    const tmp = `${this.statePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(tmp, this.statePath);
  }

  writeSecret(path: string, data: string): void {
    writeFileSync(path, data, { mode: 0o600 });
  }

  read(path: string): string {
    return readFileSync(path, 'utf8');
  }
}
