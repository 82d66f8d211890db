/**
 * What an analyst can do on a task: complete a manual task, answer a condition (one button per
 * branch), fill a form, end a sleep early, retry a failed task. Each POSTs and then the work
 * plan is read again.
 */
import type { ReactNode } from 'react';
import { api } from '../api/client';
import { useAction } from '../common/use-action';
import { isRecord } from '../common/format';
import { TaskForm } from './task-form';
import type { FormQuestion, PlanTask, TaskAnswer } from '../api/types';

interface Props {
  tenant: string;
  incidentId: number;
  task: PlanTask;
  onDone: () => void;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : [];
}

function questionsOf(data: Record<string, unknown>): FormQuestion[] {
  const raw = Array.isArray(data['questions']) ? data['questions'] : [];
  return raw.filter(isRecord).map((q, i) => ({
    id: typeof q['id'] === 'string' || typeof q['id'] === 'number' ? String(q['id']) : String(i),
    label: typeof q['label'] === 'string' ? q['label'] : `Question ${i + 1}`,
    type: typeof q['type'] === 'string' ? q['type'] : 'shortText',
    required: q['required'] === true,
    options: strings(q['options']),
  }));
}

export function TaskActions({ tenant, incidentId, task, onDone }: Props) {
  const { busy, error, act } = useAction(onDone);

  const complete = (answer: TaskAnswer): void => act(() => api.completeTask(tenant, incidentId, task.id, answer));
  const retry = (): void => act(() => api.retryTask(tenant, incidentId, task.id));

  const data = task.wait?.data ?? {};
  const reason = task.waitingFor ?? task.wait?.reason;
  let body: ReactNode = null;

  if (task.state === 'waiting' && (reason === 'manual' || reason === 'sleep')) {
    body = (
      <button type="button" className="btn primary small" data-testid={`complete-task-${task.id}`} disabled={busy} onClick={() => complete({})}>
        {reason === 'manual' ? 'Complete' : 'End wait now'}
      </button>
    );
  } else if (task.state === 'waiting' && (reason === 'condition' || reason === 'polling')) {
    const options = strings(data['options']);
    body = (
      <div className="option-buttons" role="group" aria-label={`Answer task ${task.id}`} data-testid={`complete-task-${task.id}`}>
        <span className="muted small">{reason === 'polling' ? 'End polling with:' : 'Choose the branch:'}</span>
        {options.length === 0 && <span className="muted small">(the task names no branches)</span>}
        {options.map((o) => (
          <button key={o} type="button" className="btn small" data-testid={`complete-task-${task.id}-${o}`} disabled={busy} onClick={() => complete({ answer: o })}>
            {o === '#default#' ? 'Else' : o}
          </button>
        ))}
      </div>
    );
  } else if (task.state === 'waiting' && reason === 'form') {
    body = (
      <TaskForm
        taskId={task.id}
        title={typeof data['title'] === 'string' ? data['title'] : task.name}
        questions={questionsOf(data)}
        replyOptions={strings(data['replyOptions'])}
        busy={busy}
        onSubmit={complete}
      />
    );
  } else if (task.state === 'error') {
    body = (
      <button type="button" className="btn small" data-testid={`retry-task-${task.id}`} disabled={busy} onClick={retry}>
        Retry task
      </button>
    );
  }

  if (body === null) return null;
  return (
    <div className="task-actions">
      {body}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
