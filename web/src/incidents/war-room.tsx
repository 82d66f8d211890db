/**
 * The war room: the incident's entries, oldest first (errors in red; the human-readable text
 * when there is one, else the contents, JSON indented), and the command line under them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { CommandLine } from './command-line';
import { asText, formatTime, isoTime } from '../common/format';
import type { WarRoomEntry } from '../api/types';

interface Props {
  tenant: string;
  id: number;
}

/** Pages read one after another when catching up after a command. */
const MAX_CATCH_UP_PAGES = 10;

const ENTRY_TYPES: Readonly<Record<number, string>> = { 1: 'Note', 4: 'Error' };

export function WarRoom({ tenant, id }: Props) {
  const [entries, setEntries] = useState<WarRoomEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToEnd = useRef(true);
  const lastId = useRef(0);

  const append = useCallback((more: WarRoomEntry[]) => {
    if (more.length === 0) return;
    lastId.current = Math.max(lastId.current, ...more.map((e) => e.id));
    setEntries((old) => {
      const seen = new Set(old.map((e) => e.id));
      return [...old, ...more.filter((e) => !seen.has(e.id))];
    });
  }, []);

  const load = useCallback(
    async (fresh: boolean, pages: number): Promise<void> => {
      if (fresh) lastId.current = 0;
      let after: number | undefined = fresh ? undefined : lastId.current;
      for (let page = 0; page < pages; page++) {
        const r = await api.entries(tenant, id, after);
        if (fresh && page === 0) setEntries([]);
        append(r.entries);
        setNext(r.next);
        if (r.next === null) break;
        after = r.next;
      }
    },
    [tenant, id, append],
  );

  const refresh = useCallback(
    (fresh: boolean, pages: number) => {
      setLoading(true);
      load(fresh, pages).then(
        () => {
          setError(undefined);
          setLoading(false);
        },
        (e: unknown) => {
          setError(errorMessage(e));
          setLoading(false);
        },
      );
    },
    [load],
  );

  useEffect(() => refresh(true, 1), [refresh]);

  useEffect(() => {
    const el = scroller.current;
    if (el && stickToEnd.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const run = async (command: string): Promise<void> => {
    const r = await api.runCommand(tenant, id, command);
    stickToEnd.current = true;
    // The timeline is read again from where it stands: the command's entries and any a playbook added meanwhile.
    try {
      await load(false, MAX_CATCH_UP_PAGES);
    } catch {
      append(r.entries);
    }
  };

  const onScroll = (): void => {
    const el = scroller.current;
    if (el) stickToEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  return (
    <div className="war-room">
      <div className="tab-toolbar">
        <span className="muted">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
          {next !== null ? ' (more to load)' : ''}
        </span>
        <button type="button" className="btn small" onClick={() => refresh(true, 1)} disabled={loading}>
          Refresh
        </button>
      </div>
      {error !== undefined && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <div className="timeline" ref={scroller} onScroll={onScroll} aria-busy={loading} aria-label="War room entries" role="log">
        {loading && entries.length === 0 && <p className="muted pad">Loading entries…</p>}
        {!loading && entries.length === 0 && error === undefined && <p className="muted pad">No entries yet. Run a command below to start the record.</p>}
        {entries.map((e) => (
          <Entry key={e.id} entry={e} />
        ))}
        {next !== null && (
          <div className="pad">
            <button type="button" className="btn small" onClick={() => refresh(false, 1)} disabled={loading}>
              Load more entries
            </button>
          </div>
        )}
      </div>
      <CommandLine tenant={tenant} onRun={run} />
    </div>
  );
}

function Entry({ entry: e }: { entry: WarRoomEntry }) {
  const isError = e.type === 4;
  const text = e.humanReadable !== '' && e.humanReadable !== undefined ? e.humanReadable : asText(e.contents);
  return (
    <article className={`entry${isError ? ' entry-error' : ''}`} aria-label={`${ENTRY_TYPES[e.type] ?? 'Entry'} ${e.id}`}>
      <header className="entry-head">
        <span className={`entry-kind${isError ? ' err' : ''}`}>{ENTRY_TYPES[e.type] ?? `Type ${e.type}`}</span>
        <time className="mono muted" dateTime={isoTime(e.created)}>
          {formatTime(e.created)}
        </time>
        {e.taskId !== null && e.taskId !== undefined && <span className="chip small">Task {e.taskId}</span>}
        {e.tags.map((t) => (
          <span key={t} className="chip small tag">
            {t}
          </span>
        ))}
        <span className="muted entry-id mono">#{e.id}</span>
      </header>
      <pre className="entry-body">{text === '' ? '(empty)' : text}</pre>
    </article>
  );
}
