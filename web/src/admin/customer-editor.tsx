/**
 * Changing one customer user: their role, a new password, enabled or disabled. Each is its own
 * request, so a refused role (more than you hold there) leaves the rest as it was.
 */
import { useState, type FormEvent } from 'react';
import { updateCustomer } from '../api/admin';
import type { CustomerUser, Role } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { passwordProblem } from './admin-context';
import { PasswordFields, RoleSelect } from './admin-fields';

interface Props {
  tenant: string;
  user: CustomerUser;
  roles: readonly Role[];
  self: boolean;
  onClose: () => void;
  onChanged: () => void;
}

export function CustomerEditor({ tenant, user, roles, self, onClose, onChanged }: Props) {
  const [role, setRole] = useState(user.role ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState<string | undefined>(undefined);
  const roleAction = useAction(onChanged);
  const passwordAction = useAction(onChanged);
  const toggle = useAction(onChanged);

  const saveRole = (e: FormEvent): void => {
    e.preventDefault();
    if (role === '') return roleAction.fail('Choose a role.');
    setDone(undefined);
    roleAction.act(() => updateCustomer(tenant, user.id, { role }), () => setDone('Role saved.'));
  };

  const savePassword = (e: FormEvent): void => {
    e.preventDefault();
    const bad = passwordProblem(user.username, password, confirm);
    if (bad !== undefined) return passwordAction.fail(bad);
    setDone(undefined);
    passwordAction.act(
      () => updateCustomer(tenant, user.id, { password }),
      () => {
        setPassword('');
        setConfirm('');
        setDone('Password changed.');
      },
    );
  };

  return (
    <div className="panel admin-form" role="region" aria-label={`Edit ${user.username}`}>
      <div className="admin-head">
        <h2>Edit {user.username}</h2>
        <button type="button" className="btn small ghost admin-toolbar-end" onClick={onClose} aria-label="Close the editor">
          ✕
        </button>
      </div>
      {done !== undefined && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <div className="admin-columns">
        <form onSubmit={saveRole} aria-label="Role" noValidate className="admin-subform">
          <RoleSelect roles={roles} value={role} onChange={setRole} disabled={roleAction.busy} />
          {roleAction.error !== undefined && (
            <p className="error-text" role="alert">
              {roleAction.error}
            </p>
          )}
          <button type="submit" className="btn" disabled={roleAction.busy || role === (user.role ?? '')}>
            {roleAction.busy ? 'Saving…' : 'Save role'}
          </button>
          <div className="admin-subform">
            <button
              type="button"
              className={`btn ${user.disabled ? 'primary' : 'danger'}`}
              disabled={toggle.busy || (self && !user.disabled)}
              onClick={() => toggle.act(() => updateCustomer(tenant, user.id, { disabled: !user.disabled }))}
            >
              {user.disabled ? 'Enable user' : 'Disable user'}
            </button>
            {toggle.error !== undefined && (
              <p className="error-text" role="alert">
                {toggle.error}
              </p>
            )}
          </div>
        </form>
        <form onSubmit={savePassword} aria-label="Reset password" noValidate className="admin-subform">
          <PasswordFields label="New password" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} disabled={passwordAction.busy} />
          {passwordAction.error !== undefined && (
            <p className="error-text" role="alert">
              {passwordAction.error}
            </p>
          )}
          <button type="submit" className="btn" disabled={passwordAction.busy || password === ''}>
            {passwordAction.busy ? 'Saving…' : 'Set password'}
          </button>
        </form>
      </div>
    </div>
  );
}
