/** Small badges of the Settings pages: a user's kind and state, a role's origin, an audit outcome. */
import type { Role } from '../api/admin-types';

const KIND_LABEL: Readonly<Record<string, string>> = { local: 'Local', directory: 'Directory', customer: 'Customer' };

export function KindBadge({ kind }: { kind: string }) {
  return <span className={`badge admin-kind admin-kind-${kind}`}>{KIND_LABEL[kind] ?? kind}</span>;
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return <span className={`badge state ${disabled ? 'state-idle' : 'state-ok'}`}>{disabled ? 'Disabled' : 'Enabled'}</span>;
}

/** Built-in, main's custom role, or one tenant's own. */
export function RoleBadge({ role }: { role: Role }) {
  if (role.builtin) return <span className="badge admin-kind admin-kind-builtin">Built-in</span>;
  if (role.tenant !== null) return <span className="badge admin-kind admin-kind-customer">Tenant role</span>;
  return <span className="badge admin-kind admin-kind-local">Custom</span>;
}

/** The HTTP status a recorded request was answered with: success green, refusal amber, failure red. */
export function OutcomeBadge({ result }: { result: number }) {
  const cls = result < 400 ? 'state-ok' : result < 500 ? 'state-wait' : 'state-err';
  const word = result < 400 ? 'ok' : result === 401 || result === 403 ? 'refused' : result < 500 ? 'rejected' : 'failed';
  return (
    <span className={`badge state ${cls}`} title={`HTTP ${result}`}>
      {result} {word}
    </span>
  );
}
