/** One task of the work plan: state, timing, branch, what it waits for; opens to show inputs, outputs, error. */
import { useState, type ReactNode } from 'react';
import { StateBadge, stateClass } from '../common/badges';
import { duration, formatTime, isoTime } from '../common/format';
import { ValueView } from '../common/json-tree';
import type { PlanNode } from './plan-order';
import { TaskActions } from './task-actions';

interface Props {
  node: PlanNode;
  tenant: string;
  incidentId: number;
  onChanged: () => void;
  renderChildren: (node: PlanNode) => ReactNode;
}

const WAITING_FOR: Readonly<Record<string, string>> = {
  manual: 'an analyst to complete it',
  condition: 'an analyst to choose a branch',
  form: 'answers to its form',
  sleep: 'its sleep to end',
  polling: 'the next poll',
};

function waitingText(waitingFor: string | undefined, wakeAt: string | null | undefined): string {
  if (waitingFor === undefined) return 'Waiting';
  const what = waitingFor.startsWith('playbook:') ? 'its sub-playbook to finish' : (WAITING_FOR[waitingFor] ?? waitingFor);
  return `Waiting for ${what}${wakeAt ? ` (until ${formatTime(wakeAt)})` : ''}`;
}

export function TaskItem({ node, tenant, incidentId, onChanged, renderChildren }: Props) {
  const { task } = node;
  const [open, setOpen] = useState(false);
  const took = duration(task.startedAt, task.finishedAt);
  const detailsId = `task-details-${task.id}`;
  return (
    <li className={`task ${stateClass(task.state)}`} data-task-id={task.id}>
      <div className="task-main">
        <button type="button" className="task-toggle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)}>
          <span className="caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="task-id mono">{task.id}</span>
          <span className="task-name">{task.name || <span className="muted">(unnamed {task.type} task)</span>}</span>
        </button>
        <span className="chip small">{task.type}</span>
        <StateBadge value={task.state} />
        <span className="task-time mono muted" title={isoTime(task.startedAt)}>
          {task.startedAt ? formatTime(task.startedAt) : ''}
          {took ? ` · ${took}` : ''}
          {task.attempts !== undefined && task.attempts > 1 ? ` · ${task.attempts} attempts` : ''}
        </span>
      </div>
      <div className="task-notes">
        {task.subPlaybook && (
          <span className="muted small">
            Sub-playbook <strong>{task.subPlaybook.playbookName || task.subPlaybook.playbookId}</strong>
            {task.subPlaybook.iteration > 0 ? ` · iteration ${task.subPlaybook.iteration + 1}` : ''}
          </span>
        )}
        {task.branch !== undefined && task.branch !== null && task.branch !== '' && task.branch !== '#none#' && (
          <span className="small">
            Branch taken: <strong>{task.label ?? task.branch}</strong>
          </span>
        )}
        {task.state === 'waiting' && <span className="small wait-text">{waitingText(task.waitingFor, task.wait?.wakeAt)}</span>}
        {task.skipReason !== undefined && <span className="muted small">Skipped: {task.skipReason}</span>}
        {task.error !== undefined && task.error !== '' && <span className="small error-text task-error">{task.error}</span>}
        {node.outgoing.length > 0 && (
          <span className="muted small next-tasks">
            Next:{' '}
            {node.outgoing.map((e, n) => (
              <span key={`${e.to}:${e.label}`}>
                {n > 0 ? ', ' : ''}
                <span className={`edge edge-${e.status}`} title={`${e.status} branch`}>
                  {e.to}
                  {e.label !== '#none#' ? ` (${e.label})` : ''}
                </span>
              </span>
            ))}
          </span>
        )}
      </div>
      <TaskActions tenant={tenant} incidentId={incidentId} task={task} onDone={onChanged} />
      {open && (
        <div className="task-details" id={detailsId}>
          {task.error !== undefined && task.error !== '' && (
            <section>
              <h4>Error</h4>
              <pre className="error-text">{task.error}</pre>
            </section>
          )}
          <section>
            <h4>Inputs</h4>
            <ValueView value={task.inputs} empty="No inputs." />
          </section>
          <section>
            <h4>Outputs</h4>
            <ValueView value={task.outputs} empty="No outputs." />
          </section>
          {task.wait !== undefined && (
            <section>
              <h4>Wait</h4>
              <ValueView value={task.wait} empty="—" />
            </section>
          )}
          <dl className="facts compact">
            <dt>Ready</dt>
            <dd className="mono">{formatTime(task.readyAt)}</dd>
            <dt>Started</dt>
            <dd className="mono">{formatTime(task.startedAt)}</dd>
            <dt>Finished</dt>
            <dd className="mono">{formatTime(task.finishedAt)}</dd>
          </dl>
        </div>
      )}
      {renderChildren(node)}
    </li>
  );
}
