/**
 * Errors about content: every problem names the file, the field path inside the document and
 * the reason, e.g. `playbook-X.yml: tasks.12.nexttasks.#none#[0]: task "99" does not exist`.
 * Validation collects them as `ContentIssue`s; parsing (and `assertValid`) throws the first
 * as a `ContentError`, an `AppError('invalid_request')`, so an API answers 400 with it.
 */
import { AppError } from '../errors.js';

/** One problem in one content file. `field` is '' when it concerns the whole document. */
export interface ContentIssue {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
}

/** A path inside a document: object keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** `['tasks', '12', 'nexttasks', '#none#', 0]` → `tasks.12.nexttasks.#none#[0]`. */
export function formatField(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

export function describeIssue(issue: ContentIssue): string {
  return issue.field === '' ? `${issue.file}: ${issue.reason}` : `${issue.file}: ${issue.field}: ${issue.reason}`;
}

export class ContentError extends AppError {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
  /** Every issue found, the first of which is this error's own; one element when parsing. */
  readonly issues: readonly ContentIssue[];

  constructor(issue: ContentIssue, issues: readonly ContentIssue[] = [issue]) {
    super('invalid_request', describeIssue(issue));
    this.name = 'ContentError';
    this.file = issue.file;
    this.field = issue.field;
    this.reason = issue.reason;
    this.issues = issues;
  }
}

/** Throws the first issue (carrying all of them) when there is any. */
export function throwIfIssues(issues: readonly ContentIssue[]): void {
  const first = issues[0];
  if (first) throw new ContentError(first, issues);
}

/** Collects issues for one file; `at(path, reason)` keeps call sites short. */
export class IssueList {
  readonly issues: ContentIssue[] = [];
  constructor(readonly file: string) {}

  at(path: FieldPath, reason: string): void {
    this.issues.push({ file: this.file, field: formatField(path), reason });
  }
}

/** A plain object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a playbook", "an integration": the article a label takes. */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** A non-empty string, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * An identifier as content writes it: a non-empty string, or an integer that YAML typed as a
 * number (an unquoted `id: 12`), as its decimal text.
 */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return nonEmptyString(value);
}

/** How a value reads in a message: its type for objects and lists, else its JSON. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'undefined') return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value.toString()}`;
  return typeof value;
}
