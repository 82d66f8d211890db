/** The incident's fields beside its tabs: facts, details, labels, custom fields. */
import type { ReactNode } from 'react';
import { SeverityBadge, StatusBadge } from '../common/badges';
import { formatTime, isoTime, oneLine } from '../common/format';
import type { Incident } from '../api/types';

interface Props {
  incident: Incident;
  tenant: string;
  tenantName: string;
}

export function IncidentSummary({ incident: i, tenant, tenantName }: Props) {
  const custom = Object.entries(i.customFields ?? {});
  return (
    <aside className="incident-side" aria-label="Incident summary">
      <section className="panel">
        <h2 className="panel-title">Summary</h2>
        <dl className="facts">
          <Fact term="Account">
            <span title={tenant}>{tenantName}</span>
          </Fact>
          <Fact term="ID">
            <span className="mono">{i.id}</span>
          </Fact>
          <Fact term="Type">{i.type || <span className="muted">—</span>}</Fact>
          <Fact term="Severity">
            <SeverityBadge value={i.severity} />
          </Fact>
          <Fact term="Status">
            <StatusBadge value={i.status} />
          </Fact>
          <Fact term="Owner">{i.owner || <span className="muted">unassigned</span>}</Fact>
          <Fact term="Created">
            <Time value={i.created} />
          </Fact>
          <Fact term="Occurred">
            <Time value={i.occurred} />
          </Fact>
          <Fact term="Modified">
            <Time value={i.modified} />
          </Fact>
          {i.closed !== null && (
            <>
              <Fact term="Closed">
                <Time value={i.closed} />
              </Fact>
              <Fact term="Close reason">{i.closeReason || <span className="muted">—</span>}</Fact>
              {i.closeNotes !== '' && <Fact term="Close notes">{i.closeNotes}</Fact>}
            </>
          )}
        </dl>
      </section>
      <section className="panel">
        <h2 className="panel-title">Details</h2>
        {i.details ? <p className="details-text">{i.details}</p> : <p className="muted">No details.</p>}
      </section>
      <section className="panel">
        <h2 className="panel-title">Labels</h2>
        {i.labels.length === 0 ? (
          <p className="muted">No labels.</p>
        ) : (
          <ul className="chips">
            {i.labels.map((l, n) => (
              <li key={`${l.type}:${l.value}:${n}`} className="chip">
                <span className="chip-key">{l.type}</span>
                <span>{l.value}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel">
        <h2 className="panel-title">Custom fields</h2>
        {custom.length === 0 ? (
          <p className="muted">No custom fields.</p>
        ) : (
          <table className="kv-table">
            <tbody>
              {custom.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="mono">{oneLine(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </aside>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Time({ value }: { value: string | null }) {
  return (
    <span className="mono" title={isoTime(value)}>
      {formatTime(value)}
    </span>
  );
}
