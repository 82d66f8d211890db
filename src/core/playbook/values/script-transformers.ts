/**
 * Native versions of script-based transformers that content uses (XSOAR-FORMATS §1.13), so a
 * playbook using them needs no Python container. Each follows its script in demisto/content
 * (Packs/FiltersAndTransformers/Scripts/<Name>), including the odd parts, because playbooks
 * are written against what the scripts do:
 * - how they are called: a script tagged `entirelist` receives the whole value; the others run
 *   once per item of a list (the value itself when it is not a list), the items' results
 *   flattened one level into one list, as for built-in per-item transformers;
 * - `RegexExtractAll` (per item): Python `findall` — the whole matches when the regex has no
 *   group, group 1 when it has one, a list of the groups when it has more (unmatched groups
 *   are ''); `unpack_matches` flattens those lists and drops empty strings; `error_if_no_match`
 *   fails on no match. The regex runs through `compileRegex` (refuses lookaround and
 *   backreferences, which Python's `regex` has; see safe-regex.ts for the ReDoS caveat);
 * - `ParseJSON` (per item): text is parsed; numbers and booleans are what `JSON.parse` gives
 *   back for their text; an object, or text that is not JSON, fails;
 * - `SetIfEmpty` (entire list): missing → `defaultValue`; with `applyIfEmpty` (default true, the
 *   script's declared default) also '' / 'None' / 'null' / [] / {} and a one-item list of those;
 *   no value and no default → [] (the script's result);
 * - `DT` (per item, the script is not `entirelist`): the `dt` path evaluated with the item as root;
 * - `ConvertToSingleElementArray` (entire list): a non-empty list as is, another truthy value
 *   in a list, anything falsy (Python truthiness: '', 0, false, [], {}) → [];
 * - `IPv4Whitelist` / `IPv4Blacklist` (entire list): the addresses (a list, or comma-separated
 *   text, or JSON list text, as `argToList` reads them) inside / outside the `cidr_ranges`;
 *   the whitelist keeps an address once per range it is in, as the script's loop does. When
 *   nothing is kept the script returns Python `None`, which reaches the playbook as the text
 *   "None" — content tests exactly that (TIM - Update Indicators Organizational External IP
 *   Tag: `isNotEqualString … None`), so that is the result here too.
 */
import { Budget, dq, LIMITS } from '../dt/index.js';
import { compileRegex, OperatorError, UnknownOperatorError } from '../operators/index.js';
import { inRange, type IpRange, parseIp, parseRange } from './ip-ranges.js';

export interface ScriptTransformerOptions {
  /** Bounds the DT work of the `DT` transformer; a fresh `Budget` per call when absent. */
  readonly budget?: Budget;
}

type Args = Readonly<Record<string, unknown>>;

interface NativeScript {
  /** Tagged `entirelist`: called once with the whole value rather than per item. */
  readonly entireList: boolean;
  /** Reads the arguments once and gives the function applied to the value (or to each item). */
  readonly make: (args: Args, options: ScriptTransformerOptions) => (value: unknown) => unknown;
}

/** Address × range checks one IPv4Whitelist/Blacklist call may make before it is refused. */
export const MAX_IP_COMPARISONS = 5_000_000;

const missing = (v: unknown): v is null | undefined => v === null || v === undefined;

function kind(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null || v === undefined ? 'nothing' : typeof v === 'object' ? 'an object' : typeof v;
}

