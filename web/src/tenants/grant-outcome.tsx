/**
 * What came of granting access on a tenant just created: each user's grant, done or refused and
 * why, shown on the tenant's page until dismissed (the area holds it between the two pages).
 */
import { sectionHref } from '../shell/route';
import type { GrantOutcome } from './create-tenant';

export function GrantOutcomeNotice({ tenantName, grants, onDismiss }: { tenantName: string; grants: readonly GrantOutcome[]; onDismiss: () => void }) {
  const failed = grants.filter((g) => !g.ok).length;
  return (
    <div className={failed > 0 ? 'warning-banner tn-outcome' : 'notice tn-outcome'} role="status" data-testid="create-outcome">
      <div className="tn-outcome-head">
        <strong>
          Tenant {tenantName} was created
          {grants.length === 0 ? '.' : failed === 0 ? ' and every user was granted access.' : `, but ${failed} of ${grants.length} access grants failed.`}
        </strong>
        <button type="button" className="btn small ghost" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      </div>
      {grants.length > 0 && (
        <ul className="tn-outcome-list">
          {grants.map((g) => (
            <li key={g.userId} data-testid="grant-outcome" data-ok={g.ok}>
              <span className={g.ok ? 'tn-ok' : 'tn-err'} aria-hidden="true">
                {g.ok ? '✓' : '✕'}
              </span>{' '}
              {g.username} as {g.roleName}: {g.ok ? 'granted' : <span className="tn-err">{g.error ?? 'failed'}</span>}
            </li>
          ))}
        </ul>
      )}
      {failed > 0 && (
        <p className="small">
          The tenant stays as it is. Grant the missing access from <a href={sectionHref('users')}>Settings › Users</a>.
        </p>
      )}
    </div>
  );
}
