/**
 * `${…}` interpolation in playbook `simple` values (formats note §1.5, §2.2).
 *
 * - A value that is exactly one `${path}` gives the raw value: objects and lists stay what they
 *   are, and an unknown path gives `undefined`.
 * - Otherwise the result is text, each `${path}` replaced by its text form (`toText`); an unknown
 *   path gives ''.
 * - `${…}` nested inside a DT path is interpolated first, as text, as XSOAR does
 *   (`CheckContextKey(val.key=='${inputs.key}').key`). The substitution is textual — a quote in the
 *   value ends the string literal — which is XSOAR's behaviour; the sandbox makes it harmless.
 * - The closing `}` is found by counting braces, ignoring quoted strings once the path has
 *   entered JavaScript (after `(` or `=`), so `${.={"value": val.value}}` works.
 * - An unclosed `${` and an empty `${}` are literal text. There is no escape syntax.
 */
import { Budget, DtError, LIMITS, asDtError } from './dt-error.js';
import { type DqOptions, dq } from './dt.js';

export interface Placeholder {
  start: number;
  /** Index just after the closing `}`. */
  end: number;
  inner: string;
}

/** Index of the `}` closing a `${` whose body starts at `from`, or -1. */
function scanClose(text: string, from: number, nesting: number): number {
  if (nesting > LIMITS.templateDepth) throw new DtError('limit', `\${…} nested deeper than ${LIMITS.templateDepth}`);
  let braces = 0;
  let quote: string | undefined;
  let js = false;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote !== undefined) {
      if (c === '\\') j++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '$' && text[j + 1] === '{') {
      const k = scanClose(text, j + 2, nesting + 1);
      if (k < 0) return -1;
      j = k;
    } else if (js && (c === '"' || c === "'" || c === '`')) quote = c;
    else if (c === '(' || c === '=') js = true;
    else if (c === '{') braces++;
    else if (c === '}') {
      if (braces === 0) return j;
      braces--;
    }
  }
  return -1;
}

/** The outermost `${…}` in `text`, left to right. */
export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (let i = text.indexOf('${'); i >= 0; ) {
    const close = scanClose(text, i + 2, 1);
    if (close < 0 || text.slice(i + 2, close).trim() === '') {
      i = text.indexOf('${', i + 2);
      continue;
    }
    out.push({ start: i, end: close + 1, inner: text.slice(i + 2, close) });
    i = text.indexOf('${', close + 1);
  }
  return out;
}

export function hasPlaceholders(text: string): boolean {
  return text.includes('${') && findPlaceholders(text).length > 0;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (e) {
    throw asDtError(e);
  }
}

/**
 * A value as it appears inside text: '' for nothing, strings as they are, lists joined with `,`
 * (XSOAR's rendering of a multi-value argument), objects — and objects or lists inside a list —
 * as JSON.
 */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) => (item === undefined || item === null ? '' : typeof item === 'object' ? json(item) : String(item as string | number | boolean))).join(',');
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : json(value);
}

class Interpolation {
  constructor(
    readonly context: unknown,
    readonly options: DqOptions & { budget: Budget },
  ) {}

  resolve(inner: string, nesting: number): unknown {
    const path = inner.includes('${') ? this.text(inner, nesting + 1) : inner;
    return dq(this.context, path, this.options);
  }

  text(text: string, nesting: number, found = findPlaceholders(text)): string {
    if (nesting > LIMITS.templateDepth) throw new DtError('limit', `\${…} nested deeper than ${LIMITS.templateDepth}`);
    let out = '';
    let last = 0;
    for (const p of found) {
      out += text.slice(last, p.start) + toText(this.resolve(p.inner, nesting));
      last = p.end;
    }
    return out + text.slice(last);
  }
}

/**
 * Resolves the `${…}` in a `simple` value against `context`: the raw value when the text is a
 * single placeholder, else text. Text without placeholders comes back unchanged.
 */
export function interpolate(text: string, context: unknown, options: DqOptions = {}): unknown {
  if (!text.includes('${')) return text;
  const run = new Interpolation(context, { ...options, budget: options.budget ?? new Budget() });
  const found = findPlaceholders(text);
  const only = found[0];
  if (found.length === 1 && only && only.start === 0 && only.end === text.length) return run.resolve(only.inner, 1);
  return run.text(text, 1, found);
}

/** Like `interpolate`, but always text (a single placeholder's value is converted with `toText`). */
export function interpolateText(text: string, context: unknown, options: DqOptions = {}): string {
  if (!text.includes('${')) return text;
  return new Interpolation(context, { ...options, budget: options.budget ?? new Budget() }).text(text, 1);
}
