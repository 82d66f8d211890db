/**
 * A sync job followed live: main's `/jobs/:id` polled about twice a second until the job ends,
 * an overall bar, and a row per tenant with its state (pending, done, failed and why) and what
 * it received. Polling stops when the page closes; a failed poll is shown and tried again.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { contentApi } from '../api/content';
import type { Job, JobTenant } from '../api/content-types';
import { stateClass } from '../common/badges';
import { duration, formatTime } from '../common/format';
import { RefList } from './kinds';

const POLL_MS = 500;

const JOB_STATUS: Readonly<Record<Job['status'], string>> = { running: 'running…', succeeded: 'done', failed: 'failed', partial: 'done, with failures' };

/** A tenant's state as the server names it (pending, done, failed), coloured as the badges colour states. */
function TenantState({ t }: { t: JobTenant }) {
  return <span className={`badge state ${stateClass(t.status === 'done' ? 'completed' : t.status)}`}>{t.status}</span>;
}

interface Props {
  jobId: string;
  tenantName: (id: string) => string;
  /** Called once when the job ends. */
  onFinished: (job: Job) => void;
}

export function SyncJob({ jobId, tenantName, onFinished }: Props) {
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    let stop = false;
    let timer: number | undefined;
    const poll = (): void => {
      contentApi.job(jobId).then(
        (j) => {
          if (stop) return;
          setJob(j);
          setError(undefined);
          if (j.status === 'running') timer = window.setTimeout(poll, POLL_MS);
          else finished.current(j);
        },
        (e: unknown) => {
          if (stop) return;
          setError(errorMessage(e));
          // A job that is gone (or not ours) will not come back; anything else may pass.
          if (!(e instanceof ApiError && (e.status === 404 || e.status === 401))) timer = window.setTimeout(poll, POLL_MS * 4);
        },
      );
    };
    poll();
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
  }, [jobId]);

  const tenants = Object.entries(job?.progress.tenants ?? {}).sort(([a], [b]) => tenantName(a).localeCompare(tenantName(b)));
  const total = job?.progress.total ?? tenants.length;
  const done = job?.progress.done ?? tenants.filter(([, t]) => t.status === 'done' || t.status === 'failed').length;
  const running = job === undefined || job.status === 'running';

  return (
    <section className="panel sync-job" aria-label="Sync progress" data-testid="sync-job" data-status={job?.status ?? 'starting'}>
      <div className="sync-job-head">
        <h2>Sync {job === undefined ? 'starting…' : JOB_STATUS[job.status]}</h2>
        <span className="muted">
          {done} of {total} tenant{total === 1 ? '' : 's'}
          {job !== undefined && ` · started ${formatTime(job.created)} by ${job.createdBy}`}
          {job?.finished != null && ` · took ${duration(job.created, job.finished) ?? '—'}`}
        </span>
      </div>
      <progress className={`sync-bar${job !== undefined && job.status !== 'running' && job.status !== 'succeeded' ? ' has-failures' : ''}`} max={Math.max(total, 1)} value={done} aria-label="Tenants synced" />
      {error !== undefined && (
        <p className="error-text pad" role="alert">
          {error}
          {running && ' Trying again…'}
        </p>
      )}
      {tenants.length > 0 && (
        <table className="data-table" aria-label="Progress by tenant">
          <thead>
            <tr>
              <th className="col-name">Tenant</th>
              <th>State</th>
              <th>Added</th>
              <th>Updated</th>
              <th>Removed</th>
              <th>Conflicts</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map(([id, t]) => (
              <tr key={id} data-testid="sync-tenant-row" data-tenant={id} data-state={t.status}>
                <td className="col-name" title={id}>
                  {tenantName(id)}
                </td>
                <td>
                  <TenantState t={t} />
                </td>
                <td>{t.added ?? '—'}</td>
                <td>{t.updated ?? '—'}</td>
                <td>{t.removed ?? '—'}</td>
                <td>{t.conflicts === undefined ? '—' : <RefList refs={t.conflicts} what="conflicts" tone="wait" />}</td>
                <td className="wrap">{t.error === undefined ? <span className="muted">—</span> : <span className="error-text">{t.error}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {job !== undefined && tenants.length === 0 && <p className="empty">There are no tenants to sync.</p>}
    </section>
  );
}
