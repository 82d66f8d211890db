/**
 * The bulk bar over the incidents table: one action (assign, set the severity, or close) on the
 * selected incidents, whichever tenants hold them, in one request to main per 1,000 incidents
 * (the API's limit), one after the other. Each incident succeeds or fails apart; the page shows
 * what came of it (BulkOutcome) and reloads. Closing more than one request's worth asks first.
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import { CLOSE_REASONS } from '../common/format';
import { useAction } from '../common/use-action';
import { ConfirmDialog } from '../common/confirm-dialog';
import type { BulkClose, BulkItem, BulkResponse, BulkSet, Severity } from '../api/types';

/** The API takes at most this many incidents in one bulk request. */
export const MAX_BULK_ITEMS = 1000;

type BulkAction = { set: BulkSet } | { close: BulkClose };

/** The action on every item, a request per MAX_BULK_ITEMS; a request that fails stops the rest. */
async function applyInBatches(items: BulkItem[], action: BulkAction, onProgress: (done: number) => void): Promise<BulkResponse> {
  const out: BulkResponse = { results: [], succeeded: 0, failed: 0 };
  for (let at = 0; at < items.length; at += MAX_BULK_ITEMS) {
    let r: BulkResponse;
    try {
      r = await api.bulk({ items: items.slice(at, at + MAX_BULK_ITEMS), ...action });
    } catch (e) {
      if (at === 0) throw e;
      throw new Error(`${errorMessage(e)} (${at.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')} incidents were done before this; the others were not)`);
    }
    out.results.push(...r.results);
    out.succeeded += r.succeeded;
    out.failed += r.failed;
    onProgress(Math.min(items.length, at + MAX_BULK_ITEMS));
  }
  return out;
}

const SEVERITIES: readonly { value: Severity; label: string }[] = [
  { value: 0, label: 'Unknown' },
  { value: 1, label: 'Low' },
  { value: 2, label: 'Medium' },
  { value: 3, label: 'High' },
  { value: 4, label: 'Critical' },
];

function toSeverity(value: string): Severity {
  return SEVERITIES.find((s) => String(s.value) === value)?.value ?? 0;
}

interface Props {
  items: BulkItem[];
  onClear: () => void;
  onDone: (result: BulkResponse) => void;
}

export function BulkBar({ items, onClear, onDone }: Props) {
  const [owner, setOwner] = useState('');
  const [severity, setSeverity] = useState<Severity>(4);
  const [reason, setReason] = useState<string>(CLOSE_REASONS[0]);
  const [notes, setNotes] = useState('');
  const [done, setDone] = useState<number | null>(null);
  const [closing, setClosing] = useState<BulkClose | null>(null);
  const { busy, error, act } = useAction();
  const batches = Math.ceil(items.length / MAX_BULK_ITEMS);
  const disabled = busy || items.length === 0;

  const apply = (action: BulkAction): void => {
    setDone(0);
    act(() => applyInBatches(items, action, setDone), (result) => {
      setNotes('');
      setDone(null);
      setClosing(null);
      onDone(result);
    });
  };
  const run = (action: BulkAction) => (e: FormEvent): void => {
    e.preventDefault();
    if (disabled) return;
    if ('close' in action && batches > 1) setClosing(action.close);
    else apply(action);
  };

  return (
    <div className="bulk-bar" data-testid="bulk-bar" role="region" aria-label="Bulk actions">
      <strong className="bulk-count" aria-live="polite">
        {items.length.toLocaleString('en-US')} selected
      </strong>
      <form className="bulk-action" aria-label="Assign" onSubmit={run({ set: { owner: owner.trim() } })}>
        <label>
          <span>Assign to</span>
          <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="owner (empty: unassign)" maxLength={200} autoComplete="off" />
        </label>
        <button type="submit" className="btn small" disabled={disabled}>
          Apply
        </button>
      </form>
      <form className="bulk-action" aria-label="Set severity" onSubmit={run({ set: { severity } })}>
        <label>
          <span>Severity</span>
          <select value={String(severity)} onChange={(e) => setSeverity(toSeverity(e.target.value))}>
            {SEVERITIES.map((s) => (
              <option key={s.value} value={String(s.value)}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn small" disabled={disabled}>
          Apply
        </button>
      </form>
      <form className="bulk-action" aria-label="Close incidents" onSubmit={run({ close: { reason, notes: notes.trim() } })}>
        <label>
          <span>Close as</span>
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            {CLOSE_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <input type="text" aria-label="Close notes" value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="notes (optional)" maxLength={20_000} autoComplete="off" />
        <button type="submit" className="btn small danger" disabled={disabled}>
          Close
        </button>
      </form>
      <button type="button" className="btn small ghost" onClick={onClear} disabled={busy}>
        Clear selection
      </button>
      {busy && (
        <span className="muted" role="status">
          Applying…{batches > 1 && done !== null ? ` ${done.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')}` : ''}
        </span>
      )}
      {error !== undefined && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      {closing !== null && (
        <ConfirmDialog
          title="Close incidents"
          confirmLabel={`Close ${items.length.toLocaleString('en-US')} incidents`}
          danger
          busy={busy}
          error={error}
          onConfirm={() => apply({ close: closing })}
          onCancel={() => setClosing(null)}
        >
          Close {items.length.toLocaleString('en-US')} incidents as “{closing.reason}”? They are sent {MAX_BULK_ITEMS.toLocaleString('en-US')} at a time, in {batches} requests.
        </ConfirmDialog>
      )}
    </div>
  );
}

/** What came of a bulk action: how many incidents changed, and why each of the others did not. */
interface OutcomeProps {
  result: BulkResponse;
  tenantName: (id: string) => string;
  onDismiss: () => void;
}

export function BulkOutcome({ result, tenantName, onDismiss }: OutcomeProps) {
  const failures = result.results.filter((r) => !r.ok);
  return (
    <div className={`bulk-outcome ${result.failed > 0 ? 'warning-banner' : 'notice'}`} role="status" data-testid="bulk-result">
      <div className="bulk-outcome-head">
        <strong>
          {result.succeeded} updated, {result.failed} failed
        </strong>
        <button type="button" className="btn small ghost" onClick={onDismiss} aria-label="Dismiss the result">
          ×
        </button>
      </div>
      {failures.length > 0 && (
        <ul className="bulk-failures">
          {failures.map((f) => (
            <li key={`${f.tenant}\u0000${f.id}`} title={f.error?.code}>
              {tenantName(f.tenant)} #{f.id}: {f.error?.message ?? 'failed'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
