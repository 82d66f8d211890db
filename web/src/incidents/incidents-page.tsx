/**
 * Incidents: a query in XSOAR's language over all the tenants this user may see (a fan-out
 * search that names the tenants that did not answer) or over the one tenant chosen, sorted by a
 * column, paged with the API's cursor (a stack of cursors goes back). Rows of the page shown may
 * be selected for a bulk action; another page, query, sort or scope starts with none selected.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { BulkBar, BulkOutcome } from './bulk-bar';
import { IncidentTable, rowKey, type Row } from './incident-table';
import { TenantErrors } from '../common/tenant-errors';
import type { BulkResponse, Sort, SortField, TenantError } from '../api/types';
import { useLoad } from '../common/use-load';

export interface ListState {
  query: string;
  sort: Sort;
  /** The cursors of the pages before the one shown; empty on the first page. */
  cursors: string[];
}

export const initialListState: ListState = { query: '', sort: { field: 'created', order: 'desc' }, cursors: [] };

const PAGE_SIZE = 50;
const NONE: ReadonlySet<string> = new Set();

interface Page {
  /** The scope the page was asked for: its columns follow it, not the switcher. */
  scope: string | null;
  rows: Row[];
  cursor: string | null;
  total: number | undefined;
  errors: TenantError[];
}

interface Props {
  scope: string | null;
  state: ListState;
  onState: (next: ListState) => void;
  tenantName: (id: string) => string;
}

export function IncidentsPage({ scope, state, onState, tenantName }: Props) {
  const [draft, setDraft] = useState(state.query);
  const cursor = state.cursors.at(-1);
  const totals = useRef(new Map<string, number>());
  const totalKey = `${scope ?? '*'}\u0000${state.query}`;

  useEffect(() => setDraft(state.query), [state.query]);

  // The selection, and what came of the last bulk action, belong to the page they were made on.
  const pageKey = JSON.stringify([scope, state.query, state.sort, cursor ?? null]);
  const [selection, setSelection] = useState<{ page: string; keys: ReadonlySet<string> }>({ page: pageKey, keys: NONE });
  const [outcome, setOutcome] = useState<{ page: string; result: BulkResponse } | null>(null);
  const selected = selection.page === pageKey ? selection.keys : NONE;
  const select = (rows: Row[], on: boolean): void => {
    const keys = new Set(selected);
    for (const r of rows) {
      if (on) keys.add(rowKey(r));
      else keys.delete(rowKey(r));
    }
    setSelection({ page: pageKey, keys });
  };
  const clearSelection = (): void => setSelection({ page: pageKey, keys: NONE });

  const page = useLoad<Page>(async () => {
    const body = { query: state.query, size: PAGE_SIZE, sort: state.sort, ...(cursor === undefined ? {} : { cursor }) };
    if (scope === null) {
      const r = await api.searchAll({ ...body, ...(cursor === undefined ? { total: true } : {}) });
      return { scope, rows: r.items.map((i) => ({ tenant: i.tenant, incident: i })), cursor: r.cursor ?? null, total: r.total, errors: r.errors ?? [] };
    }
    const r = await api.searchTenant(scope, body);
    return { scope, rows: r.items.map((i) => ({ tenant: scope, incident: i })), cursor: r.cursor ?? null, total: r.total, errors: [] };
  }, [scope, state.query, state.sort.field, state.sort.order, cursor]);

  if (page.data?.total !== undefined && !page.loading) totals.current.set(totalKey, page.data.total);
  const total = totals.current.get(totalKey);

  const search = (e: FormEvent): void => {
    e.preventDefault();
    const query = draft.trim();
    if (query === state.query && state.cursors.length === 0) page.reload();
    else onState({ ...state, query, cursors: [] });
  };

  const sortBy = (field: SortField): void => {
    const order = state.sort.field === field ? (state.sort.order === 'desc' ? 'asc' : 'desc') : field === 'name' ? 'asc' : 'desc';
    onState({ ...state, sort: { field, order }, cursors: [] });
  };

  const next = page.data?.cursor ?? null;
  const pageNo = state.cursors.length + 1;
  const shown = page.data?.rows.length ?? 0;
  const first = (pageNo - 1) * PAGE_SIZE + 1;
  const queryError = page.errorCode === 'invalid_query' ? page.error : undefined;
  const otherError = page.error !== undefined && queryError === undefined ? page.error : undefined;
  const chosen = page.error === undefined ? (page.data?.rows ?? []).filter((r) => selected.has(rowKey(r))) : [];

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
      {otherError !== undefined && (
        <div className="error-banner" role="alert">
          {otherError}{' '}
          <button type="button" className="btn small" onClick={() => page.reload()}>
            Retry
          </button>
        </div>
      )}
      {page.data !== undefined && page.data.errors.length > 0 && page.error === undefined && <TenantErrors errors={page.data.errors} tenantName={tenantName} consequence="The results below come from the others." />}
      {outcome !== null && outcome.page === pageKey && <BulkOutcome result={outcome.result} tenantName={tenantName} onDismiss={() => setOutcome(null)} />}
      {chosen.length > 0 && (
        <BulkBar
          items={chosen.map((r) => ({ tenant: r.tenant, id: r.incident.id }))}
          onClear={clearSelection}
          onDone={(result) => {
            setOutcome({ page: pageKey, result });
            clearSelection();
            page.reload();
          }}
        />
      )}
      <div className="panel table-panel">
        <div className="table-toolbar">
          <span className="muted" aria-live="polite">
            {page.loading && page.data === undefined
              ? 'Loading…'
              : page.error !== undefined
                ? 'No results'
                : shown === 0
                  ? 'No incidents'
                  : `${first}–${first + shown - 1}${total !== undefined ? ` of ${total}` : ''}`}
          </span>
          <div className="pager">
            <button type="button" className="btn small" disabled={state.cursors.length === 0 || page.loading} onClick={() => onState({ ...state, cursors: state.cursors.slice(0, -1) })}>
              ‹ Previous page
            </button>
            <span className="muted">Page {pageNo}</span>
            <button type="button" className="btn small" disabled={next === null || page.loading || page.error !== undefined} onClick={() => next !== null && onState({ ...state, cursors: [...state.cursors, next] })}>
              Next page ›
            </button>
          </div>
        </div>
        {page.loading && <div className="progress" role="progressbar" aria-label="Loading incidents" />}
        {page.data !== undefined && page.error === undefined && (
          <IncidentTable rows={page.data.rows} showTenant={page.data.scope === null} sort={state.sort} onSort={sortBy} tenantName={tenantName} busy={page.loading} selected={selected} onSelect={select} />
        )}
        {page.data !== undefined && page.error === undefined && shown === 0 && !page.loading && (
          <p className="empty">{state.query === '' ? 'No incidents yet.' : 'No incidents match this query.'}</p>
        )}
      </div>
    </section>
  );
}
