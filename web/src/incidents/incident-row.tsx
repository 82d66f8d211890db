/**
 * One row of the incidents table, memoised: while the list scrolls, React renders only the rows
 * that come into view, and a row re-renders only when its incident, its selection or its tab
 * stop changes. A click on the row (outside its checkbox and link) opens the incident. The
 * keyboard reaches rows, not their controls (Tab would otherwise walk thousands of them): the
 * table moves between rows with the arrows, Space selects, Enter opens.
 */
import { memo, type MouseEvent } from 'react';
import { SeverityBadge, StatusBadge } from '../common/badges';
import { formatTime, isoTime } from '../common/format';
import { incidentHref, navigate } from '../shell/route';
import type { Incident } from '../api/types';

export interface Row {
  tenant: string;
  incident: Incident;
}

/** A row's key for the selection: its tenant and id, unique across tenants. */
export const rowKey = (row: Row): string => `${row.tenant}\u0000${row.incident.id}`;

/** Every row has this height (px), set by incident-list.css: the virtualiser counts on it. */
export const ROW_HEIGHT = 35;

const stop = (e: MouseEvent): void => e.stopPropagation();

function open(row: Row, e: MouseEvent<HTMLTableRowElement>): void {
  // The name's own link, or a selection of text, does what it does.
  if ((e.target as HTMLElement).closest('a') !== null) return;
  if (window.getSelection()?.toString()) return;
  navigate(incidentHref(row.tenant, row.incident.id));
}

interface Props {
  row: Row;
  /** Its position in the loaded list, from 0. */
  index: number;
  showTenant: boolean;
  checked: boolean;
  /** The row keyboard focus enters the list on (tabIndex 0); the others are reached by arrows. */
  tabStop: boolean;
  tenantName: (id: string) => string;
  onToggle: (row: Row, checked: boolean) => void;
}

export const IncidentRow = memo(function IncidentRow({ row, index, showTenant, checked, tabStop, tenantName, onToggle }: Props) {
  const i = row.incident;
  return (
    <tr
      data-testid="incident-row"
      data-index={index}
      aria-rowindex={index + 2}
      tabIndex={tabStop ? 0 : -1}
      className={`clickable${checked ? ' selected' : ''}`}
      onClick={(e) => open(row, e)}
    >
      {/* A click anywhere in this cell selects; it never opens the incident. */}
      <td className="col-check" onClick={stop}>
        <label className="check-hit">
          <input
            type="checkbox"
            data-testid="select-row"
            tabIndex={-1}
            aria-label={`Select incident ${i.id}${showTenant ? ` of ${tenantName(row.tenant)}` : ''}`}
            checked={checked}
            onChange={(e) => onToggle(row, e.target.checked)}
          />
        </label>
      </td>
      {showTenant && (
        <td className="col-account" title={row.tenant}>
          {tenantName(row.tenant)}
        </td>
      )}
      <td className="col-id mono">{i.id}</td>
      <td className="col-name">
        <a href={incidentHref(row.tenant, i.id)} tabIndex={-1}>
          {i.name || <span className="muted">(no name)</span>}
        </a>
      </td>
      <td>{i.type || <span className="muted">—</span>}</td>
      <td>
        <SeverityBadge value={i.severity} />
      </td>
      <td>
        <StatusBadge value={i.status} />
      </td>
      <td>{i.owner || <span className="muted">unassigned</span>}</td>
      <td className="col-time mono" title={isoTime(i.created)}>
        {formatTime(i.created)}
      </td>
    </tr>
  );
});
