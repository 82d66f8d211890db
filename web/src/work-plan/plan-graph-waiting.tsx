/**
 * "Waiting for you", above the work plan's graph: every task of the plan (a sub-playbook's too)
 * that waits on an analyst, with its actions at hand, so none has to be found in the graph
 * first. A task's name shows it in the graph. The task selected in the graph is answered in its
 * details there instead (one set of its buttons on the page).
 */
import { formatTime } from '../common/format';
import { parentOf } from './plan-graph-layout';
import { taskTitle } from './plan-graph-node';
import { TaskActions } from './task-actions';
import type { PlanTask, WorkPlan } from '../api/types';

interface Props {
  plan: WorkPlan;
  tenant: string;
  incidentId: number;
  onChanged: () => void;
  /** The task whose details (and actions) the graph shows, if any. */
  detailed: string | undefined;
  onShow: (task: PlanTask) => void;
}

const ASK: Readonly<Record<string, string>> = {
  manual: 'Complete the task',
  condition: 'Choose a branch',
  form: 'Answer the form',
  sleep: 'Sleeping: it can be woken now',
  polling: 'Polling: it can be ended now',
};

function reasonOf(task: PlanTask): string | undefined {
  return task.waitingFor ?? task.wait?.reason;
}

/** The tasks an analyst can move on, in the plan's order. */
export function waitingTasks(plan: WorkPlan): PlanTask[] {
  return plan.tasks.filter((t) => {
    const reason = reasonOf(t);
    return t.state === 'waiting' && reason !== undefined && Object.hasOwn(ASK, reason);
  });
}

/** Which sub-playbook a task belongs to, for a task that is not the top playbook's. */
function whereOf(plan: WorkPlan, task: PlanTask): string | undefined {
  const parent = parentOf(task.id);
  if (parent === '') return undefined;
  const sub = plan.tasks.find((t) => t.id === parent);
  return sub?.subPlaybook?.playbookName || sub?.subPlaybook?.playbookId || sub?.name || `task ${parent}`;
}

export function WaitingPanel({ plan, tenant, incidentId, onChanged, detailed, onShow }: Props) {
  const waiting = waitingTasks(plan);
  if (waiting.length === 0) return null;
  return (
    <section className="plan-waiting" aria-labelledby="plan-waiting-title" data-testid="plan-waiting">
      <h3 id="plan-waiting-title" className="plan-waiting-title">
        Waiting for you <span className="plan-waiting-count">{waiting.length}</span>
      </h3>
      <ul className="plan-waiting-list">
        {waiting.map((t) => {
          const where = whereOf(plan, t);
          const wakeAt = t.wait?.wakeAt;
          return (
            <li key={t.id} className="plan-waiting-item">
              <div className="plan-waiting-head">
                <button type="button" className="plan-waiting-name" onClick={() => onShow(t)} title="Show it in the graph">
                  <span className="mono muted">{t.id}</span> {taskTitle(t)}
                </button>
                {where !== undefined && <span className="muted small">in {where}</span>}
                <span className="small wait-text">
                  {ASK[reasonOf(t) ?? ''] ?? 'Waiting'}
                  {wakeAt ? ` (until ${formatTime(wakeAt)})` : ''}
                </span>
              </div>
              {detailed === t.id ? (
                <p className="muted small plan-waiting-here">Selected: answer it in its details beside the graph.</p>
              ) : (
                <TaskActions tenant={tenant} incidentId={incidentId} task={t} onDone={onChanged} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
