/** `Print`, `PrintErrorEntry`, `Exists`, `AreValuesEqual` and `isError`: scripts that answer (see script-helpers.ts). */
import { ENTRY_TYPES, FORMATS } from '../../../core/playbook/entries.js';
import { toText } from '../../../core/playbook/dt/index.js';
import type { BuiltinCall, BuiltinResult } from './types.js';
import { argOf, failure, isBlank, isRecord, jsString, jsTruthy, missing, note, type Args } from './script-helpers.js';

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
