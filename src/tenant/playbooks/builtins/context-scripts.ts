/**
 * Native versions of XSOAR's most used CommonScripts (XSOAR-FORMATS §6): `Set`,
 * `SetAndHandleEmpty`, `DeleteContext`, `Print`, `PrintErrorEntry`, `Exists`, `isError`,
 * `AreValuesEqual`, `GetTime`, `CalculateTimeDifference`, `ToTable` and `Sleep`.
 *
 * Each follows the script in demisto/content (`Packs/CommonScripts/Scripts/<Name>/<Name>.js`,
 * with CommonServer.js helpers such as `argToList`, `tableToMarkdown`, `treeToFlattenObject`,
 * `isError`), including its JavaScript coercions. Where the script calls `setContext` or
 * `executeCommand('delContext')` the result carries a `set` / `delete` op; where it returns
 * `EntryContext` the result carries a `merge` op with that object and the entry itself carries
 * no `EntryContext`, so the engine applies each change once.
 *
 * Chosen differences from the scripts (all because Palisade has no server clock, time zone,
 * entry store or JS engine of its own here, or to refuse bad input instead of writing junk):
 * - A required argument that is absent, null or '' gives an error entry naming it (the XSOAR
 *   server refuses such a run too); so does a value of the wrong type. Nothing here throws.
 * - Flags compare with the script's exact text (`'true'`, `'yes'`) and also accept a boolean.
 * - Time: "local time" is UTC; dates are read by `parseJsDate` (ISO 8601 with no offset =
 *   UTC, the layouts goja's `Date` parses, Unix epochs) and unreadable dates are an error entry
 *   naming the argument, where the scripts would produce `Invalid Date` / `NaN`.
 * - `Set`: a whole-number text beyond 2^53 (which the script keeps as a BigInt) is stored as
 *   its decimal text, since the context holds JSON values.
 * - `DeleteContext`: `subplaybook` is accepted and ignored (ops apply to the context the task
 *   writes to, which for a sub-playbook with its own context is that context); empty keys in
 *   the comma-separated list are skipped; the context's view roots (`incident`, `inputs`,
 *   `lists`) are not listed as deleted by `all=yes`.
 * - `SetAndHandleEmpty`: empty keys in the list (`a,`) are skipped.
 * - `isError`: see `isErrorScript`.
 * - `Sleep`: the wait carries `data: {seconds}` so that the re-run is recognisable.
 */
import { ENTRY_TYPES, type Entry, FORMATS, errorEntry } from '../../../core/playbook/entries.js';
import { DtError, dq, parseContextKey, toText } from '../../../core/playbook/dt/index.js';
import { formatGoLayout, parseDate, parseGoLayout } from '../../../core/playbook/operators/index.js';
import type { BuiltinCall, BuiltinResult, ContextOp } from './types.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers

type Args = Readonly<Record<string, unknown>>;

/** An argument as given (own properties only), `undefined` when absent. */
export function argOf(args: Args, name: string): unknown {
  return Object.hasOwn(args, name) ? args[name] : undefined;
}

/** Absent, null or '': what the XSOAR server treats as a missing argument. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JavaScript truthiness of a JSON value (`[]` and `{}` are truthy, `0`, `''`, `NaN` are not). */
function jsTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  return !(typeof value === 'number' && Number.isNaN(value));
}

/** `String(value)` / `value + ''` as JavaScript computes it for JSON values. */
export function jsString(value: unknown, depth = 0): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (depth > 64) return '';
    return (value as unknown[]).map((v) => (v === undefined || v === null ? '' : jsString(v, depth + 1))).join(',');
  }
  return '[object Object]';
}

/** `parseInt(value)` (base 10, or 16 after `0x`), NaN when no digits lead. */
export function jsParseInt(value: unknown): number {
  const m = /^\s*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(\d+))/.exec(jsString(value));
  if (!m) return Number.NaN;
  const n = m[2] !== undefined ? parseInt(m[2], 16) : Number(m[3]);
  return m[1] === '-' ? -n : n;
}

/** An argument that must be `'true'` (or `true`) to be on, as the scripts compare it. */
function flag(value: unknown, on = 'true'): boolean {
  return value === on || value === true;
}

function note(contents: string): Entry {
  return { Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.text, Contents: contents };
}

function failure(script: string, message: string): BuiltinResult {
  return { entries: [errorEntry(`${script}: ${message}`)] };
}

function missing(script: string, name: string): BuiltinResult {
  return failure(script, `the "${name}" argument is required`);
}

