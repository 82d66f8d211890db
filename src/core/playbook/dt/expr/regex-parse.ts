/**
 * Parser for the subset of JavaScript regular expressions the DT sandbox runs. Patterns are
 * matched by our own linear-time engine (regex-vm.ts), never by V8's backtracking one, because a
 * pattern like `/(a+)+$/` from a playbook would otherwise block the tenant's event loop. What
 * needs backtracking (backreferences, lookaround) is refused with a clear error.
 */
import { DtError, LIMITS } from '../dt-error.js';

/** Inclusive UTF-16 code-unit ranges, flat `[lo0, hi0, lo1, hi1, …]`. */
export interface CharSet {
  readonly ranges: readonly number[];
  readonly negate: boolean;
}

export type AssertKind = 'bol' | 'eol' | 'word' | 'nonword';

export type RNode =
  | { t: 'set'; set: CharSet }
  | { t: 'seq'; items: RNode[] }
  | { t: 'alt'; options: RNode[] }
  | { t: 'group'; index: number | undefined; body: RNode }
  | { t: 'repeat'; body: RNode; min: number; max: number; lazy: boolean }
  | { t: 'assert'; kind: AssertKind };

export interface RegexFlags {
  global: boolean;
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export const DIGIT: readonly number[] = [48, 57];
export const WORD: readonly number[] = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE: readonly number[] = [
  9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
  0xfeff, 0xfeff,
];
export const LINE_TERMINATORS: readonly number[] = [10, 10, 13, 13, 0x2028, 0x2029];
/** Counted repetition is expanded into copies, so counts are bounded. */
const MAX_COUNT = 1000;

/** Sorted, merged ranges, so complements are easy to take. */
function normalize(ranges: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < ranges.length; k += 2) pairs.push([ranges[k] ?? 0, ranges[k + 1] ?? 0]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] ?? 0) + 1) out[last] = Math.max(out[last] ?? 0, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complement(ranges: readonly number[]): number[] {
  const out: number[] = [];
  let next = 0;
  const sorted = normalize(ranges);
  for (let k = 0; k + 1 < sorted.length; k += 2) {
    const lo = sorted[k] ?? 0;
    if (lo > next) out.push(next, lo - 1);
    next = (sorted[k + 1] ?? 0) + 1;
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

const CLASS_ESCAPES: Readonly<Record<string, readonly number[]>> = { d: DIGIT, w: WORD, s: SPACE };

export function parseFlags(flags: string, fail: (message: string) => DtError): RegexFlags {
  if (!/^[gimsu]*$/.test(flags) || new Set(flags).size !== flags.length) throw fail(`unsupported regular expression flags "${flags}"`);
  return { global: flags.includes('g'), ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s') };
}

export class RegexParser {
  #i = 0;
  #groups = 0;
  #depth = 0;
  readonly #src: string;
  readonly #flags: RegexFlags;

  constructor(source: string, flags: RegexFlags) {
    this.#src = source;
    this.#flags = flags;
  }

  parse(): { node: RNode; groups: number } {
    const node = this.#alternation();
    if (this.#i < this.#src.length) throw this.#fail(`unmatched ')' in regular expression`);
    return { node, groups: this.#groups };
  }

  #fail(message: string, kind: 'syntax' | 'limit' = 'syntax'): DtError {
    return new DtError(kind, `${message} (/${this.#src}/)`);
  }

  #peek(): string | undefined {
    return this.#src[this.#i];
  }

  #alternation(): RNode {
    const options = [this.#sequence()];
    while (this.#peek() === '|') {
      this.#i++;
      options.push(this.#sequence());
    }
    return options.length === 1 && options[0] ? options[0] : { t: 'alt', options };
  }

  #sequence(): RNode {
    const items: RNode[] = [];
    for (let c = this.#peek(); c !== undefined && c !== '|' && c !== ')'; c = this.#peek()) items.push(this.#quantified());
    return { t: 'seq', items };
  }

  #quantified(): RNode {
    const atom = this.#atom();
    const q = this.#quantifier();
    if (!q) return atom;
    if (atom.t === 'assert') throw this.#fail('nothing to repeat');
    return { t: 'repeat', body: atom, ...q };
  }

  #quantifier(): { min: number; max: number; lazy: boolean } | undefined {
    const c = this.#peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.#i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.#src.slice(this.#i, this.#i + 24));
      if (!m) return undefined; // a lone `{` is a literal outside unicode mode
      this.#i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > max) throw this.#fail('numbers out of order in {} quantifier');
      if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) throw this.#fail(`repetition count above ${MAX_COUNT}`, 'limit');
    } else {
      return undefined;
    }
    const lazy = this.#peek() === '?';
    if (lazy) this.#i++;
    return { min, max, lazy };
  }

  #atom(): RNode {
    const c = this.#peek() ?? '';
    switch (c) {
      case '(':
        return this.#group();
      case '[':
        return { t: 'set', set: this.#class() };
      case '.':
        this.#i++;
        return { t: 'set', set: this.#flags.dotAll ? { ranges: [0, 0xffff], negate: false } : { ranges: LINE_TERMINATORS, negate: true } };
      case '^':
        this.#i++;
        return { t: 'assert', kind: 'bol' };
      case '$':
        this.#i++;
        return { t: 'assert', kind: 'eol' };
      case '\\': {
        const e = this.#escape(false);
        return typeof e === 'string' ? { t: 'assert', kind: e } : { t: 'set', set: e };
      }
      case '*':
      case '+':
      case '?':
        throw this.#fail('nothing to repeat');
      default: {
        if (c === '{' && this.#quantifier()) throw this.#fail('nothing to repeat');
        const code = this.#src.charCodeAt(this.#i++);
        return { t: 'set', set: { ranges: [code, code], negate: false } };
      }
    }
  }

  #group(): RNode {
    if (++this.#depth > LIMITS.parseDepth) throw this.#fail('regular expression nested too deeply', 'limit');
    this.#i++;
    let index: number | undefined;
    if (this.#src.startsWith('?:', this.#i)) {
      this.#i += 2;
    } else if (this.#peek() === '?') {
      const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.#src.slice(this.#i, this.#i + 64));
      if (!named) throw this.#fail('lookahead and lookbehind are not supported');
      this.#i += named[0].length;
      index = ++this.#groups;
    } else {
      index = ++this.#groups;
    }
    const body = this.#alternation();
    if (this.#peek() !== ')') throw this.#fail('unterminated group');
    this.#i++;
    this.#depth--;
    return { t: 'group', index, body };
  }

  #class(): CharSet {
    this.#i++;
    const negate = this.#peek() === '^';
    if (negate) this.#i++;
    const ranges: number[] = [];
    for (;;) {
      const c = this.#peek();
      if (c === undefined) throw this.#fail('unterminated character class');
      if (c === ']') break;
      const lo = this.#classAtom();
      if (typeof lo === 'number' && this.#peek() === '-' && this.#src[this.#i + 1] !== ']' && this.#src[this.#i + 1] !== undefined) {
        this.#i++;
        const hi = this.#classAtom();
        if (typeof hi !== 'number') throw this.#fail('invalid character class range');
        if (hi < lo) throw this.#fail('range out of order in character class');
        ranges.push(lo, hi);
      } else if (typeof lo === 'number') {
        ranges.push(lo, lo);
      } else {
        ranges.push(...(lo.negate ? complement(lo.ranges) : lo.ranges));
      }
    }
    this.#i++;
    return { ranges: normalize(ranges), negate };
  }

  #classAtom(): number | CharSet {
    if (this.#peek() !== '\\') return this.#src.charCodeAt(this.#i++);
    const e = this.#escape(true);
    if (typeof e === 'string') throw this.#fail('assertion inside character class');
    const only = e.ranges.length === 2 && !e.negate && e.ranges[0] === e.ranges[1];
    return only ? (e.ranges[0] ?? 0) : e;
  }

  /** After a backslash: a set (one code unit or a class) or an assertion. */
  #escape(inClass: boolean): CharSet | AssertKind {
    this.#i++;
    const c = this.#peek();
    if (c === undefined) throw this.#fail('\\ at end of pattern');
    this.#i++;
    const one = (code: number): CharSet => ({ ranges: [code, code], negate: false });
    const cls = CLASS_ESCAPES[c.toLowerCase()];
    if (cls && 'dwsDWS'.includes(c)) return { ranges: cls, negate: c !== c.toLowerCase() };
    switch (c) {
      case 'b':
        return inClass ? one(8) : 'word';
      case 'B':
        if (inClass) throw this.#fail('\\B inside character class');
        return 'nonword';
      case 'n':
        return one(10);
      case 'r':
        return one(13);
      case 't':
        return one(9);
      case 'v':
        return one(11);
      case 'f':
        return one(12);
      case '0':
        if (/\d/.test(this.#peek() ?? '')) throw this.#fail('octal escapes are not supported');
        return one(0);
      case 'x':
      case 'u': {
        const hex = /^[0-9a-fA-F]+$/;
        const len = c === 'x' ? 2 : 4;
        const digits = this.#src.slice(this.#i, this.#i + len);
        if (digits.length !== len || !hex.test(digits)) return one(c.charCodeAt(0));
        this.#i += len;
        return one(parseInt(digits, 16));
      }
      case 'c': {
        const letter = this.#peek() ?? '';
        if (!/^[A-Za-z]$/.test(letter)) {
          this.#i--; // JS reads `\c` without a letter as a backslash followed by `c`
          return one(92);
        }
        this.#i++;
        return one(letter.charCodeAt(0) % 32);
      }
      case 'k':
        throw this.#fail('backreferences are not supported');
      default:
        if (/[1-9]/.test(c)) throw this.#fail('backreferences are not supported');
        return one(c.charCodeAt(0));
    }
  }
}
