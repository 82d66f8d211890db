/** The incident model shared by tenants (which own the data) and main (which only relays it). */

export const SEVERITIES = ['unknown', 'low', 'medium', 'high', 'critical'] as const;
export type SeverityName = (typeof SEVERITIES)[number];
/** 0 unknown … 4 critical, as in XSOAR (XSOAR's 0.5 "informational" maps to 0). */
export type Severity = 0 | 1 | 2 | 3 | 4;

export const STATUSES = ['pending', 'active', 'done', 'archive'] as const;
export type Status = (typeof STATUSES)[number];

export interface Label {
  type: string;
  value: string;
}

export interface Incident {
  id: number;
  name: string;
  type: string;
  severity: Severity;
  status: Status;
  owner: string;
  /** ISO-8601 timestamps; `closed` is null while the incident is open. */
  created: string;
  modified: string;
  occurred: string;
  closed: string | null;
  closeReason: string;
  closeNotes: string;
  labels: Label[];
  details: string;
  customFields: Record<string, unknown>;
}

/** What a client may send to create an incident; everything but the name has a default. */
export interface IncidentInput {
  name: string;
  type?: string;
  severity?: Severity;
  status?: Status;
  owner?: string;
  occurred?: string;
  created?: string;
  labels?: Label[];
  details?: string;
  customFields?: Record<string, unknown>;
}

export interface IncidentPatch {
  name?: string;
  type?: string;
  severity?: Severity;
  status?: Status;
  owner?: string;
  occurred?: string;
  labels?: Label[];
  details?: string;
  customFields?: Record<string, unknown>;
}

/** Fields a search may sort by, and how their values compare when tenants' pages merge. */
export const SORT_FIELDS = ['created', 'modified', 'occurred', 'severity', 'id', 'name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = 'asc' | 'desc';
export interface Sort {
  field: SortField;
  order: SortOrder;
}
export const DEFAULT_SORT: Sort = { field: 'created', order: 'desc' };

/** The value an incident sorts by, in the form both SQL dialects and the merge compare. */
export function sortValue(incident: Incident, field: SortField): number | string {
  switch (field) {
    case 'created':
    case 'modified':
    case 'occurred':
      return Date.parse(incident[field]);
    case 'severity':
    case 'id':
      return incident[field];
    case 'name':
      return incident.name;
  }
}
