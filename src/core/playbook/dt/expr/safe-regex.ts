/**
 * Regular-expression values of the sandbox and the string operations that take them (`test`,
 * `exec`, `match`, `search`, `replace`, `split`), with JavaScript's results. Matching runs on
 * the linear-time VM and is charged to the caller's budget. Unlike JavaScript, a regex keeps no
 * `lastIndex`: every call starts at the beginning of the string, which is what selectors mean.
 */
import { DtError, checkedLength } from '../dt-error.js';
import { RegexParser, parseFlags, type RegexFlags } from './regex-parse.js';
import { type Inst, compileRegex, runVm } from './regex-vm.js';
import { Internal } from './values.js';

export interface RegexMatch {
  index: number;
  end: number;
  /** `[whole match, group 1, …]`; undefined for a group that did not take part. */
  groups: (string | undefined)[];
}

export type Charge = (steps: number) => void;

const CACHE_SIZE = 256;
const cache = new Map<string, SafeRegex>();

export class SafeRegex extends Internal {
  readonly callable = false;
  readonly #prog: readonly Inst[];
  readonly #slots: number;
  readonly #flags: RegexFlags;
  readonly #groups: number;

  private constructor(
    readonly source: string,
    readonly flags: string,
  ) {
    super();
    const fail = (message: string): DtError => new DtError('syntax', message);
    this.#flags = parseFlags(flags, fail);
    const { node, groups } = new RegexParser(source, this.#flags).parse();
    this.#groups = groups;
    const compiled = compileRegex(node, groups);
    this.#prog = compiled.prog;
    this.#slots = compiled.slots;
  }

  /** Compiled patterns are immutable, so equal ones are shared. */
  static compile(source: string, flags: string): SafeRegex {
    const key = `${flags}/${source}`;
    let re = cache.get(key);
    if (!re) {
      re = new SafeRegex(source, flags);
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(key, re);
    }
    return re;
  }

  get global(): boolean {
    return this.#flags.global;
  }

  describe(): string {
    return `/${this.source}/${this.flags}`;
  }

  exec(input: string, from: number, charge: Charge): RegexMatch | null {
    const slots = runVm(this.#prog, this.#slots, this.#flags, input, from, charge);
    if (!slots) return null;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= this.#groups; g++) {
      const s = slots[g * 2] ?? -1;
      const e = slots[g * 2 + 1] ?? -1;
      groups.push(s >= 0 && e >= 0 ? input.slice(s, e) : undefined);
    }
    return { index: slots[0] ?? 0, end: slots[1] ?? 0, groups };
  }

  /** Every match from left to right; an empty match moves on by one so the walk always ends. */
  *#all(input: string, charge: Charge): Generator<RegexMatch> {
    for (let from = 0; from <= input.length; ) {
      const m = this.exec(input, from, charge);
      if (!m) return;
      yield m;
      from = m.end > m.index ? m.end : m.end + 1;
    }
  }

  test(input: string, charge: Charge): boolean {
    return this.exec(input, 0, charge) !== null;
  }

  search(input: string, charge: Charge): number {
    return this.exec(input, 0, charge)?.index ?? -1;
  }

  /** `String.prototype.match`: all whole matches with `g`, else the first match and its groups. */
  match(input: string, charge: Charge): (string | undefined)[] | null {
    if (!this.global) return this.exec(input, 0, charge)?.groups ?? null;
    const out: string[] = [];
    for (const m of this.#all(input, charge)) {
      out.push(m.groups[0] ?? '');
      checkedLength(out.length, 'array');
    }
    return out.length ? out : null;
  }

  /** `String.prototype.replace`: the first match, or every match with `g`. */
  replace(input: string, replacement: (m: RegexMatch) => string, charge: Charge): string {
    let out = '';
    let last = 0;
    for (const m of this.#all(input, charge)) {
      out += input.slice(last, m.index) + replacement(m);
      checkedLength(out.length);
      last = m.end;
      if (!this.global) break;
    }
    return out + input.slice(last);
  }

  /** `String.prototype.split` with a regex separator: captured groups are spliced in. */
  split(input: string, limit: number, charge: Charge): (string | undefined)[] {
    const out: (string | undefined)[] = [];
    if (limit === 0) return out;
    if (input === '') return this.exec(input, 0, charge) ? out : [input];
    let p = 0;
    for (let q = 0; q < input.length; ) {
      const m = this.exec(input, q, charge);
      if (!m || m.index >= input.length) break;
      if (m.end === p) {
        // An empty match right at `p` separates nothing; JavaScript retries one position further.
        q = m.index + 1;
        continue;
      }
      out.push(input.slice(p, m.index));
      if (out.length === limit) return out;
      for (const g of m.groups.slice(1)) {
        out.push(g);
        if (out.length === limit) return out;
      }
      checkedLength(out.length, 'array');
      p = m.end;
      q = m.end > m.index ? p : p + 1;
    }
    out.push(input.slice(p));
    return out;
  }
}

/** Expands `$&`, `` $` ``, `$'`, `$$` and `$1`…`$99` in a replacement string, as JavaScript does. */
export function expandReplacement(template: string, m: RegexMatch, input: string): string {
  if (!template.includes('$')) return template;
  return template.replace(/\$([$&`']|\d{1,2})/g, (whole, what: string) => {
    if (what === '$') return '$';
    if (what === '&') return m.groups[0] ?? '';
    if (what === '`') return input.slice(0, m.index);
    if (what === "'") return input.slice(m.end);
    const groupCount = m.groups.length - 1;
    const two = Number(what);
    if (what.length === 2 && two >= 1 && two <= groupCount) return m.groups[two] ?? '';
    const one = Number(what[0]);
    if (one >= 1 && one <= groupCount) return (m.groups[one] ?? '') + what.slice(1);
    return whole;
  });
}
