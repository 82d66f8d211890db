/**
 * Rows of a grants editor (a user's access, the directory's group mappings): where (one tenant,
 * tenants carrying a label, or all tenants) and which role, checked before they are sent.
 */
import type { Grant, GrantEntry, GroupMapping } from '../api/admin-types';

export type ScopeKind = 'tenant' | 'label' | 'all';

export interface GrantRow {
  key: number;
  /** The directory group (mappings only). */
  group: string;
  kind: ScopeKind;
  /** The tenant id or the label; unused for all tenants. */
  value: string;
  role: string;
}

let counter = 0;

export function newRow(role = ''): GrantRow {
  counter += 1;
  return { key: counter, group: '', kind: 'tenant', value: '', role };
}

export function rowsFromGrants(grants: readonly Grant[]): GrantRow[] {
  return grants.map((g) => {
    const row = newRow(g.role);
    if ('all' in g.scope) return { ...row, kind: 'all' };
    if ('tenant' in g.scope) return { ...row, kind: 'tenant', value: g.scope.tenant };
    return { ...row, kind: 'label', value: g.scope.label };
  });
}

export function rowsFromMappings(mappings: readonly GroupMapping[]): GrantRow[] {
  return mappings.map((m) => {
    const row = { ...newRow(m.role), group: m.group };
    if (m.tenant === '*') return { ...row, kind: 'all' };
    if (m.tenant !== undefined) return { ...row, kind: 'tenant', value: m.tenant };
    return { ...row, kind: 'label', value: m.label ?? '' };
  });
}

const LABEL = /^[a-z][a-z0-9-]{1,39}$/;

function entryOf(row: GrantRow): GrantEntry {
  if (row.kind === 'all') return { tenant: '*', role: row.role };
  if (row.kind === 'tenant') return { tenant: row.value, role: row.role };
  return { label: row.value.trim(), role: row.role };
}

/** The rows as the API takes them, or the first obvious mistake (numbered as the user sees them). */
export function toEntries(rows: readonly GrantRow[]): { entries: GrantEntry[] } | { error: string } {
  for (const [i, row] of rows.entries()) {
    const n = `Row ${i + 1}`;
    if (row.kind === 'tenant' && row.value === '') return { error: `${n}: choose a tenant.` };
    if (row.kind === 'label' && !LABEL.test(row.value.trim())) return { error: `${n}: a label is 2 to 40 lowercase letters, digits or dashes, starting with a letter.` };
    if (row.role === '') return { error: `${n}: choose a role.` };
  }
  return { entries: rows.map(entryOf) };
}

/** Group mappings: the same rows, each with its group. */
export function toMappings(rows: readonly GrantRow[]): { mappings: GroupMapping[] } | { error: string } {
  const missing = rows.findIndex((r) => r.group.trim() === '');
  if (missing >= 0) return { error: `Mapping ${missing + 1}: name the directory group.` };
  const checked = toEntries(rows);
  if ('error' in checked) return { error: checked.error.replace(/^Row/, 'Mapping') };
  return { mappings: checked.entries.map((e, i) => ({ group: rows[i]?.group.trim() ?? '', ...e })) };
}
