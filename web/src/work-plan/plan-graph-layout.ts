/**
 * Where each task of one playbook level sits in the work plan's graph. A level is the top
 * playbook's tasks (ids without a dot) or the tasks of the sub-playbook one task ran (`7.1`,
 * `7.2`, … for task 7). Tasks go where the playbook's editor put them (`position`, XSOAR's
 * coordinates, spread apart when our boxes would overlap); a level without them is laid out in
 * layers, top to bottom, each task one layer below the longest path that reaches it.
 */
import { compareIds } from './plan-order';
import type { PlanEdge, PlanTask } from '../api/types';

export interface Point {
  x: number;
  y: number;
}

export interface PlacedTask extends Point {
  task: PlanTask;
  /** 0 for a start task: how many tasks the longest path to it passes (loops left out). */
  layer: number;
}

export interface PlanLevel {
  tasks: PlanTask[];
  edges: PlanEdge[];
  placed: PlacedTask[];
}

export const NODE_WIDTH = 224;
/** About the height of a task's box, for spacing (a sub-playbook's box is taller). */
const NODE_HEIGHT = 76;
const GAP_X = 44;
const GAP_Y = 56;
const MAX_SPREAD = 3;
const MIN_SPREAD = 0.5;

/** `7` for `7.3`, `` for a top-level task. */
export function parentOf(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? '' : id.slice(0, dot);
}

/** Whether task `id` ran a sub-playbook whose tasks are in the plan. */
export function hasSubTasks(tasks: readonly PlanTask[], id: string): boolean {
  const prefix = `${id}.`;
  return tasks.some((t) => t.id.startsWith(prefix));
}

/** The editor's position the API sent with a task, checked rather than trusted. */
export function editorPosition(task: PlanTask): Point | undefined {
  if (!('position' in task)) return undefined;
  const p: unknown = task.position;
  if (typeof p !== 'object' || p === null || !('x' in p) || !('y' in p)) return undefined;
  const { x, y } = p;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

/** Each task's layer: longest path from a task nothing leads to, edges that close a loop left out. */
export function layersOf(ids: readonly string[], edges: readonly PlanEdge[]): Map<string, number> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.from)?.push(e.to);
  for (const targets of out.values()) targets.sort(compareIds);
  const seen = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const finished: string[] = [];
  const visit = (id: string): void => {
    seen.set(id, 'open');
    for (const to of out.get(id) ?? []) {
      const s = seen.get(to);
      if (s === 'open') back.add(`${id}>${to}`);
      else if (s === undefined) visit(to);
    }
    seen.set(id, 'done');
    finished.push(id);
  };
  const reached = new Set(edges.map((e) => e.to));
  const sorted = [...ids].sort(compareIds);
  for (const id of sorted) if (!reached.has(id) && !seen.has(id)) visit(id);
  for (const id of sorted) if (!seen.has(id)) visit(id);
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const id of finished.reverse()) {
    const from = layer.get(id) ?? 0;
    for (const to of out.get(id) ?? []) if (!back.has(`${id}>${to}`)) layer.set(to, Math.max(layer.get(to) ?? 0, from + 1));
  }
  return layer;
}

/** Rows by layer, each ordered by where its predecessors sit (a few sweeps of barycentres). */
function rowsOf(ids: readonly string[], edges: readonly PlanEdge[], layer: ReadonlyMap<string, number>): string[][] {
  const rows: string[][] = [];
  for (const id of [...ids].sort(compareIds)) {
    const l = layer.get(id) ?? 0;
    while (rows.length <= l) rows.push([]);
    rows[l]?.push(id);
  }
  const index = new Map<string, number>();
  const reindex = (): void => rows.forEach((row) => row.forEach((id, i) => index.set(id, i - (row.length - 1) / 2)));
  const sweep = (neighbours: (id: string) => string[]): void => {
    for (const row of rows) {
      const weight = new Map(row.map((id) => {
        const near = neighbours(id).map((n) => index.get(n)).filter((v): v is number => v !== undefined);
        return [id, near.length === 0 ? (index.get(id) ?? 0) : near.reduce((a, b) => a + b, 0) / near.length];
      }));
      row.sort((a, b) => (weight.get(a) ?? 0) - (weight.get(b) ?? 0));
      reindex();
    }
  };
  const inRow = (id: string, delta: number) => (e: string): boolean => layer.get(e) === (layer.get(id) ?? 0) + delta;
  const preds = (id: string): string[] => edges.filter((e) => e.to === id).map((e) => e.from).filter(inRow(id, -1));
  const succs = (id: string): string[] => edges.filter((e) => e.from === id).map((e) => e.to).filter(inRow(id, 1));
  reindex();
  sweep(preds);
  sweep(succs);
  sweep(preds);
  return rows;
}

