/**
 * A playbook document → the graph the run reducer walks (XSOAR-FORMATS §1.1–1.4). Content is
 * read as the `xsoar` marketplace reads it: `"12:xsoar"` wins over `"12"`, tasks and task
 * fields suffixed for another marketplace are dropped. Full validation is `validatePlaybook`'s
 * job; this refuses only what the runner cannot run: a missing start, a task it cannot type,
 * an edge to nowhere, and a cycle (each task runs at most once per run; loops are `loop:`).
 * Tasks the start cannot reach are left out, with their edges, so no join waits for them.
 */
import { ContentError, describeValue, idText, isRecord, IssueList, type ContentIssue } from '../../content/content-error.js';
import { field, isOtherMarketplaceKey, preferMarketplace, splitMarketplaceKey } from '../../content/marketplace.js';
import { TASK_TYPES } from '../../content/validate-playbook.js';

export type TaskType = (typeof TASK_TYPES)[number];

export interface CompiledTask {
  /** The task key without its marketplace suffix. */
  readonly id: string;
  readonly type: TaskType;
  readonly name: string;
  /** Branch label → successor ids, in the document's order, each list without repeats. */
  readonly next: ReadonlyMap<string, readonly string[]>;
  /** Distinct predecessors that the start can reach. */
  readonly incoming: readonly string[];
  readonly continueOnError: boolean;
  /** `conditions[].label` in order (§1.6), for engines evaluating built-in conditions. */
  readonly conditionLabels: readonly string[];
  /** The task with its own and its `task:` fields marketplace-normalised (one level deep). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface CompiledGraph {
  readonly id: string;
  readonly name: string;
  readonly start: string;
  readonly tasks: ReadonlyMap<string, CompiledTask>;
  /** Tasks the start cannot reach: not part of any run. */
  readonly unreachable: readonly string[];
}

/** The playbook cannot be run; `issues` lists every reason found. */
export class PlaybookGraphError extends ContentError {
  constructor(first: ContentIssue, issues: readonly ContentIssue[]) {
    super(first, issues);
    this.name = 'PlaybookGraphError';
  }
}

/** Keeps `key:xsoar` as `key` (winning over a plain `key`) and drops other marketplaces' keys. */
export function ownFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (isOtherMarketplaceKey(key)) continue;
    const { base } = splitMarketplaceKey(key);
    if (!Object.hasOwn(out, base)) out[base] = preferMarketplace(obj, base);
  }
  return out;
}

export function compilePlaybook(doc: Record<string, unknown>, file = 'playbook'): CompiledGraph {
  const out = new IssueList(file);
  const raw = ownTasks(field(doc, 'tasks'), out);
  const start = idText(field(doc, 'starttaskid'));
  if (start === undefined) out.at(['starttaskid'], `must name the task the playbook starts with, not ${describeValue(field(doc, 'starttaskid'))}`);
  else if (!raw.has(start)) out.at(['starttaskid'], `task "${start}" does not exist`);

  const parts = new Map<string, Omit<CompiledTask, 'incoming'>>();
  for (const [id, task] of raw) {
    const part = compileTask(id, task, (ref) => raw.has(ref), out);
    if (part) parts.set(id, part);
  }
  const reachable = start === undefined || out.issues.length > 0 ? [] : reach(start, parts, out);
  const first = out.issues[0];
  if (first || start === undefined) throw new PlaybookGraphError(first ?? { file, field: 'starttaskid', reason: 'missing' }, out.issues);

  const live = new Set(reachable);
  const incoming = new Map<string, string[]>(reachable.map((id) => [id, []]));
  for (const id of reachable) {
    for (const target of new Set([...(parts.get(id)?.next.values() ?? [])].flat())) incoming.get(target)?.push(id);
  }
  const tasks = new Map<string, CompiledTask>();
  for (const [id, part] of parts) if (live.has(id)) tasks.set(id, { ...part, incoming: incoming.get(id) ?? [] });
  return {
    id: idText(field(doc, 'id')) ?? '',
    name: typeof field(doc, 'name') === 'string' ? String(field(doc, 'name')) : '',
    start,
    tasks,
    unreachable: [...parts.keys()].filter((id) => !live.has(id)),
  };
}

