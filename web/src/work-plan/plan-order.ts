/**
 * The work plan in graph order: each playbook's tasks (the top one's, and each sub-playbook's
 * under its parent task, ids `7.3`) sorted topologically along the edges, each with its step
 * (the longest path from a start task), so parallel branches share a step.
 */
import type { PlanEdge, PlanTask, WorkPlan } from '../api/types';

export interface PlanNode {
  task: PlanTask;
  /** 1 for a start task; parallel branches share a step. */
  step: number;
  outgoing: PlanEdge[];
  /** The sub-playbook's tasks, when this task ran one. */
  children: PlanStep[];
}

export interface PlanStep {
  step: number;
  nodes: PlanNode[];
}

function parentOf(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? '' : id.slice(0, dot);
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}

/** `2` before `10`, numbers before names. */
export function compareIds(a: string, b: string): number {
  const x = lastSegment(a);
  const y = lastSegment(b);
  const nx = Number(x);
  const ny = Number(y);
  if (Number.isFinite(nx) && Number.isFinite(ny) && x !== '' && y !== '') return nx - ny;
  return x.localeCompare(y, undefined, { numeric: true });
}

function orderGroup(tasks: PlanTask[], edges: PlanEdge[]): { task: PlanTask; step: number }[] {
  const ids = new Set(tasks.map((t) => t.id));
  const inner = edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const indegree = new Map<string, number>(tasks.map((t) => [t.id, 0]));
  const step = new Map<string, number>(tasks.map((t) => [t.id, 1]));
  for (const e of inner) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const ready = tasks.filter((t) => indegree.get(t.id) === 0).map((t) => t.id);
  const out: { task: PlanTask; step: number }[] = [];
  const done = new Set<string>();
  while (ready.length > 0) {
    ready.sort((a, b) => (step.get(a) ?? 1) - (step.get(b) ?? 1) || compareIds(a, b));
    const id = ready.shift();
    if (id === undefined) break;
    const task = byId.get(id);
    if (task === undefined || done.has(id)) continue;
    done.add(id);
    out.push({ task, step: step.get(id) ?? 1 });
    for (const e of inner) {
      if (e.from !== id) continue;
      step.set(e.to, Math.max(step.get(e.to) ?? 1, (step.get(id) ?? 1) + 1));
      const left = (indegree.get(e.to) ?? 1) - 1;
      indegree.set(e.to, left);
      if (left === 0) ready.push(e.to);
    }
  }
  // A loop in the graph leaves tasks unsorted: they follow, in id order, after the last step.
  const lastStep = out.reduce((m, n) => Math.max(m, n.step), 0);
  for (const t of [...tasks].sort((a, b) => compareIds(a.id, b.id))) if (!done.has(t.id)) out.push({ task: t, step: lastStep + 1 });
  return out;
}

function toSteps(nodes: PlanNode[]): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const node of nodes) {
    const last = steps.at(-1);
    if (last !== undefined && last.step === node.step) last.nodes.push(node);
    else steps.push({ step: node.step, nodes: [node] });
  }
  return steps;
}

export function planSteps(plan: WorkPlan): PlanStep[] {
  const groups = new Map<string, PlanTask[]>();
  for (const t of plan.tasks) {
    const p = parentOf(t.id);
    const list = groups.get(p);
    if (list) list.push(t);
    else groups.set(p, [t]);
  }
  const build = (parent: string, depth: number): PlanNode[] =>
    orderGroup(groups.get(parent) ?? [], plan.edges).map(({ task, step }) => ({
      task,
      step,
      outgoing: plan.edges.filter((e) => e.from === task.id),
      children: depth < 16 && groups.has(task.id) ? toSteps(build(task.id, depth + 1)) : [],
    }));
  return toSteps(build('', 0));
}

/** How many tasks are in each state, for the plan's header. */
export function stateCounts(plan: WorkPlan): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of plan.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const order = ['error', 'waiting', 'running', 'ready', 'completed', 'skipped', 'pending'];
  return [...counts.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}
