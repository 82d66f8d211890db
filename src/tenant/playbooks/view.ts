/**
 * What a playbook's values read (XSOAR-FORMATS §2.1): the run's context with the roots the
 * server adds — `incident` (fields as XSOAR names them, custom fields by cliName both at the
 * top and under `CustomFields`, `labels` as `{type, value}`), `inputs`, `lists`,
 * `currentPlaybookID`, `demistoUrls`. The roots shadow context keys of the same name, as on
 * the server.
 */
import type { Incident } from '../../core/incident.js';

const SEVERITY_NAMES = ['unknown', 'low', 'medium', 'high', 'critical'];

/** XSOAR's status numbers: 0 pending, 1 active, 2 done, 3 archive. */
const STATUS_NUMBERS: Record<string, number> = { pending: 0, active: 1, done: 2, archive: 3 };

export function incidentView(incident: Incident): Record<string, unknown> {
  const view: Record<string, unknown> = { ...incident.customFields };
  Object.assign(view, {
    id: String(incident.id),
    name: incident.name,
    type: incident.type,
    severity: incident.severity,
    severityName: SEVERITY_NAMES[incident.severity] ?? 'unknown',
    status: STATUS_NUMBERS[incident.status] ?? 0,
    owner: incident.owner,
    created: incident.created,
    modified: incident.modified,
    occurred: incident.occurred,
    closed: incident.closed ?? '0001-01-01T00:00:00Z',
    closeReason: incident.closeReason,
    closeNotes: incident.closeNotes,
    details: incident.details,
    labels: incident.labels,
    CustomFields: incident.customFields,
  });
  return view;
}

export interface ViewParts {
  readonly context: Readonly<Record<string, unknown>>;
  readonly incident: Incident;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly lists: Readonly<Record<string, unknown>>;
  readonly playbookId: string;
  readonly urls: { readonly server: string; readonly investigation: string };
}

export function buildView(parts: ViewParts): Record<string, unknown> {
  return {
    ...parts.context,
    incident: incidentView(parts.incident),
    inputs: parts.inputs,
    lists: parts.lists,
    currentPlaybookID: parts.playbookId,
    demistoUrls: parts.urls,
  };
}

/** `lists.<Name>` references in a task, so only those lists are read for it. */
export function listNamesIn(task: unknown): string[] {
  const text = JSON.stringify(task);
  const names = new Set<string>();
  for (const m of text.matchAll(/lists\.([A-Za-z0-9_\- ]{1,128}?)(?=[."}\s(|]|$)/g)) if (m[1] !== undefined) names.add(m[1]);
  return [...names];
}

/** Whether a task reads `lists` whole (`root: lists`), so every list must be in its view. */
export function wantsAllLists(task: unknown): boolean {
  return /"(root|simple)":"\s*lists\s*"/.test(JSON.stringify(task));
}
