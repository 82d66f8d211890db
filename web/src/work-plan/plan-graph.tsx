/**
 * The work plan as a graph: the tasks an analyst must move on at the top ("Waiting for you"),
 * then one playbook level drawn as boxes and edges beside the selected task's details and
 * actions (the list view's own task item). A sub-playbook task opens its sub-playbook's tasks as
 * their own graph, with a breadcrumb back up.
 */
import { useCallback, useMemo, useState } from 'react';
import { PlanFlow } from './plan-graph-flow';
import { hasSubTasks, parentOf, planLevel, type PlacedTask } from './plan-graph-layout';
import { WaitingPanel } from './plan-graph-waiting';
import type { PlanNode } from './plan-order';
import { TaskItem } from './task-item';
import type { PlanTask, WorkPlan } from '../api/types';

interface Props {
  plan: WorkPlan;
  tenant: string;
  id: number;
  onChanged: () => void;
}

export function PlanGraph({ plan, tenant, id, onChanged }: Props) {
  const [wanted, setWanted] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // A level that is gone from the plan (another run began) falls back to the top playbook.
  const scope = wanted !== '' && plan.tasks.some((t) => parentOf(t.id) === wanted) ? wanted : '';
  const level = useMemo(() => planLevel(plan.tasks, plan.edges, scope), [plan, scope]);
  const opens = useCallback((taskId: string) => hasSubTasks(plan.tasks, taskId), [plan]);
  const open = useCallback((taskId: string) => {
    setWanted(taskId);
    setSelected(undefined);
  }, []);
  const show = useCallback((task: PlanTask) => {
    setWanted(parentOf(task.id));
    setSelected(task.id);
  }, []);
  /** Up to level `target`, the sub-playbook task we came through selected there. */
  const goUp = (target: string): void => {
    const depth = target === '' ? 0 : target.split('.').length;
    setWanted(target);
    setSelected(scope.split('.').slice(0, depth + 1).join('.'));
  };
  const picked = level.placed.find((p) => p.task.id === selected);

  return (
    <div className="plan-graph">
      <WaitingPanel plan={plan} tenant={tenant} incidentId={id} onChanged={onChanged} detailed={picked?.task.id} onShow={show} />
      <Crumbs plan={plan} scope={scope} onGo={goUp} />
      <div className="plan-graph-body">
        <PlanFlow level={level} scope={scope} selected={picked?.task.id} opens={opens} onSelect={setSelected} onOpen={open} />
        <aside className="plan-details" aria-label="Selected task">
          {picked === undefined ? <Legend /> : <Details plan={plan} picked={picked} tenant={tenant} id={id} onChanged={onChanged} onOpen={open} />}
        </aside>
      </div>
    </div>
  );
}

function Crumbs({ plan, scope, onGo }: { plan: WorkPlan; scope: string; onGo: (target: string) => void }) {
  if (scope === '') return null;
  const parts = scope.split('.');
  const levels = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  return (
    <nav className="plan-crumbs" aria-label="Sub-playbook path" data-testid="plan-crumbs">
      <button type="button" className="plan-crumb" onClick={() => onGo('')}>
        {plan.playbookName || plan.playbookId || 'Playbook'}
      </button>
      {levels.map((lvl) => {
        const task = plan.tasks.find((t) => t.id === lvl);
        const name = task?.subPlaybook?.playbookName || task?.name || `Task ${lvl}`;
        return (
          <span key={lvl} className="plan-crumb-step">
            <span className="muted" aria-hidden="true">
              ›
            </span>
            {lvl === scope ? (
              <strong aria-current="location">
                {name} <span className="muted mono">({lvl})</span>
              </strong>
            ) : (
              <button type="button" className="plan-crumb" onClick={() => onGo(lvl)}>
                {name}
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}

interface DetailsProps {
  plan: WorkPlan;
  picked: PlacedTask;
  tenant: string;
  id: number;
  onChanged: () => void;
  onOpen: (taskId: string) => void;
}

function Details({ plan, picked, tenant, id, onChanged, onOpen }: DetailsProps) {
  const { task } = picked;
  const node: PlanNode = { task, step: picked.layer + 1, outgoing: plan.edges.filter((e) => e.from === task.id), children: [] };
  const renderChildren = (n: PlanNode) =>
    hasSubTasks(plan.tasks, n.task.id) ? (
      <div className="plan-details-open">
        <button type="button" className="btn small" onClick={() => onOpen(n.task.id)}>
          Open the sub-playbook&apos;s tasks ›
        </button>
      </div>
    ) : null;
  return (
    <ul className="step-tasks plan-details-task">
      <TaskItem key={task.id} node={node} tenant={tenant} incidentId={id} onChanged={onChanged} renderChildren={renderChildren} />
    </ul>
  );
}

const STATES: readonly [string, string][] = [
  ['state-ok', 'Completed'],
  ['state-run', 'Running'],
  ['state-wait', 'Waiting'],
  ['state-err', 'Error'],
  ['state-idle', 'Pending or skipped'],
];
const EDGES: readonly [string, string][] = [
  ['taken', 'Branch taken'],
  ['open', 'Not reached yet'],
  ['dead', 'Branch not taken'],
];

function Legend() {
  return (
    <div className="plan-legend">
      <p className="muted small">Select a task to see its details and actions. A sub-playbook task opens to show its own tasks.</p>
      <ul className="plan-legend-list">
        {STATES.map(([cls, text]) => (
          <li key={cls}>
            <span className={`plan-swatch ${cls}`} aria-hidden="true" /> {text}
          </li>
        ))}
        {EDGES.map(([cls, text]) => (
          <li key={cls}>
            <span className={`plan-line plan-line-${cls}`} aria-hidden="true" /> {text}
          </li>
        ))}
      </ul>
    </div>
  );
}
