/**
 * Answers to waiting tasks through the API. A manual task just completes; a manual condition
 * (or a polling condition an analyst ends early) needs one of its branch labels; a form needs
 * its required questions answered, and its answers land in the context under the form's title
 * as XSOAR stores them: `<title>.Answers.<question index>` (plus `name` keys by label) and
 * `<title>.Questions`.
 */
import { toText } from '../../core/playbook/dt/index.js';
import { AppError } from '../../core/errors.js';
import type { CompiledTask } from '../../core/playbook/graph/index.js';
import { isRecord } from '../../core/content/content-error.js';
import { completed, type TaskResult } from './task-result.js';

export interface TaskAnswer {
  /** A branch label (conditions, forms with reply options). */
  answer?: string;
  /** Form answers by question id, or in question order. */
  answers?: Record<string, unknown> | unknown[];
  note?: string;
}

interface Question {
  id: string;
  label: string;
  type: string;
  required: boolean;
  options: string[];
}

function pick(options: readonly string[], answer: string | undefined, path: string): string {
  if (answer === undefined) throw new AppError('invalid_request', `task ${path} needs "answer": one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  const found = options.find((o) => o.toLowerCase() === answer.trim().toLowerCase());
  if (found === undefined) throw new AppError('invalid_request', `task ${path}: "${answer.slice(0, 80)}" is not one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  return found;
}

function noteEntry(path: string, by: string, note: string | undefined): TaskResult['entries'] {
  const text = `Task ${path} completed by ${by}${note ? `: ${note}` : ''}`;
  return [{ Type: 1, ContentsFormat: 'text', Contents: text }];
}

export function answerResult(task: CompiledTask, path: string, reason: string, data: Record<string, unknown>, body: TaskAnswer, by: string): TaskResult {
  const entries = noteEntry(path, by, body.note);
  if (reason === 'manual' || reason === 'sleep') return completed({ entries });
  if (reason === 'condition' || reason === 'polling') {
    const options = Array.isArray(data['options']) ? data['options'].map(String) : [...task.next.keys()];
    return completed({ entries, label: pick(options, body.answer, path) });
  }
  if (reason === 'form') return formResult(path, data, body, entries);
  throw new AppError('conflict', `task ${path} waits for ${reason}; it ends by itself`);
}

function formResult(path: string, data: Record<string, unknown>, body: TaskAnswer, entries: TaskResult['entries']): TaskResult {
  const questions: Question[] = Array.isArray(data['questions']) ? (data['questions'].filter(isRecord) as unknown as Question[]) : [];
  const given = body.answers ?? {};
  const answers: Record<string, unknown> = {};
  questions.forEach((q, i) => {
    const value = Array.isArray(given) ? given[i] : (given[q.id] ?? given[String(i)] ?? (q.label ? given[q.label] : undefined));
    if (value === undefined || value === null || value === '') {
      if (q.required) throw new AppError('invalid_request', `task ${path}: question ${i} ("${q.label.slice(0, 80)}") needs an answer`);
      return;
    }
    if (q.options.length > 0 && (q.type === 'singleSelect' || q.type === 'multiSelect')) {
      for (const v of Array.isArray(value) ? value : [value]) pick(q.options, String(v), `${path} question ${i}`);
    }
    answers[String(i)] = value;
    if (q.label) answers[q.label] = value;
  });
  const replyOptions = Array.isArray(data['replyOptions']) ? data['replyOptions'].map(String) : [];
  const title = toText(data['title'] ?? 'Form');
  const label = replyOptions.length > 0 ? pick(replyOptions, body.answer, path) : undefined;
  return completed({
    entries,
    context: [{ op: 'set', path: title, value: { Answers: answers, Questions: questions.map((q) => q.label) } }],
    ...(label === undefined ? {} : { label }),
  });
}
