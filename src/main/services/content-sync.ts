import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, isErrorBody } from '../../core/errors.js';
import { pool } from '../../core/pool.js';
import { planFor, planIsEmpty, type HeldItem, type TenantPlan } from '../../core/content/plan.js';
import { LibraryCache, type LibrarySnapshot } from './content-snapshot.js';
import type { ContentRepository } from '../../store/content-repo.js';
import type { ContentSyncRepository } from '../../store/content-sync-repo.js';
import type { JobRepository } from '../../store/job-repo.js';
import type { HostRow, TenantRow } from '../../store/main-repos.js';
import type { HostClient } from '../host-client.js';
import type { AccessService } from './access.js';
import type { TenantService } from './tenants.js';

type Live = { tenant: TenantRow; host: HostRow };
export type TenantOutcome = { tenant: string; status: 'in_sync' | 'behind'; plan?: TenantPlan; error?: string };

const CONCURRENCY = 8;
const DEBOUNCE_MS = 1000;
const PERIOD_MS = 30_000;

/**
 * Desired-state content sync: for each tenant, main works out what it should hold (items whose
 * labels reach it, with their dependencies), asks what it holds, and sends only the
 * difference, which the tenant applies in one transaction. Runs on demand (as a job), soon
 * after any change (debounced), and periodically for tenants that are behind (with backoff).
 */
export class ContentSync {
  private running: Promise<void> | null = null;
  private again: Set<string> | 'all' | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly cache: LibraryCache;

  constructor(
    private readonly content: ContentRepository,
    private readonly status: ContentSyncRepository,
    private readonly jobs: JobRepository,
    private readonly tenants: TenantService,
    private readonly client: HostClient,
    private readonly access: AccessService,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LibraryCache(content);
  }

  start(): void {
    this.timer = setInterval(() => void this.due().catch((err: unknown) => this.log.warn({ err }, 'periodic content sync failed')), PERIOD_MS);
    this.timer.unref();
    this.soon();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    await this.running?.catch(() => undefined);
  }