function layered(ids: readonly string[], edges: readonly PlanEdge[], layer: ReadonlyMap<string, number>): Map<string, Point> {
  const at = new Map<string, Point>();
  rowsOf(ids, edges, layer).forEach((row, l) =>
    row.forEach((id, i) => at.set(id, { x: (i - (row.length - 1) / 2) * (NODE_WIDTH + GAP_X), y: l * (NODE_HEIGHT + GAP_Y) })),
  );
  return at;
}

/** How much to stretch (or squeeze) one axis so the closest pair is `need` apart. */
function scaleFor(closest: number, need: number): number {
  return Number.isFinite(closest) && closest > 0 ? Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, need / closest)) : 1;
}

/**
 * XSOAR's editor spaces its boxes otherwise than ours: stretch or squeeze each axis until the
 * closest boxes side by side, then the closest above one another, sit one of our gaps apart.
 */
function spread(points: ReadonlyMap<string, Point>): Map<string, Point> {
  const closest = (list: readonly Point[], gap: (a: Point, b: Point) => number | undefined): number => {
    let min = Infinity;
    list.forEach((a, i) => {
      for (const b of list.slice(i + 1)) min = Math.min(min, gap(a, b) ?? Infinity);
    });
    return min;
  };
  const sideBySide = (a: Point, b: Point) => (Math.abs(a.y - b.y) < NODE_HEIGHT ? Math.abs(a.x - b.x) : undefined);
  const stacked = (a: Point, b: Point) => (Math.abs(a.x - b.x) < NODE_WIDTH ? Math.abs(a.y - b.y) : undefined);
  const sx = scaleFor(closest([...points.values()], sideBySide), NODE_WIDTH + GAP_X);
  const wide = new Map([...points].map(([id, p]) => [id, { x: p.x * sx, y: p.y }]));
  const sy = scaleFor(closest([...wide.values()], stacked), NODE_HEIGHT + GAP_Y);
  return new Map([...wide].map(([id, p]) => [id, { x: p.x, y: p.y * sy }]));
}

/** The tasks and edges of one level (`scope` '' for the top playbook, else the parent task's id), placed. */
export function planLevel(tasks: readonly PlanTask[], edges: readonly PlanEdge[], scope: string): PlanLevel {
  const level = tasks.filter((t) => parentOf(t.id) === scope);
  const ids = new Set(level.map((t) => t.id));
  const inner = edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const layer = layersOf([...ids], inner);
  const editor = new Map<string, Point>();
  for (const t of level) {
    const p = editorPosition(t);
    if (p !== undefined) editor.set(t.id, p);
  }
  const at = spread(editor);
  const rest = level.filter((t) => !at.has(t.id)).map((t) => t.id);
  if (rest.length > 0) {
    // Tasks the editor did not place go in layers, beside those it did.
    const xs = [...at.values()].map((p) => p.x);
    const shift = xs.length === 0 ? 0 : Math.max(...xs) + 2 * (NODE_WIDTH + GAP_X);
    for (const [id, p] of layered(rest, inner, layer)) at.set(id, { x: p.x + shift, y: p.y });
  }
  const placed = level.map((task) => ({ task, layer: layer.get(task.id) ?? 0, ...(at.get(task.id) ?? { x: 0, y: 0 }) }));
  return { tasks: level, edges: inner, placed };
}
