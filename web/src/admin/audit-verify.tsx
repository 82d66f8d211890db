/**
 * Verifying a trail: its hash chain walked whole, and (main's) that every tenant still finds
 * main's newest records it witnessed. The verdict says how many records held, or where it broke.
 */
import { verifyAudit } from '../api/admin';
import type { AuditVerdict, Realm } from '../api/admin-types';
import { useAction } from '../common/use-action';
import { useState } from 'react';

export function AuditVerify({ realm, tenantName }: { realm: Realm; tenantName: (id: string) => string }) {
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const { busy, error, act } = useAction();
  return (
    <div className="audit-verify">
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => {
          setVerdict(null);
          act(() => verifyAudit(realm), setVerdict);
        }}
      >
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      {verdict !== null && <Verdict verdict={verdict} tenantName={tenantName} />}
      {error !== undefined && (
        <p className="error-banner" role="alert">
          The trail could not be verified: {error}
        </p>
      )}
    </div>
  );
}

function Verdict({ verdict, tenantName }: { verdict: AuditVerdict; tenantName: (id: string) => string }) {
  const w = verdict.witnesses;
  if (verdict.broken !== null) {
    return (
      <p className="error-banner" role="alert" data-testid="audit-verdict">
        <strong>Chain broken</strong> at record #{verdict.broken.seq}: {verdict.broken.reason}. {verdict.records} records before it hold.
      </p>
    );
  }
  return (
    <p className="notice audit-ok" role="status" data-testid="audit-verdict">
      <strong>Chain intact</strong>: {verdict.records} records verified.
      {w !== undefined && (
        <>
          {' '}
          {w.checked} {w.checked === 1 ? 'tenant' : 'tenants'} confirmed main's newest records.
          {w.unreachable.length > 0 && ` No witness from: ${w.unreachable.map(tenantName).join(', ')}.`}
        </>
      )}
    </p>
  );
}
