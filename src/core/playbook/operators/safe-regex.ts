/**
 * Regular expressions from content (`match`, `replaceMatch`, `RegexExtractAll`), written for
 * the XSOAR server's Go `regexp` (RE2 syntax), run on the DT sandbox's own linear-time engine
 * (`dt/expr/safe-regex.ts`), never on V8's backtracking one: a pattern such as `(a+)+$` from a
 * playbook, on a long value, would otherwise block the tenant's event loop. Like RE2 it has no
 * backreferences or lookaround (refused, as Go refuses them); matching is also bounded in
 * steps (`MATCH_STEPS` per call) and patterns in length (`MAX_PATTERN_LENGTH`).
 *
 * Syntax translated from Go: leading flag groups `(?i)`, `(?s)`, `(?m)` become flags; `(?P<name>`
 * becomes `(?<name>`; `\A` and `\z` become `^`/`$` (refused together with `(?m)`, where they
 * differ); `\Q…\E` and POSIX classes (`[[:alpha:]]`) get their JavaScript equivalents; a `]`
 * first in a class is a literal. Unicode classes (`\pL`) and flags other than at the start are
 * refused.
 */
import { Budget, DtError } from '../dt/dt-error.js';
import { SafeRegex } from '../dt/expr/safe-regex.js';
import { OperatorError } from './operator-error.js';

/** Matching steps one call may take: each is 64 thread steps of the VM, so about 2 s at worst on this hardware. */
export const MATCH_STEPS = 250_000;

/** One match, shaped like JavaScript's: `[whole, group 1, …]` with `index` and named `groups`. */
export type ContentMatch = (string | undefined)[] & { index: number; groups?: Record<string, string | undefined> };

/** A compiled content regex: what `RegExp` offered callers, on the linear-time engine. */
export class ContentRegex {
  constructor(
    readonly source: string,
    readonly flags: string,
    private readonly re: SafeRegex,
    private readonly names: ReadonlyMap<string, number>,
    private readonly operator: string,
  ) {}

  get global(): boolean {
    return this.flags.includes('g');
  }

  test(text: string): boolean {
    return this.guard(() => this.re.test(text, charger()));
  }

  /** Every match, left to right (as `String.prototype.matchAll` with `g`). */
  matchAll(text: string): ContentMatch[] {
    return this.guard(() => {
      const charge = charger();
      const out: ContentMatch[] = [];
      for (let from = 0; from <= text.length; ) {
        const m = this.re.exec(text, from, charge);
        if (!m) break;
        const match = Object.assign([...m.groups], { index: m.index }) as ContentMatch;
        if (this.names.size > 0) match.groups = Object.fromEntries([...this.names].map(([name, i]) => [name, m.groups[i]]));
        out.push(match);
        from = m.end > m.index ? m.end : m.end + 1;
      }
      return out;
    });
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof DtError) throw new OperatorError(this.operator, `regex ${JSON.stringify(this.source)}: ${error.message}`);
      throw error;
    }
  }
}

function charger(): (steps: number) => void {
  const budget = new Budget(MATCH_STEPS);
  return (steps) => budget.charge(steps);
}

/** Named capture groups → their numbers, counted over the translated source. */
function groupNames(source: string): Map<string, number> {
  const names = new Map<string, number>();
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (source[i + 1] !== '?') n++;
      else {
        const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i, i + 70));
        if (named?.[1] !== undefined) names.set(named[1], ++n);
      }
    }
  }
  return names;
}

export const MAX_PATTERN_LENGTH = 1000;

export interface RegexOptions {
  readonly ignoreCase?: boolean;
  readonly global?: boolean;
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Compiles a content regex, or throws an `OperatorError` naming `operator`. */
export function compileRegex(operator: string, pattern: unknown, options: RegexOptions = {}): ContentRegex {
  if (typeof pattern !== 'string') throw new OperatorError(operator, 'the regex must be text');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new OperatorError(operator, `the regex is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
  }
  const { source, flags } = translate(operator, pattern);
  let all = flags;
  if (options.ignoreCase === true && !all.includes('i')) all += 'i';
  if (options.global === true) all += 'g';
  try {
    return new ContentRegex(source, all, SafeRegex.compile(source, all), groupNames(source), operator);
  } catch (error) {
    throw new OperatorError(operator, `invalid regex ${JSON.stringify(pattern)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function translate(operator: string, pattern: string): { source: string; flags: string } {
  const refuse = (what: string): never => {
    throw new OperatorError(operator, `invalid regex ${JSON.stringify(pattern)}: ${what}`);
  };
  let flags = '';
  let i = 0;
  for (let lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern); lead; lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern.slice(i))) {
    for (const f of lead[1] ?? '') {
      if (f !== 'i' && f !== 'm' && f !== 's') refuse(`flag ${f} is not supported`);
      if (!flags.includes(f)) flags += f;
    }
    i += lead[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    const next = pattern[i + 1] ?? '';
    if (c === '\\') {
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (/[1-9]/.test(next) || next === 'k') refuse('backreferences are not supported');
      if (next === 'p' || next === 'P') refuse('Unicode classes (\\p) are not supported');
      if (next === 'C') refuse('\\C is not supported');
      if (!inClass && (next === 'A' || next === 'z')) {
        // Without (?m), ^ and $ are exactly \A and \z; with it they are line anchors.
        if (flags.includes('m')) refuse(`\\${next} together with (?m) is not supported`);
        out += next === 'A' ? '^' : '$';
      }
      else out += c + next;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = c === '[' && next === ':' ? /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i)) : null;
      if (posix) {
        const range = POSIX[posix[2] ?? ''];
        if (range === undefined || posix[1] === '^') refuse(`POSIX class ${posix[0]} is not supported`);
        out += range;
        i += posix[0].length;
        continue;
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      const negated = next === '^';
      out += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      if (pattern[i] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    if (c === '(' && next === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (/^(?:=|!|<=|<!)/.test(rest)) refuse('lookahead and lookbehind are not supported');
      if (!rest.startsWith(':') && !/^<[A-Za-z_]/.test(rest)) refuse('inline flags are supported only at the start');
    }
    out += c;
    i += 1;
  }
  return { source: out, flags };
}

/**
 * Every match of `re` in `text` replaced by `template` expanded as Go's `ReplaceAllString`
 * does: `$1`, `${1}`, `$name`, `${name}` (a name is the longest run of letters, digits and `_`,
 * so `$1x` is the group named `1x`, empty), `$$` for a dollar; unmatched groups are empty; an
 * empty match right after the previous match is skipped.
 */
export function replaceAllMatches(text: string, re: ContentRegex, template: string): string {
  let out = '';
  let last = 0;
  let previousEnd = -1;
  for (const m of re.matchAll(text)) {
    const start = m.index;
    const whole = m[0] ?? '';
    if (whole === '' && start === previousEnd) continue;
    out += text.slice(last, start) + expand(template, m);
    last = start + whole.length;
    previousEnd = last;
  }
  return out + text.slice(last);
}

function expand(template: string, m: ContentMatch): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i += 1;
      continue;
    }
    const ref = /^\{([A-Za-z0-9_]+)\}|^([A-Za-z0-9_]+)/.exec(template.slice(i + 1));
    if (!ref) {
      out += '$';
      continue;
    }
    const name = ref[1] ?? ref[2] ?? '';
    const group = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += group ?? '';
    i += ref[0].length;
  }
  return out;
}
