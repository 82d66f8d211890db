/**
 * Incidents: a query in XSOAR's language over all the tenants this user may see (a fan-out
 * search that names the tenants that did not answer) or over the one tenant chosen, sorted by a
 * column. The list loads as it is scrolled, page after page by the API's cursor, into a
 * virtualised table that keeps only the rows in view in the DOM, so tens of thousands stay
 * smooth. Rows loaded may be selected for a bulk action, however far apart; another query, sort
 * or scope starts with none selected.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { BulkBar, BulkOutcome } from './bulk-bar';
import { IncidentTable, rowKey, type Row } from './incident-table';
import { useIncidentPages } from './use-incident-pages';
import { TenantErrors } from '../common/tenant-errors';
import type { BulkResponse, Sort, SortField } from '../api/types';
import { LoadError } from '../common/load-error';

export interface ListState {
  query: string;
  sort: Sort;
}

export const initialListState: ListState = { query: '', sort: { field: 'created', order: 'desc' } };

const NONE: ReadonlySet<string> = new Set();
const count = (n: number): string => n.toLocaleString('en-US');

interface Props {
  scope: string | null;
  state: ListState;
  onState: (next: ListState) => void;
  tenantName: (id: string) => string;
  /** Whether this user may change incidents in some tenant of the scope (each tenant still checks). */
  canBulk: boolean;
}