  /** Something changed: sync every tenant (or these) shortly; changes close together coalesce. */
  soon(tenants?: readonly string[]): void {
    this.queue(tenants);
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.drain(), DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** What each tenant would receive, without sending anything. */
  async preview(tenantIds?: readonly string[]): Promise<TenantOutcome[]> {
    return (await this.inspect(tenantIds)).map(({ held: _, ...o }) => o);
  }

  private async inspect(tenantIds?: readonly string[]): Promise<(TenantOutcome & { held?: HeldItem[] })[]> {
    const [library, live] = await Promise.all([this.cache.snapshot(), this.live(tenantIds)]);
    return pool(live, CONCURRENCY, async (l) => {
      try {
        const held = await this.held(l);
        return { tenant: l.tenant.id, status: 'in_sync' as const, plan: planFor(library.desired(l.tenant.labels), held), held };
      } catch (err) {
        return { tenant: l.tenant.id, status: 'behind' as const, error: errorText(err) };
      }
    });
  }

  /** Starts a sync job now and returns its id; its progress is kept per tenant. */
  async startJob(tenantIds: readonly string[] | undefined, by: string): Promise<string> {
    const live = await this.live(tenantIds);
    const id = randomUUID();
    const progress = { total: live.length, done: 0, tenants: Object.fromEntries(live.map((l) => [l.tenant.id, { status: 'pending' }])) };
    await this.jobs.create({ id, kind: 'content-sync', createdBy: by, progress }, this.now());
    void this.exclusive(async () => {
      const results = await this.syncTenants(live, async (outcome) => {
        progress.done++;
        progress.tenants[outcome.tenant] = outcomeView(outcome);
        await this.jobs.update(id, progress);
      });
      const failed = results.filter((r) => r.status !== 'in_sync').length;
      await this.jobs.update(id, progress, failed === 0 ? 'succeeded' : failed === results.length ? 'failed' : 'partial', this.now());
    }).catch((err: unknown) => this.log.error({ err, job: id }, 'content sync job failed'));
    return id;
  }

  /** How each tenant's copy compares with what it should hold, live. */
  async drift(): Promise<unknown[]> {
    const [outcomes, states] = await Promise.all([this.inspect(), this.status.all()]);
    const status = new Map(states.map((s) => [s.tenant, s]));
    return outcomes.map((o) => {
      const s = status.get(o.tenant);
      const detached = (o.held ?? []).filter((h) => h.detached).map((h) => ({ kind: h.kind, id: h.id }));
      const plan = o.plan;
      return {
        tenant: o.tenant,
        sync: s ? { status: s.status, reason: s.reason, lastSuccess: s.lastSuccess && new Date(s.lastSuccess).toISOString(), nextAttempt: s.nextAttempt && new Date(s.nextAttempt).toISOString() } : { status: 'never' },
        reachable: o.error === undefined,
        ...(o.error ? { error: o.error } : {}),
        drifted: o.error !== undefined || (plan !== undefined && (!planIsEmpty(plan) || plan.conflicts.length > 0)),
        missing: plan?.add ?? [],
        changed: plan?.update ?? [],
        extra: plan?.remove ?? [],
        conflicts: plan?.conflicts ?? [],
        detached,
      };
    });
  }

  forget(tenant: string): Promise<void> {
    return this.status.forget(tenant);
  }

  private queue(tenants?: readonly string[]): void {
    if (!tenants || this.again === 'all') this.again = 'all';
    else this.again = new Set([...(this.again ?? []), ...tenants]);
  }

  private async drain(): Promise<void> {
    await this.exclusive(async () => {
      while (this.again) {
        const which = this.again;
        this.again = null;
        await this.syncTenants(await this.live(which === 'all' ? undefined : [...which], true));
      }
    }).catch((err: unknown) => this.log.warn({ err }, 'content sync failed'));
  }

  /** Tenants whose last attempt failed and whose backoff has passed, or that were never synced. */
  private async due(): Promise<void> {
    const now = this.now();
    const states = new Map((await this.status.all()).map((s) => [s.tenant, s]));
    const ids = (await this.tenants.allLive()).map((l) => l.tenant.id).filter((id) => {
      const s = states.get(id);
      return !s || (s.status === 'behind' && (s.nextAttempt ?? 0) <= now);
    });
    if (ids.length) {
      this.queue(ids);
      await this.drain();
    }
  }

  /** One sync at a time: two overlapping runs would compute plans from each other's half-applied state. */
  private async exclusive(fn: () => Promise<void>): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = fn();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private async syncTenants(live: readonly Live[], each?: (o: TenantOutcome) => Promise<void>): Promise<TenantOutcome[]> {
    const library = await this.cache.snapshot();
    return pool(live, CONCURRENCY, async (l) => {
      const outcome = await this.syncOne(l, library);
      if (each) await each(outcome);
      return outcome;
    });
  }

  private async syncOne(l: Live, library: LibrarySnapshot): Promise<TenantOutcome> {
    const now = this.now();
    try {
      if (l.tenant.state === 'paused') throw new AppError('tenant_paused', `tenant ${l.tenant.id} is paused`);
      const plan = planFor(library.desired(l.tenant.labels), await this.held(l));
      if (!planIsEmpty(plan)) await this.call(l, 'POST', '/api/v1/content/sync', 'admin', library.pushBody(plan));
      await this.status.succeeded(l.tenant.id, now);
      return { tenant: l.tenant.id, status: 'in_sync', plan };
    } catch (err) {
      const error = errorText(err);
      await this.status.failed(l.tenant.id, error, now);
      this.log.warn({ tenant: l.tenant.id, error }, 'tenant content behind');
      return { tenant: l.tenant.id, status: 'behind', error };
    }
  }

  private async held(l: Live): Promise<HeldItem[]> {
    return ((await this.call(l, 'GET', '/api/v1/content/state', 'read')) as { items: HeldItem[] }).items;
  }

  private async call(l: Live, method: 'GET' | 'POST', path: string, action: 'read' | 'admin', body?: unknown): Promise<unknown> {
    const res = await this.client.relay(l.host, l.tenant.id, {
      method,
      path,
      body: body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
      requestId: randomUUID(),
      timeoutMs: 60_000,
      assertion: await this.access.systemAssertion(l.tenant.id, 'content', action),
    });
    const answer: unknown = await res.body.json().catch(() => null);
    if (res.status >= 300) throw new Error(isErrorBody(answer) ? `${answer.error.code}: ${answer.error.message}` : `tenant answered ${res.status}`);
    return answer;
  }

  private async live(ids?: readonly string[], lenient = false): Promise<Live[]> {
    const all = await this.tenants.allLive();
    if (!ids) return all;
    const found = all.filter((l) => ids.includes(l.tenant.id));
    const missing = ids.filter((id) => !found.some((l) => l.tenant.id === id));
    if (missing.length && !lenient) throw new AppError('not_found', `tenant ${missing[0]!} not found`);
    return found;
  }
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 300);

function outcomeView(o: TenantOutcome) {
  return {
    status: o.status === 'in_sync' ? 'done' : 'failed',
    ...(o.plan ? { added: o.plan.add.length, updated: o.plan.update.length, removed: o.plan.remove.length, conflicts: o.plan.conflicts } : {}),
    ...(o.error ? { error: o.error } : {}),
  };
}
