/**
 * Text → plain JSON-compatible value, for YAML and JSON content files. YAML is read with the
 * YAML 1.2 core schema whatever the file's `%YAML` directive says, so unquoted `yes:`/`no:`
 * branch keys stay strings and dates stay text. Everything a content file must not contain is
 * refused with the field it is at: duplicate keys (also `1:` next to `"1":`, which JavaScript
 * objects would merge), several documents, unknown tags, binary or set values, circular
 * aliases, numbers JSON cannot carry, nesting deeper than `MAX_DEPTH`.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ContentError, formatField, type FieldPath } from './content-error.js';
import type { ContentFormat } from './kinds.js';

/** Deeper than any real content (playbooks nest about 15 levels). */
export const MAX_DEPTH = 100;

interface Failure {
  path: FieldPath;
  reason: string;
}

export function readDocument(file: string, text: string, format: ContentFormat): unknown {
  const fail = (f: Failure): never => {
    throw new ContentError({ file, field: formatField(f.path), reason: f.reason });
  };
  let value: unknown;
  if (format === 'json') {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    try {
      value = JSON.parse(body) as unknown;
    } catch (err) {
      return fail({ path: [], reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
    const dup = duplicateJsonKey(body);
    if (dup) fail(dup);
  } else {
    value = readYaml(text, fail);
  }
  const bad = notPlain(value, [], new Set(), 0);
  if (bad) fail(bad);
  return value;
}

function readYaml(text: string, fail: (f: Failure) => never): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', version: '1.2', uniqueKeys: true, prettyErrors: false, lineCounter: lines, logLevel: 'error' });
  const where = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (syntax?.code === 'MULTIPLE_DOCS') fail({ path: [], reason: `holds several YAML documents (a second starts at ${where(syntax.pos[0])}); a content file is one document` });
  if (syntax) fail({ path: [], reason: `invalid YAML at ${where(syntax.pos[0])}: ${syntax.message}` });
  const dup = duplicateYamlKey(doc.contents, [], where);
  if (dup) fail(dup);
  const other = doc.errors[0];
  if (other) fail({ path: [], reason: `invalid YAML at ${where(other.pos[0])}: ${other.message}` });
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) fail({ path: [], reason: `unsupported YAML tag at ${where(tag.pos[0])}: ${tag.message}` });
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fail({ path: [], reason: `cannot read YAML: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** The first key that repeats in its map once keys are text, as JavaScript objects see them. */
function duplicateYamlKey(node: Node | null, path: (string | number)[], where: (offset: number) => string): Failure | undefined {
  if (path.length > MAX_DEPTH) return undefined; // reported by notPlain with its path
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key)) {
        if (isAlias(key)) return { path, reason: `a key is an alias (*${key.source}); keys must be plain text` };
        return { path, reason: 'a key is a list or an object; keys must be plain text' };
      }
      const raw: unknown = key.value;
      const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint' ? raw.toString() : raw === null ? '' : JSON.stringify(raw);
      if (seen.has(text)) {
        const at = key.range ? ` at ${where(key.range[0])}` : '';
        return { path: [...path, text], reason: `duplicate key ${JSON.stringify(text)}${at}` };
      }
      seen.add(text);
      const inner = duplicateYamlKey(pair.value as Node | null, [...path, text], where);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = duplicateYamlKey(item as Node | null, [...path, i], where);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** JSON.parse keeps the last of repeated keys silently; content must not repeat them. */
function duplicateJsonKey(text: string): Failure | undefined {
  type Frame = { keys: Set<string>; key: string | undefined; expectKey: boolean } | { index: number };
  const stack: Frame[] = [];
  const pathOf = (frames: Frame[]): (string | number)[] => frames.map((f) => ('index' in f ? f.index : (f.key ?? '')));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top && 'keys' in top && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { path: [...pathOf(stack.slice(0, -1)), key], reason: `duplicate key ${JSON.stringify(key)}` };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{') stack.push({ keys: new Set(), key: undefined, expectKey: true });
    else if (c === '[') stack.push({ index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top) {
      if ('index' in top) top.index++;
      else top.expectKey = true;
    }
  }
  return undefined;
}

/** The first value that is not plain JSON data (or nests too deeply, or refers to itself). */
function notPlain(value: unknown, path: (string | number)[], ancestors: Set<object>, depth: number): Failure | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, reason: `${String(value)} is not a number content can hold (quote it to keep it as text)` };
  }
  if (typeof value !== 'object') return { path, reason: `unsupported value of type ${typeof value}` };
  if (depth >= MAX_DEPTH) return { path, reason: `nested more than ${MAX_DEPTH} levels deep` };
  if (ancestors.has(value)) return { path, reason: 'a YAML alias refers to a value that contains it (circular)' };
  const isList = Array.isArray(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!isList && proto !== Object.prototype && proto !== null) {
    return { path, reason: 'unsupported YAML value (only maps, lists, text, numbers, booleans and null; no !!binary, !!set, !!omap or dates)' };
  }
  ancestors.add(value);
  const entries: [string | number, unknown][] = isList ? (value as unknown[]).map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const bad = notPlain(item, [...path, key], ancestors, depth + 1);
    if (bad) return bad;
  }
  ancestors.delete(value);
  return undefined;
}
