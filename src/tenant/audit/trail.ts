import type { AuditRepository } from '../../store/audit-repo.js';
import type { RequestOutcome } from '../http/server.js';

const clip = (s: string): string => s.slice(0, 200);

/**
 * The tenant's own audit trail: every request to a route that changes something (not GET or
 * HEAD, nor a POST that only reads, such as a search), refused ones included: who (as main asserted
 * it), from where (the client's address main signed), what, on what, with which result.
 * Never a body. Main keeps its own trail; this one is what the tenant itself saw.
 */
export class TenantAuditTrail {
  constructor(
    private readonly repo: AuditRepository,
    private readonly tenant: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one outcome; returns the trail's new head (for main to witness), if it recorded. */
  async record(o: RequestOutcome): Promise<string | undefined> {
    if (o.method === 'GET' || o.method === 'HEAD' || o.readOnly) return undefined;
    return this.repo.append({
      at: this.now(),
      // Without a valid assertion the caller is unknown: whatever it claimed is not evidence.
      actor: clip(o.caller?.name ?? 'anonymous'),
      address: clip(o.caller?.address ?? ''),
      action: clip(`${o.method} ${o.route}`),
      tenant: this.tenant,
      target: clip(o.target ?? Object.values(o.params).join('/')),
      result: o.status,
      // Main's trail head as main signed it: main cannot later lose that record unnoticed.
      witness: o.caller?.head ?? '',
    });
  }
}