/** `undefined` when `key` is a valid context key (with a selector only if allowed), else why not. */
function keyProblem(key: string, allowSelector: boolean): string | undefined {
  try {
    const { selector } = parseContextKey(key);
    if (selector && !allowSelector) return 'a selector is not allowed here';
    return undefined;
  } catch (e) {
    if (e instanceof DtError) return e.message;
    throw e;
  }
}

function badKey(script: string, name: string, key: string, why: string): BuiltinResult {
  return failure(script, `the "${name}" argument "${key}" is not a usable context key: ${why}`);
}

/** `dq` over the call's context; a DT error is returned as text. */
function query(context: Args, path: string): { value: unknown } | { error: string } {
  try {
    return { value: dq(context, path) };
  } catch (e) {
    if (e instanceof DtError) return { error: e.message };
    throw e;
  }
}

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

function textList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && (value as unknown[]).every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

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

// ---------------------------------------------------------------------------------------------
// Print, PrintErrorEntry, Exists, AreValuesEqual

/** `Print`: the value as a note (Markdown shown). */
export function printScript(call: BuiltinCall): BuiltinResult {
  const value = argOf(call.args, 'value');
  if (isBlank(value)) return missing('Print', 'value');
  const text = toText(value);
  return {
    entries: [{
      Type: ENTRY_TYPES.note,
      ContentsFormat: typeof value === 'string' ? FORMATS.text : FORMATS.json,
      Contents: value,
      HumanReadable: text,
      HumanReadableFormat: FORMATS.markdown,
    }],
  };
}

/** `PrintErrorEntry`: the message as an error entry (which fails the task). */
export function printErrorEntryScript(call: BuiltinCall): BuiltinResult {
  const message = argOf(call.args, 'message');
  if (isBlank(message)) return missing('PrintErrorEntry', 'message');
  return { entries: [{ Type: ENTRY_TYPES.error, ContentsFormat: FORMATS.text, Contents: toText(message) }] };
}

/**
 * `Exists`: 'yes' for a truthy value that is not an empty list. As in JavaScript, '' / 0 /
 * false / null / absent are 'no', while `{}` and "0" are 'yes'.
 */
export function existsScript(call: BuiltinCall): BuiltinResult {
  const value = argOf(call.args, 'value');
  let answer = 'no';
  if (jsTruthy(value)) answer = Array.isArray(value) && value.length === 0 ? 'no' : 'yes';
  return { entries: [note(answer)] };
}

/**
 * `AreValuesEqual`: 'yes' when `left + ''` equals `right + ''` (so 1 equals "1", a list equals
 * its comma-joined text); 'no', with nothing set, when either is absent. Like the script, it
 * also sets `AreValuesEqual` in the context to the answer.
 */
export function areValuesEqualScript(call: BuiltinCall): BuiltinResult {
  const left = argOf(call.args, 'left');
  const right = argOf(call.args, 'right');
  if (left === undefined || right === undefined) return { entries: [note('no')] };
  const answer = jsString(left) === jsString(right) ? 'yes' : 'no';
  return { entries: [note(answer)], context: [{ op: 'set', path: 'AreValuesEqual', value: answer }] };
}

// ---------------------------------------------------------------------------------------------
// isError

const ID_FIELDS = ['ID', 'id', 'EntryID', 'EntryId', 'entryId'];

function entryById(context: Args, id: string): Record<string, unknown> | undefined {
  const last = argOf(context, 'lastCompletedTaskEntries');
  const list = Array.isArray(last) ? (last as unknown[]) : [last];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const matches = ID_FIELDS.some((f) => {
      const v = Object.hasOwn(item, f) ? item[f] : undefined;
      return (typeof v === 'string' || typeof v === 'number') && String(v) === id;
    });
    if (matches) return item;
  }
  return undefined;
}

/**
 * `isError`: 'yes' when one of the entries given is an error entry (`Type` 4). Palisade has no
 * entry store to read by ID here, so `entryId` may hold entry objects (or a list of them, which
 * is what `${lastCompletedTaskEntries}` gives when the engine stores entries there), or IDs of
 * entries found as objects with an `ID` / `id` / `EntryID` field in the context's
 * `lastCompletedTaskEntries`. Any other ID is an error entry (XSOAR's `getEntry` would fail on
 * an unknown ID too). An empty list answers 'no'.
 */
