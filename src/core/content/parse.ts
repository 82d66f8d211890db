/**
 * One content file's text → a `ParsedItem`: its kind, id, display name and parsed document.
 * Parsing checks only what it needs to name the item (syntax, kind, id, name); `validateItem`
 * checks the rest. Split-layout scripts and integrations (`script: ''` or `'-'` in the YAML,
 * the code in a sibling `.js`/`.py`/`.ps1`) get their code from the pack layer through
 * `attachCode`.
 */
import { ContentError, describeValue, isRecord, withArticle } from './content-error.js';
import { detectKind, isScriptLanguage, SCRIPT_LANGUAGES, type ScriptLanguage } from './detect.js';
import { idOf, KIND_SPECS, nameOf, type ContentFormat, type Kind } from './kinds.js';
import { readDocument } from './read-document.js';

export interface ParsedItem {
  readonly kind: Kind;
  readonly id: string;
  readonly name: string;
  /** The parsed document, as plain JSON data. */
  readonly doc: Record<string, unknown>;
  /** The format the text was read as. */
  readonly format: ContentFormat;
  /** The file name given to `parseContent`, for messages. */
  readonly file: string;
}

/** `.yml`/`.yaml` → yaml, `.json` → json, anything else undefined. */
export function formatOfFileName(fileName: string): ContentFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** `.js` → javascript, `.py` → python, `.ps1` → powershell: the sibling code file of a split package. */
export function languageOfFileName(fileName: string): ScriptLanguage | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.js')) return 'javascript';
  if (lower.endsWith('.py')) return 'python';
  if (lower.endsWith('.ps1')) return 'powershell';
  return undefined;
}

/**
 * Parses one content file. The format comes from the extension (else the hinted kind's
 * format, else the first character: `{` is JSON). Throws `ContentError` (400) naming the file,
 * the field and the reason when the text cannot be read, the kind cannot be told or is not
 * supported, or the id or name is missing.
 */
export function parseContent(fileName: string, text: string, kindHint?: Kind): ParsedItem {
  const format = formatOfFileName(fileName) ?? (kindHint ? KIND_SPECS[kindHint].format : /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml');
  const doc = readDocument(fileName, text, format);
  if (!isRecord(doc)) {
    throw new ContentError({ file: fileName, field: '', reason: `the document must be a map of keys, not ${describeValue(doc)}` });
  }
  const kind = detectKind(fileName, doc, kindHint);
  const spec = KIND_SPECS[kind];
  const id = idOf(kind, doc);
  if (id === undefined) {
    throw new ContentError({ file: fileName, field: spec.idPath.join('.'), reason: `${withArticle(spec.label)} needs a non-empty id here` });
  }
  const name = nameOf(kind, doc);
  if (name === undefined) {
    const where = spec.namePaths.map((p) => p.join('.'));
    throw new ContentError({ file: fileName, field: where[0] ?? 'name', reason: `${withArticle(spec.label)} needs a non-empty name${where.length > 1 ? ` (${where.join(' or ')})` : ''}` });
  }
  return { kind, id, name, doc, format, file: fileName };
}

/** The empty code of a split package: missing, `''` or `'-'`. */
function isEmptyCode(code: unknown): boolean {
  return code === undefined || code === null || (typeof code === 'string' && (code.trim() === '' || code.trim() === '-'));
}

/** True when a script or integration still waits for its code (split layout). */
export function needsCode(item: ParsedItem): boolean {
  if (item.kind === 'scripts') return isEmptyCode(item.doc['script']);
  if (item.kind === 'integrations') return isRecord(item.doc['script']) && isEmptyCode(item.doc['script']['script']);
  return false;
}

/**
 * A copy of a split-layout script or integration with its code in place (`script` for a
 * script, `script.script` for an integration), as the unified file would hold it. Refuses
 * other kinds, an item that already holds code, and a language other than the one the YAML
 * declares (`type` / `script.type`); when the YAML declares none, `language` is written.
 */
export function attachCode(item: ParsedItem, code: string, language: ScriptLanguage): ParsedItem {
  const refuse = (field: string, reason: string): never => {
    throw new ContentError({ file: item.file, field, reason });
  };
  if (item.kind !== 'scripts' && item.kind !== 'integrations') refuse('', `only scripts and integrations take code, not ${withArticle(KIND_SPECS[item.kind].label)}`);
  if (!isScriptLanguage(language)) refuse('', `unknown code language ${JSON.stringify(language)} (one of ${SCRIPT_LANGUAGES.join(', ')})`);
  const holder = item.kind === 'scripts' ? item.doc : item.doc['script'];
  const prefix = item.kind === 'scripts' ? '' : 'script.';
  if (!isRecord(holder)) return refuse('script', `an integration needs a script section, not ${describeValue(holder)}`);
  const declared = holder['type'];
  if (declared !== undefined && declared !== null && declared !== language) {
    refuse(`${prefix}type`, `the YAML declares ${describeValue(declared)} but the attached code is ${language}`);
  }
  if (!isEmptyCode(holder['script'])) refuse(`${prefix}script`, 'already holds its code (a split package leaves it empty or "-")');
  const withCode = { ...holder, script: code, type: language };
  const doc = item.kind === 'scripts' ? withCode : { ...item.doc, script: withCode };
  return { ...item, doc };
}
