/** The shapes main's API answers with, as far as the console reads them. */

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export type UserKind = 'local' | 'directory' | 'customer' | 'apikey';

export interface PermissionSet {
  resources: Record<string, string[]>;
  flags: string[];
}

export interface Me {
  user: { id: string; username: string; kind: UserKind; tenant: string | null; groups?: string[] };
  main: PermissionSet;
  tenants: { id: string; name: string; permissions: PermissionSet }[];
}

export interface LoginResult {
  csrfToken?: string;
  expiresAt: string;
  user: { id: string; username: string; kind: UserKind; tenant: string | null };
}

export interface Tenant {
  id: string;
  name: string;
  state?: string;
  labels?: string[];
}

export type Severity = 0 | 1 | 2 | 3 | 4;
export type IncidentStatus = 'pending' | 'active' | 'done' | 'archive';

export interface Label {
  type: string;
  value: string;
}

export interface Incident {
  id: number;
  name: string;
  type: string;
  severity: Severity;
  status: IncidentStatus;
  owner: string;
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

/** A row of the cross-tenant search: the incident and the tenant that holds it. */
export interface TenantIncident extends Incident {
  tenant: string;
}

export type SortField = 'created' | 'modified' | 'occurred' | 'severity' | 'id' | 'name';
export type SortOrder = 'asc' | 'desc';
export interface Sort {
  field: SortField;
  order: SortOrder;
}

export interface SearchRequest {
  query: string;
  size: number;
  sort: Sort;
  cursor?: string;
  total?: boolean;
}

export interface TenantError {
  tenant: string;
  error: { code: string; message: string };
}

export interface TenantSearchResult {
  items: Incident[];
  cursor: string | null;
  total?: number;
}

export interface FanoutSearchResult {
  items: TenantIncident[];
  cursor: string | null;
  total?: number;
  errors: TenantError[];
}

export interface WarRoomEntry {
  id: number;
  incidentId?: number;
  runId?: string | null;
  taskId: string | null;
  /** 1 note, 4 error (XSOAR's entry types). */
  type: number;
  format: string;
  contents: unknown;
  humanReadable: string;
  tags: string[];
  /** Milliseconds since the epoch. */
  created: number;
}

export interface EntriesPage {
  entries: WarRoomEntry[];
  next: number | null;
}

export interface WarRoomCommandInfo {
  name: string;
  kind: 'builtin' | 'script';
}

export type PlanState = 'none' | 'running' | 'waiting' | 'completed' | 'failed' | 'stopped';
export type TaskState = 'pending' | 'ready' | 'running' | 'waiting' | 'completed' | 'error' | 'skipped';

export interface FormQuestion {
  id: string;
  label: string;
  type: string;
  required: boolean;
  options: string[];
}

export interface PlanTask {
  id: string;
  taskId?: string;
  name: string;
  type: string;
  state: TaskState;
  attempts?: number;
  readyAt?: string;
  startedAt?: string;
  finishedAt?: string;
  branch?: string | null;
  label?: string;
  error?: string;
  skipReason?: string;
  waitingFor?: string;
  wait?: { reason: string; wakeAt: string | null; data: Record<string, unknown> };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  subPlaybook?: { runId: string; playbookId: string; playbookName: string; iteration: number; state: string };
}

export interface PlanEdge {
  from: string;
  to: string;
  label: string;
  /** `taken`, `dead` or `open`. */
  status: string;
}

export interface WorkPlan {
  state: PlanState;
  runId: string | null;
  playbookId: string | null;
  playbookName?: string | null;
  startedAt?: string;
  finishedAt?: string;
  tasks: PlanTask[];
  edges: PlanEdge[];
}

export interface TaskAnswer {
  answer?: string;
  answers?: Record<string, unknown>;
  note?: string;
}

/** `GET /api/v1/incidents/stats`: counts per tenant and summed, for the dashboard. */
export interface StatsCount {
  status: IncidentStatus;
  severity: Severity;
  count: number;
}

/** Incidents created on one UTC day, `YYYY-MM-DD`; days without any are left out. */
export interface DayCount {
  day: string;
  count: number;
}

export interface TypeCount {
  type: string;
  count: number;
}

export interface TenantStats {
  tenant: string;
  total: number;
  counts: StatsCount[];
  byDay: DayCount[];
  topTypes: TypeCount[];
}

export interface IncidentStats {
  tenants: TenantStats[];
  totals: {
    incidents: number;
    byStatus: Record<string, number>;
    bySeverity: Record<string, number>;
    byDay: DayCount[];
    topTypes: TypeCount[];
  };
  errors: TenantError[];
}

/** One incident named by a bulk action: the tenant that holds it and its id there. */
export interface BulkItem {
  tenant: string;
  id: number;
}

export interface BulkSet {
  owner?: string;
  severity?: Severity;
}

export interface BulkClose {
  reason: string;
  notes: string;
}

/** `POST /api/v1/incidents/bulk`: exactly one of `set` or `close`, at most 1000 items. */
export type BulkRequest = { items: BulkItem[]; set: BulkSet } | { items: BulkItem[]; close: BulkClose };

export interface BulkItemResult extends BulkItem {
  ok: boolean;
  error?: { code: string; message: string };
}

export interface BulkResponse {
  results: BulkItemResult[];
  succeeded: number;
  failed: number;
}
