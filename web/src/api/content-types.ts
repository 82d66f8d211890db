/** The shapes main's content, sync and pack routes answer with, as far as the console reads them. */

export const KINDS = [
  'playbooks',
  'scripts',
  'integrations',
  'incidenttypes',
  'incidentfields',
  'layouts',
  'lists',
  'jobs',
  'dashboards',
  'indicatortypes',
  'roles',
] as const;
export type Kind = (typeof KINDS)[number];

export function isKind(value: string | undefined): value is Kind {
  return (KINDS as readonly string[]).includes(value ?? '');
}

/** One item of main's library at its current version (`GET /content/:kind`). */
export interface ContentItem {
  kind: string;
  id: string;
  name: string;
  labels: string[];
  version: number;
  hash: string;
  pack: string | null;
  /** Milliseconds since the epoch. */
  created: number;
  modified: number;
}

/** One item with a version's document (`GET /content/:kind/:id`). */
export interface ContentItemDoc extends ContentItem {
  doc: unknown;
  format: string;
  shownVersion: number;
}

export interface SavedItem {
  kind: string;
  id: string;
  name: string;
  version: number;
  changed: boolean;
}

export interface ContentVersion {
  version: number;
  hash: string;
  format: 'yaml' | 'json';
  author: string;
  at: string;
  note: string;
}

export interface Change {
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface ContentDiff {
  kind: string;
  id: string;
  from: number;
  to: number;
  changes: Change[];
  truncated: boolean;
}

export interface ImportFile {
  fileName: string;
  text: string;
}

export interface ImportResult {
  items: SavedItem[];
  skipped?: { path: string; reason: string }[];
}

/** One problem in one file, as an import's 400 names it. */
export interface ContentIssue {
  file: string;
  field: string;
  reason: string;
}

export interface ItemRef {
  kind: string;
  id: string;
  version?: number;
}

export interface TenantPlan {
  add: ItemRef[];
  update: ItemRef[];
  remove: ItemRef[];
  conflicts: (ItemRef & { reason: string })[];
}

export interface SyncPreview {
  tenant: string;
  status: 'in_sync' | 'behind';
  plan?: TenantPlan;
  error?: string;
}

/** A tenant's row of a sync job's progress. */
export interface JobTenant {
  /** The server reports pending, then done or failed. */
  status: 'pending' | 'running' | 'done' | 'failed';
  added?: number;
  updated?: number;
  removed?: number;
  conflicts?: (ItemRef & { reason: string })[];
  error?: string;
}

export interface Job {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed' | 'partial';
  created: string;
  finished: string | null;
  createdBy: string;
  progress: { total?: number; done?: number; tenants?: Record<string, JobTenant> };
}

export interface TenantDrift {
  tenant: string;
  sync: { status: string; reason?: string; lastSuccess?: string | null; nextAttempt?: string | null };
  reachable: boolean;
  error?: string;
  drifted: boolean;
  missing: ItemRef[];
  changed: ItemRef[];
  extra: ItemRef[];
  conflicts: (ItemRef & { reason: string })[];
  detached: ItemRef[];
}

export interface Pack {
  id: string;
  name: string;
  version: string;
  metadata: Record<string, unknown>;
  labels: string[];
  source: 'upload' | 'marketplace';
  installed: string;
  installedBy: string;
  updated: string;
}

export interface PackDetail extends Pack {
  items: { kind: string; id: string; name: string; version: number; editedSinceInstall: boolean }[];
  dependents: string[];
}

export interface PackOutcome {
  id: string;
  version: string;
  previous: string | null;
  role: 'target' | 'dependency';
  added: ItemRef[];
  updated: ItemRef[];
  unchanged: number;
  removed: ItemRef[];
  keptEdited: ItemRef[];
  overwritten: ItemRef[];
  released: ItemRef[];
}

export interface InstallResult {
  packs: PackOutcome[];
  skipped: { pack: string; path: string; reason: string }[];
  optionalMissing: { id: string; neededBy: string }[];
}

export interface InstallOptions {
  labels?: string[];
  overwriteEdited?: boolean;
}

export interface MarketPack {
  id: string;
  name: string;
  description: string;
  author: string;
  available: string[];
  latest: string | null;
  installed: string | null;
  upgradable: boolean;
  dependencies: Record<string, unknown>;
  items: number;
}

export interface Marketplace {
  folder: string;
  packs: MarketPack[];
  unreadable: { source: string; error: string }[];
}

/** An item a tenant holds: main's pushed copy (locked there) or its own. */
export interface TenantItem {
  kind: string;
  id: string;
  name: string;
  owner: 'main' | 'tenant';
  version: number;
  hash: string;
  detached: boolean;
  detachedAt: string | null;
  updated: string;
  updatedBy: string;
}

export interface TenantItemDoc extends TenantItem {
  doc: unknown;
}
