/**
 * One user action against the API at a time: `busy` while it runs, its error message if it
 * failed, and `onDone` once it succeeded (to reload what it changed).
 */
import { useState } from 'react';
import { errorMessage } from '../api/client';

export interface Action {
  readonly busy: boolean;
  readonly error: string | undefined;
  /** Runs `call`; on success `then` gets its result, then the hook's `onDone` runs. */
  readonly act: <T>(call: () => Promise<T>, then?: (value: T) => void) => void;
  /** Shows a refusal found before calling the API (a missing field). */
  readonly fail: (message: string) => void;
}

export function useAction(onDone: () => void = () => undefined): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const act = <T>(call: () => Promise<T>, then?: (value: T) => void): void => {
    setBusy(true);
    setError(undefined);
    call().then(
      (value) => {
        setBusy(false);
        then?.(value);
        onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  };
  return { busy, error, act, fail: setError };
}
