import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Main's configuration, kept in `<home>/main.json`. */
export interface MainConfig {
  /** PostgreSQL URL of main's own database; SQLite `<home>/main.db` when absent. */
  pgUrl?: string;
  /** Names and addresses main's HTTPS certificate is valid for. */
  sans: string[];
}

/** The files of a main deployment. Keys are 0600 inside a 0700 folder. */
export class MainFiles {
  constructor(readonly home: string) {}

  path(...parts: string[]): string {
    return join(this.home, ...parts);
  }
  get configPath(): string {
    return this.path('main.json');
  }
  get sqlitePath(): string {
    return this.path('main.db');
  }
  get caCertPath(): string {
    return this.path('pki', 'ca.pem');
  }

  initialized(): boolean {
    return existsSync(this.configPath) && existsSync(this.caCertPath);
  }

  ensureDirs(): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    mkdirSync(this.path('pki'), { recursive: true, mode: 0o700 });
  }

  write(rel: string, data: string, mode = 0o600): void {
    writeFileSync(this.path(rel), data, { mode });
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  config(): MainConfig {
    return JSON.parse(readFileSync(this.configPath, 'utf8')) as MainConfig;
  }
}
