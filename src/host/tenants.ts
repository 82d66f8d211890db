import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '../core/errors.js';
import type { TenantConfig } from '../net/tenant-protocol.js';
import { dropTenantDatabase, provisionTenantDatabase } from '../store/pg-provision.js';
import type { HostFiles, HostState } from './state.js';
import type { TenantStatus, TenantSupervisor } from './supervisor.js';

export interface TenantManagerOptions {
  files: HostFiles;
  state: HostState;
  supervisor: TenantSupervisor;
  logger: Logger;
  logsDir: string;
  /** Admin URL of a PostgreSQL server for tenants' databases; SQLite files when absent. */
  tenantPgUrl?: string | undefined;
  startTimeoutMs?: number;
}

export const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;

/** The host's tenants: their storage, their processes, and the state file that outlives both. */
export class TenantManager {
  /** When each tenant was last ensured: a heartbeat answer older than that must not stop it. */
  private readonly ensuredAt = new Map<string, number>();
  /** When each tenant was removed: a heartbeat answer older than that must not recreate it. */
  private readonly removedAt = new Map<string, number>();
  constructor(private readonly o: TenantManagerOptions) {}

  private config(id: string, pgUrl: string | undefined): TenantConfig {
    const dir = this.o.files.tenantDir(id);
    return {
      id,
      dir,
      socket: this.o.files.socketPath(id),
      storage: pgUrl ? { kind: 'postgres', url: pgUrl } : { kind: 'sqlite', file: join(dir, 'tenant.db') },
      logFile: this.o.files.logPath(this.o.logsDir, id),
    };
  }

  private persist(): void {
    this.o.files.save(this.o.state);
  }

  private readonly locks = new Map<string, Promise<unknown>>();

  /** Runs `fn` after any other change to the same tenant (main's call and a heartbeat may race). */
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  /** Creates the tenant here if new, then runs it unless paused. Idempotent. */
  ensure(id: string, paused: boolean): Promise<void> {
    if (!TENANT_ID.test(id)) return Promise.reject(new AppError('invalid_request', `tenant id "${id}" is not valid`));
    return this.serial(id, () => this.ensureNow(id, paused));
  }

  private async ensureNow(id: string, paused: boolean): Promise<void> {
    this.ensuredAt.set(id, Date.now());
    let entry = this.o.state.tenants[id];
    if (!entry) {
      mkdirSync(this.o.files.tenantDir(id), { recursive: true, mode: 0o700 });
      const pgUrl = this.o.tenantPgUrl ? await provisionTenantDatabase(this.o.tenantPgUrl, id) : undefined;
      entry = pgUrl ? { paused, pgUrl } : { paused };
      this.o.state.tenants[id] = entry;
      this.persist();
      this.o.logger.info({ tenant: id, storage: pgUrl ? 'postgres' : 'sqlite' }, 'tenant created');
    } else if (entry.paused !== paused) {
      entry.paused = paused;
      this.persist();
    }
    if (paused) {
      await this.o.supervisor.pause(this.config(id, entry.pgUrl));
      return;
    }
    await this.run(id, entry.pgUrl);
  }

  private async run(id: string, pgUrl: string | undefined): Promise<void> {
    const timeout = this.o.startTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.o.supervisor.start(this.config(id, pgUrl)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new AppError('tenant_unavailable', `tenant ${id} did not start within ${timeout} ms`)), timeout);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts every tenant the state file lists (at host start, before main is reachable). */
  async startAll(): Promise<void> {
    await Promise.all(
      Object.entries(this.o.state.tenants).map(([id, t]) =>
        this.ensure(id, t.paused).catch((err: unknown) => this.o.logger.error({ tenant: id, err }, 'tenant did not start')),
      ),
    );
  }

  remove(id: string): Promise<boolean> {
    return this.serial(id, () => this.removeNow(id));
  }

  private async removeNow(id: string): Promise<boolean> {
    const entry = this.o.state.tenants[id];
    if (!entry) return false;
    await this.o.supervisor.remove(id);
    if (entry.pgUrl && this.o.tenantPgUrl) await dropTenantDatabase(this.o.tenantPgUrl, id);
    rmSync(this.o.files.tenantDir(id), { recursive: true, force: true });
    rmSync(this.o.files.socketPath(id), { force: true });
    delete this.o.state.tenants[id];
    this.ensuredAt.delete(id);
    this.removedAt.set(id, Date.now());
    this.persist();
    this.o.logger.info({ tenant: id }, 'tenant deleted');
    return true;
  }

  /** Stops (never deletes) tenants main no longer lists, unless ensured after `since`. */
  async reconcile(desired: { id: string; paused: boolean }[], since: number): Promise<void> {
    const want = new Map(desired.map((t) => [t.id, t.paused]));
    for (const [id, paused] of want) {
      if ((this.removedAt.get(id) ?? 0) >= since) continue;
      const entry = this.o.state.tenants[id];
      if (!entry || entry.paused !== paused || (!paused && this.o.supervisor.state(id) === 'stopped')) {
        await this.ensure(id, paused).catch((err: unknown) => this.o.logger.error({ tenant: id, err }, 'reconcile failed'));
      }
    }
    for (const id of Object.keys(this.o.state.tenants)) {
      if (!want.has(id) && (this.ensuredAt.get(id) ?? 0) < since && this.o.supervisor.state(id) === 'running') {
        this.o.logger.warn({ tenant: id }, 'tenant unknown to main: stopping it (data kept)');
        await this.o.supervisor.stop(id);
      }
    }
  }

  known(id: string): boolean {
    return this.o.state.tenants[id] !== undefined;
  }

  /** The socket of a tenant that can answer now, or the error that says why it cannot. */
  socketFor(id: string): string {
    if (!this.known(id)) throw new AppError('not_found', `tenant ${id} not found`);
    const state = this.o.supervisor.state(id);
    if (state === 'paused') throw new AppError('tenant_paused', `tenant ${id} is paused`);
    const socket = this.o.supervisor.socketOf(id);
    if (state !== 'running' || !socket) throw new AppError('tenant_unavailable', `tenant ${id} is ${state ?? 'not running'}; try again shortly`);
    return socket;
  }

  status(id: string): Promise<TenantStatus | null> {
    return this.o.supervisor.status(id);
  }

  statuses(): Promise<TenantStatus[]> {
    return this.o.supervisor.statuses();
  }
}
