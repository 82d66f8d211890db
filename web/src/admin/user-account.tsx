/**
 * A main user's account: enable or disable them (their sessions end at once), and a new
 * password for a local user (a directory user's is kept by the directory).
 */
import { useState, type FormEvent } from 'react';
import { updateUser } from '../api/admin';
import type { MainUser } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { allowed, passwordProblem, type AdminContext } from './admin-context';
import { PasswordFields } from './admin-fields';

interface Props {
  ctx: AdminContext;
  user: MainUser;
  self: boolean;
  onChanged: () => void;
}

export function UserAccount({ ctx, user, self, onChanged }: Props) {
  const mayWrite = allowed(ctx, 'users', 'write');
  const toggle = useAction(onChanged);
  const reset = useAction(onChanged);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const bad = passwordProblem(user.username, password, confirm);
    if (bad !== undefined) {
      reset.fail(bad);
      return;
    }
    setDone(false);
    reset.act(
      () => updateUser(user.id, { password }),
      () => {
        setPassword('');
        setConfirm('');
        setDone(true);
      },
    );
  };

  if (!mayWrite) {
    return (
      <div className="panel admin-panel">
        <h3>Account</h3>
        <p className="muted small">Changing accounts needs the write permission on users.</p>
      </div>
    );
  }

  return (
    <div className="panel admin-panel">
      <h3>Account</h3>
      <div className="row-actions">
        <button
          type="button"
          className={`btn ${user.disabled ? 'primary' : 'danger'}`}
          disabled={toggle.busy || (self && !user.disabled)}
          title={self && !user.disabled ? 'You cannot disable your own account here' : undefined}
          onClick={() => toggle.act(() => updateUser(user.id, { disabled: !user.disabled }))}
        >
          {toggle.busy ? 'Saving…' : user.disabled ? 'Enable user' : 'Disable user'}
        </button>
        <span className="muted small">{user.disabled ? 'Cannot log in; their API keys are refused.' : 'Disabling ends their sessions at once.'}</span>
      </div>
      {toggle.error !== undefined && (
        <p className="error-text" role="alert">
          {toggle.error}
        </p>
      )}
      {user.kind === 'local' ? (
        <form className="admin-subform" onSubmit={submit} aria-label="Reset password" noValidate>
          <h4>Reset password</h4>
          <PasswordFields label="New password" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} disabled={reset.busy} />
          {reset.error !== undefined && (
            <p className="error-text" role="alert">
              {reset.error}
            </p>
          )}
          {done && (
            <p className="notice" role="status">
              The password was changed.
            </p>
          )}
          <button type="submit" className="btn" disabled={reset.busy || password === ''}>
            {reset.busy ? 'Saving…' : 'Set password'}
          </button>
        </form>
      ) : (
        <p className="muted small admin-subform">The directory keeps this user's password: change it there.</p>
      )}
    </div>
  );
}
