/**
 * The incidents table, virtualised: thousands of rows loaded, a few dozen in the DOM. It scrolls
 * in its own box under a sticky header; spacer rows above and below the rendered ones keep the
 * scroll height of the whole list. Nearing the end of the rows loaded asks for more
 * (`onNearEnd`). Sortable headers; a checkbox per row and one for every row loaded. Keyboard:
 * arrows, Page Up/Down, Home/End move between rows, Space selects, Enter opens. A new list (a
 * first page) should mount a new table (a `key`): it starts at the top, with no stale range.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type MutableRefObject, type ReactNode } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { incidentHref, navigate } from '../shell/route';
import { IncidentRow, ROW_HEIGHT, rowKey, type Row } from './incident-row';
import type { Sort, SortField } from '../api/types';
import './incident-list.css';

export { rowKey, type Row } from './incident-row';

/** The header row's height (px, incident-list.css): the rows start below it. */
const HEADER_HEIGHT = 33;
/** Rows rendered beyond each edge of the view, so a fast scroll shows no blank. */
const OVERSCAN = 8;
/** How close (in rows) to the end of the loaded rows the next page is asked for. */
const LOOKAHEAD = 60;
const estimateSize = (): number => ROW_HEIGHT;

interface Props {
  rows: Row[];
  showTenant: boolean;
  sort: Sort;
  onSort: (field: SortField) => void;
  tenantName: (id: string) => string;
  /** A new first page is on its way: the rows shown are dimmed. */
  busy: boolean;
  /** The keys (rowKey) of the selected rows. */
  selected: ReadonlySet<string>;
  onSelect: (row: Row, selected: boolean) => void;
  /** How many loaded rows are selected, and the switch for all of them. */
  selectedCount: number;
  onSelectAll: (selected: boolean) => void;
  /** Every row of the list (loaded or not), when the API counted them. */
  total: number | undefined;
  onNearEnd: (() => void) | undefined;
  /** Shown under the last row: loading more, a failure, the end. */
  footer: ReactNode;
  /** Where to scroll at first (the list brought back as it was left). */
  initialScroll: number;
  /** Follows the scroll position, for the list to keep when it is left. */
  scrollPos: MutableRefObject<number>;
}

/**
 * Scrolls the box just enough to show row `index` below the sticky header. Rows have one height,
 * so this is arithmetic; the virtualiser follows the scroll like any other.
 */
function reveal(box: HTMLElement, index: number): void {
  const top = HEADER_HEIGHT + index * ROW_HEIGHT;
  if (top < box.scrollTop + HEADER_HEIGHT) box.scrollTop = top - HEADER_HEIGHT;
  else if (top + ROW_HEIGHT > box.scrollTop + box.clientHeight) box.scrollTop = top + ROW_HEIGHT - box.clientHeight;
}

function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr className="spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}

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

