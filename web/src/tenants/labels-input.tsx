/**
 * Propagation labels as chips: Enter, comma or Tab adds what is typed (checked against the
 * server's pattern), each chip has its remove button, Backspace in the empty box removes the last.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { LABEL_PATTERN, MAX_LABELS } from './tenant-format';

interface Props {
  labels: readonly string[];
  onChange: (labels: string[]) => void;
  disabled?: boolean;
  /** The visible name of the field; the text box is named after it. */
  label?: string;
  /** Reports text typed but not yet added, so a form can refuse to send with it pending. */
  onPending?: (pending: string) => void;
}

export function labelProblem(text: string, labels: readonly string[]): string | undefined {
  if (!LABEL_PATTERN.test(text)) return `"${text}" is not a valid label: letters, digits and . _ : - only, starting with a letter or digit, at most 63 characters.`;
  if (labels.includes(text)) return `${text} is already there.`;
  if (labels.length >= MAX_LABELS) return `A tenant has at most ${MAX_LABELS} labels.`;
  return undefined;
}

export function LabelsInput({ labels, onChange, disabled = false, label = 'Labels', onPending }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const id = useId();

  const type = (value: string): void => {
    setText(value);
    setProblem(undefined);
    onPending?.(value.trim());
  };

  const add = (): boolean => {
    const value = text.trim();
    if (value === '') return false;
    const wrong = labelProblem(value, labels);
    if (wrong !== undefined) {
      setProblem(wrong);
      return true;
    }
    onChange([...labels, value]);
    type('');
    return true;
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter' || e.key === ',' || (e.key === 'Tab' && text.trim() !== '')) {
      // Adding a label is not submitting the form around it; Enter in an empty box still submits.
      if (add() || e.key === ',') e.preventDefault();
    } else if (e.key === 'Backspace' && text === '' && labels.length > 0) {
      onChange(labels.slice(0, -1));
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={`tn-chip-input${problem !== undefined ? ' invalid' : ''}${disabled ? ' disabled' : ''}`}>
        <ul className="tn-chips" aria-label={`${label} chosen`}>
          {labels.map((l) => (
            <li key={l} className="chip tag">
              {l}
              <button type="button" className="tn-chip-remove" aria-label={`Remove label ${l}`} disabled={disabled} onClick={() => onChange(labels.filter((x) => x !== l))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={text}
          disabled={disabled}
          placeholder={labels.length === 0 ? 'finance, eu-west… (Enter to add)' : 'Add a label'}
          aria-invalid={problem !== undefined}
          aria-describedby={problem !== undefined ? `${id}-error` : `${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => type(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => void add()}
        />
      </div>
      {problem !== undefined ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="muted small tn-hint">
          Content whose propagation labels match reaches this tenant at the next sync.
        </p>
      )}
    </div>
  );
}
