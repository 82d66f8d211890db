/**
 * One task as a box of the work plan's graph: id, type, state (its colour), name, and for a
 * sub-playbook task the sub-playbook's name and state with a button that opens its own graph.
 */
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, type MouseEvent } from 'react';
import { StateBadge, stateClass } from '../common/badges';
import type { PlanTask } from '../api/types';

export type TaskNodeData = {
  task: PlanTask;
  /** Whether the plan holds the tasks of the sub-playbook this task ran. */
  opens: boolean;
  onOpen: (taskId: string) => void;
};

export type TaskNode = Node<TaskNodeData, 'task'>;

const TYPE_TITLES: Readonly<Record<string, string>> = { start: 'Start', title: 'Section', end: 'End' };
const WAITS: Readonly<Record<string, string>> = {
  manual: 'Waiting for an analyst',
  condition: 'Waiting for a branch to be chosen',
  form: 'Waiting for answers to its form',
  sleep: 'Sleeping',
  polling: 'Polling',
};

/** What a box is called: the task's name, else what its type makes it. */
export function taskTitle(task: PlanTask): string {
  const name = task.name.trim();
  if (name !== '') return name;
  return TYPE_TITLES[task.type] ?? `Unnamed ${task.type} task`;
}

/** Words for a screen reader on the box. */
export function taskLabel(task: PlanTask): string {
  return `Task ${task.id}: ${taskTitle(task)}, ${task.type}, ${task.state}${task.subPlaybook ? `, runs ${task.subPlaybook.playbookName || task.subPlaybook.playbookId}` : ''}`;
}

function SubPlaybookLine({ task, opens, onOpen }: TaskNodeData) {
  const sub = task.subPlaybook;
  const name = sub?.playbookName || sub?.playbookId;
  const open = (e: MouseEvent<HTMLButtonElement>): void => {
    // The click opens the sub-playbook; it should not also select the box it left behind.
    e.stopPropagation();
    onOpen(task.id);
  };
  return (
    <div className="plan-node-sub">
      <span className="plan-node-sub-name" title={sub?.playbookId}>
        {/* The task is usually named after its sub-playbook: the name is not said twice. */}
        {sub === undefined ? 'Sub-playbook not started' : name === task.name ? '' : name}
      </span>
      {sub && <StateBadge value={sub.state} />}
      {opens && (
        <button type="button" className="btn small plan-node-open nodrag nopan" data-testid={`open-sub-${task.id}`} onClick={open} aria-label={`Open the tasks of sub-playbook ${task.id}`}>
          Open ›
        </button>
      )}
    </div>
  );
}

function TaskNodeBox({ data, selected }: NodeProps<TaskNode>) {
  const { task } = data;
  const kind = task.type === 'start' || task.type === 'title' ? ` plan-node-${task.type}` : '';
  const waiting = task.state === 'waiting' && task.waitingFor !== undefined && !task.waitingFor.startsWith('playbook:');
  return (
    <div className={`plan-node ${stateClass(task.state)} plan-node-${task.state}${kind}${selected ? ' selected' : ''}`} data-testid={`plan-node-${task.id}`} title={task.error || undefined}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="plan-node-head">
        <span className="plan-node-id mono">{task.id}</span>
        <span className="chip small">{task.type}</span>
        <StateBadge value={task.state} />
      </div>
      <div className="plan-node-name">{taskTitle(task)}</div>
      {task.type === 'playbook' && <SubPlaybookLine {...data} />}
      {waiting && <div className="plan-node-note wait-text">{WAITS[task.waitingFor ?? ''] ?? `Waiting: ${task.waitingFor ?? ''}`}</div>}
      {task.state === 'error' && task.error && <div className="plan-node-note error-text">{task.error}</div>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export const nodeTypes = { task: memo(TaskNodeBox) } satisfies NodeTypes;
