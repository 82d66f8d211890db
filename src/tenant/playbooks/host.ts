/**
 * The playbook engine, loaded when first needed. Most tenants are idle most of the time, and
 * the engine's code (the DT interpreter, operators, graph, sandbox) costs an idle tenant ~6 MiB:
 * it loads when a run starts, a work plan is read, or the tenant finds runs to resume at start.
 */
import type { Database } from '../../store/database.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';
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

/** Whether the tenant left runs unsettled or waiting (they resume at start). */
export async function hasRunsToResume(db: Database): Promise<boolean> {
  return (await db.get("SELECT 1 AS one FROM playbook_runs WHERE status IN ('created', 'running', 'failed') LIMIT 1")) !== undefined;
}

/**
 * The playbook an incident type starts on its new incidents (`playbookId`), read without the
 * engine; none when the type says `autorun: false` (XSOAR's switch for a playbook an analyst
 * starts by hand).
 */
export async function defaultPlaybookOf(content: TenantContentRepository, type: string): Promise<string | undefined> {
  if (type === '') return undefined;
  const row = await content.find('incidenttypes', type);
  if (!row) return undefined;
  const doc = JSON.parse(row.body) as { playbookId?: unknown; autorun?: unknown };
  if (doc.autorun === false) return undefined;
  return typeof doc.playbookId === 'string' && doc.playbookId !== '' ? doc.playbookId : undefined;
}
