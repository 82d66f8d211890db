/**
 * Who may use a new tenant: rows of a main user and the role they get on it. Only local users
 * are offered: a directory user's access follows their groups' mappings and cannot be granted
 * one by one.
 */
import type { MainUser, Role } from '../api/admin-types';

export interface AccessRow {
  /** Keeps React's rows apart while users are still being chosen. */
  key: number;
  userId: string;
  roleId: string;
}

interface Props {
  rows: readonly AccessRow[];
  onChange: (rows: AccessRow[]) => void;
  users: readonly MainUser[];
  roles: readonly Role[];
  disabled: boolean;
}

let nextKey = 1;

/** A new row, with the role most new tenants' users get (Analyst) when there is one. */
export function newRow(roles: readonly Role[]): AccessRow {
  const preferred = roles.find((r) => r.id === 'analyst') ?? roles[0];
  return { key: nextKey++, userId: '', roleId: preferred?.id ?? '' };
}

/** What is wrong with the rows before anything is sent, or undefined. */
export function rowsProblem(rows: readonly AccessRow[]): string | undefined {
  if (rows.some((r) => r.userId === '')) return 'Choose a user in every access row, or remove the empty rows.';
  if (rows.some((r) => r.roleId === '')) return 'Choose a role in every access row.';
  const ids = rows.map((r) => r.userId);
  if (new Set(ids).size !== ids.length) return 'Each user may appear once: give them a single role here.';
  return undefined;
}

export function AccessRows({ rows, onChange, users, roles, disabled }: Props) {
  const local = users.filter((u) => u.kind === 'local');
  const set = (key: number, change: Partial<AccessRow>): void => onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  return (
    <fieldset className="tn-fieldset" disabled={disabled}>
      <legend>Access</legend>
      <p className="muted small tn-hint">
        Main users who get a role on this tenant as soon as it exists. Only local users are listed: directory users get their access from their groups&apos; mappings
        (Settings › Directory).
      </p>
      {rows.length > 0 && (
        <ul className="tn-access-rows">
          {rows.map((r, i) => (
            <li key={r.key} className="tn-access-row">
              <select aria-label={`User ${i + 1}`} value={r.userId} onChange={(e) => set(r.key, { userId: e.target.value })}>
                <option value="">Choose a user…</option>
                {local.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.username}
                    {u.disabled ? ' (disabled)' : ''}
                  </option>
                ))}
              </select>
              <select aria-label={`Role for user ${i + 1}`} value={r.roleId} onChange={(e) => set(r.key, { roleId: e.target.value })}>
                {roles.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </select>
              <button type="button" className="btn small ghost" aria-label={`Remove access row ${i + 1}`} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {local.length === 0 ? (
        <p className="muted small">There are no local users to grant access to.</p>
      ) : (
        <button type="button" className="btn small" onClick={() => onChange([...rows, newRow(roles)])} disabled={roles.length === 0}>
          + Add a user
        </button>
      )}
    </fieldset>
  );
}