export function IncidentTable(p: Props) {
  const { rows, showTenant, selected, onSelect, onNearEnd } = p;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The keyboard's row: the one Tab enters the list on, moved by the arrows.
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const getItemKey = useCallback((index: number) => {
    const r = rows[index];
    return r === undefined ? index : `${r.tenant}/${r.incident.id}`;
  }, [rows]);
  // The keyboard's row stays rendered however far the list scrolls: Chrome moves the scroll
  // when a focused element leaves the DOM, and focus would be lost.
  const rangeExtractor = useCallback((range: Range): number[] => {
    const indexes = defaultRangeExtractor(range);
    if (active >= range.count || indexes.includes(active)) return indexes;
    return active < (indexes[0] ?? 0) ? [active, ...indexes] : [...indexes, active];
  }, [active]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: OVERSCAN,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The box is at most as tall as the window: the first render already fills it.
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: p.initialScroll,
  });
  const { initialScroll, scrollPos } = p;
  useLayoutEffect(() => {
    if (scrollRef.current !== null && initialScroll > 0) scrollRef.current.scrollTop = initialScroll;
    scrollPos.current = initialScroll;
  }, [initialScroll, scrollPos]);
  const items = virtualizer.getVirtualItems();
  const range = virtualizer.range;
  const inView = (index: number): boolean => range !== null && index >= range.startIndex - OVERSCAN && index <= range.endIndex + OVERSCAN;
  const lastIndex = range === null ? -1 : Math.min(rows.length - 1, range.endIndex + OVERSCAN);

  useEffect(() => {
    if (onNearEnd !== undefined && rows.length > 0 && lastIndex >= rows.length - 1 - LOOKAHEAD) onNearEnd();
  }, [onNearEnd, lastIndex, rows.length]);

  useEffect(() => {
    // The row to focus may render only after the scroll: try again after each render.
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (el) {
      focusPending.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    const target = e.target as HTMLElement;
    const tr = target.closest<HTMLElement>('tr[data-index]');
    if (tr === null) return;
    const index = Number(tr.dataset['index']);
    const row = rows[index];
    const perView = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? ROW_HEIGHT) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + perView, PageUp: index - perView, Home: 0, End: rows.length - 1 };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      const next = Math.min(rows.length - 1, Math.max(0, to));
      setActive(next);
      focusPending.current = true;
      if (scrollRef.current !== null) reveal(scrollRef.current, next);
    } else if (target === tr && row !== undefined && e.key === 'Enter') {
      e.preventDefault();
      navigate(incidentHref(row.tenant, row.incident.id));
    } else if (target === tr && row !== undefined && e.key === ' ') {
      e.preventDefault();
      onSelect(row, !selected.has(rowKey(row)));
    }
  };
  const onFocus = (e: FocusEvent<HTMLTableSectionElement>): void => {
    const index = Number((e.target as HTMLElement).closest<HTMLElement>('tr[data-index]')?.dataset['index']);
    if (Number.isInteger(index)) setActive(index);
  };

  if (rows.length === 0) return null;
  // Tab enters on the keyboard's row, or on the first one in view when that one scrolled away.
  const tabStop = inView(active) ? active : (items.find((v) => inView(v.index))?.index ?? 0);
  const all = p.selectedCount === rows.length;
  const columns = showTenant ? 9 : 8;
  // Spacer rows stand for the rows not rendered, so the box scrolls the whole list.
  const body: ReactNode[] = [];
  let at = HEADER_HEIGHT;
  for (const v of items) {
    const row = rows[v.index];
    if (row === undefined) continue;
    if (v.start > at) body.push(<Spacer key={`gap-${body.length}`} height={v.start - at} columns={columns} />);
    body.push(
      <IncidentRow
        key={v.key}
        row={row}
        index={v.index}
        showTenant={showTenant}
        checked={selected.has(rowKey(row))}
        tabStop={v.index === tabStop}
        tenantName={p.tenantName}
        onToggle={onSelect}
      />,
    );
    at = v.end;
  }
  const total = virtualizer.getTotalSize();
  if (total > at) body.push(<Spacer key="gap-end" height={total - at} columns={columns} />);
  return (
    <div
      ref={scrollRef}
      className={`table-scroll incident-list${p.busy ? ' busy' : ''}`}
      data-testid="incident-scroll"
      onScroll={(e) => {
        scrollPos.current = e.currentTarget.scrollTop;
      }}
    >
      <table className="data-table incidents" aria-rowcount={Math.max(p.total ?? 0, rows.length) + 1} aria-label="Incidents">
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label="Select all loaded incidents"
                checked={all}
                ref={(el) => {
                  if (el !== null) el.indeterminate = p.selectedCount > 0 && !all;
                }}
                onChange={() => p.onSelectAll(!all)}
              />
            </th>
            {showTenant && (
              <th scope="col" className="col-account">
                Account
              </th>
            )}
            <SortHeader field="id" label="ID" sort={p.sort} onSort={p.onSort} className="col-id" />
            <SortHeader field="name" label="Name" sort={p.sort} onSort={p.onSort} className="col-name" />
            <th scope="col" className="col-type">
              Type
            </th>
            <SortHeader field="severity" label="Severity" sort={p.sort} onSort={p.onSort} className="col-sev" />
            <th scope="col" className="col-status">
              Status
            </th>
            <th scope="col" className="col-owner">
              Owner
            </th>
            <SortHeader field="created" label="Created" sort={p.sort} onSort={p.onSort} className="col-time" />
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown} onFocus={onFocus}>
          {body}
        </tbody>
      </table>
      {p.footer}
    </div>
  );
}
