/**
 * A Pike VM: runs a compiled pattern over the input once, keeping every live alternative as a
 * thread, so a match costs O(input × program) whatever the pattern — no catastrophic
 * backtracking. Threads are kept in priority order and lower-priority ones are cut when one
 * matches, which gives the same leftmost-first answers as JavaScript's backtracking engine for
 * the patterns we accept (no backreferences or lookaround). Two rules of the ES RepeatMatcher are
 * kept with extra per-thread slots: captures inside a repeated group restart at each iteration,
 * and an optional iteration that consumes nothing fails (so `(?:a??)+` still takes the `a`).
 * One difference remains: threads are merged by program position, so when a lazy star sits
 * directly inside another star or plus (`(?:a*?)+` on "aab") the match can end an iteration
 * early ("a" where JavaScript gives "aa"); the safe-regex tests pin this down.
 */
import { DtError } from '../dt-error.js';
import { type AssertKind, type CharSet, type RegexFlags, type RNode, LINE_TERMINATORS, WORD } from './regex-parse.js';

export type Inst =
  | { op: 'set'; set: CharSet }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; kind: AssertKind }
  /** Clears the capture slots `[from, to)`: a new iteration of a repeated group. */
  | { op: 'reset'; from: number; to: number }
  /** Kills the thread when the iteration that saved its start in `slot` consumed nothing. */
  | { op: 'progress'; slot: number }
  | { op: 'match' };

export interface CompiledRegex {
  prog: Inst[];
  /** Capture slots (two per group, group 0 the whole match) followed by progress slots. */
  slots: number;
}

/** The lowest and highest capturing group inside `n`, if any. */
function groupsIn(n: RNode, range: [number, number] = [Infinity, -Infinity]): [number, number] {
  if (n.t === 'group' && n.index !== undefined) range = [Math.min(range[0], n.index), Math.max(range[1], n.index)];
  if (n.t === 'group' || n.t === 'repeat') return groupsIn(n.body, range);
  if (n.t === 'seq') for (const item of n.items) range = groupsIn(item, range);
  if (n.t === 'alt') for (const item of n.options) range = groupsIn(item, range);
  return range;
}

/** Counted repetition copies its body, so the program size is what bounds hostile patterns. */
const MAX_PROGRAM = 20_000;

export function compileRegex(node: RNode, groups: number): CompiledRegex {
  const prog: Inst[] = [];
  let slots = (groups + 1) * 2;
  const emit = (inst: Inst): number => {
    if (prog.length >= MAX_PROGRAM) throw new DtError('limit', `regular expression compiles to more than ${MAX_PROGRAM} instructions`);
    return prog.push(inst) - 1;
  };
  const split = (lazy: boolean, body: number, out: number): Inst => (lazy ? { op: 'split', x: out, y: body } : { op: 'split', x: body, y: out });
  const walk = (n: RNode): void => {
    switch (n.t) {
      case 'set':
        emit({ op: 'set', set: n.set });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind });
        return;
      case 'seq':
        for (const item of n.items) walk(item);
        return;
      case 'group':
        if (n.index !== undefined) emit({ op: 'save', slot: n.index * 2 });
        walk(n.body);
        if (n.index !== undefined) emit({ op: 'save', slot: n.index * 2 + 1 });
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.options.forEach((option, k) => {
          const last = k === n.options.length - 1;
          const at = last ? -1 : emit({ op: 'split', x: 0, y: 0 });
          walk(option);
          if (!last) {
            jumps.push(emit({ op: 'jmp', x: 0 }));
            prog[at] = { op: 'split', x: at + 1, y: prog.length };
          }
        });
        for (const j of jumps) prog[j] = { op: 'jmp', x: prog.length };
        return;
      }
      case 'repeat': {
        const [lo, hi] = groupsIn(n.body);
        const progress = n.max > n.min ? slots++ : -1;
        const iteration = (optional: boolean): void => {
          if (lo <= hi) emit({ op: 'reset', from: lo * 2, to: hi * 2 + 2 });
          if (optional) emit({ op: 'save', slot: progress });
          walk(n.body);
          if (optional) emit({ op: 'progress', slot: progress });
        };
        for (let k = 0; k < n.min; k++) iteration(false);
        if (n.max === Infinity) {
          const loop = emit({ op: 'split', x: 0, y: 0 });
          iteration(true);
          emit({ op: 'jmp', x: loop });
          prog[loop] = split(n.lazy, loop + 1, prog.length);
          return;
        }
        const splits: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          splits.push(emit({ op: 'split', x: 0, y: 0 }));
          iteration(true);
        }
        for (const at of splits) prog[at] = split(n.lazy, at + 1, prog.length);
        return;
      }
    }
  };
  emit({ op: 'save', slot: 0 });
  walk(node);
  emit({ op: 'save', slot: 1 });
  emit({ op: 'match' });
  return { prog, slots };
}

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let k = 0; k + 1 < ranges.length; k += 2) if (c >= (ranges[k] ?? 0) && c <= (ranges[k + 1] ?? 0)) return true;
  return false;
}

