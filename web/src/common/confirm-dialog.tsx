/**
 * A modal question before something that cannot be undone. With `typeToConfirm`, the confirm
 * button stays disabled until the user types that text (a tenant's name before deleting it).
 */
import { useState, type ReactNode } from 'react';
import { Modal } from './modal';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Text the user must type to enable the confirm button. */
  typeToConfirm?: string;
  busy?: boolean;
  error?: string | undefined;
  danger?: boolean;
  onConfirm: (typed: string) => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, typeToConfirm, busy = false, error, danger = false, onConfirm, onCancel }: Props) {
  const [typed, setTyped] = useState('');
  const ready = !busy && (typeToConfirm === undefined || typed === typeToConfirm);
  return (
    <Modal title={title} onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onConfirm(typed);
        }}
      >
        <div className="dialog-body">{children}</div>
        {typeToConfirm !== undefined && (
          <label className="field">
            <span>
              Type <strong className="mono">{typeToConfirm}</strong> to confirm
            </span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus aria-label="Confirmation" />
          </label>
        )}
        {error !== undefined && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="row-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`btn ${danger ? 'danger' : 'primary'}`} disabled={!ready}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