/** An argument as text: a scalar's text, a one-item list's item; undefined when unset. */
function argText(name: string, args: Args, arg: string): string | undefined {
  let v = Object.hasOwn(args, arg) ? args[arg] : undefined;
  if (Array.isArray(v) && v.length === 1) v = v[0] as unknown;
  if (missing(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new OperatorError(name, `argument ${arg} must be text, not ${kind(v)}`);
}

function requiredText(name: string, args: Args, arg: string): string {
  const text = argText(name, args, arg);
  if (text === undefined || text === '') throw new OperatorError(name, `argument ${arg} is required`);
  return text;
}

/** `args[arg].lower() == 'true'`, the scripts' own test: anything else is false. */
function isTrue(name: string, args: Args, arg: string): boolean {
  return argText(name, args, arg)?.trim().toLowerCase() === 'true';
}

/** Python's `distutils.util.strtobool`, which fails on anything it does not know. */
function strtobool(name: string, arg: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(t)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(t)) return false;
  throw new OperatorError(name, `argument ${arg} must be true or false, not ${JSON.stringify(text)}`);
}

/** Python truthiness of a JSON value. */
function truthy(v: unknown): boolean {
  if (missing(v) || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v !== 'object' || Object.keys(v).length > 0;
}

/** CommonServerPython `argToList`: falsy → [], a list as is, JSON list text, else comma-split text. */
export function argToList(v: unknown): unknown[] {
  if (!truthy(v)) return [];
  if (Array.isArray(v)) return v as unknown[];
  if (typeof v === 'string') {
    if (v.startsWith('[') && v.endsWith(']')) {
      try {
        const parsed: unknown = JSON.parse(v);
        return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
      } catch {
        // Not JSON after all: read it as comma-separated text, as argToList does.
      }
    }
    return v.split(',').map((s) => s.trim());
  }
  return [v];
}

/**
 * How XSOAR calls a transformer script not tagged `entirelist`: once per item of a list
 * (missing items skipped), list results spread into the result; a single value is given as
 * it is. Exported for the engine's own (non-native) transformer scripts.
 */
export function perItem(value: unknown, fn: (item: unknown) => unknown): unknown {
  if (missing(value)) return undefined;
  if (!Array.isArray(value)) return fn(value);
  const out: unknown[] = [];
  for (const item of value as unknown[]) {
    if (missing(item)) continue;
    const r = fn(item);
    if (Array.isArray(r)) for (const x of r as unknown[]) out.push(x); // a spread overflows on huge lists
    else if (!missing(r)) out.push(r);
  }
  return out;
}

function regexExtractAll(args: Args): (item: unknown) => unknown {
  const name = 'RegexExtractAll';
  const flags = (isTrue(name, args, 'multi_line') ? 'm' : '') + (isTrue(name, args, 'period_matches_newline') ? 's' : '');
  const pattern = requiredText(name, args, 'regex');
  // Leading flag groups are how compileRegex takes flags it has no option for.
  const re = compileRegex(name, flags ? `(?${flags})${pattern}` : pattern, { ignoreCase: isTrue(name, args, 'ignore_case'), global: true });
  const errorIfNone = isTrue(name, args, 'error_if_no_match');
  const unpack = isTrue(name, args, 'unpack_matches');
  return (item) => {
    if (typeof item !== 'string') throw new OperatorError(name, `the value must be text, not ${kind(item)}`);
    const found: unknown[] = [];
    for (const m of re.matchAll(item)) {
      if (found.length >= LIMITS.arrayLength) throw new OperatorError(name, `more than ${LIMITS.arrayLength} matches`);
      const groups = m.slice(1).map((g) => g ?? '');
      const match = groups.length === 0 ? m[0] : groups.length === 1 ? groups[0] : groups;
      if (!unpack) found.push(match);
      else for (const s of Array.isArray(match) ? match : [match]) if (s) found.push(s);
    }
    if (errorIfNone && found.length === 0) throw new OperatorError(name, 'No results found');
    return found;
  };
}

function parseJson(item: unknown): unknown {
  if (typeof item === 'number' || typeof item === 'boolean') return item;
  if (typeof item !== 'string') throw new OperatorError('ParseJSON', `the value must be JSON text, not ${kind(item)}`);
  try {
    return JSON.parse(item) as unknown;
  } catch (error) {
    throw new OperatorError('ParseJSON', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** SetIfEmpty's `is_value_empty`: a one-item list (or one-character text) is judged by its item. */
function isEmptyValue(v: unknown): boolean {
  const x: unknown = (Array.isArray(v) || typeof v === 'string') && v.length === 1 ? (v[0] as unknown) : v;
  if (missing(x)) return true;
  if (typeof x === 'string') return x === '' || ['none', 'null'].includes(x.toLowerCase());
  if (Array.isArray(x)) return x.length === 0;
  return typeof x === 'object' && Object.keys(x).length === 0;
}

function setIfEmpty(args: Args): (value: unknown) => unknown {
  const apply = strtobool('SetIfEmpty', 'applyIfEmpty', argText('SetIfEmpty', args, 'applyIfEmpty') ?? 'true');
  return (value) => {
    const v = missing(value) || (apply && isEmptyValue(value)) ? args['defaultValue'] : value;
    return missing(v) ? [] : v;
  };
}

function ipList(name: string, args: Args, keepInside: boolean): (value: unknown) => unknown {
  const ranges = argToList(args['cidr_ranges']).map((r) => parseRange(name, typeof r === 'string' ? r : String(r as number)));
  return (value) => filterIps(name, argToList(value), ranges, keepInside);
}

function filterIps(name: string, ips: readonly unknown[], ranges: readonly IpRange[], keepInside: boolean): unknown {
  if (ips.length * ranges.length > MAX_IP_COMPARISONS) throw new OperatorError(name, `too many addresses × ranges (more than ${MAX_IP_COMPARISONS})`);
  const kept: unknown[] = [];
  for (const text of ips) {
    const ip = typeof text === 'string' ? parseIp(text) : undefined;
    if (ip === undefined) throw new OperatorError(name, `${JSON.stringify(text)} is not an IP address`);
    const matches = ranges.filter((r) => inRange(ip, r)).length;
    if (keepInside) for (let i = 0; i < matches; i++) kept.push(text);
    else if (matches === 0) kept.push(text);
  }
  return kept.length === 0 ? 'None' : kept;
}

const SCRIPTS: Readonly<Record<string, NativeScript>> = {
  RegexExtractAll: { entireList: false, make: regexExtractAll },
  ParseJSON: { entireList: false, make: () => parseJson },
  SetIfEmpty: { entireList: true, make: setIfEmpty },
  DT: {
    entireList: false,
    make: (args, options) => {
      const path = requiredText('DT', args, 'dt');
      const budget = options.budget ?? new Budget();
      return (item) => dq(item, path, { budget });
    },
  },
  ConvertToSingleElementArray: { entireList: true, make: () => (v) => (Array.isArray(v) && v.length > 0 ? (v as unknown[]) : truthy(v) ? [v] : []) },
  IPv4Whitelist: { entireList: true, make: (args) => ipList('IPv4Whitelist', args, true) },
  IPv4Blacklist: { entireList: true, make: (args) => ipList('IPv4Blacklist', args, false) },
};

/** The script transformers `nativeScriptTransformer` provides. */
export const NATIVE_SCRIPT_TRANSFORMERS: readonly string[] = Object.keys(SCRIPTS);

export function isNativeScriptTransformer(name: string): boolean {
  return Object.hasOwn(SCRIPTS, name);
}

/**
 * Runs the native version of transformer script `name` on the whole value (per item inside
 * when the script is not `entirelist`). Throws `UnknownOperatorError` for other names, and
 * `OperatorError` (or `DtError` from `DT`) when the script would fail.
 */
export function nativeScriptTransformer(name: string, value: unknown, args: Readonly<Record<string, unknown>>, options: ScriptTransformerOptions = {}): unknown {
  const script = Object.hasOwn(SCRIPTS, name) ? SCRIPTS[name] : undefined;
  if (script === undefined) throw new UnknownOperatorError(name, 'transformer');
  // XSOAR has no item to call a per-item script with when the value is missing.
  if (!script.entireList && missing(value)) return undefined;
  const fn = script.make(args, options);
  return script.entireList ? fn(value) : perItem(value, fn);
}