export function IncidentsPage({ scope, state, onState, tenantName, canBulk }: Props) {
  const [draft, setDraft] = useState(state.query);
  useEffect(() => setDraft(state.query), [state.query]);
  const pages = useIncidentPages(scope, state.query, state.sort);
  // Leaving the list (to open an incident) keeps it, scrolled where it was, for the way back.
  const scrollPos = useRef(0);
  const keep = useRef(pages.keep);
  keep.current = pages.keep;
  useEffect(() => () => keep.current(scrollPos.current), []);

  // The selection, and what came of the last bulk action, belong to the list they were made on.
  const listKey = JSON.stringify([scope, state.query, state.sort.field, state.sort.order]);
  const listRef = useRef(listKey);
  listRef.current = listKey;
  const [selection, setSelection] = useState<{ list: string; keys: ReadonlySet<string> }>({ list: listKey, keys: NONE });
  const [outcome, setOutcome] = useState<{ list: string; result: BulkResponse } | null>(null);
  const selected = selection.list === listKey ? selection.keys : NONE;
  // Stable, so that toggling one row re-renders that row only.
  const toggle = useCallback((row: Row, on: boolean): void => {
    setSelection((s) => {
      const keys = new Set(s.list === listRef.current ? s.keys : NONE);
      if (on) keys.add(rowKey(row));
      else keys.delete(rowKey(row));
      return { list: listRef.current, keys };
    });
  }, []);
  const selectAll = (on: boolean): void => setSelection({ list: listKey, keys: on ? new Set(pages.rows.map(rowKey)) : NONE });
  const clearSelection = (): void => setSelection({ list: listKey, keys: NONE });
  // Only rows still listed are acted on (a reload may have dropped some).
  const chosen = useMemo(() => (selected.size === 0 ? [] : pages.rows.filter((r) => selected.has(rowKey(r)))), [pages.rows, selected]);

  const search = (e: FormEvent): void => {
    e.preventDefault();
    const query = draft.trim();
    if (query === state.query) pages.reload();
    else onState({ ...state, query });
  };

  const sortBy = (field: SortField): void => {
    const order = state.sort.field === field ? (state.sort.order === 'desc' ? 'asc' : 'desc') : field === 'name' ? 'asc' : 'desc';
    onState({ ...state, sort: { field, order } });
  };

  const loaded = pages.rows.length;
  const queryError = pages.errorCode === 'invalid_query' ? pages.error : undefined;
  const otherError = pages.error !== undefined && queryError === undefined ? pages.error : undefined;
  const nearEnd = pages.more && !pages.loadingFirst && pages.moreError === undefined ? pages.loadMore : undefined;
  const shownTotal = pages.total === undefined ? undefined : Math.max(pages.total, loaded);

  const footer = (
    <div className="incident-list-foot muted">
      {pages.moreError !== undefined ? (
        <>
          <span className="field-error" role="alert">
            Could not load more incidents: {pages.moreError}
          </span>
          <button type="button" className="btn small" onClick={pages.loadMore}>
            Retry
          </button>
        </>
      ) : pages.loadingMore ? (
        <span role="status">Loading more incidents…</span>
      ) : pages.more ? (
        <button type="button" className="btn small ghost" onClick={pages.loadMore}>
          Load more
        </button>
      ) : (
        <span>End of the list: {count(loaded)} incidents</span>
      )}
    </div>
  );

  return (
    <section className="page">
      <div className="page-head">
        <h1>Incidents</h1>
        <span className="muted scope-note">{scope === null ? 'All tenants' : tenantName(scope)}</span>
      </div>
      <form className="query-bar" onSubmit={search} role="search">
        <input
          className={`query-input${queryError !== undefined ? ' invalid' : ''}`}
          type="text"
          aria-label="Query"
          aria-invalid={queryError !== undefined}
          aria-describedby={queryError !== undefined ? 'query-error' : undefined}
          placeholder="severity:>=high and status:active"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="btn primary">
          Search
        </button>
      </form>
      {queryError !== undefined && (
        <p id="query-error" className="field-error" role="alert">
          {queryError}
        </p>
      )}
      {otherError !== undefined && <LoadError error={otherError} onRetry={pages.reload} />}
      {pages.errors.length > 0 && pages.error === undefined && <TenantErrors errors={pages.errors} tenantName={tenantName} consequence="The results below come from the others." />}
      {outcome !== null && outcome.list === listKey && <BulkOutcome result={outcome.result} tenantName={tenantName} onDismiss={() => setOutcome(null)} />}
      {canBulk && chosen.length > 0 && (
        <BulkBar
          items={chosen.map((r) => ({ tenant: r.tenant, id: r.incident.id }))}
          onClear={clearSelection}
          onDone={(result) => {
            setOutcome({ list: listKey, result });
            clearSelection();
            pages.reload();
          }}
        />
      )}
      <div className="panel table-panel">
        <div className="table-toolbar">
          <span className="muted incident-count" aria-live="polite" data-testid="incident-count">
            {pages.loadingFirst && loaded === 0 && pages.error === undefined
              ? 'Loading…'
              : pages.error !== undefined
                ? 'No results'
                : loaded === 0
                  ? 'No incidents'
                  : shownTotal !== undefined
                    ? `${count(loaded)} of ${count(shownTotal)} loaded`
                    : `${count(loaded)} loaded`}
          </span>
          <button type="button" className="btn small" onClick={pages.reload} disabled={pages.loadingFirst} title="Load the list again from its first page">
            Refresh
          </button>
        </div>
        {/* Only for a first page: the footer tells of more loading, and an animation would cost frames while scrolling. */}
        {pages.loadingFirst && <div className="progress" role="progressbar" aria-label="Loading incidents" />}
        {pages.error === undefined && (
          <IncidentTable
            key={pages.generation}
            rows={pages.rows}
            showTenant={pages.scope === null}
            sort={state.sort}
            onSort={sortBy}
            tenantName={tenantName}
            busy={pages.loadingFirst}
            selected={selected}
            onSelect={toggle}
            selectedCount={chosen.length}
            onSelectAll={selectAll}
            total={pages.total}
            onNearEnd={nearEnd}
            footer={footer}
            initialScroll={pages.restoredScroll}
            scrollPos={scrollPos}
          />
        )}
        {pages.error === undefined && loaded === 0 && !pages.loadingFirst && (
          <p className="empty">{state.query === '' ? 'No incidents yet.' : 'No incidents match this query.'}</p>
        )}
      </div>
    </section>
  );
}
