/**
 * The incidents table: dense rows, sortable headers, a click (or the name's link) opens one; a
 * checkbox on each row (and one for the whole page) selects rows for a bulk action.
 */
import type { MouseEvent } from 'react';
import { SeverityBadge, StatusBadge } from '../common/badges';
import { formatTime, isoTime } from '../common/format';
import { incidentHref, navigate } from '../shell/route';
import type { Incident, Sort, SortField } from '../api/types';

export interface Row {
  tenant: string;
  incident: Incident;
}

/** A row's key: its tenant and id, unique across tenants. */
export const rowKey = (row: Row): string => `${row.tenant}\u0000${row.incident.id}`;

interface Props {
  rows: Row[];
  showTenant: boolean;
  sort: Sort;
  onSort: (field: SortField) => void;
  tenantName: (id: string) => string;
  busy: boolean;
  /** The keys (rowKey) of the selected rows. */
  selected: ReadonlySet<string>;
  onSelect: (rows: Row[], selected: boolean) => void;
}

const stop = (e: MouseEvent): void => e.stopPropagation();

function SortHeader({ field, label, sort, onSort, className }: { field: SortField; label: string; sort: Sort; onSort: (f: SortField) => void; className?: string }) {
  const active = sort.field === field;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' active' : ''}`} onClick={() => onSort(field)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function IncidentTable({ rows, showTenant, sort, onSort, tenantName, busy, selected, onSelect }: Props) {
  const open = (row: Row) => (e: MouseEvent<HTMLTableRowElement>) => {
    // The name's own link, or a selection of text, does what it does.
    if ((e.target as HTMLElement).closest('a') !== null) return;
    if (window.getSelection()?.toString()) return;
    navigate(incidentHref(row.tenant, row.incident.id));
  };
  if (rows.length === 0) return null;
  const count = rows.filter((r) => selected.has(rowKey(r))).length;
  const all = count === rows.length;
  return (
    <div className={`table-scroll${busy ? ' busy' : ''}`}>
      <table className="data-table incidents">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label="Select all incidents on this page"
                checked={all}
                ref={(el) => {
                  if (el !== null) el.indeterminate = count > 0 && !all;
                }}
                onChange={() => onSelect(rows, !all)}
              />
            </th>
            {showTenant && (
              <th scope="col" className="col-account">
                Account
              </th>
            )}
            <SortHeader field="id" label="ID" sort={sort} onSort={onSort} className="col-id" />
            <SortHeader field="name" label="Name" sort={sort} onSort={onSort} className="col-name" />
            <th scope="col">Type</th>
            <SortHeader field="severity" label="Severity" sort={sort} onSort={onSort} className="col-sev" />
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <SortHeader field="created" label="Created" sort={sort} onSort={onSort} className="col-time" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const i = row.incident;
            const checked = selected.has(rowKey(row));
            return (
              <tr key={`${row.tenant}/${i.id}`} data-testid="incident-row" className={`clickable${checked ? ' selected' : ''}`} onClick={open(row)}>
                {/* A click anywhere in this cell selects; it never opens the incident. */}
                <td className="col-check" onClick={stop}>
                  <label className="check-hit">
                    <input
                      type="checkbox"
                      data-testid="select-row"
                      aria-label={`Select incident ${i.id}${showTenant ? ` of ${tenantName(row.tenant)}` : ''}`}
                      checked={checked}
                      onChange={(e) => onSelect([row], e.target.checked)}
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
                  <a href={incidentHref(row.tenant, i.id)}>{i.name || <span className="muted">(no name)</span>}</a>
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
          })}
        </tbody>
      </table>
    </div>
  );
}
