/**
 * Creating a tenant (accountManagement): its name, an id (suggested from the name), the host it
 * runs on (the least loaded online one unless chosen), its labels, and which main users get
 * which role on it. Obvious mistakes are refused here; the API's own refusals are shown as sent.
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { tenantsApi } from '../api/tenants';
import { useLoad } from '../common/use-load';
import { navigate, sectionHref } from '../shell/route';
import { AccessRows, rowsProblem, type AccessRow } from './access-rows';
import { createTenant, planGrants, type GrantOutcome } from './create-tenant';
import { LabelsInput } from './labels-input';
import { suggestId, TENANT_ID_PATTERN } from './tenant-format';
import { FormActions } from '../common/form-actions';
import { listRoles, listUsers } from '../api/admin';

interface Props {
  /** The tenant exists: what each user's grant came to, for the tenant's page to show. */
  onCreated: (tenant: string, grants: GrantOutcome[]) => void;
  mayReadHosts: boolean;
  /** Granting needs users admin and roles read on main. */
  mayGrant: boolean;
  refreshSession: () => void;
}

function nameProblem(name: string): string | undefined {
  if (name === '') return 'A tenant needs a name.';
  if (name.length > 100) return 'A name has at most 100 characters.';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what the server refuses
  if (/[\u0000-\u001f]/.test(name)) return 'A name cannot contain control characters.';
  return undefined;
}

export function CreateTenantPage({ onCreated, mayReadHosts, mayGrant, refreshSession }: Props) {
  const hosts = useLoad(() => (mayReadHosts ? tenantsApi.hosts() : Promise.resolve([])), [mayReadHosts]);
  const options = useLoad(async () => (mayGrant ? { users: await listUsers(), roles: await listRoles({ kind: 'main' }) } : { users: [], roles: [] }), [mayGrant]);
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [host, setHost] = useState('');
  const [labels, setLabels] = useState<string[]>([]);
  const [pendingLabel, setPendingLabel] = useState('');
  const [rows, setRows] = useState<AccessRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [invalid, setInvalid] = useState<'name' | 'id' | undefined>(undefined);

  const effectiveId = idEdited ? id.trim() : suggestId(name.trim());

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const trimmed = name.trim();
    const problem =
      nameProblem(trimmed) ??
      (!TENANT_ID_PATTERN.test(effectiveId) ? 'The id must be 2–40 lowercase letters, digits or dashes, starting with a letter.' : undefined);
    if (problem !== undefined) {
      setInvalid(nameProblem(trimmed) !== undefined ? 'name' : 'id');
      setError(problem);
      return;
    }
    const other = (pendingLabel !== '' ? `Add the label "${pendingLabel}" (Enter) or clear it before creating.` : undefined) ?? rowsProblem(rows);
    setInvalid(undefined);
    if (other !== undefined) {
      setError(other);
      return;
    }
    const plans = planGrants(rows, options.data?.users ?? [], options.data?.roles ?? []);
    setBusy(true);
    setError(undefined);
    createTenant({ name: trimmed, id: effectiveId, ...(host !== '' ? { host } : {}), ...(labels.length > 0 ? { labels } : {}) }, plans).then(
      (done) => {
        onCreated(done.tenant.id, done.grants);
        navigate(sectionHref('tenants', [done.tenant.id]));
        // The tenant switcher lists the new tenant only once the session is read again.
        refreshSession();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <section className="page" aria-labelledby="create-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={sectionHref('tenants')}>Tenants</a> <span aria-hidden="true">›</span> <span>New tenant</span>
      </nav>
      <div className="page-head">
        <h1 id="create-title">Create a tenant</h1>
      </div>
      <form className="panel tn-form" onSubmit={submit} aria-label="Create tenant" noValidate>
        <div className="tn-form-grid">
          <label className="field">
            <span>
              Name <span className="required" aria-hidden="true">*</span>
            </span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required aria-invalid={invalid === 'name'} disabled={busy} autoFocus />
          </label>
          <label className="field">
            <span>
              Id <span className="muted">(optional)</span>
            </span>
            <input
              className="mono"
              value={idEdited ? id : effectiveId}
              placeholder="from the name"
              onChange={(e) => {
                // Emptied, the id follows the name again.
                setIdEdited(e.target.value !== '');
                setId(e.target.value);
              }}
              aria-invalid={invalid === 'id'}
              aria-describedby="tenant-id-hint"
              spellCheck={false}
              disabled={busy}
            />
            <span id="tenant-id-hint" className="muted small">
              2–40 lowercase letters, digits or dashes; it names the tenant in addresses and the API and cannot change.
            </span>
          </label>
          <label className="field">
            <span>Host</span>
            <select value={host} onChange={(e) => setHost(e.target.value)} disabled={busy || hosts.loading}>
              <option value="">Least loaded online host</option>
              {(hosts.data ?? []).map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name} — {h.tenants} {h.tenants === 1 ? 'tenant' : 'tenants'}
                  {h.online ? '' : ' (offline)'}
                </option>
              ))}
            </select>
            {hosts.error !== undefined && <span className="field-error">Hosts could not be listed: {hosts.error}</span>}
          </label>
          <LabelsInput labels={labels} onChange={setLabels} onPending={setPendingLabel} disabled={busy} />
        </div>
        {mayGrant ? (
          options.error !== undefined ? (
            <p className="error-banner" role="alert">
              Users and roles could not be listed, so no access can be granted here: {options.error}
            </p>
          ) : (
            <AccessRows rows={rows} onChange={setRows} users={options.data?.users ?? []} roles={options.data?.roles ?? []} disabled={busy || options.loading} />
          )
        ) : (
          <p className="muted small tn-hint">Granting users access needs the users (admin) and roles (read) permissions: someone who holds them can grant access later.</p>
        )}
        <FormActions busy={busy} error={error} label="Create tenant" busyLabel="Creating…" cancelHref={sectionHref('tenants')} />
      </form>
    </section>
  );
}
