/**
 * Parser of DT paths (`URLScan.Certificates(val.SubjectName.indexOf('de') > 0).[0:2].ValidTo`,
 * `Account=val.DisplayName || val.Email.Address`, `.=Object.keys(val)`).
 *
 * Grammar, as XSOAR writes it:
 * - steps separated by `.`; a key is any text up to `.`, `(`, `[`, `=` (so keys may hold spaces,
 *   `/`, `-`, digits: `Employee Status Report.Answers.1`, `incident.labels.Email/from`); keys are
 *   trimmed;
 * - `(js)` after a key (or after a `.`) is a selector, parsed as JavaScript, so dots, brackets and
 *   parentheses inside its strings and regexes are not path syntax;
 * - `[i]` / `.[i]` index (negative from the end) and `[a:b]` slice (either bound optional);
 * - `=js` ends the path with a mutator, which runs to the end of the text;
 * - a leading `.` names the root itself (`.=val.length`, `.(val.x)`), and so does an empty path.
 */
import { DtError, LIMITS } from './dt-error.js';
import { type Program, parseProgram, parseSelector } from './expr/index.js';

export type DtStep =
  | { kind: 'key'; key: string; pos: number }
  | { kind: 'index'; index: number; pos: number }
  /** Bounds as written; see `sliceBounds` for the inclusive end. */
  | { kind: 'slice'; start: number | undefined; end: number | undefined; pos: number }
  | { kind: 'select'; program: Program; pos: number };

export interface DtPath {
  readonly source: string;
  readonly steps: readonly DtStep[];
  readonly mutator: Program | undefined;
}

const CACHE_SIZE = 1000;
const cache = new Map<string, DtPath>();

function parseIndex(text: string, pos: number, source: string): DtStep {
  const t = text.trim();
  if (/^-?\d{1,15}$/.test(t)) return { kind: 'index', index: Number(t), pos };
  const m = /^(-?\d{1,15})?\s*:\s*(-?\d{1,15})?$/.exec(t);
  if (!m) throw new DtError('syntax', `invalid index "[${text}]"`, pos, source);
  return { kind: 'slice', start: m[1] === undefined ? undefined : Number(m[1]), end: m[2] === undefined ? undefined : Number(m[2]), pos };
}

function parse(source: string): DtPath {
  if (source.length > LIMITS.sourceLength) throw new DtError('limit', `DT path longer than ${LIMITS.sourceLength} characters`);
  const steps: DtStep[] = [];
  let mutator: Program | undefined;
  // `start`: nothing read; `root`: only the leading dot; `dot`: after a separator; `step`: after a step.
  let state: 'start' | 'root' | 'dot' | 'step' = 'start';
  const n = source.length;
  const fail = (message: string, pos: number): DtError => new DtError('syntax', message, pos, source);
  for (let i = 0; i < n; ) {
    const c = source[i] ?? '';
    if (/\s/.test(c) && state !== 'dot') {
      i++;
      continue;
    }
    if (c === '.') {
      if (state === 'dot' || state === 'root') throw fail('empty key', i);
      state = state === 'start' ? 'root' : 'dot';
      i++;
    } else if (c === '[') {
      const close = source.indexOf(']', i + 1);
      if (close < 0) throw fail('unterminated "["', i);
      steps.push(parseIndex(source.slice(i + 1, close), i, source));
      state = 'step';
      i = close + 1;
    } else if (c === '(') {
      const { program, end } = parseSelector(source, i + 1);
      steps.push({ kind: 'select', program, pos: i });
      state = 'step';
      i = end;
    } else if (c === '=') {
      mutator = parseProgram(source, i + 1);
      state = 'step';
      i = n;
    } else if (c === ')' || c === ']') {
      throw fail(`unexpected "${c}"`, i);
    } else {
      if (state === 'step') throw fail(`expected "." before "${c}"`, i);
      let j = i;
      while (j < n && !'.([=)]'.includes(source[j] ?? '')) j++;
      const key = source.slice(i, j).trim();
      if (!key) throw fail('empty key', i);
      steps.push({ kind: 'key', key, pos: i });
      state = 'step';
      i = j;
    }
  }
  if (state === 'dot') throw fail('path ends with "."', n);
  return { source, steps, mutator };
}

/** Parses a DT path (without `${}`); parsed paths are cached, since playbooks repeat them. */
export function parseDtPath(source: string): DtPath {
  const text = source.trim();
  let path = cache.get(text);
  if (!path) {
    path = parse(text);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(text, path);
  }
  return path;
}

/**
 * `[a:b]` as `Array.prototype.slice` arguments. The end is inclusive: XSOAR's DT documentation
 * shows `${URLScan.Certificates.[0:2].SubjectName}` returning three names. Negative bounds count
 * from the end, as in `slice`.
 */
export function sliceBounds(step: { start: number | undefined; end: number | undefined }, length: number): [number, number] {
  const start = step.start ?? 0;
  if (step.end === undefined) return [start, length];
  const end = step.end < 0 ? length + step.end : step.end;
  return [start, end + 1];
}

/**
 * A context key as entries and `setContext` use it: plain keys, optionally ending with a
 * selector (`File(val.MD5 && val.MD5 == obj.MD5)`), which makes a merge an upsert.
 */
export function parseContextKey(key: string): { keys: string[]; selector: Program | undefined } {
  const path = parseDtPath(key);
  const keys: string[] = [];
  let selector: Program | undefined;
  for (const [k, step] of path.steps.entries()) {
    if (step.kind === 'key' && selector === undefined) keys.push(step.key);
    else if (step.kind === 'select' && k === path.steps.length - 1) selector = step.program;
    else throw new DtError('syntax', 'a context key is keys separated by "." with an optional selector at the end', step.pos, path.source);
  }
  if (path.mutator) throw new DtError('syntax', 'a context key cannot have a mutator ("=")', undefined, path.source);
  if (keys.length === 0) throw new DtError('syntax', 'a context key needs at least one key', undefined, path.source);
  if (path.source.startsWith('.')) throw new DtError('syntax', 'a context key cannot start with "."', 0, path.source);
  return { keys, selector };
}