export function isErrorScript(call: BuiltinCall): BuiltinResult {
  const raw = argOf(call.args, 'entryId');
  if (isBlank(raw)) return missing('isError', 'entryId');
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  for (const item of items) {
    let entry: Record<string, unknown> | undefined;
    if (isRecord(item)) entry = item;
    else if (typeof item === 'string' || typeof item === 'number') {
      entry = entryById(call.context, String(item));
      if (!entry) {
        return failure('isError', `the "entryId" argument names entry "${String(item)}", which is neither given as an entry nor in lastCompletedTaskEntries`);
      }
    } else {
      return failure('isError', `the "entryId" argument holds ${JSON.stringify(item)}, which is neither an entry nor an entry ID`);
    }
    if (entry.Type === ENTRY_TYPES.error) return { entries: [note('yes')] };
  }
  return { entries: [note('no')] };
}

// ---------------------------------------------------------------------------------------------
// Dates (GetTime, CalculateTimeDifference)

/** goja's `Date.prototype.toString` layout (the XSOAR server's JS engine), in UTC. */
const JS_DATE_LAYOUT = 'Mon Jan 02 2006 15:04:05 GMT-0700 (MST)';
/**
 * Layouts goja's `Date` parses that `parseDate` does not, once a trailing zone name such as
 * ` (UTC)` is dropped (the numeric offset before it is what counts, as in Go).
 */
const JS_EXTRA_LAYOUTS = [
  'Mon Jan 02 2006 15:04:05 GMT-0700',
  'Mon, _2 Jan 2006 15:04:05 GMT-0700',
  'Mon, _2 Jan 2006 15:04:05 -0700',
  'Jan _2, 2006',
  '2006-01-02 15:04:05+00',
];

/**
 * A date as `new Date(text)` reads it on the XSOAR server, in UTC: a year (`2023`) or
 * year-month (`2023-05`), ISO 8601 (no offset: UTC), goja's and Go's usual layouts; digits
 * beyond a year are read as a Unix epoch (seconds, or milliseconds from 1e11). Else undefined.
 */
export function parseJsDate(text: string): Date | undefined {
  const t = text.trim();
  const ym = /^(\d{4})(?:-(\d{2}))?$/.exec(t);
  if (ym) {
    const month = Number(ym[2] ?? '1');
    if (month < 1 || month > 12) return undefined;
    return new Date(Date.UTC(Number(ym[1]), month - 1, 1));
  }
  const date = parseDate(t);
  if (date) return date;
  const zoneless = t.replace(/ \([A-Za-z][A-Za-z ]{0,40}\)$/, '');
  for (const layout of JS_EXTRA_LAYOUTS) {
    const d = parseGoLayout(zoneless, layout);
    if (d) return d;
  }
  return undefined;
}

const AGO: readonly { name: string; apply: (d: Date, n: number) => void }[] = [
  { name: 'minutesAgo', apply: (d, n) => d.setUTCMinutes(d.getUTCMinutes() - n) },
  { name: 'hoursAgo', apply: (d, n) => d.setUTCHours(d.getUTCHours() - n) },
  { name: 'daysAgo', apply: (d, n) => d.setUTCDate(d.getUTCDate() - n) },
  { name: 'monthsAgo', apply: (d, n) => d.setUTCMonth(d.getUTCMonth() - n) },
  { name: 'yearsAgo', apply: (d, n) => d.setUTCFullYear(d.getUTCFullYear() - n) },
];

function formatTime(d: Date, format: string): string | number | undefined {
  switch (format.toLowerCase()) {
    case 'iso': return d.toISOString();
    case 'gmt': case 'utc': return d.toUTCString();
    case 'locale': return formatGoLayout(d, '01/02/2006, 15:04:05');
    case 'date': return formatGoLayout(d, 'Mon Jan 02 2006');
    case 'year': return d.getUTCFullYear();
    case 'month': return d.getUTCMonth();
    case 'day': return d.getUTCDate();
    case 'dayinweek': return d.getUTCDay();
    case 'hours': case 'utchours': return d.getUTCHours();
    case 'minutes': return d.getUTCMinutes();
    default: return undefined;
  }
}

/**
 * `GetTime`: the task's start time (or `date`), minus `minutesAgo` … `yearsAgo`, written as
 * `dateFormat` says (ISO/GMT/UTC/Locale/Date/Year/Month (0-based)/Day/DayInWeek/Hours/
 * UTCHours/Minutes; default goja's `String(date)`), in UTC. Outputs `<contextKey>TimeNow` and
 * `<contextKey>TimeNowUnix` (epoch ms) — the prefix is prepended as is, as the script does —
 * merged (appended) like the script's EntryContext.
 */
