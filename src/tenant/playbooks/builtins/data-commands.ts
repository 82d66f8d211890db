/**
 * Lists and indicators: `getList`, `createList`, `setList`, `addToList`, `IsListExist`,
 * `createNewIndicator`, `setIndicator`, `appendIndicatorField`, `removeIndicatorField`.
 * Lists read the tenant's runtime copy first, then a list of its content.
 */
import { errorEntry } from '../../../core/playbook/entries.js';
import { dq, toList, toText } from '../../../core/playbook/dt/index.js';
import { compileRegex } from '../../../core/playbook/operators/index.js';
import { ArgError, guarded, list, required, text } from './args.js';
import type { BuiltinCall, BuiltinDef, BuiltinResult } from './types.js';

const MAX_LIST_BYTES = 1024 * 1024;

function listName(call: BuiltinCall): string {
  return required(call.args, 'listName');
}

function listData(call: BuiltinCall): string {
  const v = call.args['listData'];
  const data = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (Buffer.byteLength(data) > MAX_LIST_BYTES) throw new ArgError(`listData exceeds ${MAX_LIST_BYTES} bytes`);
  return data;
}

async function getList(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('getList', async () => {
    const name = listName(call);
    const data = await call.services.getList(name);
    if (data === undefined) return { entries: [errorEntry(`Item not found (8): list "${name}" does not exist`)] };
    return { entries: [{ Type: 1, ContentsFormat: 'text', Contents: data }] };
  });
}

function writeList(mode: 'create' | 'set' | 'append'): (call: BuiltinCall) => Promise<BuiltinResult> {
  const label = { create: 'createList', set: 'setList', append: 'addToList' }[mode];
  return (call) =>
    guarded(label, async () => {
      const name = listName(call);
      const data = listData(call);
      const exists = (await call.services.getList(name)) !== undefined;
      // createList saves like setList when the list exists, as the server's list save does:
      // content relies on it (the JOB health-check playbook re-creates its table lists each run).
      if (mode === 'append' && !exists) return { entries: [errorEntry(`addToList: list "${name}" does not exist`)] };
      const separator = text(call.args, 'separator') ?? ',';
      const payload = mode === 'append' ? `${separator}${data}` : data;
      return {
        writes: [(w) => w.setList(name, payload, mode)],
        entries: [{ Type: 1, ContentsFormat: 'text', Contents: mode === 'create' ? (exists ? `List ${name} already existed and was replaced` : 'List created successfully') : mode === 'set' ? 'Done' : `Added to list ${name}` }],
      };
    });
}

async function isListExist(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('IsListExist', async () => {
    const data = await call.services.getList(listName(call));
    return { entries: [{ Type: 1, ContentsFormat: 'text', Contents: data === undefined ? 'no' : 'yes' }] };
  });
}

/** Indicator fields from the arguments: everything but the value and type. */
function fieldsOf(call: BuiltinCall, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call.args)) {
    if (skip.includes(k) || v === undefined) continue;
    out[k] = v;
  }
  if (typeof call.args['customFields'] === 'string') Object.assign(out, JSON.parse(call.args['customFields']) as object);
  delete out['customFields'];
  return out;
}

function indicatorValues(call: BuiltinCall): string[] {
  const values = list(call.args['value'] ?? call.args['indicatorsValues'] ?? call.args['indicatorValue']);
  if (values.length === 0) throw new ArgError('argument "value" is required');
  return values;
}

function indicatorWrite(mode: 'create' | 'set' | 'append' | 'remove'): (call: BuiltinCall) => Promise<BuiltinResult> {
  const label = { create: 'createNewIndicator', set: 'setIndicator', append: 'appendIndicatorField', remove: 'removeIndicatorField' }[mode];
  return (call) =>
    guarded(label, () => {
      const values = indicatorValues(call);
      const type = text(call.args, 'type') ?? '';
      let fields: Record<string, unknown>;
      if (mode === 'append' || mode === 'remove') {
        const field = required(call.args, 'field');
        fields = { [field]: call.args['fieldValue'] ?? call.args['fieldValues'] ?? '' };
      } else {
        fields = fieldsOf(call, ['value', 'indicatorsValues', 'indicatorValue', 'type']);
      }
      const created = values.map((value) => ({ value, indicator_type: type || undefined }));
      return {
        writes: values.map((value) => (w) => w.upsertIndicator(value, type, fields, mode)),
        entries: [{
          Type: 1,
          ContentsFormat: 'json',
          Contents: created,
          HumanReadable: `${label}: ${values.join(', ')}`,
          ...(mode === 'create' ? { EntryContext: { 'CreatedIndicator(val.value && val.value == obj.value)': created } } : {}),
        }],
      };
    });
}

/** DBot scores of indicators this tenant knows (its indicator store is the cache). */
async function dbotScoreFromCache(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('GetIndicatorDBotScoreFromCache', async () => {
    const values = list(call.args['value']);
    const found: { Indicator: string; Score: number }[] = [];
    for (const value of values) {
      const row = await call.services.getIndicator(value);
      if (row) found.push({ Indicator: value, Score: Number(row['score'] ?? 0) });
    }
    return {
      entries: [{
        Type: 1,
        ContentsFormat: 'json',
        Contents: found,
        HumanReadable: found.length === 0 ? 'No indicators found in the cache' : found.map((f) => `${f.Indicator}: ${f.Score}`).join('\n'),
        ...(found.length === 0 ? {} : { EntryContext: { 'DBotScoreCache(val.Indicator == obj.Indicator)': found } }),
      }],
    };
  });
}

/** CheckContextValue: whether a context key holds a value matching `regex` (Context Polling's command). */
async function checkContextValue(call: BuiltinCall): Promise<BuiltinResult> {
  return guarded('CheckContextValue', () => {
    const key = required(call.args, 'key');
    const pattern = text(call.args, 'regex');
    const value = dq(call.context, key);
    let exists = value !== undefined && value !== null && value !== '';
    if (exists && pattern !== undefined && pattern !== '') {
      const re = compileRegex('CheckContextValue', pattern, { ignoreCase: true });
      exists = toList(value).some((v) => re.test(toText(v)));
    }
    return {
      entries: [{
        Type: 1,
        ContentsFormat: 'json',
        Contents: { key, exists },
        HumanReadable: `The key ${key} ${exists ? 'exists' : 'does not exist'}${pattern ? ` with a value matching ${pattern}` : ''}`,
        EntryContext: { 'CheckContextKey(val.key == obj.key)': { key, exists } },
      }],
    };
  });
}

export const dataBuiltins: Record<string, BuiltinDef> = {
  getList: { run: getList, local: true },
  createList: { run: writeList('create'), local: true },
  setList: { run: writeList('set'), local: true },
  addToList: { run: writeList('append'), local: true },
  IsListExist: { run: isListExist, local: true },
  GetIndicatorDBotScoreFromCache: { run: dbotScoreFromCache, local: true },
  CheckContextValue: { run: checkContextValue, local: true },
  createNewIndicator: { run: indicatorWrite('create'), local: true },
  setIndicator: { run: indicatorWrite('set'), local: true },
  appendIndicatorField: { run: indicatorWrite('append'), local: true },
  removeIndicatorField: { run: indicatorWrite('remove'), local: true },
};
