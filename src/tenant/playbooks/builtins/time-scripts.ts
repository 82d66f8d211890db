/** `GetTime`, `CalculateTimeDifference` and `Sleep`, in UTC and on the call's clock (see script-helpers.ts). */
import { ENTRY_TYPES, type Entry, FORMATS, errorEntry } from '../../../core/playbook/entries.js';
import { formatGoLayout, parseDate, parseGoLayout } from '../../../core/playbook/operators/index.js';
import type { BuiltinCall, BuiltinResult } from './types.js';
import { argOf, badKey, failure, isBlank, jsParseInt, jsString, jsTruthy, keyProblem, missing, note } from './script-helpers.js';

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
