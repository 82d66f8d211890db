/** One incident: its summary beside three tabs (war room, work plan, context), the tab in the address. */
import { useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import { SeverityBadge, StatusBadge } from '../common/badges';
import { ContextTab } from './context-tab';
import { CloseIncidentDialog, EditIncidentDialog } from './incident-edit';
import { IncidentSummary } from './incident-summary';
import { INCIDENT_TABS, INCIDENTS_HREF, incidentHref, navigate, type IncidentTab } from '../shell/route';
import { useLoad } from '../common/use-load';
import { WarRoom } from './war-room';
import { WorkPlanTab } from '../work-plan/work-plan';

const TAB_LABELS: Readonly<Record<IncidentTab, string>> = { 'war-room': 'War room', 'work-plan': 'Work plan', context: 'Context' };

interface Props {
  tenant: string;
  tenantName: string;
  id: number;
  tab: IncidentTab;
  /** Whether this user may change incidents in this tenant (the tenant still checks). */
  canWrite: boolean;
}

export function IncidentPage({ tenant, tenantName, id, tab, canWrite }: Props) {
  const incident = useLoad(() => api.incident(tenant, id), [tenant, id]);
  const [editing, setEditing] = useState<'edit' | 'close' | null>(null);
  const tabRefs = useRef<Partial<Record<IncidentTab, HTMLButtonElement | null>>>({});

  const select = (next: IncidentTab, focus = false): void => {
    navigate(incidentHref(tenant, id, next));
    if (focus) tabRefs.current[next]?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = INCIDENT_TABS.indexOf(tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      select(e.key === 'Home' ? 'war-room' : 'context', true);
    } else if (step !== 0) {
      e.preventDefault();
      const next = INCIDENT_TABS[(at + step + INCIDENT_TABS.length) % INCIDENT_TABS.length];
      if (next !== undefined) select(next, true);
    }
  };

  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href={INCIDENTS_HREF}>Incidents</a>
      <span aria-hidden="true">›</span>
      <span>{tenantName}</span>
      <span aria-hidden="true">›</span>
      <span className="mono">#{id}</span>
    </nav>
  );

  if (incident.data === undefined) {
    return (
      <section className="page">
        {crumbs}
        {incident.error !== undefined ? (
          <div className="panel empty-state">
            <h1>{incident.errorCode === 'not_found' ? 'Not found' : 'Could not load the incident'}</h1>
            <p className="error-text" role="alert">
              {incident.error}
            </p>
            <div className="row-actions">
              <button type="button" className="btn" onClick={() => incident.reload()}>
                Retry
              </button>
              <a className="btn" href={INCIDENTS_HREF}>
                Back to incidents
              </a>
            </div>
          </div>
        ) : (
          <p className="muted" role="status">
            Loading incident…
          </p>
        )}
      </section>
    );
  }

  const inc = incident.data;
  const done = (): void => {
    setEditing(null);
    incident.reload(true);
  };
  return (
    <section className="page incident-page">
      {crumbs}
      <header className="incident-head">
        <div>
          <h1 className="incident-title">{inc.name || '(no name)'}</h1>
          <div className="incident-meta">
            <SeverityBadge value={inc.severity} />
            <StatusBadge value={inc.status} />
            <span className="muted">{inc.type || 'No type'}</span>
            <span className="muted">·</span>
            <span className="muted">{inc.owner ? `Owner ${inc.owner}` : 'Unassigned'}</span>
          </div>
        </div>
        <div className="incident-actions">
          {canWrite && (
            <button type="button" className="btn" onClick={() => setEditing('edit')}>
              Edit
            </button>
          )}
          {canWrite && inc.status !== 'done' && (
            <button type="button" className="btn" onClick={() => setEditing('close')}>
              Close incident
            </button>
          )}
          <button type="button" className="btn" onClick={() => incident.reload(true)} disabled={incident.loading}>
            Refresh
          </button>
        </div>
      </header>
      {editing !== null &&
        (editing === 'edit' ? (
          <EditIncidentDialog tenant={tenant} incident={inc} onCancel={() => setEditing(null)} onDone={() => done()} />
        ) : (
          <CloseIncidentDialog tenant={tenant} incident={inc} onCancel={() => setEditing(null)} onDone={() => done()} />
        ))}
      {incident.error !== undefined && (
        <p className="error-banner" role="alert">
          {incident.error}
        </p>
      )}
      <div className="incident-layout">
        <div className="incident-main panel">
          <div className="tabs" role="tablist" aria-label="Incident views" onKeyDown={onTabKey}>
            {INCIDENT_TABS.map((t) => (
              <button
                key={t}
                ref={(el) => {
                  tabRefs.current[t] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                className={`tab${tab === t ? ' active' : ''}`}
                onClick={() => select(t)}
              >
                {TAB_LABELS[t]}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'war-room' && <WarRoom tenant={tenant} id={id} />}
            {tab === 'work-plan' && <WorkPlanTab tenant={tenant} id={id} />}
            {tab === 'context' && <ContextTab tenant={tenant} id={id} />}
          </div>
        </div>
        <IncidentSummary incident={inc} tenant={tenant} tenantName={tenantName} />
      </div>
    </section>
  );
}
