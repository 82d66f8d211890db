/**
 * Regular expressions from content (`match`, `replaceMatch`), written for the XSOAR server's
 * Go `regexp` (RE2 syntax), run on JavaScript's engine.
 *
 * ReDoS: RE2 matches in linear time; JavaScript backtracks, so a pattern such as `(a+)+$` on
 * a long non-matching string takes exponential time and blocks the event loop of whoever runs
 * it. Content and the values it matches are tenant-controlled, so this module only narrows the
 * risk: patterns longer than `MAX_PATTERN_LENGTH` are refused, and so are the constructs RE2
 * does not have (backreferences, lookaround), which Go would refuse too and which make
 * matching super-linear by nature. Nested quantifiers cannot be refused without refusing
 * ordinary patterns, so a catastrophic pattern still compiles: the engine must evaluate
 * operators off the tenant's main loop, with a time limit, before running untrusted content.
 *
 * Syntax translated from Go: leading flag groups `(?i)`, `(?s)`, `(?m)` (JavaScript has no
 * inline flags) become RegExp flags; `(?P<name>` becomes `(?<name>`; `\A`, `\z`, `\Q…\E` and
 * POSIX classes (`[[:alpha:]]`) get their JavaScript equivalents; a `]` first in a class is a
 * literal. Unicode classes (`\pL`) and flags other than at the start are refused.
 */
import { OperatorError } from './operator-error.js';

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
export function compileRegex(operator: string, pattern: unknown, options: RegexOptions = {}): RegExp {
  if (typeof pattern !== 'string') throw new OperatorError(operator, 'the regex must be text');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new OperatorError(operator, `the regex is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
  }
  const { source, flags } = translate(operator, pattern);
  let all = flags;
  if (options.ignoreCase === true && !all.includes('i')) all += 'i';
  if (options.global === true) all += 'g';
  try {
    return new RegExp(source, all);
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
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') out += '(?![\\s\\S])';
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
export function replaceAllMatches(text: string, re: RegExp, template: string): string {
  const global = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  let out = '';
  let last = 0;
  let previousEnd = -1;
  for (const m of text.matchAll(global)) {
    const start = m.index;
    if (m[0] === '' && start === previousEnd) continue;
    out += text.slice(last, start) + expand(template, m);
    last = start + m[0].length;
    previousEnd = last;
  }
  return out + text.slice(last);
}

function expand(template: string, m: RegExpExecArray | RegExpMatchArray): string {
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
