/**
 * Sync & drift: what a sync would send each tenant (added, updated, removed, conflicts), a
 * button that starts one (every tenant, or one from its row) and follows it live, and each
 * tenant's drift. Main also syncs by itself soon after a change and retries tenants that are
 * behind; this page is for seeing and forcing it.
 */
import { useState } from 'react';
import { contentApi } from '../api/content';
import type { SyncPreview } from '../api/content-types';
import { useAction } from '../common/use-action';
import { useLoad } from '../common/use-load';
import { DriftTable } from './drift-table';
import { RefList } from './kinds';
import { SyncJob } from './sync-job';

export function SyncPage({ tenantName }: { tenantName: (id: string) => string }) {
  const [preview, setPreview] = useState<SyncPreview[] | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const previewing = useAction();
  const starting = useAction();
  const drift = useLoad(() => contentApi.drift(), []);

  const runPreview = (): void => previewing.act(() => contentApi.preview(), setPreview);
  const start = (tenants?: string[]): void => starting.act(() => contentApi.startSync(tenants), setJobId);

  return (
    <div className="sync-page">
      <div className="page-head">
        <h1>Sync & drift</h1>
        <span className="muted">Main’s content in each tenant, as its labels decide</span>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={runPreview} disabled={previewing.busy}>
            {previewing.busy ? 'Previewing…' : 'Preview sync'}
          </button>
          <button type="button" className="btn primary" onClick={() => start()} disabled={starting.busy}>
            {starting.busy ? 'Starting…' : 'Sync now'}
          </button>
        </div>
      </div>
      {starting.error !== undefined && (
        <p className="error-banner" role="alert">
          {starting.error}
        </p>
      )}
      {jobId !== null && (
        <SyncJob
          key={jobId}
          jobId={jobId}
          tenantName={tenantName}
          onFinished={() => {
            drift.reload(true);
            if (preview !== null) runPreview();
          }}
        />
      )}

      <section className="panel table-panel sync-section" aria-label="Sync preview">
        <div className="table-toolbar">
          <h2 className="section-title">Preview</h2>
          <span className="muted">{preview === null ? 'What a sync would do, without doing it' : `${preview.length} tenant${preview.length === 1 ? '' : 's'}`}</span>
        </div>
        {previewing.error !== undefined && (
          <p className="error-text pad" role="alert">
            {previewing.error}
          </p>
        )}
        {preview === null && previewing.error === undefined && <p className="empty">Preview to see what each tenant would receive.</p>}
        {preview !== null && preview.length === 0 && <p className="empty">There are no tenants.</p>}
        {preview !== null && preview.length > 0 && (
          <table className="data-table" aria-label="Preview by tenant">
            <thead>
              <tr>
                <th className="col-name">Tenant</th>
                <th>Would add</th>
                <th>Would update</th>
                <th>Would remove</th>
                <th>Conflicts</th>
                <th>Note</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {preview.map((p) => {
                const plan = p.plan;
                const nothing = plan !== undefined && plan.add.length + plan.update.length + plan.remove.length === 0;
                return (
                  <tr key={p.tenant} data-testid="preview-row" data-tenant={p.tenant}>
                    <td className="col-name" title={p.tenant}>
                      {tenantName(p.tenant)}
                    </td>
                    <td>{plan ? <RefList refs={plan.add} what="to add" tone="ok" /> : '—'}</td>
                    <td>{plan ? <RefList refs={plan.update} what="to update" tone="run" /> : '—'}</td>
                    <td>{plan ? <RefList refs={plan.remove} what="to remove" tone="err" /> : '—'}</td>
                    <td>{plan ? <RefList refs={plan.conflicts} what="conflicts" tone="wait" /> : '—'}</td>
                    <td className="wrap">
                      {p.error !== undefined ? <span className="error-text">{p.error}</span> : nothing ? <span className="muted">up to date</span> : <span>changes pending</span>}
                    </td>
                    <td>
                      <button type="button" className="btn small" onClick={() => start([p.tenant])} disabled={starting.busy} aria-label={`Sync ${tenantName(p.tenant)} now`}>
                        Sync this tenant
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel table-panel sync-section" aria-label="Drift">
        <div className="table-toolbar">
          <h2 className="section-title">Drift</h2>
          <button type="button" className="btn small" onClick={() => drift.reload()} disabled={drift.loading}>
            Refresh
          </button>
        </div>
        {drift.loading && <div className="progress" role="progressbar" aria-label="Loading drift" />}
        {drift.error !== undefined && (
          <p className="error-text pad" role="alert">
            {drift.error}
          </p>
        )}
        {drift.data !== undefined && drift.data.length === 0 && <p className="empty">There are no tenants.</p>}
        {drift.data !== undefined && drift.data.length > 0 && (
          <div className={`table-scroll${drift.loading ? ' busy' : ''}`}>
            <DriftTable drift={drift.data} tenantName={tenantName} />
          </div>
        )}
      </section>
    </div>
  );
}
