/**
 * The work plan of an incident's newest run (API sketch of issue 5): every task with its
 * state, inputs, outputs, timing and what it waits for, and the graph's edges with whether each
 * was taken. Tasks of sub-playbooks follow their parent task with dotted ids (`7.3`: task 3 of
 * the sub-playbook task 7 ran; its newest iteration).
 */
import { edgeStatus, type RunState } from '../../core/playbook/graph/index.js';
import type { PlaybookRunRepository, RunRow, TaskIo, WaitRow } from '../../store/playbook-run-repo.js';
import { revive, type ActiveRun } from './active-run.js';

export type PlanState = 'none' | 'running' | 'waiting' | 'completed' | 'failed' | 'stopped';

export interface PlanTask {
  id: string;
  taskId: string;
  runId: string;
  name: string;
  type: string;
  state: string;
  attempts: number;
  readyAt?: string;
  startedAt?: string;
  finishedAt?: string;
  branch?: string | null;
  label?: string;
  error?: string;
  skipReason?: string;
  waitingFor?: string;
  wait?: { reason: string; wakeAt: string | null; data: Record<string, unknown> };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  subPlaybook?: { runId: string; playbookId: string; playbookName: string; iteration: number; state: string };
  /** Where the playbook's editor placed the task (`view.position`), for drawing the graph. */
  position?: { x: number; y: number };
}

export interface PlanEdge {
  from: string;
  to: string;
  label: string;
  status: string;
}

export interface WorkPlan {
  incidentId: number;
  state: PlanState;
  runId: string | null;
  playbookId: string | null;
  playbookName: string | null;
  startedAt?: string;
  finishedAt?: string;
  tasks: PlanTask[];
  edges: PlanEdge[];
}

/** A run's overall state as the work plan shows it: `waiting` when only waits remain. */
export function planState(state: RunState): PlanState {
  if (state.status === 'created') return 'running';
  if (state.status !== 'running') return state.status;
  const tasks = Object.values(state.tasks);
  return tasks.some((t) => t.state === 'ready' || t.state === 'running') ? 'running' : tasks.some((t) => t.state === 'waiting') ? 'waiting' : 'running';
}

/**
 * The state of a run with its sub-playbooks: a failed child holds its parent task waiting, so the
 * whole has failed; a child with work under way makes the whole `running`, not `waiting`.
 */
function treeState(root: RunState, all: readonly RunState[]): PlanState {
  if (root.status !== 'running') return planState(root);
  if (all.some((r) => r.status === 'failed')) return 'failed';
  return all.some((r) => planState(r) === 'running') ? 'running' : planState(root);
}

export async function buildWorkPlan(incidentId: number, repo: PlaybookRunRepository, active: ReadonlyMap<string, ActiveRun>, executing: ReadonlySet<string> = new Set()): Promise<WorkPlan> {
  const rows = await repo.latestTree(incidentId);
  const root = rows[0];
  if (!root) return { incidentId, state: 'none', runId: null, playbookId: null, playbookName: null, tasks: [], edges: [] };
  const runs = new Map<string, ActiveRun>();
  for (const row of rows) runs.set(row.id, active.get(row.id) ?? (await load(repo, row)));
  const io = await repo.taskIo(rows.map((r) => r.id));
  const waits = await repo.waits(rows.map((r) => r.id));
  const tasks: PlanTask[] = [];
  const edges: PlanEdge[] = [];
  const walk = (run: ActiveRun, prefix: string): void => {
    for (const [id, task] of run.graph.tasks) {
      const path = `${prefix}${id}`;
      const entry = planTask(run, id, path, io.get(`${run.id}/${id}`), waits.find((w) => w.runId === run.id && w.taskId === id));
      if (entry.state === 'ready' && executing.has(`${run.id}/${id}`)) entry.state = 'running';
      tasks.push(entry);
      for (const [label, targets] of task.next) {
        for (const to of targets) edges.push({ from: path, to: `${prefix}${to}`, label, status: edgeStatus(run.graph, run.state.tasks, id, to) });
      }
      if (task.type !== 'playbook') continue;
      const child = [...runs.values()].filter((r) => r.parentRun === run.id && r.parentTask === id).sort((a, b) => b.iteration - a.iteration || b.created - a.created)[0];
      if (!child) continue;
      const parentEntry = tasks.find((t) => t.id === path);
      if (parentEntry) parentEntry.subPlaybook = { runId: child.id, playbookId: child.playbookId, playbookName: child.playbookName, iteration: child.iteration, state: planState(child.state) };
      walk(child, `${path}.`);
    }
  };
  const top = runs.get(root.id);
  if (top) walk(top, '');
  const state = top?.state;
  return {
    incidentId,
    state: state ? treeState(state, [...runs.values()].map((r) => r.state)) : 'none',
    runId: root.id,
    playbookId: root.playbookId,
    playbookName: root.playbookName,
    ...(state?.startedAt === undefined ? {} : { startedAt: state.startedAt }),
    ...(state?.finishedAt === undefined ? {} : { finishedAt: state.finishedAt }),
    tasks,
    edges,
  };
}

async function load(repo: PlaybookRunRepository, row: RunRow): Promise<ActiveRun> {
  return revive(row, await repo.eventsAfter(row.id, row.snapshotSeq));
}

function planTask(run: ActiveRun, id: string, path: string, io: TaskIo | undefined, wait: WaitRow | undefined): PlanTask {
  const task = run.graph.tasks.get(id);
  const t = run.state.tasks[id] ?? { state: 'pending', attempts: 0 };
  return {
    id: path,
    taskId: id,
    runId: run.id,
    name: task?.name ?? '',
    type: task?.type ?? 'regular',
    state: t.state,
    attempts: t.attempts,
    ...(t.readyAt === undefined ? {} : { readyAt: t.readyAt }),
    ...(t.startedAt === undefined ? {} : { startedAt: t.startedAt }),
    ...(t.finishedAt === undefined ? {} : { finishedAt: t.finishedAt }),
    ...(t.outcome === undefined ? {} : { branch: t.outcome.branch, ...(t.outcome.label === undefined ? {} : { label: t.outcome.label }) }),
    ...(t.error === undefined ? {} : { error: t.error }),
    ...(t.skipReason === undefined ? {} : { skipReason: t.skipReason }),
    ...(t.waitingFor === undefined ? {} : { waitingFor: t.waitingFor }),
    ...(wait && t.state === 'waiting' ? { wait: { reason: wait.reason, wakeAt: wait.wakeAt === null ? null : new Date(wait.wakeAt).toISOString(), data: wait.data } } : {}),
    inputs: io?.args ?? {},
    outputs: io?.outputs ?? {},
    ...(task ? positionOf(task.raw['view']) : {}),
  };
}

/** XSOAR keeps a task's place in the editor as JSON text: `view: '{"position": {"x": 50, "y": 50}}'`. */
function positionOf(view: unknown): { position?: { x: number; y: number } } {
  let v = view;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return {};
    }
  }
  const p = typeof v === 'object' && v !== null ? (v as { position?: { x?: unknown; y?: unknown } }).position : undefined;
  return typeof p?.x === 'number' && typeof p.y === 'number' ? { position: { x: p.x, y: p.y } } : {};
}
