/**
 * The incidents list as the user scrolls it: a small first page (a quick first paint), then
 * bigger pages fetched by the API's cursor on request, appended to the rows already loaded.
 * A new scope, query or sort starts again from a first page; an answer for an older list (or
 * an older reload) is dropped. The rows of the previous list stay on screen, dimmed, until the
 * new first page replaces them: no flicker between searches.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client';
import type { Sort, TenantError } from '../api/types';
import type { Row } from './incident-table';
import { recallList, rememberList } from './list-memory';

/** The first page is small so the first rows paint quickly; the next ones amortise the round trip. */
export const FIRST_PAGE = 100;
export const NEXT_PAGE = 500;

export interface IncidentPages {
  /** Every row loaded so far, in the API's order. */
  rows: Row[];
  /** The scope the rows were loaded for: the Account column follows it, not the switcher. */
  scope: string | null;
  /** All the matches (of the tenants that answered the first page), when the API counted them. */
  total: number | undefined;
  /** Tenants that did not answer a page of this list; the rows come from the others. */
  errors: TenantError[];
  /** Whether the API has more rows after those loaded. */
  more: boolean;
  /** A first page (new list or reload) is on its way. */
  loadingFirst: boolean;
  loadingMore: boolean;
  /** Why the first page failed (and its API code, e.g. `invalid_query`); no rows then. */
  error: string | undefined;
  errorCode: string | undefined;
  /** Why the last next page failed; loading more stops until `loadMore` is called again. */
  moreError: string | undefined;
  /** Bumped whenever a first page replaces the rows: a new table for them, at the top. */
  generation: number;
  /** Fetches the next page, unless one is on its way or there is none. */
  loadMore: () => void;
  /** Loads the list again from its first page. */
  reload: () => void;
  /** Where the list was scrolled when it was left, if it was brought back as it was. */
  restoredScroll: number;
  /** Keeps the list as it is for the next visit, scrolled to `scrollTop`. */
  keep: (scrollTop: number) => void;
}

interface Loaded {
  rows: Row[];
  scope: string | null;
  cursor: string | null;
  total: number | undefined;
  errors: TenantError[];
  generation: number;
}

interface Answer {
  rows: Row[];
  cursor: string | null;
  total: number | undefined;
  errors: TenantError[];
}

const EMPTY: Loaded = { rows: [], scope: null, cursor: null, total: undefined, errors: [], generation: 0 };

async function fetchPage(scope: string | null, query: string, sort: Sort, size: number, cursor: string | null): Promise<Answer> {
  const body = { query, size, sort, ...(cursor === null ? {} : { cursor }) };
  if (scope === null) {
    // Counting every match costs a COUNT per tenant: once, on the first page.
    const r = await api.searchAll({ ...body, ...(cursor === null ? { total: true } : {}) });
    return { rows: r.items.map((i) => ({ tenant: i.tenant, incident: i })), cursor: r.cursor ?? null, total: r.total, errors: r.errors ?? [] };
  }
  // A tenant counts its matches on a first page by default.
  const r = await api.searchTenant(scope, body);
  return { rows: r.items.map((i) => ({ tenant: scope, incident: i })), cursor: r.cursor ?? null, total: r.total, errors: [] };
}

/** The tenants that failed a page, latest word first per tenant, in the API's (tenant) order. */
function mergeErrors(before: TenantError[], now: TenantError[]): TenantError[] {
  if (now.length === 0) return before;
  const byTenant = new Map(before.map((e) => [e.tenant, e]));
  for (const e of now) byTenant.set(e.tenant, e);
  return [...byTenant.values()].sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
}

const listKey = (scope: string | null, query: string, sort: Sort): string => JSON.stringify([scope, query, sort.field, sort.order]);

export function useIncidentPages(scope: string | null, query: string, sort: Sort): IncidentPages {
  // Coming back to the list left a moment ago: its rows and place, without asking again.
  const [recalled] = useState(() => recallList<Loaded>(listKey(scope, query, sort)));
  const [loaded, setLoaded] = useState<Loaded>(recalled?.state ?? EMPTY);
  const [loadingFirst, setLoadingFirst] = useState(recalled === null);
  const skipFirst = useRef(recalled !== null);
  // The place to scroll the first table back to; a list loaded again starts at the top.
  const restoredScroll = useRef(recalled?.scrollTop ?? 0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<{ message: string; code: string | undefined } | undefined>(undefined);
  const [moreError, setMoreError] = useState<string | undefined>(undefined);
  // Each first page starts a new list; answers of an older one are dropped.
  const list = useRef(0);
  const moreInFlight = useRef(false);
  const firstInFlight = useRef(false);
  const current = useRef(loaded);
  current.current = loaded;
  const params = useRef({ scope, query, sort });
  params.current = { scope, query, sort };

  const loadFirst = useCallback(() => {
    const mine = ++list.current;
    restoredScroll.current = 0;
    const { scope: s, query: q, sort: o } = params.current;
    moreInFlight.current = false;
    firstInFlight.current = true;
    setLoadingFirst(true);
    setLoadingMore(false);
    setMoreError(undefined);
    fetchPage(s, q, o, FIRST_PAGE, null).then(
      (a) => {
        if (mine !== list.current) return;
        firstInFlight.current = false;
        setLoaded((l) => ({ rows: a.rows, scope: s, cursor: a.cursor, total: a.total, errors: a.errors, generation: l.generation + 1 }));
        setError(undefined);
        setLoadingFirst(false);
      },
      (e: unknown) => {
        if (mine !== list.current) return;
        firstInFlight.current = false;
        setLoaded((l) => ({ ...EMPTY, scope: s, generation: l.generation + 1 }));
        setError({ message: errorMessage(e), code: e instanceof ApiError ? e.code : undefined });
        setLoadingFirst(false);
      },
    );
  }, []);

  useEffect(() => {
    if (skipFirst.current) skipFirst.current = false;
    else loadFirst();
    return () => {
      list.current++;
    };
  }, [loadFirst, scope, query, sort.field, sort.order]);

  const loadMore = useCallback(() => {
    const at = current.current;
    // The rows on screen while a first page loads belong to the list before: not their cursor.
    if (moreInFlight.current || firstInFlight.current || at.cursor === null) return;
    const mine = list.current;
    const { scope: s, query: q, sort: o } = params.current;
    moreInFlight.current = true;
    setLoadingMore(true);
    setMoreError(undefined);
    fetchPage(s, q, o, NEXT_PAGE, at.cursor).then(
      (a) => {
        if (mine !== list.current) return;
        // The next call must see the new cursor even before React renders these rows.
        const l = current.current;
        current.current = { ...l, rows: l.rows.concat(a.rows), cursor: a.cursor, errors: mergeErrors(l.errors, a.errors) };
        moreInFlight.current = false;
        setLoaded(current.current);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (mine !== list.current) return;
        moreInFlight.current = false;
        setMoreError(errorMessage(e));
        setLoadingMore(false);
      },
    );
  }, []);

  return {
    rows: loaded.rows,
    scope: loaded.scope,
    total: loaded.total,
    errors: loaded.errors,
    more: loaded.cursor !== null,
    loadingFirst,
    loadingMore,
    error: error?.message,
    errorCode: error?.code,
    moreError,
    generation: loaded.generation,
    loadMore,
    reload: loadFirst,
    restoredScroll: restoredScroll.current,
    keep: (scrollTop: number) => {
      // Only a list fully arrived is worth bringing back; one still loading starts again.
      if (!firstInFlight.current && error === undefined) rememberList(listKey(scope, query, sort), current.current, scrollTop);
    },
  };
}
