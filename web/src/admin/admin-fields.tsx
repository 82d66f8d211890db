/** Form fields the Settings pages share: a new password typed twice, and a choice of one role. */
import { useId } from 'react';
import type { Role } from '../api/admin-types';

/** The rules the API enforces are said up front. */
interface PasswordProps {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  disabled?: boolean;
  /** "Password" for a new account, "New password" for a reset. */
  label?: string;
}

export function PasswordFields({ password, confirm, onPassword, onConfirm, disabled = false, label = 'Password' }: PasswordProps) {
  const rules = useId();
  return (
    <div className="admin-form-row">
      <label className="field">
        <span>{label}</span>
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => onPassword(e.target.value)} disabled={disabled} minLength={12} maxLength={1000} aria-describedby={rules} />
      </label>
      <label className="field">
        <span>Confirm {label.toLowerCase()}</span>
        <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => onConfirm(e.target.value)} disabled={disabled} maxLength={1000} />
      </label>
      <p id={rules} className="muted small admin-hint">
        At least 12 characters, and not containing the username.
      </p>
    </div>
  );
}

/** One role among those the API listed (a customer user's, a tenant key's). */
interface RoleProps {
  roles: readonly Role[];
  value: string;
  onChange: (id: string) => void;
  disabled?: boolean;
  label?: string;
  /** Offered first with an empty value, when a choice may be left to the API's default. */
  placeholder?: string;
}

export function RoleSelect({ roles, value, onChange, disabled = false, label = 'Role', placeholder = 'Choose a role…' }: RoleProps) {
  const known = value === '' || roles.some((r) => r.id === value);
  return (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        <option value="">{placeholder}</option>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
            {r.tenant !== null ? ' (tenant role)' : r.builtin ? ' (built-in)' : ''}
          </option>
        ))}
        {!known && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
