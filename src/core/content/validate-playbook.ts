/**
 * Structural checks of an XSOAR playbook (XSOAR-FORMATS §1): what the engine relies on to run
 * it. Deliberately lenient where real content is (unreachable tasks, branch labels a condition
 * never produces, numbers where text is usual); strict where a run would go wrong (missing
 * tasks, a dangling start, unknown sub-playbooks). Marketplace-suffixed keys are accepted:
 * `name:xsoar`, task keys `"12:xsoar"` (whose `id` is `"12"`); tasks suffixed for another
 * marketplace are checked for shape but not resolved against the library.
 */
import { describeValue, idText, isRecord, nonEmptyString, type FieldPath, type IssueList } from './content-error.js';
import type { Kind } from './kinds.js';
import { field, isOtherMarketplaceKey, splitMarketplaceKey } from './marketplace.js';

/** Answers whether the library holds an item of that kind with that id (or, failing that, name). */
export type Library = (kind: Kind, ref: string) => boolean;

export const TASK_TYPES = ['start', 'title', 'regular', 'condition', 'playbook', 'collection', 'section', 'standard'] as const;

export function validatePlaybook(doc: Record<string, unknown>, out: IssueList, library?: Library): void {
  if (idText(field(doc, 'id')) === undefined) out.at(['id'], `a playbook needs a non-empty id, not ${describeValue(field(doc, 'id'))}`);
  if (nonEmptyString(field(doc, 'name')) === undefined) out.at(['name'], `a playbook needs a non-empty name, not ${describeValue(field(doc, 'name'))}`);

  const tasks = doc['tasks'];
  const taskMap = isRecord(tasks) ? tasks : undefined;
  if (!taskMap) out.at(['tasks'], `must be a map of task key → task, not ${describeValue(tasks)}`);
  // Task keys by their base: "12" and "12:xsoar" both answer to "12".
  const bases = new Set(Object.keys(taskMap ?? {}).map((k) => splitMarketplaceKey(k).base));
  const exists = (ref: string): boolean => bases.has(ref);

  const start = idText(doc['starttaskid']);
  if (start === undefined) out.at(['starttaskid'], `must name the task the playbook starts with, not ${describeValue(doc['starttaskid'])}`);
  else if (taskMap && !exists(start)) out.at(['starttaskid'], `task "${start}" does not exist`);

  for (const [key, task] of Object.entries(taskMap ?? {})) {
    validateTask(key, task, ['tasks', key], exists, out, isOtherMarketplaceKey(key) ? undefined : library);
  }
  validateInputs(doc['inputs'], out);
  validateOutputs(doc['outputs'], ['outputs'], out);
}

function validateTask(key: string, task: unknown, at: FieldPath, exists: (ref: string) => boolean, out: IssueList, library?: Library): void {
  if (!isRecord(task)) {
    out.at(at, `a task must be an object, not ${describeValue(task)}`);
    return;
  }
  const id = idText(task['id']);
  const base = splitMarketplaceKey(key).base;
  if (id === undefined) out.at([...at, 'id'], `a task needs its id (the same as its key), not ${describeValue(task['id'])}`);
  else if (id !== base) out.at([...at, 'id'], `"${id}" does not match the task's key "${key}"`);

  const type = task['type'];
  if (typeof type !== 'string') out.at([...at, 'type'], `a task needs a type (${TASK_TYPES.join(', ')}), not ${describeValue(type)}`);
  else if (!(TASK_TYPES as readonly string[]).includes(type)) out.at([...at, 'type'], `unknown task type "${type}" (one of ${TASK_TYPES.join(', ')})`);

  const inner = task['task'];
  if (!isRecord(inner)) out.at([...at, 'task'], `must be an object (the task definition), not ${describeValue(inner)}`);

  const next = task['nexttasks'];
  const labels: string[] = [];
  if (next !== undefined && next !== null) {
    if (!isRecord(next)) out.at([...at, 'nexttasks'], `must be a map of branch label → task keys, not ${describeValue(next)}`);
    else {
      for (const [label, targets] of Object.entries(next)) {
        labels.push(label);
        if (targets === null) continue;
        if (!Array.isArray(targets)) {
          out.at([...at, 'nexttasks', label], `must be a list of task keys, not ${describeValue(targets)}`);
          continue;
        }
        targets.forEach((target, i) => {
          const ref = idText(target);
          if (ref === undefined) out.at([...at, 'nexttasks', label, i], `must be a task key, not ${describeValue(target)}`);
          else if (!exists(ref)) out.at([...at, 'nexttasks', label, i], `task "${ref}" does not exist`);
        });
      }
    }
  }

  if (type === 'condition') validateConditions(task['conditions'], labels, [...at, 'conditions'], out);
  if (type === 'playbook' && isRecord(inner)) validateSubPlaybook(inner, [...at, 'task'], out, library);
  for (const name of ['scriptarguments', 'loop']) {
    const value = task[name];
    if (value !== undefined && value !== null && !isRecord(value)) out.at([...at, name], `must be an object, not ${describeValue(value)}`);
  }
}

