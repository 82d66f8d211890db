/** A new customer user of one tenant: a name, a password, and their one role there. */
import { useState, type FormEvent } from 'react';
import { createCustomer } from '../api/admin';
import type { CustomerUser, Role } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { passwordProblem, USERNAME, type AdminContext } from './admin-context';
import { PasswordFields, RoleSelect } from './admin-fields';
import { FormActions } from '../common/form-actions';

interface Props {
  ctx: AdminContext;
  tenant: string;
  roles: readonly Role[];
  onCreated: (user: CustomerUser) => void;
  onCancel: () => void;
}

export function CustomerCreateForm({ ctx, tenant, roles, onCreated, onCancel }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [role, setRole] = useState('');
  const { busy, error, act, fail } = useAction();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const name = username.trim();
    if (!USERNAME.test(name)) return fail('A username is 2 to 64 letters, digits or . _ @ -, starting with a letter or digit.');
    const bad = passwordProblem(name, password, confirm);
    if (bad !== undefined) return fail(bad);
    if (role === '') return fail('Choose the role this user holds on the tenant.');
    act(() => createCustomer(tenant, { username: name, password, role }), onCreated);
  };

  return (
    <form className="panel admin-form" onSubmit={submit} aria-label="New user" noValidate>
      <h2>New user of {ctx.tenantName(tenant)}</h2>
      <div className="admin-form-row">
        <label className="field">
          <span>Username</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} disabled={busy} autoComplete="off" spellCheck={false} maxLength={64} autoFocus />
        </label>
        <RoleSelect roles={roles} value={role} onChange={setRole} disabled={busy} />
      </div>
      <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} disabled={busy} />
      <FormActions busy={busy} error={error} label="Create user" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}
