/**
 * The war room's command line: `!Name arg=value`, with the tenant's commands suggested while
 * the name is typed (Tab or a click completes, arrows choose, Escape closes) and the lines run
 * before recalled with the arrows.
 */
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorMessage } from '../api/client';
import type { WarRoomCommandInfo } from '../api/types';
import { useLoad } from '../common/use-load';

interface Props {
  tenant: string;
  onRun: (command: string) => Promise<void>;
}

const MAX_SUGGESTIONS = 8;

function suggestionsFor(value: string, commands: readonly WarRoomCommandInfo[]): WarRoomCommandInfo[] {
  if (!value.startsWith('!') || /\s/.test(value)) return [];
  const typed = value.slice(1).toLowerCase();
  const starts = commands.filter((c) => c.name.toLowerCase().startsWith(typed));
  const contains = typed === '' ? [] : commands.filter((c) => !c.name.toLowerCase().startsWith(typed) && c.name.toLowerCase().includes(typed));
  const all = [...starts, ...contains];
  if (all.length === 1 && all[0]?.name.toLowerCase() === typed) return [];
  return all.slice(0, MAX_SUGGESTIONS);
}

export function CommandLine({ tenant, onRun }: Props) {
  const commands = useLoad(() => api.commands(tenant), [tenant]);
  const [value, setValue] = useState('');
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const history = useRef<string[]>([]);
  const historyAt = useRef(-1);
  const input = useRef<HTMLInputElement>(null);

  const suggestions = useMemo(() => (closed ? [] : suggestionsFor(value, commands.data ?? [])), [value, commands.data, closed]);
  const open = suggestions.length > 0;

  const change = (next: string): void => {
    setValue(next);
    setActive(-1);
    setClosed(false);
    historyAt.current = -1;
  };

  const complete = (c: WarRoomCommandInfo): void => {
    setValue(`!${c.name} `);
    setActive(-1);
    input.current?.focus();
  };

  const submit = (e?: FormEvent): void => {
    e?.preventDefault();
    const line = value.trim();
    if (line === '' || busy) return;
    setBusy(true);
    setError(undefined);
    onRun(line).then(
      () => {
        history.current = [line, ...history.current.filter((h) => h !== line)].slice(0, 50);
        historyAt.current = -1;
        setValue('');
        setBusy(false);
        input.current?.focus();
      },
      (err: unknown) => {
        setError(errorMessage(err));
        setBusy(false);
        input.current?.focus();
      },
    );
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + suggestions.length) % suggestions.length);
    } else if (open && e.key === 'Tab' && !e.shiftKey) {
      const pick = suggestions[active >= 0 ? active : 0];
      if (pick) {
        e.preventDefault();
        complete(pick);
      }
    } else if (open && e.key === 'Enter' && active >= 0) {
      const pick = suggestions[active];
      if (pick) {
        e.preventDefault();
        complete(pick);
      }
    } else if (open && e.key === 'Escape') {
      e.preventDefault();
      setClosed(true);
    } else if (!open && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && history.current.length > 0) {
      e.preventDefault();
      const at = Math.max(-1, Math.min(history.current.length - 1, historyAt.current + (e.key === 'ArrowUp' ? 1 : -1)));
      historyAt.current = at;
      setValue(at === -1 ? '' : (history.current[at] ?? ''));
      setClosed(true);
    }
  };

  return (
    <form className="command-line" onSubmit={submit}>
      <div className="command-box">
        <span className="prompt" aria-hidden="true">
          ›
        </span>
        <input
          ref={input}
          data-testid="war-room-command"
          className="command-input mono"
          type="text"
          role="combobox"
          aria-label="War room command"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls="command-suggestions"
          aria-activedescendant={open && active >= 0 ? `command-suggestion-${active}` : undefined}
          aria-invalid={error !== undefined}
          placeholder="!Print value=hello"
          spellCheck={false}
          autoComplete="off"
          value={value}
          readOnly={busy}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => window.setTimeout(() => setClosed(true), 150)}
          onFocus={() => setClosed(false)}
        />
        <button type="submit" className="btn primary" disabled={busy || value.trim() === ''}>
          {busy ? 'Running…' : 'Run'}
        </button>
      </div>
      {open && (
        <ul className="suggestions" id="command-suggestions" role="listbox" aria-label="Commands">
          {suggestions.map((c, n) => (
            <li
              key={c.name}
              id={`command-suggestion-${n}`}
              role="option"
              aria-selected={n === active}
              className={n === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                complete(c);
              }}
            >
              <span className="mono">!{c.name}</span>
              <span className="muted">{c.kind === 'builtin' ? 'built-in' : 'script'}</span>
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {commands.error !== undefined && <p className="muted small">Command suggestions are unavailable: {commands.error}</p>}
    </form>
  );
}
