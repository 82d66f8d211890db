/**
 * A new API key: a name; personal (acting as you) or for one tenant with one role (the API's
 * default is Analyst; it needs user administration there); an optional expiry in the future.
 */
import { useState, type FormEvent } from 'react';
import { createApiKey, tenantRoles } from '../api/admin';
import type { ApiKeyInput, CreatedApiKey, Role } from '../api/admin-types';
import { FormActions } from '../common/form-actions';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import type { AdminContext } from './admin-context';
import { RoleSelect } from './admin-fields';

interface Props {
  ctx: AdminContext;
  onCreated: (key: CreatedApiKey) => void;
  onCancel: () => void;
}

const NONE: Role[] = [];

export function ApiKeyCreateForm({ ctx, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'personal' | 'tenant'>('personal');
  const [tenant, setTenant] = useState(ctx.realm.kind === 'tenant' ? ctx.realm.tenant : '');
  const [role, setRole] = useState('');
  const [expires, setExpires] = useState('');
  const { busy, error, act, fail } = useAction();
  const roles = useLoad(() => (kind === 'tenant' && tenant !== '' ? tenantRoles(tenant) : Promise.resolve(NONE)), [kind, tenant]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim() === '') return fail('Name the key after what will use it.');
    const body: ApiKeyInput = { name: name.trim() };
    if (kind === 'tenant') {
      if (tenant === '') return fail('Choose the tenant the key is for.');
      body.tenant = tenant;
      if (role !== '') body.role = role;
    }
    if (expires !== '') {
      const at = new Date(expires);
      if (Number.isNaN(at.getTime())) return fail('The expiry is not a date.');
      if (at.getTime() <= Date.now()) return fail('The expiry must be in the future.');
      body.expiresAt = at.toISOString();
    }
    act(() => createApiKey(body), onCreated);
  };

  return (
    <form className="panel admin-form" onSubmit={submit} aria-label="New API key" noValidate>
      <h2>New API key</h2>
      <div className="admin-form-row">
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} disabled={busy} maxLength={100} placeholder="e.g. SIEM ingestion" autoFocus />
        </label>
        <label className="field">
          <span>Expires (optional)</span>
          <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} disabled={busy} />
        </label>
      </div>
      <fieldset className="admin-fieldset">
        <legend>Acts as</legend>
        <label className="check">
          <input type="radio" name="key-kind" checked={kind === 'personal'} onChange={() => setKind('personal')} disabled={busy} />
          Personal: as {ctx.session.me.user.username}, with your access
        </label>
        <label className="check">
          <input type="radio" name="key-kind" checked={kind === 'tenant'} onChange={() => setKind('tenant')} disabled={busy} />
          One tenant, with one role
        </label>
        {kind === 'tenant' && (
          <div className="admin-form-row">
            <label className="field">
              <span>Tenant</span>
              <select aria-label="Tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} disabled={busy}>
                <option value="">Choose a tenant…</option>
                {ctx.session.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <RoleSelect roles={roles.data ?? NONE} value={role} onChange={setRole} disabled={busy || tenant === ''} placeholder="Analyst (default)" />
          </div>
        )}
        {roles.error !== undefined && <p className="field-error">Roles of this tenant could not be listed: {roles.error}</p>}
      </fieldset>
      <FormActions busy={busy} error={error} label="Create key" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}
