/** What the tenant checks without loading the playbook engine: runs to resume, a type's default playbook. */
import type { Database } from '../../store/database.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';

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
