import { AppError } from '../../core/errors.js';
import type { HostRepository, HostRow, TenantRepository, TenantRow } from '../../store/main-repos.js';
import type { HostClient } from '../host-client.js';
import type { HostService, TenantLiveStatus } from './hosts.js';

export interface TenantView {
  id: string;
  name: string;
  labels: string[];
  state: TenantRow['state'];
  host: { id: string; name: string; online: boolean };
  created: string;
  /** Live process status from the host (or its last heartbeat when the host does not answer). */
  process: TenantLiveStatus | null;
}

const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;

export function slugify(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : `t-${slug}`.slice(0, 40);
}

/** Tenants as main manages them: where they run and in which state. Their data stays on the host. */
export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly hosts: HostRepository,
    private readonly hostService: HostService,
    private readonly client: HostClient,
    private readonly now: () => number = Date.now,
  ) {}

  async require(id: string): Promise<{ tenant: TenantRow; host: HostRow }> {
    const tenant = await this.tenants.get(id);
    if (!tenant) throw new AppError('not_found', `tenant ${id} not found`);
    const host = await this.hosts.get(tenant.hostId);
    if (!host) throw new AppError('internal', `tenant ${id} has no host`);
    return { tenant, host };
  }

  /** A tenant whose data may be reached: one being deleted is already gone for callers. */
  async requireLive(id: string): Promise<{ tenant: TenantRow; host: HostRow }> {
    const found = await this.require(id);
    if (found.tenant.state === 'deleting') throw new AppError('not_found', `tenant ${id} not found`);
    return found;
  }

  /** Every tenant that is not being deleted, with its host: two queries, for fan-out. */
  async allLive(): Promise<{ tenant: TenantRow; host: HostRow }[]> {
    const [tenants, hosts] = await Promise.all([this.tenants.list(), this.hosts.list()]);
    const byId = new Map(hosts.map((h) => [h.id, h]));
    return tenants.flatMap((tenant) => {
      const host = byId.get(tenant.hostId);
      return tenant.state !== 'deleting' && host ? [{ tenant, host }] : [];
    });
  }

  private async pickHost(hostRef: string | undefined): Promise<HostRow> {
    if (hostRef) {
      const host = (await this.hosts.get(hostRef)) ?? (await this.hosts.byName(hostRef));
      if (!host) throw new AppError('not_found', `host ${hostRef} not found`);
      return host;
    }
    // The online host with the fewest tenants.
    const hosts = (await this.hostService.list()).filter((h) => h.online).sort((a, b) => a.tenants - b.tenants);
    if (!hosts[0]) throw new AppError('conflict', 'no host is online to run the tenant: enroll a host first');
    return hosts[0];
  }

  async create(input: { name: string; id?: string; host?: string; labels?: string[] }): Promise<TenantView> {
    const id = input.id ?? slugify(input.name);
    if (!TENANT_ID.test(id)) throw new AppError('invalid_request', `tenant id "${id}" must be 2-40 lowercase letters, digits or dashes, starting with a letter`);
    if (await this.tenants.get(id)) throw new AppError('conflict', `a tenant with id ${id} exists already`);
    if (await this.tenants.byName(input.name)) throw new AppError('conflict', `a tenant named ${input.name} exists already`);
    const host = await this.pickHost(input.host);
    const now = this.now();
    const labels = [...new Set(input.labels ?? [])];
    await this.tenants.create({ id, name: input.name, hostId: host.id, labels, state: 'active', created: now, modified: now });
    // Desired state is recorded first: if the host is down now, its next heartbeat creates the tenant.
    await this.client.call(host, 'PUT', `/host/v1/tenants/${id}`, { paused: false }).catch(() => undefined);
    return this.get(id);
  }

  async list(): Promise<TenantView[]> {
    const [tenants, hosts] = await Promise.all([this.tenants.list(), this.hosts.list()]);
    const byId = new Map(hosts.map((h) => [h.id, h]));
    return tenants.filter((t) => t.state !== 'deleting').map((t) => this.view(t, byId.get(t.hostId), this.hostService.reportedStatus(t.hostId, t.id) ?? null));
  }

  /** One tenant with its live status; one the caller may not see (`visible`) is a 404 like a missing one. */
  async get(id: string, visible: (t: TenantRow) => boolean = () => true): Promise<TenantView> {
    const { tenant, host } = await this.requireLive(id);
    if (!visible(tenant)) throw new AppError('not_found', `tenant ${id} not found`);
    const live = await this.client
      .call<TenantLiveStatus>(host, 'GET', `/host/v1/tenants/${id}`, undefined, 3000)
      .catch(() => this.hostService.reportedStatus(host.id, id) ?? null);
    return this.view(tenant, host, live);
  }

  /** Replaces a tenant's propagation labels (what content reaches it). */
  async setLabels(id: string, labels: readonly string[]): Promise<TenantView> {
    await this.requireLive(id);
    await this.tenants.setLabels(id, [...new Set(labels)].sort(), this.now());
    return this.get(id);
  }

  async setPaused(id: string, paused: boolean): Promise<TenantView> {
    const { host } = await this.requireLive(id);
    await this.tenants.setState(id, paused ? 'paused' : 'active', this.now());
    await this.client.call(host, 'PUT', `/host/v1/tenants/${id}`, { paused });
    return this.get(id);
  }

  /** Deletes the tenant and all its data; `confirm` must repeat the tenant's name. */
  async delete(id: string, confirm: string | undefined): Promise<void> {
    const { tenant, host } = await this.require(id);
    if (confirm !== tenant.name) {
      throw new AppError('invalid_request', `deleting tenant ${id} removes all its data: repeat its name in ?confirm=`);
    }
    // Marked first, so that no heartbeat answer asks the host to recreate what it is deleting.
    await this.tenants.setState(id, 'deleting', this.now());
    await this.client.call(host, 'DELETE', `/host/v1/tenants/${id}`).catch((err: unknown) => {
      // Already gone from the host is fine; anything else must not orphan the data.
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
    });
    await this.tenants.delete(id);
  }

  private view(t: TenantRow, host: HostRow | undefined, live: TenantLiveStatus | null): TenantView {
    return {
      id: t.id,
      name: t.name,
      labels: t.labels,
      state: t.state,
      host: { id: t.hostId, name: host?.name ?? '', online: host ? this.hostService.online(host) : false },
      created: new Date(t.created).toISOString(),
      process: live,
    };
  }
}
