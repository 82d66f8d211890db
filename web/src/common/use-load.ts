/** Loading data from the API with loading and error states; a stale answer never overwrites a newer one. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** The API's error code (`invalid_query`, `not_found`…), when the API answered with one. */
  errorCode: string | undefined;
  loading: boolean;
  /** Load again; `quiet` keeps the current data on screen without a loading state. */
  reload: (quiet?: boolean) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [errorCode, setErrorCode] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((quiet: boolean) => {
    const mine = ++seq.current;
    if (!quiet) setLoading(true);
    loadRef.current().then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setError(undefined);
        setErrorCode(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(errorMessage(e));
        setErrorCode(e instanceof ApiError ? e.code : undefined);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    // What was shown stays (dimmed) until the new answer replaces it: no flicker between pages.
    run(false);
    return () => {
      seq.current++;
    };
  }, deps); // the caller names what the load depends on

  const reload = useCallback((quiet = false) => run(quiet), [run]);
  return { data, error, errorCode, loading, reload };
}
