/**
 * Audit records, newest first: one line each (time, actor, action, target, tenant, outcome), a
 * record opening on demand to show everything it holds, its place in the hash chain included.
 */
import { Fragment, useState } from 'react';
import type { AuditRecord } from '../api/admin-types';
import { formatTime } from '../common/format';
import { OutcomeBadge } from './admin-badges';

interface Props {
  records: AuditRecord[];
  tenantName: (id: string) => string;
  /** Main's trail: a tenant column. */
  showTenant: boolean;
  busy: boolean;
}

export function AuditTable({ records, tenantName, showTenant, busy }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const flip = (seq: number): void =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  const columns = showTenant ? 8 : 7;
  return (
    <div className={`table-scroll${busy ? ' busy' : ''}`}>
      <table className="data-table admin-table audit-table">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <span className="sr-only">Details</span>
            </th>
            <th scope="col">#</th>
            <th scope="col" className="col-time">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            {showTenant && <th scope="col">Tenant</th>}
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const expanded = open.has(r.seq);
            return (
              <Fragment key={r.seq}>
                <tr data-testid="audit-row" className={`clickable${expanded ? ' selected' : ''}`} onClick={() => flip(r.seq)}>
                  <td className="col-check">
                    <button type="button" className="audit-toggle" aria-expanded={expanded} aria-label={`Details of record ${r.seq}`} onClick={(e) => { e.stopPropagation(); flip(r.seq); }}>
                      {expanded ? '▾' : '▸'}
                    </button>
                  </td>
                  <td className="mono muted">{r.seq}</td>
                  <td className="mono col-time" title={r.at}>
                    {formatTime(r.at)}
                  </td>
                  <td>{r.actor}</td>
                  <td className="mono">{r.action}</td>
                  <td className="mono">{r.target || <span className="muted">—</span>}</td>
                  {showTenant && <td>{r.tenant === '' ? <span className="muted">main</span> : tenantName(r.tenant)}</td>}
                  <td>
                    <OutcomeBadge result={r.result} />
                  </td>
                </tr>
                {expanded && (
                  <tr className="audit-details-row">
                    <td colSpan={columns}>
                      <AuditDetails record={r} tenantName={tenantName} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AuditDetails({ record: r, tenantName }: { record: AuditRecord; tenantName: (id: string) => string }) {
  return (
    <dl className="facts audit-details" aria-label={`Record ${r.seq}`}>
      <dt>Record</dt>
      <dd className="mono">#{r.seq}</dd>
      <dt>Time</dt>
      <dd className="mono">{r.at}</dd>
      <dt>Actor</dt>
      <dd>{r.actor}</dd>
      <dt>From address</dt>
      <dd className="mono">{r.address || '—'}</dd>
      <dt>Request</dt>
      <dd className="mono">{r.action}</dd>
      <dt>Target</dt>
      <dd className="mono">{r.target || '—'}</dd>
      <dt>Tenant</dt>
      <dd>{r.tenant === '' ? 'main (no tenant)' : `${tenantName(r.tenant)} (${r.tenant})`}</dd>
      <dt>Answered</dt>
      <dd>HTTP {r.result}</dd>
      {r.witness !== undefined && r.witness !== '' && (
        <>
          <dt>Witnessed head</dt>
          <dd className="mono audit-hash" title="The other trail's newest record when this one was written">{r.witness}</dd>
        </>
      )}
      <dt>Previous hash</dt>
      <dd className="mono audit-hash">{r.prevHash}</dd>
      <dt>Hash</dt>
      <dd className="mono audit-hash">{r.hash}</dd>
    </dl>
  );
}
