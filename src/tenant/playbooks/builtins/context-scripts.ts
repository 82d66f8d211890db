/** `Set`, `SetAndHandleEmpty` and `DeleteContext` (see script-helpers.ts for the rules they share). */
import { ENTRY_TYPES, type Entry, FORMATS, errorEntry } from '../../../core/playbook/entries.js';


import type { BuiltinCall, BuiltinResult, ContextOp } from './types.js';
import { argOf, badKey, failure, flag, isBlank, jsParseInt, jsString, jsTruthy, keyProblem, missing, note, query, textList } from './script-helpers.js';

// ---------------------------------------------------------------------------------------------
// Set

/** Set.js's value conversion (without `stringify`): numbers and JSON text become values. */
function setValue(value: unknown): unknown {
  // Numbers, booleans and null reach `args.value.includes`, which throws: the value stays.
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  const text = jsString(value);
  try {
    if (!Number.isNaN(Number(text))) {
      const hasDot = Array.isArray(value) ? (value as unknown[]).includes('.') : text.includes('.');
      if (hasDot) return JSON.parse(text) as unknown;
      const big = BigInt(text);
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big.toString();
    }
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

/** `Set`: key, value, append (default false: overwrite), stringify. */
export function setScript(call: BuiltinCall): BuiltinResult {
  const key = argOf(call.args, 'key');
  const raw = argOf(call.args, 'value');
  if (isBlank(key)) return missing('Set', 'key');
  if (typeof key !== 'string') return failure('Set', 'the "key" argument must be text');
  if (isBlank(raw)) return missing('Set', 'value');
  const appendArg = argOf(call.args, 'append');
  const append = !(!jsTruthy(appendArg) || appendArg === 'false');
  const why = keyProblem(key, append);
  if (why !== undefined) return badKey('Set', 'key', key, why);
  let value: unknown;
  if (flag(argOf(call.args, 'stringify'))) value = typeof raw === 'string' ? raw : JSON.stringify(raw);
  else value = setValue(raw);
  const ec = { [key]: value };
  const entry: Entry = { Type: ENTRY_TYPES.note, Contents: ec, ContentsFormat: FORMATS.json, HumanReadable: `Key ${key} set` };
  const op: ContextOp = append ? { op: 'merge', entryContext: ec } : { op: 'set', path: key, value };
  return { entries: [entry], context: [op] };
}

// ---------------------------------------------------------------------------------------------
// SetAndHandleEmpty

/** CommonServer.js `argToList`: '' → [], list as is, `[…]` text parsed, else split on ','. */
function argToList(value: unknown): unknown[] {
  if (!jsTruthy(value)) return [];
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'string') {
    if (value.startsWith('[') && value.endsWith(']')) {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    }
    return value.split(',');
  }
  return [value];
}

/**
 * `SetAndHandleEmpty`: key (list), value, append (default true), stringify, force. A falsy
 * value (absent, '', 0, false, null — after JSON parsing, so also "0", "false", "null") sets
 * nothing unless `force=true`; the entry then says "value is None". `append=false` deletes the
 * key first. Note `[]` and `{}` are truthy, so they are set.
 */
export function setAndHandleEmptyScript(call: BuiltinCall): BuiltinResult {
  const keyArg = argOf(call.args, 'key');
  if (isBlank(keyArg)) return missing('SetAndHandleEmpty', 'key');
  let keys: unknown[];
  try {
    keys = argToList(keyArg);
  } catch {
    return failure('SetAndHandleEmpty', `the "key" argument ${JSON.stringify(keyArg)} is not a valid JSON list`);
  }
  const raw = argOf(call.args, 'value');
  let value: unknown;
  if (flag(argOf(call.args, 'stringify'))) value = raw === undefined || raw === null ? '' : jsString(raw);
  else if (!jsTruthy(raw) || typeof raw !== 'string') value = raw;
  else {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      value = raw;
    }
  }
  const force = flag(argOf(call.args, 'force'));
  const append = argOf(call.args, 'append');
  const deletes: ContextOp[] = [];
  const merges: ContextOp[] = [];
  const entries: Entry[] = [];
  for (const k of keys) {
    if (typeof k !== 'string') return failure('SetAndHandleEmpty', `the "key" argument holds ${JSON.stringify(k)}, not a context key`);
    if (k.trim() === '') continue;
    const set = jsTruthy(value) || force;
    if (set) {
      const why = keyProblem(k, true);
      if (why !== undefined) return badKey('SetAndHandleEmpty', 'key', k, why);
      // DeleteContext (run by the script) trims the key; a selector key deletes what it selects.
      if (append === 'false') deletes.push({ op: 'delete', path: k.trim() });
      // An undefined value (force without one) is dropped from EntryContext, as JSON drops it.
      if (value !== undefined) merges.push({ op: 'merge', entryContext: { [k]: value } });
    }
    const text = set ? `Key ${k} set` : 'value is None';
    entries.push({ Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.json, Contents: text, HumanReadable: text });
  }
  // The script runs DeleteContext while it runs; its EntryContext is merged after it returns.
  const context = [...deletes, ...merges];
  return context.length ? { entries, context } : { entries };
}

// ---------------------------------------------------------------------------------------------
// DeleteContext

