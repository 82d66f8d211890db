/** The note shown when tenants did not answer a fan-out: which, and why; the rest still count. */
import type { TenantError } from '../api/types';

interface Props {
  readonly errors: readonly TenantError[];
  readonly tenantName: (id: string) => string;
  /** What the page shows without them, e.g. "The results below come from the others." */
  readonly consequence: string;
  readonly testId?: string;
}

export function TenantErrors({ errors, tenantName, consequence, testId }: Props) {
  const n = errors.length;
  return (
    <div className="warning-banner" role="status" {...(testId === undefined ? {} : { 'data-testid': testId })}>
      <strong>
        {n} {n === 1 ? 'tenant' : 'tenants'} did not answer:
      </strong>{' '}
      {errors.map((e, i) => (
        <span key={e.tenant}>
          {i > 0 && '; '}
          <span title={e.error.code}>
            {tenantName(e.tenant)} — {e.error.message}
          </span>
        </span>
      ))}
      . {consequence}
    </div>
  );
}
