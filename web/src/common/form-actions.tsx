/**
 * A form's last row: the refusal of its last attempt (the API's message, or a check made before
 * sending), then submit and cancel, both disabled while the request runs.
 */
import type { ReactNode } from 'react';

interface Props {
  busy: boolean;
  error: string | undefined;
  /** The submit button's label, and what it says while the request runs. */
  label: string;
  busyLabel: string;
  /** Cancel as a button, or as a link (`cancelHref`) where leaving is navigation. */
  onCancel?: () => void;
  cancelHref?: string;
  /** Cancel first, as dialogs place it; forms on a page put submit first. */
  cancelFirst?: boolean;
}

export function FormActions({ busy, error, label, busyLabel, onCancel, cancelHref, cancelFirst = false }: Props) {
  const submit = (
    <button type="submit" className="btn primary" disabled={busy}>
      {busy ? busyLabel : label}
    </button>
  );
  let cancel: ReactNode = null;
  if (cancelHref !== undefined) {
    cancel = (
      <a className="btn" href={cancelHref} aria-disabled={busy}>
        Cancel
      </a>
    );
  } else if (onCancel !== undefined) {
    cancel = (
      <button type="button" className="btn" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    );
  }
  return (
    <>
      {error !== undefined && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        {cancelFirst && cancel}
        {submit}
        {!cancelFirst && cancel}
      </div>
    </>
  );
}