export function getTimeScript(call: BuiltinCall): BuiltinResult {
  let d = new Date(call.now);
  const dateArg = argOf(call.args, 'date');
  if (jsTruthy(dateArg)) {
    const parsed = typeof dateArg === 'string' ? parseJsDate(dateArg) : typeof dateArg === 'number' ? new Date(dateArg) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) return failure('GetTime', `cannot read the "date" argument ${JSON.stringify(dateArg)} as a date`);
    d = new Date(parsed.getTime());
  }
  for (const { name, apply } of AGO) {
    const v = argOf(call.args, name);
    if (!jsTruthy(v)) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) return failure('GetTime', `the "${name}" argument must be a number, not ${JSON.stringify(v)}`);
    apply(d, n);
  }
  if (Number.isNaN(d.getTime())) return failure('GetTime', 'the resulting date is out of range');
  let time: string | number = formatGoLayout(d, JS_DATE_LAYOUT);
  const format = argOf(call.args, 'dateFormat');
  if (typeof format === 'string' && format.length > 0) {
    const formatted = formatTime(d, format);
    if (formatted === undefined) return { entries: [errorEntry(`Unsupported date format: ${format}`)] };
    time = formatted;
  } else if (format !== undefined && format !== null && format !== '') {
    return failure('GetTime', 'the "dateFormat" argument must be text');
  }
  const prefixArg = argOf(call.args, 'contextKey');
  const prefix = jsTruthy(prefixArg) ? jsString(prefixArg) : '';
  for (const key of [`${prefix}TimeNowUnix`, `${prefix}TimeNow`]) {
    const why = keyProblem(key, false);
    if (why !== undefined) return badKey('GetTime', 'contextKey', prefix, why);
  }
  const entry: Entry = { Type: ENTRY_TYPES.note, Contents: time, ContentsFormat: FORMATS.text, HumanReadable: String(time) };
  const entryContext = { [`${prefix}TimeNowUnix`]: d.getTime(), [`${prefix}TimeNow`]: time };
  return { entries: [entry], context: [{ op: 'merge', entryContext }] };
}

/**
 * `CalculateTimeDifference`: minutes from `start_time` to `end_time`, rounded to 2 decimals.
 * As the script does, double quotes are removed and everything from the first '.' is dropped
 * (fractions, and any zone written after them) before reading each time. Outputs
 * `Time.Difference`, `Time.Start`, `Time.End` (the texts without quotes), merged.
 */
