/**
 * Propagation labels: which tenants an item (or a pack's items) reach. `all` reaches every
 * tenant; a label reaches the tenants that carry it; none, only as another item's dependency.
 * `LabelChips` shows them, `LabelsInput` is the bare field (install forms use it) and
 * `LabelsEditor` saves them.
 */
import { useId, useState, type FormEvent } from 'react';
import { useAction } from '../common/use-action';

/** Propagation labels as the API takes them: letters, digits and `._:-`, at most 63 characters. */
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/;

/** `a, b c` → `['a', 'b', 'c']` (commas or spaces), without repeats; the bad ones apart. */
export function parseLabels(text: string): { labels: string[]; bad: string[] } {
  const parts = [...new Set(text.split(/[\s,]+/).filter((p) => p !== ''))];
  return { labels: parts.filter((p) => LABEL_PATTERN.test(p)), bad: parts.filter((p) => !LABEL_PATTERN.test(p)) };
}

/** Propagation labels as chips; none means the item reaches tenants only as a dependency. */
export function LabelChips({ labels }: { labels: readonly string[] }) {
  if (labels.length === 0) return <span className="muted small">none</span>;
  return (
    <span className="label-chips">
      {labels.map((l) => (
        <span key={l} className={`chip small${l === 'all' ? ' chip-all' : ' tag'}`}>
          {l}
        </span>
      ))}
    </span>
  );
}

interface InputProps {
  value: string;
  onChange: (text: string) => void;
  label?: string;
  disabled?: boolean;
}

/** A text field of labels separated by commas or spaces, with the bad ones named under it. */
export function LabelsInput({ value, onChange, label = 'Propagation labels', disabled = false }: InputProps) {
  const hint = useId();
  const { bad } = parseLabels(value);
  return (
    <label className="field labels-field">
      <span>{label}</span>
      <input
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="all, finance, retail"
        aria-invalid={bad.length > 0}
        aria-describedby={hint}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
      />
      <small id={hint} className={bad.length > 0 ? 'field-error' : 'muted'}>
        {bad.length > 0
          ? `Not a label: ${bad.join(', ')} (letters, digits and . _ : - only, starting with a letter or digit)`
          : '“all” reaches every tenant; other labels reach the tenants that carry them; none, only as a dependency.'}
      </small>
    </label>
  );
}

interface EditorProps {
  labels: readonly string[];
  canWrite: boolean;
  save: (labels: string[]) => Promise<unknown>;
  onSaved: () => void;
  /** What the labels belong to, for the form's accessible name. */
  what: string;
}

export function LabelsEditor({ labels, canWrite, save, onSaved, what }: EditorProps) {
  const [text, setText] = useState(labels.join(', '));
  const [saved, setSaved] = useState(false);
  const action = useAction(onSaved);
  const parsed = parseLabels(text);
  const same = parsed.labels.slice().sort().join(',') === [...labels].sort().join(',');

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setSaved(false);
    if (parsed.bad.length > 0) return action.fail('Fix the labels marked above first.');
    if (parsed.labels.length > 50) return action.fail('At most 50 labels.');
    action.act(() => save(parsed.labels), () => setSaved(true));
  };

  return (
    <form className="labels-editor" aria-label={`Labels of ${what}`} onSubmit={submit}>
      <div className="labels-now">
        <span className="muted small">Now:</span> <LabelChips labels={labels} />
      </div>
      {canWrite ? (
        <>
          <LabelsInput
            value={text}
            onChange={(t) => {
              setText(t);
              setSaved(false);
            }}
            disabled={action.busy}
          />
          <div className="row-actions">
            <button type="submit" className="btn primary" disabled={action.busy || same || parsed.bad.length > 0}>
              {action.busy ? 'Saving…' : 'Save labels'}
            </button>
            {saved && !action.busy && <span className="ok-text" role="status">Labels saved. Tenants follow at the next sync.</span>}
          </div>
          {action.error !== undefined && (
            <p className="error-text" role="alert">
              {action.error}
            </p>
          )}
        </>
      ) : (
        <p className="muted small">You may not change labels.</p>
      )}
    </form>
  );
}