/** Task key → task object for our marketplace; `"12:xsoar"` replaces `"12"` whatever their order. */
function ownTasks(tasks: unknown, out: IssueList): Map<string, unknown> {
  const own = new Map<string, unknown>();
  if (!isRecord(tasks)) {
    out.at(['tasks'], `must be a map of task key → task, not ${describeValue(tasks)}`);
    return own;
  }
  const suffixed = new Set<string>();
  for (const [key, task] of Object.entries(tasks)) {
    if (isOtherMarketplaceKey(key)) continue;
    const { base, marketplace } = splitMarketplaceKey(key);
    if (marketplace === undefined && suffixed.has(base)) continue;
    if (marketplace !== undefined) suffixed.add(base);
    own.set(base, task);
  }
  return own;
}

function compileTask(id: string, value: unknown, exists: (ref: string) => boolean, out: IssueList): Omit<CompiledTask, 'incoming'> | undefined {
  const at = ['tasks', id];
  if (!isRecord(value)) {
    out.at(at, `a task must be an object, not ${describeValue(value)}`);
    return undefined;
  }
  const task = ownFields(value);
  const type = task['type'];
  if (typeof type !== 'string' || !(TASK_TYPES as readonly string[]).includes(type)) {
    out.at([...at, 'type'], `the runner cannot run a task of type ${describeValue(type)} (one of ${TASK_TYPES.join(', ')})`);
    return undefined;
  }
  const inner = isRecord(task['task']) ? ownFields(task['task']) : {};
  if (isRecord(task['task'])) task['task'] = inner;

  const next = new Map<string, string[]>();
  const nexttasks = task['nexttasks'];
  if (isRecord(nexttasks)) {
    for (const [label, targets] of Object.entries(nexttasks)) {
      if (targets === null || targets === undefined) continue;
      if (!Array.isArray(targets)) {
        out.at([...at, 'nexttasks', label], `must be a list of task keys, not ${describeValue(targets)}`);
        continue;
      }
      const ids: string[] = [];
      targets.forEach((target, i) => {
        const ref = idText(target);
        const base = ref === undefined ? undefined : splitMarketplaceKey(ref).base;
        if (base === undefined || !exists(base)) out.at([...at, 'nexttasks', label, i], `leads to ${ref === undefined ? describeValue(target) : `task "${ref}"`}, which does not exist`);
        else if (!ids.includes(base)) ids.push(base);
      });
      next.set(label, ids);
    }
  } else if (nexttasks !== undefined && nexttasks !== null) {
    out.at([...at, 'nexttasks'], `must be a map of branch label → task keys, not ${describeValue(nexttasks)}`);
  }

  const conditions = task['conditions'];
  const conditionLabels = Array.isArray(conditions)
    ? conditions.map((c) => (isRecord(c) ? c['label'] : undefined)).filter((l) => ['string', 'number', 'boolean'].includes(typeof l)).map((l) => String(l))
    : [];
  const name = inner['name'];
  return { id, type: type as TaskType, name: typeof name === 'string' ? name : '', next, continueOnError: task['continueonerror'] === true, conditionLabels, raw: task };
}

/** Reachable ids from the start in a stable order; a cycle among them is an issue. */
function reach(start: string, parts: ReadonlyMap<string, Omit<CompiledTask, 'incoming'>>, out: IssueList): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  // Iterative depth-first search: `open` marks the current path, so an edge to it is a cycle.
  const stack: { id: string; edges: [string, string][] }[] = [];
  const enter = (id: string): void => {
    state.set(id, 'open');
    order.push(id);
    const edges = [...(parts.get(id)?.next ?? [])].flatMap(([label, ids]) => ids.map((t): [string, string] => [label, t]));
    stack.push({ id, edges: edges.reverse() });
  };
  enter(start);
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    const edge = top.edges.pop();
    if (!edge) {
      state.set(top.id, 'done');
      stack.pop();
      continue;
    }
    const [label, target] = edge;
    const seen = state.get(target);
    if (seen === 'open') out.at(['tasks', top.id, 'nexttasks', label], `leads back to task "${target}": a cycle, and the runner runs each task once (use loop: to repeat)`);
    else if (seen === undefined && parts.has(target)) enter(target);
  }
  return order;
}