/** Keys of the DT view that are not context keys of the run (see `BuiltinCall.context`). */
const VIEW_ROOTS = new Set(['incident', 'inputs', 'lists']);
const DBOT_SCORE_KEY = 'DBotScore';


/** The script's summary: errors (none here), a newline, then the deleted keys. */
function deletedMessage(deleted: readonly string[]): string {
  const done = deleted.length ? `\nSuccessfully deleted keys '${deleted.join("', '")}' from context.` : '';
  return `\n${done}`;
}

function deleteEntry(message: string): Entry {
  return { Type: ENTRY_TYPES.note, Contents: message, ContentsFormat: FORMATS.text, HumanReadable: message, ReadableContentsFormat: FORMATS.markdown };
}

function deleteAll(call: BuiltinCall): BuiltinResult {
  const keepArg = argOf(call.args, 'keysToKeep');
  const keysToKeep = isBlank(keepArg) ? [] : textList(keepArg)?.map((k) => k.trim());
  if (!keysToKeep) return failure('DeleteContext', 'the "keysToKeep" argument must be comma-separated text');
  const dbot = keysToKeep.indexOf(DBOT_SCORE_KEY);
  const keepDBotScore = dbot > -1;
  if (keepDBotScore) keysToKeep.splice(dbot, 1);
  const kept: Record<string, unknown> = {};
  for (const path of keysToKeep) {
    if (path === '') continue;
    const found = query(call.context, path);
    if ('error' in found) return failure('DeleteContext', `the "keysToKeep" argument "${path}" is not a DT path: ${found.error}`);
    if (found.value === null || found.value === undefined) continue;
    // "Key.[0].Name" is kept as "Key.Name".
    const target = path.replace(/\.\[\d+\]/g, '');
    const why = keyProblem(target, true);
    if (why !== undefined) return badKey('DeleteContext', 'keysToKeep', path, why);
    if (Object.hasOwn(kept, target)) {
      const before = kept[target];
      kept[target] = [...(Array.isArray(before) ? (before as unknown[]) : [before]), found.value];
    } else {
      kept[target] = found.value;
    }
  }
  const deleted = Object.keys(call.context).filter(
    (k) => !VIEW_ROOTS.has(k) && !(k === DBOT_SCORE_KEY && keepDBotScore) && !keysToKeep.includes(k),
  );
  const message = deletedMessage(deleted);
  const context: ContextOp[] = [keepDBotScore ? { op: 'clear', keep: [DBOT_SCORE_KEY] } : { op: 'clear' }];
  if (Object.keys(kept).length) context.push({ op: 'merge', entryContext: kept });
  return { entries: [deleteEntry(message)], context };
}

function deleteIndex(call: BuiltinCall, key: string, indexArg: unknown): BuiltinResult {
  const index = jsParseInt(indexArg);
  if (Number.isNaN(index)) return { entries: [errorEntry(`Invalid index ${jsString(indexArg)}`)] };
  const found = query(call.context, key);
  if ('error' in found) return failure('DeleteContext', `the "key" argument "${key}" is not a DT path: ${found.error}`);
  if (!jsTruthy(found.value)) return { entries: [note(`Key [${key}] was not found.`)] };
  const list = Array.isArray(found.value) ? (found.value as unknown[]) : [found.value];
  if (index < 0 || index >= list.length) return { entries: [errorEntry(`Index out of range ${jsString(indexArg)}`)] };
  const rest = list.filter((_, i) => i !== index);
  let op: ContextOp;
  if (rest.length === 0) {
    const why = keyProblem(key, true);
    if (why !== undefined) return badKey('DeleteContext', 'key', key, why);
    op = { op: 'delete', path: key };
  } else {
    const why = keyProblem(key, false);
    if (why !== undefined) return badKey('DeleteContext', 'key', key, why);
    op = { op: 'set', path: key, value: rest };
  }
  return { entries: [note(`Successfully deleted index ${index} from key ${key}`)], context: [op] };
}

/** `DeleteContext`: key (comma-separated), all=yes, keysToKeep, subplaybook (ignored), index. */
export function deleteContextScript(call: BuiltinCall): BuiltinResult {
  const all = flag(argOf(call.args, 'all'), 'yes');
  const keyArg = argOf(call.args, 'key');
  if (!all && !jsTruthy(keyArg)) return { entries: [errorEntry('You must specify key or all=yes')] };
  if (all) return deleteAll(call);
  const indexArg = argOf(call.args, 'index');
  if (indexArg !== undefined) {
    if (typeof keyArg !== 'string') return failure('DeleteContext', 'the "key" argument must be text when "index" is given');
    return deleteIndex(call, keyArg, indexArg);
  }
  const keys = textList(keyArg);
  if (!keys) return failure('DeleteContext', 'the "key" argument must be comma-separated text');
  const context: ContextOp[] = [];
  const deleted: string[] = [];
  for (const key of keys) {
    const path = key.trim();
    if (path === '') continue;
    const why = keyProblem(path, true);
    if (why !== undefined) return badKey('DeleteContext', 'key', path, why);
    context.push({ op: 'delete', path });
    deleted.push(key);
  }
  return { entries: [deleteEntry(deletedMessage(deleted))], context };
}