function caseVariant(c: number, upper: boolean): number {
  const s = String.fromCharCode(c);
  const t = upper ? s.toUpperCase() : s.toLowerCase();
  return t.length === 1 ? t.charCodeAt(0) : c;
}

function matchesSet(set: CharSet, c: number, ignoreCase: boolean): boolean {
  const hit = inRanges(set.ranges, c) || (ignoreCase && (inRanges(set.ranges, caseVariant(c, false)) || inRanges(set.ranges, caseVariant(c, true))));
  return hit !== set.negate;
}

interface Thread {
  pc: number;
  caps: readonly number[];
}

/** Work units per budget step: one unit is one thread advanced by one input position. */
export const WORK_PER_STEP = 64;

/**
 * The first match at or after `start`, as capture slots (`[start0, end0, start1, end1, …]`,
 * -1 when a group did not take part), or null. `charge` receives work in budget steps.
 */
export function runVm(prog: readonly Inst[], slots: number, flags: RegexFlags, input: string, start: number, charge: (steps: number) => void): number[] | null {
  const n = input.length;
  const marks = new Int32Array(prog.length);
  let gen = 0;
  const isWord = (at: number): boolean => at >= 0 && at < n && inRanges(WORD, input.charCodeAt(at));
  const isLineEnd = (at: number): boolean => inRanges(LINE_TERMINATORS, input.charCodeAt(at));
  const holds = (kind: AssertKind, sp: number): boolean => {
    switch (kind) {
      case 'bol':
        return sp === 0 || (flags.multiline && isLineEnd(sp - 1));
      case 'eol':
        return sp === n || (flags.multiline && isLineEnd(sp));
      case 'word':
        return isWord(sp - 1) !== isWord(sp);
      case 'nonword':
        return isWord(sp - 1) === isWord(sp);
    }
  };
  // Depth-first with an explicit stack (a recursive walk could be as deep as the program);
  // pushing the lower-priority branch first keeps the thread list in priority order.
  const add = (list: Thread[], pc0: number, caps0: readonly number[], sp: number): void => {
    const stack: Thread[] = [{ pc: pc0, caps: caps0 }];
    for (let th = stack.pop(); th; th = stack.pop()) {
      const { pc, caps } = th;
      if (marks[pc] === gen) continue;
      marks[pc] = gen;
      const inst = prog[pc];
      if (!inst) continue;
      if (inst.op === 'jmp') stack.push({ pc: inst.x, caps });
      else if (inst.op === 'split') stack.push({ pc: inst.y, caps }, { pc: inst.x, caps });
      else if (inst.op === 'save') {
        const copy = caps.slice();
        copy[inst.slot] = sp;
        stack.push({ pc: pc + 1, caps: copy });
      } else if (inst.op === 'assert') {
        if (holds(inst.kind, sp)) stack.push({ pc: pc + 1, caps });
      } else if (inst.op === 'reset') {
        const copy = caps.slice();
        copy.fill(-1, inst.from, inst.to);
        stack.push({ pc: pc + 1, caps: copy });
      } else if (inst.op === 'progress') {
        if (caps[inst.slot] !== sp) stack.push({ pc: pc + 1, caps });
      } else list.push(th);
    }
  };
  const empty: readonly number[] = new Array<number>(slots).fill(-1);
  let matched: readonly number[] | null = null;
  let work = 0;
  gen++;
  let clist: Thread[] = [];
  add(clist, 0, empty, start);
  // Until something matches, a new thread starts at every position, even when none is alive.
  for (let sp = start; clist.length > 0 || matched === null; ) {
    gen++;
    const nlist: Thread[] = [];
    const c = sp < n ? input.charCodeAt(sp) : -1;
    for (const th of clist) {
      const inst = prog[th.pc];
      if (inst?.op === 'match') {
        matched = th.caps;
        break; // everything after this thread has lower priority
      }
      if (inst?.op === 'set' && c >= 0 && matchesSet(inst.set, c, flags.ignoreCase)) add(nlist, th.pc + 1, th.caps, sp + 1);
    }
    work += clist.length + 1;
    if (work >= WORK_PER_STEP) {
      charge(Math.floor(work / WORK_PER_STEP));
      work %= WORK_PER_STEP;
    }
    if (sp >= n) break;
    sp++;
    if (matched === null) add(nlist, 0, empty, sp);
    clist = nlist;
  }
  return matched ? [...matched] : null;
}