export function calculateTimeDifferenceScript(call: BuiltinCall): BuiltinResult {
  const times: string[] = [];
  const instants: number[] = [];
  for (const name of ['start_time', 'end_time']) {
    const v = argOf(call.args, name);
    if (isBlank(v)) return missing('CalculateTimeDifference', name);
    if (typeof v !== 'string') return failure('CalculateTimeDifference', `the "${name}" argument must be text`);
    const text = v.replace(/"/g, '');
    const date = parseJsDate(text.split('.')[0] ?? '');
    if (!date) return failure('CalculateTimeDifference', `cannot read the "${name}" argument "${text}" as a date`);
    times.push(text);
    instants.push(date.getTime());
  }
  const [start = 0, end = 0] = instants;
  const rounded = Math.round(((end - start) / 1000 / 60) * 100) / 100;
  const mins = rounded === 0 ? 0 : rounded;
  return {
    entries: [{
      Type: ENTRY_TYPES.note,
      Contents: mins,
      ContentsFormat: FORMATS.json,
      HumanReadable: `Calculated Time Difference: ${mins} minutes.`,
      ReadableContentsFormat: FORMATS.markdown,
    }],
    context: [{ op: 'merge', entryContext: { Time: { Difference: mins, Start: times[0], End: times[1] } } }],
  };
}

// ---------------------------------------------------------------------------------------------
// ToTable

const MAX_FLATTEN_DEPTH = 64;

/** CommonServer.js `treeToFlattenObject`: nested keys joined with '.', nulls dropped. */
function treeToFlattenObject(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  if (value === null) return out;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = source[key];
    const nested = typeof v === 'object' && (!Array.isArray(v) || (v.length > 0 && typeof v[0] === 'object'));
    if (nested && depth < MAX_FLATTEN_DEPTH) {
      const flat = treeToFlattenObject(v, depth + 1) as Record<string, unknown>;
      for (const x of Object.keys(flat)) Object.defineProperty(out, `${key}.${x}`, { value: flat[x], enumerable: true, writable: true, configurable: true });
    } else {
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** CommonServer.js `objToStr` (`formatCell`): lists joined with ',', objects as JSON. */
function objToStr(value: unknown, depth = 0): string | undefined {
  if (Array.isArray(value)) return depth > MAX_FLATTEN_DEPTH ? '' : (value as unknown[]).map((v) => objToStr(v, depth + 1) ?? '').join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** CommonServer.js `stringEscapeMD(text, true, true)`: newlines → `<br>`, `|` escaped. */
function escapeCell(text: string): string {
  return text.replace(/\r\n|\n|\r/g, '<br>').replace(/\|/g, '\\|');
}

/** CommonServer.js `GetAllObjectsProperties`: every key (for-in order), sorted. */
function allProperties(rows: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (typeof row === 'string') for (let i = 0; i < row.length; i++) keys.add(String(i));
    else if (typeof row === 'object' && row !== null) for (const k of Object.keys(row)) keys.add(k);
  }
  return [...keys].sort();
}

/** CommonServer.js `tableToMarkdown(name, rows, headers)`. */
export function tableToMarkdown(name: string, rows: readonly unknown[], headerArg: readonly string[] | null): string {
  let headers = headerArg;
  if ((!headers || headers.length === 0) && rows.length > 0 && typeof rows[0] === 'object') headers = allProperties(rows);
  if (!headers || headers.length === 0) return 'No data returned\n';
  let md = name ? `### ${name}\n` : '';
  if (rows.length === 0) return `${md}No data returned\n`;
  md += `| ${headers.join(' | ')} |\n`;
  md += `| ${headers.map(() => '---').join(' | ')} |\n`;
  for (const row of rows) {
    const record: Record<string, unknown> =
      typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : { [headers[0] ?? '']: row };
    const cells = headers.map((h) => {
      const v = Object.hasOwn(record, h) ? record[h] : undefined;
      if (v === null || v === undefined) return ' ';
      const text = objToStr(v);
      return (text === undefined ? undefined : escapeCell(text)) || ' ';
    });
    md += `| ${cells.join(' | ')} |\n`;
  }
  return md;
}

/**
 * `ToTable`: data (a list of objects, or one), columns (comma-separated, not trimmed, as the
 * script splits them; flattened nested keys such as `a.b`), title → a Markdown note.
 */
export function toTableScript(call: BuiltinCall): BuiltinResult {
  const data = argOf(call.args, 'data');
  if (isBlank(data)) return missing('ToTable', 'data');
  const columns = argOf(call.args, 'columns');
  let headers: string[] | null = null;
  if (jsTruthy(columns)) {
    headers = textList(columns) ?? null;
    if (!headers) return failure('ToTable', 'the "columns" argument must be comma-separated text');
  }
  const title = argOf(call.args, 'title');
  const rows = (Array.isArray(data) ? (data as unknown[]) : [data]).map((row) => treeToFlattenObject(row));
  const md = tableToMarkdown(jsTruthy(title) ? jsString(title) : '', rows, headers);
  return { entries: [{ Type: ENTRY_TYPES.note, Contents: md, ContentsFormat: FORMATS.markdown }] };
}

// ---------------------------------------------------------------------------------------------
// Sleep

/** From this many seconds on, XSOAR 8's Sleep polls and says so in the war room. */
const POLLING_THRESHOLD = 300;

/**
 * `Sleep`: the task waits `parseInt(seconds)` seconds (`wait.wakeAt`), then completes on its
 * re-run (`call.resumed` set). Under 300 s there is no entry, as with `wait()`; from 300 s on,
 * as XSOAR 8's polling path, the first run says "Sleep will complete in N seconds" and the
 * re-run "Sleep completed in N seconds". Zero or fewer seconds complete at once.
 */
export function sleepScript(call: BuiltinCall): BuiltinResult {
  const arg = argOf(call.args, 'seconds');
  if (isBlank(arg)) return missing('Sleep', 'seconds');
  const seconds = jsParseInt(arg);
  if (Number.isNaN(seconds)) return failure('Sleep', `the "seconds" argument must be a number, not ${JSON.stringify(arg)}`);
  const text = jsString(arg);
  const polling = seconds >= POLLING_THRESHOLD;
  if (call.resumed !== undefined) {
    if (!polling) return {};
    return { entries: [{ Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.text, Contents: `Sleep completed in ${text} seconds`, HumanReadable: `Sleep completed in ${text} seconds`, HumanReadableFormat: FORMATS.markdown }] };
  }
  if (seconds <= 0) return {};
  const wait = { reason: 'sleep', wakeAt: call.now + seconds * 1000, data: { seconds } };
  return polling ? { entries: [note(`Sleep will complete in ${text} seconds`)], wait } : { wait };
}