/**
 * Every condition needs a label; a label must have its branch in `nexttasks` (compared
 * without case, as XSOAR does) unless there is a `#default#` branch to fall back on.
 */
function validateConditions(conditions: unknown, labels: readonly string[], at: FieldPath, out: IssueList): void {
  if (conditions === undefined || conditions === null) return;
  if (!Array.isArray(conditions)) {
    out.at(at, `must be a list of {label, condition}, not ${describeValue(conditions)}`);
    return;
  }
  const branches = new Set(labels.map((l) => l.toLowerCase()));
  conditions.forEach((c, i) => {
    if (!isRecord(c)) {
      out.at([...at, i], `must be an object {label, condition}, not ${describeValue(c)}`);
      return;
    }
    const raw = c['label'];
    const label = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (label === undefined || label === '') out.at([...at, i, 'label'], `a condition needs a label (its branch in nexttasks), not ${describeValue(raw)}`);
    else if (!branches.has(label.toLowerCase()) && !branches.has('#default#')) {
      out.at([...at, i, 'label'], `branch "${label}" has no entry in nexttasks and there is no #default# branch`);
    }
    const groups = c['condition'];
    if (groups !== undefined && groups !== null && !(Array.isArray(groups) && groups.every((g) => Array.isArray(g)))) {
      out.at([...at, i, 'condition'], `must be a list of lists of filters (AND of ORs), not ${describeValue(groups)}`);
    }
  });
}

/** A `type: playbook` task names its sub-playbook; with a library, by id first, then by name. */
function validateSubPlaybook(inner: Record<string, unknown>, at: FieldPath, out: IssueList, library?: Library): void {
  const byName = nonEmptyString(field(inner, 'playbookName'));
  const byId = nonEmptyString(field(inner, 'playbookId'));
  if (byName === undefined && byId === undefined) {
    out.at(at, 'a playbook task needs task.playbookName or task.playbookId');
    return;
  }
  if (!library) return;
  if (byId !== undefined && library('playbooks', byId)) return;
  if (byName !== undefined && library('playbooks', byName)) return;
  out.at([...at, byName !== undefined ? 'playbookName' : 'playbookId'], `unknown sub-playbook "${byName ?? byId}"`);
}

function validateInputs(inputs: unknown, out: IssueList): void {
  if (inputs === undefined || inputs === null) return;
  if (!Array.isArray(inputs)) {
    out.at(['inputs'], `must be a list of {key, value, required, description}, not ${describeValue(inputs)}`);
    return;
  }
  inputs.forEach((input, i) => {
    if (!isRecord(input)) {
      out.at(['inputs', i], `must be an object {key, value, …}, not ${describeValue(input)}`);
      return;
    }
    // An empty key is real: an input that is only an indicator query (playbookInputQuery).
    if (typeof input['key'] !== 'string') out.at(['inputs', i, 'key'], `must be text, not ${describeValue(input['key'])}`);
    const value = input['value'];
    if (value !== undefined && value !== null && !isRecord(value)) out.at(['inputs', i, 'value'], `must be an object ({simple} or {complex}), not ${describeValue(value)}`);
    const query = input['playbookInputQuery'];
    if (query !== undefined && query !== null && !isRecord(query)) out.at(['inputs', i, 'playbookInputQuery'], `must be an object, not ${describeValue(query)}`);
  });
}

/** Outputs of playbooks, scripts and integration commands: `[{contextPath, description, type}]`. */
export function validateOutputs(outputs: unknown, at: FieldPath, out: IssueList): void {
  if (outputs === undefined || outputs === null) return;
  if (!Array.isArray(outputs)) {
    out.at(at, `must be a list of {contextPath, description, type}, not ${describeValue(outputs)}`);
    return;
  }
  outputs.forEach((output, i) => {
    if (!isRecord(output)) out.at([...at, i], `must be an object {contextPath, …}, not ${describeValue(output)}`);
    else if (nonEmptyString(output['contextPath']) === undefined) out.at([...at, i, 'contextPath'], `must be a non-empty context path, not ${describeValue(output['contextPath'])}`);
  });
}
