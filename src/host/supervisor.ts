import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { HostToTenant, TenantConfig, TenantToHost } from '../net/tenant-protocol.js';
import { processMemory } from './proc-stats.js';

export type TenantRunState = 'starting' | 'running' | 'backoff' | 'stopped' | 'paused';

export interface TenantStatus {
  id: string;
  status: TenantRunState;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  rssBytes: number | null;
  pssBytes: number | null;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  nextRestartInMs: number | null;
}

interface Slot {
  config: TenantConfig;
  child: ChildProcess | null;
  state: TenantRunState;
  startedAt: number | null;
  restarts: number;
  failures: number;
  lastExit: TenantStatus['lastExit'];
  timer: NodeJS.Timeout | null;
  nextRestartAt: number | null;
  waiters: { resolve: () => void; reject: (e: Error) => void }[];
}

const TENANT_ENTRY = fileURLToPath(new URL('../tenant/index.js', import.meta.url));
const MAX_BACKOFF_MS = 30_000;
/** A tenant that stayed up this long is considered healthy again: its backoff resets. */
const STABLE_MS = 30_000;

/**
 * Runs one OS process per tenant and keeps it running: a crash is restarted with
 * exponential backoff (0.25 s doubling to 30 s), and the status says why and when.
 */
export class TenantSupervisor {
  private readonly slots = new Map<string, Slot>();
  private stopping = false;
  private assertionKey: string | undefined;

  constructor(
    private readonly logger: Logger,
    // Small young generation and one V8 helper thread: idle tenants dominate a host's memory.
    // The young generation stays at that size: left to shrink to 1 MiB while a tenant idles,
    // a content push (~1.5 MiB of documents, alive until written) was promoted to the old
    // generation and cost a full collection (V8's trace: GC 15–20 → ~5.5 ms a push of 100
    // playbooks), for no less memory (RSS idle the same, after a push ~1 MiB lower).
    private readonly nodeArgs: string[] = ['--max-semi-space-size=2', '--min-semi-space-size=2', '--v8-pool-size=1'],
  ) {}

  /** Main's assertion key for every tenant: sent to running ones now, given to later starts. */
  setAssertionKey(pem: string): void {
    this.assertionKey = pem;
    for (const slot of this.slots.values()) {
      if (slot.child?.connected) slot.child.send({ type: 'assertion-key', pem } satisfies HostToTenant);
    }
  }

  private slot(config: TenantConfig): Slot {
    let slot = this.slots.get(config.id);
    if (!slot) {
      slot = { config, child: null, state: 'stopped', startedAt: null, restarts: 0, failures: 0, lastExit: null, timer: null, nextRestartAt: null, waiters: [] };
      this.slots.set(config.id, slot);
    }
    slot.config = config;
    return slot;
  }

  /** Keeps the tenant known but not running, until `start`. */
  async pause(config: TenantConfig): Promise<void> {
    this.slot(config);
    await this.stop(config.id, 'paused');
  }

  /** Starts the tenant (or keeps it running) and resolves once it answers on its socket. */
  async start(config: TenantConfig): Promise<void> {
    const slot = this.slot(config);
    if (slot.state === 'running') return;
    const ready = new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    if (slot.state !== 'starting') this.spawn(slot);
    return ready;
  }

  private spawn(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.nextRestartAt = null;
    slot.state = 'starting';
    const log = slot.config.logFile ? openSync(slot.config.logFile, 'a', 0o600) : 'ignore';
    const child = fork(TENANT_ENTRY, [], {
      execArgv: this.nodeArgs,
      // Only what a tenant needs: no secrets in its environment, none of the host's.
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PALISADE_LOG_LEVEL: process.env['PALISADE_LOG_LEVEL'] ?? 'info', NODE_ENV: 'production' },
      stdio: ['ignore', log, log, 'ipc'],
      serialization: 'json',
      // Its own process group, so that what it started (script sandboxes) dies with it: see onExit.
      detached: true,
    });
    if (typeof log === 'number') closeSync(log);
    slot.child = child;
    child.on('message', (raw: unknown) => {
      const msg = raw as TenantToHost;
      if (msg.type === 'ready') {
        slot.state = 'running';
        slot.startedAt = Date.now();
        this.logger.info({ tenant: slot.config.id, pid: child.pid, ms: msg.ms }, 'tenant running');
        for (const w of slot.waiters.splice(0)) w.resolve();
      } else if (msg.type === 'failed') {
        this.logger.error({ tenant: slot.config.id, message: msg.message }, 'tenant failed to start');
      }
    });
    child.on('error', (err) => this.logger.error({ tenant: slot.config.id, err }, 'tenant process error'));
    child.on('exit', (code, signal) => this.onExit(slot, child, code, signal));
    const config = this.assertionKey ? { ...slot.config, assertionKey: this.assertionKey } : slot.config;
    child.send({ type: 'start', config } satisfies HostToTenant);
  }

  private onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    // A tenant killed mid-script leaves its sandbox children behind; they share its process group.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already empty
      }
    }
    if (slot.child !== child) return;
    slot.child = null;
    const ranFor = slot.startedAt ? Date.now() - slot.startedAt : 0;
    slot.startedAt = null;
    slot.lastExit = { code, signal, at: new Date().toISOString() };
    if (slot.state === 'paused' || slot.state === 'stopped' || this.stopping) return;
    slot.failures = ranFor >= STABLE_MS ? 1 : slot.failures + 1;
    slot.restarts++;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** (slot.failures - 1));
    this.logger.warn({ tenant: slot.config.id, code, signal, delay }, 'tenant exited; restarting');
    slot.state = 'backoff';
    slot.nextRestartAt = Date.now() + delay;
    slot.timer = setTimeout(() => this.spawn(slot), delay);
  }

  /** Stops the tenant's process; `paused` keeps it stopped until resumed. */
  async stop(id: string, state: 'paused' | 'stopped' = 'stopped'): Promise<void> {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.state = state;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    for (const w of slot.waiters.splice(0)) w.reject(new Error(`tenant ${id} was ${state} before it started`));
    const child = slot.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      if (child.connected) child.send({ type: 'stop' } satisfies HostToTenant);
      else child.kill('SIGTERM');
    });
  }

  async remove(id: string): Promise<void> {
    await this.stop(id);
    this.slots.delete(id);
  }

  state(id: string): TenantRunState | null {
    return this.slots.get(id)?.state ?? null;
  }

  socketOf(id: string): string | null {
    return this.slots.get(id)?.config.socket ?? null;
  }

  /** `withPss` costs a walk of the process's mappings: for one tenant's view, not heartbeats. */
  async status(id: string, withPss = true): Promise<TenantStatus | null> {
    const slot = this.slots.get(id);
    if (!slot) return null;
    const pid = slot.child?.pid ?? null;
    const mem = pid !== null && slot.state === 'running' ? await processMemory(pid, withPss) : null;
    return {
      id,
      status: slot.state,
      pid,
      uptimeMs: slot.startedAt ? Date.now() - slot.startedAt : null,
      restarts: slot.restarts,
      rssBytes: mem?.rssBytes ?? null,
      pssBytes: mem?.pssBytes ?? null,
      lastExit: slot.lastExit,
      nextRestartInMs: slot.nextRestartAt ? Math.max(0, slot.nextRestartAt - Date.now()) : null,
    };
  }

  async statuses(): Promise<TenantStatus[]> {
    const all = await Promise.all([...this.slots.keys()].map((id) => this.status(id, false)));
    return all.filter((s): s is TenantStatus => s !== null);
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.slots.keys()].map((id) => this.stop(id)));
  }
}
