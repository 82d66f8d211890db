/**
 * The grants editor: one row per grant (a directory group first, for mappings), a scope (one
 * tenant, a label, all tenants) and a role from those usable there. A tenant's own roles are
 * offered on that tenant only, as the API allows.
 */
import type { Tenant } from '../api/types';
import type { Role } from '../api/admin-types';
import { newRow, type GrantRow, type ScopeKind } from './grant-rows';
import type { RoleCatalog } from './use-role-catalog';

interface Props {
  rows: GrantRow[];
  onChange: (rows: GrantRow[]) => void;
  tenants: readonly Tenant[];
  catalog: RoleCatalog;
  disabled?: boolean;
  /** Group mappings: a directory group column. */
  withGroup?: boolean;
  /** What the rows are, for their accessible names: "grant" or "mapping". */
  noun?: string;
}

function roleOptions(roles: readonly Role[], current: string): Role[] {
  if (current === '' || roles.some((r) => r.id === current)) return [...roles];
  // A role the list does not offer (not readable here): kept as it is.
  return [...roles, { id: current, name: current, builtin: false, tenant: null, permissions: { resources: {}, flags: [] } }];
}

export function GrantEditor({ rows, onChange, tenants, catalog, disabled = false, withGroup = false, noun = 'grant' }: Props) {
  const change = (key: number, patch: Partial<GrantRow>): void => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const labels = [...new Set(tenants.flatMap((t) => t.labels ?? []))].sort();
  const listId = `labels-${noun}`;
  return (
    <div className="grant-editor">
      {rows.length === 0 ? (
        <p className="muted small grant-empty">No {noun}s: {withGroup ? 'no group gives any access.' : 'this user can log in but sees no tenant.'}</p>
      ) : (
        <table className="grant-table">
          <thead>
            <tr>
              {withGroup && <th scope="col">Directory group</th>}
              <th scope="col">Scope</th>
              <th scope="col">Tenant or label</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const n = `${noun} ${i + 1}`;
              const roles = roleOptions(catalog.usable(row.kind === 'tenant' && row.value !== '' ? row.value : null), row.role);
              return (
                <tr key={row.key} data-testid={`${noun}-row`}>
                  {withGroup && (
                    <td>
                      <input value={row.group} onChange={(e) => change(row.key, { group: e.target.value })} aria-label={`Group of ${n}`} placeholder="soc-analysts or cn=…" disabled={disabled} maxLength={1000} />
                    </td>
                  )}
                  <td>
                    <select value={row.kind} aria-label={`Scope of ${n}`} disabled={disabled} onChange={(e) => change(row.key, { kind: e.target.value as ScopeKind, value: '' })}>
                      <option value="tenant">One tenant</option>
                      <option value="label">Tenants with label</option>
                      <option value="all">All tenants</option>
                    </select>
                  </td>
                  <td>
                    {row.kind === 'tenant' && (
                      <select value={row.value} aria-label={`Tenant of ${n}`} disabled={disabled} onChange={(e) => change(row.key, { value: e.target.value })}>
                        <option value="">Choose a tenant…</option>
                        {tenants.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name}
                          </option>
                        ))}
                        {row.value !== '' && !tenants.some((t) => t.id === row.value) && <option value={row.value}>{row.value}</option>}
                      </select>
                    )}
                    {row.kind === 'label' && (
                      <input value={row.value} list={listId} aria-label={`Label of ${n}`} placeholder="finance" disabled={disabled} onChange={(e) => change(row.key, { value: e.target.value })} maxLength={40} spellCheck={false} />
                    )}
                    {row.kind === 'all' && <span className="muted">Every tenant, and main's own resources</span>}
                  </td>
                  <td>
                    <select value={row.role} aria-label={`Role of ${n}`} disabled={disabled} onChange={(e) => change(row.key, { role: e.target.value })}>
                      <option value="">Choose a role…</option>
                      {roles.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                          {r.tenant !== null ? ' (tenant role)' : r.builtin ? ' (built-in)' : ''}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="grant-remove">
                    <button type="button" className="btn small ghost" aria-label={`Remove ${n}`} disabled={disabled} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <datalist id={listId}>
        {labels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <button type="button" className="btn small" disabled={disabled} onClick={() => onChange([...rows, newRow()])}>
        + Add {noun}
      </button>
      {catalog.error !== undefined && <p className="field-error">Roles could not be listed: {catalog.error}</p>}
    </div>
  );
}
