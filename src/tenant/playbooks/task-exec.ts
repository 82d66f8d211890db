/**
 * Runs one regular, condition or collection task (sub-playbooks are the engine's): resolves
 * its arguments, runs the built-in or script it names, and says how it ended. Never throws for
 * anything content or data can cause: a bad value, an unknown command or a failing script is
 * a failed task with an error entry.
 */
import { toText } from '../../core/playbook/dt/index.js';
import { isRecord } from '../../core/content/content-error.js';
import type { CompiledTask } from '../../core/playbook/graph/index.js';
import { errorEntry } from '../../core/playbook/entries.js';
import { conditionLabel, resolveArguments, resolveValue, type ResolveScope } from '../../core/playbook/values/index.js';
import type { BuiltinCall } from './builtins/types.js';
import type { CommandRunner } from './commands.js';
import { completed, contextOfEntries, entryText, errorOf, failed, skipped, waiting, type TaskResult } from './task-result.js';

/** Arguments the server reads itself instead of passing them on (XSOAR-FORMATS §1.5). */
const SERVER_ARGS = ['using', 'extend-context', 'ignore-outputs', 'execution-timeout', 'retry-count', 'retry-interval', 'raw-response', 'auto-extract'];

export interface TaskEnv {
  readonly scope: ResolveScope;
  readonly commands: CommandRunner;
  /** The call a built-in gets, minus its name and arguments. */
  readonly call: Omit<BuiltinCall, 'name' | 'args'>;
}

/** The inner `task:` object of a compiled task. */
export function inner(task: CompiledTask): Record<string, unknown> {
  const t = task.raw['task'];
  return isRecord(t) ? t : {};
}

/** The script or command a task runs: `scriptName`, else `script` (command tasks). */
export function commandOf(task: CompiledTask): string | undefined {
  const t = inner(task);
  for (const key of ['scriptName', 'script']) {
    const v = t[key];
    if (typeof v === 'string' && v.trim() !== '' && v.trim() !== '|||') return v.trim();
  }
  return undefined;
}

export async function execTask(task: CompiledTask, env: TaskEnv): Promise<TaskResult> {
  try {
    if (task.type === 'collection') return collection(task, env);
    if (task.type === 'condition') {
      const conditions = task.raw['conditions'];
      if (Array.isArray(conditions) && conditions.length > 0) {
        const label = conditionLabel(conditions, env.scope);
        return completed(label === undefined ? {} : { label });
      }
      if (commandOf(task) === undefined) return manualCondition(task);
    }
    const name = commandOf(task);
    if (name === undefined) return waiting({ reason: 'manual' });
    return await runCommand(task, name, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(message, { entries: [errorEntry(`${task.name || `Task ${task.id}`}: ${message}`)] });
  }
}

async function runCommand(task: CompiledTask, name: string, env: TaskEnv): Promise<TaskResult> {
  const resolved = resolveArguments(isRecord(task.raw['scriptarguments']) ? task.raw['scriptarguments'] : {}, env.scope);
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resolved)) if (!SERVER_ARGS.includes(k)) args[k] = v;
  const outcome = await env.commands.run({ ...env.call, name, args });
  if (!outcome.found) {
    if (task.raw['skipunavailable'] === true) return skipped(`"${name}" is not available in this tenant`);
    const message = `Unsupported Command : ${name}: no built-in or script of that name in this tenant`;
    return failed(message, { entries: [errorEntry(message)], args: resolved });
  }
  const r = outcome.result;
  const entries = r.entries ?? [];
  const ignoreOutputs = resolved['ignore-outputs'] === true || resolved['ignore-outputs'] === 'true';
  const context = [...(ignoreOutputs ? [] : contextOfEntries(entries)), ...(r.context ?? []), ...extendContext(resolved['extend-context'], entries)];
  const error = errorOf(entries);
  const more = { entries, context, writes: r.writes ?? [], args: resolved, ...(r.poll ? { poll: r.poll } : {}) };
  if (error !== undefined) return failed(error, more);
  if (r.wait) return waiting(r.wait, more);
  // A script condition answers with its last entry's text (`yes`); the reducer matches it to a branch.
  const last = entries.at(-1);
  return completed({ ...more, ...(task.type === 'condition' && last ? { label: entryText(last).trim() } : {}) });
}

/**
 * `extend-context: key=path::key2=path2` stores values of the raw response (the entries'
 * contents) at context keys; `path` is a dotted path into it (`.` for all of it).
 */
function extendContext(spec: unknown, entries: TaskResult['entries']): TaskResult['context'] {
  if (typeof spec !== 'string' || spec.trim() === '') return [];
  const raw = entries.length === 1 ? entries[0]?.Contents : entries.map((e) => e.Contents);
  const out: { op: 'merge'; entryContext: Record<string, unknown> }[] = [];
  for (const part of spec.split('::')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const path = part.slice(eq + 1).trim();
    let value: unknown = raw;
    if (path !== '.' && path !== '') for (const step of path.split('.')) value = isRecord(value) ? value[step] : undefined;
    if (value !== undefined) out.push({ op: 'merge', entryContext: { [key]: value } });
  }
  return out;
}

/** A condition with neither built-in conditions nor a script waits for an analyst's answer. */
function manualCondition(task: CompiledTask): TaskResult {
  const options = [...task.next.keys()].filter((l) => l !== '#error#');
  const tags = inner(task)['tags'];
  const polling = Array.isArray(tags) && tags.some((t) => String(t).toLowerCase() === 'polling');
  return waiting({ reason: polling ? 'polling' : 'condition', data: { options } });
}

/** Data collection: the questions with their labels resolved, answered through the API. */
function collection(task: CompiledTask, env: TaskEnv): TaskResult {
  const form = isRecord(task.raw['form']) ? task.raw['form'] : {};
  const message = isRecord(task.raw['message']) ? task.raw['message'] : {};
  const raw = Array.isArray(form['questions']) ? form['questions'] : [];
  const questions = raw.filter(isRecord).map((q, i) => {
    const label = isRecord(q['labelarg']) ? resolveValue(q['labelarg'], env.scope) : q['label'];
    const options = Array.isArray(q['options']) ? q['options'].map(String) : [];
    return { id: toText(q['id'] ?? i), label: typeof label === 'string' ? label : toText(label ?? ''), type: toText(q['type'] ?? 'shortText'), required: q['required'] === true, options };
  });
  const replyOptions = Array.isArray(message['replyOptions']) ? message['replyOptions'].map(String) : [];
  return waiting({ reason: 'form', data: { title: toText(form['title'] ?? task.name), questions, replyOptions } });
}
