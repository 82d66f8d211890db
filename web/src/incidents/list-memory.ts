/**
 * The incidents list as the user left it (rows loaded, cursor, scroll position), so that
 * opening an incident and coming back returns to the same place rather than to the top of a
 * list that was 4,000 rows deep. Kept in this tab's memory only, for one list (its scope, query
 * and sort), for a few minutes, and for the session it was kept in only: forgotten at logout
 * and whenever the session ends, and never given to another session of the tab.
 */
import { sessionMark } from '../api/client';

const KEEP_MS = 5 * 60 * 1000;

export interface Remembered<T> {
  key: string;
  session: string | null;
  state: T;
  scrollTop: number;
  at: number;
}

let memory: Remembered<unknown> | null = null;

export function rememberList<T>(key: string, state: T, scrollTop: number): void {
  const session = sessionMark();
  memory = session === null ? null : { key, session, state, scrollTop, at: Date.now() };
}

/** The list left under this key, if it was left recently; taken once. */
export function recallList<T>(key: string): Remembered<T> | null {
  const m = memory;
  memory = null;
  if (m === null || m.key !== key || m.session !== sessionMark() || Date.now() - m.at > KEEP_MS) return null;
  return m as Remembered<T>;
}

export function forgetLists(): void {
  memory = null;
}
