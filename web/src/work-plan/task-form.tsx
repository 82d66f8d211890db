/** A data-collection task's form: its questions, answered by question id; reply options as buttons. */
import { useRef, useState, type FormEvent } from 'react';
import type { FormQuestion, TaskAnswer } from '../api/types';

interface Props {
  taskId: string;
  title: string;
  questions: FormQuestion[];
  replyOptions: string[];
  busy: boolean;
  onSubmit: (answer: TaskAnswer) => void;
}

type Value = string | string[];

function isEmpty(v: Value | undefined): boolean {
  return v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
}

export function TaskForm({ taskId, title, questions, replyOptions, busy, onSubmit }: Props) {
  const [values, setValues] = useState<Record<string, Value>>({});
  const [missing, setMissing] = useState<string[]>([]);
  // Which reply button sent the form: set by its click, read by the submit in the same event.
  const reply = useRef<string | undefined>(undefined);
  const set = (id: string, v: Value): void => setValues((old) => ({ ...old, [id]: v }));
  const fieldId = (q: FormQuestion): string => `form-${taskId}-${q.id}`;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const lacking = questions.filter((q) => q.required && isEmpty(values[q.id])).map((q) => q.id);
    setMissing(lacking);
    if (lacking.length > 0) return;
    const answers: Record<string, unknown> = {};
    for (const q of questions) {
      const v = values[q.id];
      if (v === undefined || isEmpty(v)) continue;
      answers[q.id] = q.type === 'number' && typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    const answer = reply.current;
    onSubmit({ answers, ...(answer === undefined ? {} : { answer }) });
  };

  const input = (q: FormQuestion) => {
    const v = values[q.id];
    const common = { id: fieldId(q), disabled: busy, 'aria-invalid': missing.includes(q.id), required: q.required };
    const text = typeof v === 'string' ? v : '';
    switch (q.type) {
      case 'longText':
        return <textarea {...common} rows={3} value={text} onChange={(e) => set(q.id, e.target.value)} />;
      case 'number':
        return <input {...common} type="number" value={text} onChange={(e) => set(q.id, e.target.value)} />;
      case 'date':
        return <input {...common} type="date" value={text} onChange={(e) => set(q.id, e.target.value)} />;
      case 'singleSelect':
        return (
          <select {...common} value={text} onChange={(e) => set(q.id, e.target.value)}>
            <option value="">Choose…</option>
            {q.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        );
      case 'multiSelect': {
        const chosen = Array.isArray(v) ? v : [];
        return (
          <div className="checks" id={fieldId(q)} role="group" aria-label={q.label}>
            {q.options.map((o) => (
              <label key={o} className="check">
                <input
                  type="checkbox"
                  disabled={busy}
                  checked={chosen.includes(o)}
                  onChange={(e) => set(q.id, e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
                />
                {o}
              </label>
            ))}
          </div>
        );
      }
      default:
        return <input {...common} type="text" value={text} onChange={(e) => set(q.id, e.target.value)} />;
    }
  };

  return (
    <form className="task-form" onSubmit={submit} aria-label={title} noValidate>
      <div className="task-form-title">{title}</div>
      {questions.length === 0 && <p className="muted small">This form asks no questions.</p>}
      {questions.map((q) => (
        <div key={q.id} className="field">
          <label htmlFor={fieldId(q)}>
            {q.label}
            {q.required && (
              <span className="required" aria-label="required">
                {' '}
                *
              </span>
            )}
          </label>
          {input(q)}
          {missing.includes(q.id) && <span className="field-error small">An answer is required.</span>}
        </div>
      ))}
      <div className="row-actions">
        {replyOptions.length === 0 ? (
          <button type="submit" className="btn primary small" data-testid={`complete-task-${taskId}`} disabled={busy}>
            Submit
          </button>
        ) : (
          replyOptions.map((o) => (
            <button key={o} type="submit" className="btn primary small" data-testid={`complete-task-${taskId}-${o}`} disabled={busy} onClick={() => {
                reply.current = o;
              }}>
              {o}
            </button>
          ))
        )}
      </div>
    </form>
  );
}
