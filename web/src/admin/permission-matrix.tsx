/**
 * The permission matrix: resources × read / write / execute / admin. A ticked action also ticks
 * (greyed) what it implies; a column header ticks or unticks that action everywhere. Main's
 * roles also carry the account-management and content-sync flags (FlagsEditor).
 */
import { ACTIONS, FLAGS, RESOURCES, type Action, type Flag } from '../api/admin-types';
import { effective, impliedBy, setFlag, toggle, toggleColumn, type MatrixValue } from './permissions';

const RESOURCE_NOTES: Readonly<Record<string, string>> = {
  warroom: 'war room entries and commands',
  settings: 'main settings such as the directory',
  users: 'users and their access',
  roles: 'roles',
  tenants: 'tenants (main only)',
  hosts: 'hosts running tenants (main only)',
  audit: 'the audit trail',
};

const FLAG_TEXT: Readonly<Record<Flag, { label: string; note: string }>> = {
  accountManagement: { label: 'Account management', note: 'create, change and delete tenants' },
  contentSync: { label: 'Content sync', note: 'push main content to tenants' },
};

interface Props {
  value: MatrixValue;
  onChange: (next: MatrixValue) => void;
  readOnly?: boolean;
}

export function PermissionMatrix({ value, onChange, readOnly = false }: Props) {
  const everywhere = (a: Action): boolean => RESOURCES.every((r) => effective(value.resources[r]).has(a));
  return (
    <div className="perm-matrix">
      <table className="perm-table" aria-label="Permissions">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            {ACTIONS.map((a) => (
              <th scope="col" key={a} className="perm-col">
                <label className="perm-head">
                  <input type="checkbox" checked={everywhere(a)} disabled={readOnly} aria-label={`${a} on every resource`} onChange={(e) => onChange(toggleColumn(value, a, e.target.checked))} />
                  {a}
                </label>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {RESOURCES.map((r) => {
            const explicit = value.resources[r];
            const held = effective(explicit);
            return (
              <tr key={r} className={held.size > 0 ? 'perm-held' : undefined}>
                <th scope="row">
                  <span className="perm-resource">{r}</span>
                  {RESOURCE_NOTES[r] !== undefined && <span className="muted small perm-note">{RESOURCE_NOTES[r]}</span>}
                </th>
                {ACTIONS.map((a) => {
                  const by = impliedBy(explicit, a);
                  const implied = by !== undefined && !(explicit ?? []).includes(a);
                  return (
                    <td key={a} className={`perm-cell${implied ? ' perm-implied' : ''}`}>
                      <input
                        type="checkbox"
                        checked={held.has(a)}
                        disabled={readOnly || implied}
                        aria-label={`${r} ${a}`}
                        title={implied ? `Implied by ${by}` : undefined}
                        onChange={(e) => onChange(toggle(value, r, a, e.target.checked))}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small perm-legend">
        <strong>admin</strong> includes write and execute; <strong>write</strong> and <strong>execute</strong> each include read. Implied boxes are ticked and greyed.
      </p>
    </div>
  );
}

/** Main's roles only: powers over the main account that are not an action on one resource. */
export function FlagsEditor({ value, onChange, readOnly = false }: Props) {
  return (
    <fieldset className="admin-fieldset perm-flags">
      <legend>Main account powers</legend>
      {FLAGS.map((f) => (
        <label key={f} className="check">
          <input type="checkbox" checked={value.flags.includes(f)} disabled={readOnly} onChange={(e) => onChange(setFlag(value, f, e.target.checked))} />
          <span>
            {FLAG_TEXT[f].label} <span className="muted small">— {FLAG_TEXT[f].note}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
