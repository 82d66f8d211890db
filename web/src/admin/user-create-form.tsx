/**
 * A new local user of main: a name, a password (the API's rules checked first), and the access
 * to give them. The API creates users without access; the grants follow in a second request,
 * whose refusal (more than you hold, say) is shown with the user already created.
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { createUser, setUserAccess } from '../api/admin';
import type { MainUser } from '../api/admin-types';
import { sectionHref } from '../shell/route';
import { allowed, passwordProblem, USERNAME, type AdminContext } from './admin-context';
import { GrantEditor } from './grant-editor';
import { toEntries, type GrantRow } from './grant-rows';
import { PasswordFields } from './admin-fields';
import { useRoleCatalog } from './use-role-catalog';
import { FormActions } from '../common/form-actions';

interface Props {
  ctx: AdminContext;
  onCreated: (user: MainUser) => void;
  onCancel: () => void;
}

export function UserCreateForm({ ctx, onCreated, onCancel }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [rows, setRows] = useState<GrantRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [partial, setPartial] = useState<{ user: MainUser; why: string } | undefined>(undefined);
  // Access is given by PUT /users/:id/access, which needs users:admin.
  const mayGrant = allowed(ctx, 'users', 'admin');
  const catalog = useRoleCatalog(rows.filter((r) => r.kind === 'tenant').map((r) => r.value), mayGrant);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const name = username.trim();
    if (!USERNAME.test(name)) {
      setError('A username is 2 to 64 letters, digits or . _ @ -, starting with a letter or digit.');
      return;
    }
    const bad = passwordProblem(name, password, confirm);
    const checked = toEntries(rows);
    if (bad !== undefined || 'error' in checked) {
      setError(bad ?? ('error' in checked ? checked.error : undefined));
      return;
    }
    setBusy(true);
    setError(undefined);
    setPartial(undefined);
    void (async () => {
      let user: MainUser;
      try {
        user = await createUser({ username: name, password });
      } catch (err) {
        setBusy(false);
        setError(errorMessage(err));
        return;
      }
      try {
        if (checked.entries.length > 0) await setUserAccess(user.id, checked.entries);
      } catch (err) {
        setBusy(false);
        setPartial({ user, why: errorMessage(err) });
        return;
      }
      setBusy(false);
      onCreated(user);
    })();
  };

  if (partial !== undefined) {
    return (
      <div className="panel admin-form" role="region" aria-label="New user">
        <p className="warning-banner" role="alert">
          {partial.user.username} was created, but their access was not saved: {partial.why}
        </p>
        <div className="row-actions">
          <a className="btn primary" href={sectionHref('users', [partial.user.id])}>
            Open {partial.user.username}
          </a>
          <button type="button" className="btn" onClick={() => onCreated(partial.user)}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="panel admin-form" onSubmit={submit} aria-label="New user" noValidate>
      <h2>New local user</h2>
      <label className="field">
        <span>Username</span>
        <input value={username} onChange={(e) => setUsername(e.target.value)} disabled={busy} autoComplete="off" spellCheck={false} maxLength={64} autoFocus />
      </label>
      <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} disabled={busy} />
      {mayGrant ? (
        <fieldset className="admin-fieldset">
          <legend>Access</legend>
          <GrantEditor rows={rows} onChange={setRows} tenants={ctx.session.tenants} catalog={catalog} disabled={busy} />
        </fieldset>
      ) : (
        <p className="muted small">The user starts without access: granting it needs the admin permission on users.</p>
      )}
      <FormActions busy={busy} error={error} label="Create user" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}
