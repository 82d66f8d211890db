import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '../../core/errors.js';
import { fingerprint, signCsr, type KeyPair } from '../../net/pki.js';
import type { HostRepository, HostRow, TenantRepository } from '../../store/main-repos.js';
import { hashToken } from './auth.js';

export interface TenantLiveStatus {
  id: string;
  status: string;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  rssBytes: number | null;
  pssBytes: number | null;
}

const ONLINE_MS = 20_000;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

/** Host enrollment (one-time token → certificate signed by main's CA) and heartbeats. */
export class HostService {
  /** Tenants' last reported state, per host: volatile, refreshed by every heartbeat. */
  private readonly reported = new Map<string, Map<string, TenantLiveStatus>>();

  constructor(
    private readonly hosts: HostRepository,
    private readonly tenants: TenantRepository,
    private readonly ca: () => KeyPair,
    /** Handed to hosts so their tenants can verify main's identity assertions. */
    private readonly assertionKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  async createEnrollment(name: string, ttlMinutes: number): Promise<{ token: string; name: string; expiresAt: string }> {
    if (await this.hosts.byName(name)) throw new AppError('conflict', `a host named ${name} exists already`);
    // The token carries the CA's fingerprint, so a new host can fetch main's CA certificate
    // over an unverified connection and still know it is the right one (as kubeadm does).
    const token = `pse_${randomBytes(24).toString('base64url')}.${fingerprint(this.ca().certPem)}`;
    const now = this.now();
    const expires = now + ttlMinutes * 60_000;
    await this.hosts.createEnrollment({ tokenHash: hashToken(token), name, created: now, expires });
    return { token, name, expiresAt: new Date(expires).toISOString() };
  }

  async enroll(token: string, csrPem: string, address: string): Promise<{ host: { id: string; name: string }; certificate: string; assertionKey: string }> {
    if (!isIP(address) && !HOSTNAME.test(address)) throw new AppError('invalid_request', 'address must be an IP address or a host name');
    const id = randomUUID();
    // Sign before consuming the token: a bad CSR must not burn a valid token.
    const certificate = await signCsr(this.ca(), csrPem, { commonName: `host-${id}`, role: 'host', sans: [address] }).catch((err: unknown) => {
      throw new AppError('invalid_request', `csr refused: ${err instanceof Error ? err.message : 'invalid'}`);
    });
    const claim = await this.hosts.consumeEnrollment(hashToken(token), this.now(), id);
    if (!claim) throw new AppError('unauthorized', 'enrollment token is invalid, used or expired');
    if (await this.hosts.byName(claim.name)) throw new AppError('conflict', `a host named ${claim.name} exists already`);
    await this.hosts.create({ id, name: claim.name, address, certFingerprint: fingerprint(certificate), certPem: certificate, created: this.now() });
    return { host: { id, name: claim.name }, certificate, assertionKey: this.assertionKey };
  }

  /** A heartbeat from the host whose client certificate has fingerprint `fp`; answers the desired tenants. */
  async heartbeat(
    fp: string,
    body: { url: string; version: string; tenants: TenantLiveStatus[] },
  ): Promise<{ tenants: { id: string; paused: boolean }[]; assertionKey: string }> {
    const host = await this.hosts.byFingerprint(fp);
    if (!host) throw new AppError('forbidden', 'unknown host certificate');
    const url = new URL(body.url);
    if (url.protocol !== 'https:' || url.hostname.replace(/^\[|\]$/g, '') !== host.address) {
      throw new AppError('invalid_request', 'url must be https on the address the host enrolled with');
    }
    await this.hosts.seen(host.id, url.origin, body.version, this.now());
    this.reported.set(host.id, new Map(body.tenants.map((t) => [t.id, t])));
    const desired = await this.tenants.onHost(host.id);
    return { tenants: desired.filter((t) => t.state !== 'deleting').map((t) => ({ id: t.id, paused: t.state === 'paused' })), assertionKey: this.assertionKey };
  }

  caCertificate(): string {
    return this.ca().certPem;
  }

  online(host: HostRow): boolean {
    return host.lastSeen !== null && this.now() - host.lastSeen < ONLINE_MS;
  }

  reportedStatus(hostId: string, tenantId: string): TenantLiveStatus | undefined {
    return this.reported.get(hostId)?.get(tenantId);
  }

  async list(): Promise<(HostRow & { online: boolean; tenants: number })[]> {
    const [hosts, tenants] = await Promise.all([this.hosts.list(), this.tenants.list()]);
    return hosts.map((h) => ({ ...h, online: this.online(h), tenants: tenants.filter((t) => t.hostId === h.id).length }));
  }

  async get(id: string): Promise<HostRow> {
    const host = await this.hosts.get(id);
    if (!host) throw new AppError('not_found', `host ${id} not found`);
    return host;
  }
}
