/**
 * Writing small XSOAR playbooks for tests, in the format the engine reads from content (the
 * real samples come from examples/marketplace), and the work plan's shape as the API returns it.
 */
import { stringify } from 'yaml';

export interface TaskSpec {
  id: string;
  type?: 'regular' | 'condition' | 'playbook' | 'collection' | 'title';
  name?: string;
  script?: string;
  args?: Record<string, unknown>;
  next?: string[] | Record<string, string[]>;
  /** Any other task keys (conditions, loop, form, separatecontext, …). */
  [key: string]: unknown;
}

/** Argument values: a string is `{simple}`, an object is taken as written. */
function argValue(v: unknown): unknown {
  return typeof v === 'string' ? { simple: v } : v;
}

export function playbookDoc(id: string, tasks: TaskSpec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '0': { id: '0', type: 'start', task: { id: 'start', name: '', iscommand: false }, nexttasks: { '#none#': [tasks[0]?.id ?? ''] } },
  };
  for (const t of tasks) {
    const { id, type = 'regular', name, script, args, next, ...rest } = t;
    const inner: Record<string, unknown> = { id: `t${id}`, name: name ?? `Task ${id}`, iscommand: false, brand: '' };
    if (script !== undefined) inner['scriptName'] = script;
    if (type === 'playbook') inner['playbookId'] = rest['playbookId'];
    delete rest['playbookId'];
    const nexttasks = next === undefined ? undefined : Array.isArray(next) ? { '#none#': next } : next;
    out[id] = {
      id,
      type,
      task: inner,
      ...(nexttasks ? { nexttasks } : {}),
      ...(args ? { scriptarguments: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, argValue(v)])) } : {}),
      ...rest,
    };
  }
  return { id, version: -1, name: id, starttaskid: '0', tasks: out, ...extra };
}

export function playbookYaml(id: string, tasks: TaskSpec[], extra: Record<string, unknown> = {}): string {
  return stringify(playbookDoc(id, tasks, extra));
}

export interface WorkPlan {
  state: string;
  runId: string | null;
  playbookId: string | null;
  tasks: {
    id: string;
    taskId: string;
    name: string;
    type: string;
    state: string;
    attempts: number;
    label?: string;
    branch?: string | null;
    error?: string;
    waitingFor?: string;
    wait?: { reason: string; wakeAt: string | null; data: Record<string, unknown> };
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    startedAt?: string;
    finishedAt?: string;
    subPlaybook?: { runId: string; playbookId: string; iteration: number; state: string };
  }[];
  edges: { from: string; to: string; label: string; status: string }[];
}
