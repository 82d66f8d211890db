/**
 * The playbook engine, loaded when first needed. Most tenants are idle most of the time, and
 * the engine's code (the DT interpreter, operators, graph, sandbox) costs an idle tenant ~6 MiB:
 * it loads when a run starts, a work plan is read, or the tenant finds runs to resume at start.
 */
import type { TenantPlaybooks } from './wiring.js';

export class PlaybookHost {
  private loading: Promise<TenantPlaybooks> | undefined;
  private ready: TenantPlaybooks | undefined;

  constructor(private readonly make: () => Promise<TenantPlaybooks>) {}

  get(): Promise<TenantPlaybooks> {
    this.loading ??= this.make().then(async (p) => {
      await p.start();
      this.ready = p;
      return p;
    });
    return this.loading;
  }

  /** The engine if it is loaded, without loading it. */
  loaded(): TenantPlaybooks | undefined {
    return this.ready;
  }

  async close(): Promise<void> {
    if (this.loading) await (await this.loading).close();
  }
}
