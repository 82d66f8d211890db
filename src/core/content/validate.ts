/**
 * Validation of a parsed item: a list of issues, empty when the item is sound. It never
 * throws for bad input, whatever the document holds (a list, wrong types, a hand-made item);
 * `assertValid` throws the first issue as a `ContentError` for callers that want a 400.
 */
import { describeValue, idText, IssueList, isRecord, nonEmptyString, throwIfIssues, withArticle, type ContentIssue, type FieldPath } from './content-error.js';
import { isScriptLanguage, SCRIPT_LANGUAGES } from './detect.js';
import { isKind, KIND_SPECS, KINDS } from './kinds.js';
import { field } from './marketplace.js';
import type { ParsedItem } from './parse.js';
import { validateOutputs, validatePlaybook, type Library } from './validate-playbook.js';

export type { Library } from './validate-playbook.js';

export function validateItem(item: ParsedItem, library?: Library): ContentIssue[] {
  const file = isRecord(item) && typeof item.file === 'string' && item.file !== '' ? item.file : '(unnamed file)';
  const out = new IssueList(file);
  try {
    check(item, out, library);
  } catch (err) {
    // A bug here must still read as a problem with the content, not crash the caller.
    out.at([], `could not be validated: ${err instanceof Error ? err.message : String(err)}`);
  }
  return out.issues;
}

/** Throws the first issue as a `ContentError` (its `issues` hold them all). */
export function assertValid(item: ParsedItem, library?: Library): void {
  throwIfIssues(validateItem(item, library));
}

function check(item: ParsedItem, out: IssueList, library?: Library): void {
  if (!isRecord(item)) {
    out.at([], `not a parsed content item: ${describeValue(item)}`);
    return;
  }
  const kind: unknown = item.kind;
  if (!isKind(kind)) {
    out.at([], `unknown kind ${describeValue(kind)} (one of ${KINDS.join(', ')})`);
    return;
  }
  const doc: unknown = item.doc;
  if (!isRecord(doc)) {
    out.at([], `the document must be a map of keys, not ${describeValue(doc)}`);
    return;
  }
  switch (kind) {
    case 'playbooks':
      return validatePlaybook(doc, out, library);
    case 'scripts':
      return validateScript(doc, out);
    case 'integrations':
      return validateIntegration(doc, out);
    case 'lists':
      requireName(doc, ['name'], 'list', out);
      if (typeof doc['data'] !== 'string') out.at(['data'], `a list's content must be text, not ${describeValue(doc['data'])}`);
      return;
    case 'incidentfields':
      requireId(doc, ['id'], 'incident field', out);
      requireName(doc, ['name'], 'incident field', out);
      if (nonEmptyString(doc['cliName']) === undefined) out.at(['cliName'], `an incident field needs its cliName (the key playbooks use), not ${describeValue(doc['cliName'])}`);
      return;
    default: {
      const spec = KIND_SPECS[kind];
      requireId(doc, spec.idPath, spec.label, out);
      requireName(doc, spec.namePaths[0] ?? ['name'], spec.label, out);
    }
  }
}

function valueAt(doc: Record<string, unknown>, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => field(value, key), doc);
}

function requireId(doc: Record<string, unknown>, path: readonly string[], label: string, out: IssueList): void {
  const value = valueAt(doc, path);
  if (idText(value) === undefined) out.at(path, `${withArticle(label)} needs a non-empty id, not ${describeValue(value)}`);
}

function requireName(doc: Record<string, unknown>, path: readonly string[], label: string, out: IssueList): void {
  const value = valueAt(doc, path);
  if (nonEmptyString(value) === undefined) out.at(path, `${withArticle(label)} needs a non-empty name, not ${describeValue(value)}`);
}

/** `script` (a script) or `script.script` (an integration): code, not empty and not `-`. */
function requireCode(code: unknown, at: FieldPath, out: IssueList): void {
  if (typeof code !== 'string') out.at(at, `must hold the code as text, not ${describeValue(code)}`);
  else if (code.trim() === '' || code.trim() === '-') out.at(at, 'holds no code (a split package: attach the sibling .js/.py/.ps1 file first)');
}

function requireLanguage(type: unknown, at: FieldPath, out: IssueList): void {
  if (!isScriptLanguage(type)) out.at(at, `must be one of ${SCRIPT_LANGUAGES.join(', ')}, not ${describeValue(type)}`);
}

function validateScript(doc: Record<string, unknown>, out: IssueList): void {
  requireId(doc, ['commonfields', 'id'], 'script', out);
  requireName(doc, ['name'], 'script', out);
  requireLanguage(doc['type'], ['type'], out);
  requireCode(doc['script'], ['script'], out);
  validateArgs(doc['args'], ['args'], out);
  validateOutputs(doc['outputs'], ['outputs'], out);
}

function validateIntegration(doc: Record<string, unknown>, out: IssueList): void {
  requireId(doc, ['commonfields', 'id'], 'integration', out);
  // As parsing does: `display` names an integration that has no `name`.
  if (nonEmptyString(valueAt(doc, ['name'])) === undefined) requireName(doc, ['display'], 'integration', out);
  validateNamedList(doc['configuration'], ['configuration'], 'parameter', out);
  const script = doc['script'];
  if (!isRecord(script)) {
    out.at(['script'], `an integration needs a script section {type, script, commands}, not ${describeValue(script)}`);
    return;
  }
  requireLanguage(script['type'], ['script', 'type'], out);
  requireCode(script['script'], ['script', 'script'], out);
  const commands = script['commands'];
  validateNamedList(commands, ['script', 'commands'], 'command', out);
  if (!Array.isArray(commands)) return;
  commands.forEach((command, i) => {
    if (!isRecord(command)) return;
    validateArgs(command['arguments'], ['script', 'commands', i, 'arguments'], out);
    validateOutputs(command['outputs'], ['script', 'commands', i, 'outputs'], out);
  });
}

/** Script args: a list of objects, each with a non-empty `name`, no name twice. */
function validateArgs(args: unknown, at: FieldPath, out: IssueList): void {
  validateNamedList(args, at, 'argument', out);
}

/** A list (or nothing) of objects, each with a non-empty `name`, no name twice. */
function validateNamedList(list: unknown, at: FieldPath, what: string, out: IssueList): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    out.at(at, `must be a list of ${what}s, not ${describeValue(list)}`);
    return;
  }
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (!isRecord(entry)) {
      out.at([...at, i], `${withArticle(what)} must be an object with a name, not ${describeValue(entry)}`);
      return;
    }
    const name = nonEmptyString(entry['name']);
    if (name === undefined) out.at([...at, i, 'name'], `${withArticle(what)} needs a non-empty name, not ${describeValue(entry['name'])}`);
    else if (seen.has(name)) out.at([...at, i, 'name'], `duplicate ${what} "${name}"`);
    else seen.add(name);
  });
}
