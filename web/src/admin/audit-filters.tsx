/**
 * The audit trail's filters, as the API takes them: actor and action (exact), tenant (main's
 * trail), a time range. They live in the address (`#/audit?actor=…`), so a filtered view can be
 * shared or reloaded.
 */
import { useState, type FormEvent } from 'react';
import type { AuditFilters } from '../api/admin-types';
import type { Tenant } from '../api/types';

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant as a datetime-local input shows it (the browser's time zone). */
function toLocal(iso: string | undefined): string {
  if (iso === undefined) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Actions worth offering: those of the records shown, and the usual administrative ones. */
const COMMON_ACTIONS = [
  'POST /api/v1/auth/login', 'POST /api/v1/users', 'PATCH /api/v1/users/:id', 'DELETE /api/v1/users/:id', 'PUT /api/v1/users/:id/access',
  'POST /api/v1/roles', 'PATCH /api/v1/roles/:id', 'DELETE /api/v1/roles/:id', 'POST /api/v1/api-keys', 'DELETE /api/v1/api-keys/:id',
  'PUT /api/v1/settings/directory', 'POST /api/v1/tenants', 'POST /api/v1/tenants/:id/users',
];

interface Props {
  value: AuditFilters;
  onApply: (next: AuditFilters) => void;
  /** Main's trail: a tenant filter. */
  tenants: readonly Tenant[] | null;
  seenActions: readonly string[];
}

export function AuditFiltersForm({ value, onApply, tenants, seenActions }: Props) {
  const [actor, setActor] = useState(value.actor ?? '');
  const [action, setAction] = useState(value.action ?? '');
  const [tenant, setTenant] = useState(value.tenant ?? '');
  const [since, setSince] = useState(toLocal(value.since));
  const [until, setUntil] = useState(toLocal(value.until));
  const [error, setError] = useState<string | undefined>(undefined);
  // Main's usual actions are offered on main's trail only: a tenant's trail records the tenant's own routes.
  const actions = [...new Set([...seenActions, ...(tenants !== null ? COMMON_ACTIONS : [])])].sort();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const from = toIso(since);
    const to = toIso(until);
    if (from !== undefined && to !== undefined && from >= to) {
      setError('The start of the range must come before its end.');
      return;
    }
    setError(undefined);
    const next: AuditFilters = {};
    if (actor.trim() !== '') next.actor = actor.trim();
    if (action.trim() !== '') next.action = action.trim();
    if (tenants !== null && tenant !== '') next.tenant = tenant;
    if (from !== undefined) next.since = from;
    if (to !== undefined) next.until = to;
    onApply(next);
  };

  const clear = (): void => {
    setActor('');
    setAction('');
    setTenant('');
    setSince('');
    setUntil('');
    setError(undefined);
    onApply({});
  };

  return (
    <form className="panel audit-filters" onSubmit={submit} role="search" aria-label="Audit filters" noValidate>
      <label className="field">
        <span>Actor</span>
        <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="e.g. admin" maxLength={200} spellCheck={false} />
      </label>
      <label className="field audit-action">
        <span>Action</span>
        <input value={action} onChange={(e) => setAction(e.target.value)} list="audit-actions" placeholder={tenants !== null ? 'POST /api/v1/users' : 'POST /api/v1/incidents'} maxLength={200} spellCheck={false} className="mono" />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      {tenants !== null && (
        <label className="field">
          <span>Tenant</span>
          <select aria-label="Tenant" value={tenant} onChange={(e) => setTenant(e.target.value)}>
            <option value="">Any</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>From</span>
        <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      <div className="audit-filter-actions">
        <button type="submit" className="btn primary">
          Apply filters
        </button>
        <button type="button" className="btn" onClick={clear}>
          Clear
        </button>
      </div>
      {error !== undefined && (
        <p className="error-text audit-filter-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
