/**
 * A sandboxed interpreter for the JavaScript expressions inside DT selectors and mutators.
 * XSOAR runs them as real JavaScript; we parse and walk them ourselves (no `eval`, `Function`
 * or `vm`), over an allow-list of operators, methods and globals, with a step budget and depth
 * limits, so a hostile playbook or hostile command output cannot escape, hang or crash the
 * tenant process.
 */
import type { Program } from './ast.js';
import { Interpreter, type RunOptions } from './interpreter.js';
import { parseProgram } from './parser.js';

export type { Program } from './ast.js';
export type { RunOptions } from './interpreter.js';
export { parseProgram, parseSelector } from './parser.js';

const CACHE_SIZE = 500;
const cache = new Map<string, Program>();

/** Parses a whole expression (or a mutator with `function` declarations); parsed programs are cached. */
export function compileExpression(source: string): Program {
  let program = cache.get(source);
  if (!program) {
    program = parseProgram(source);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(source, program);
  }
  return program;
}

/**
 * Runs a parsed program with the given names bound (`val`, `obj`, …). A map of bindings is used
 * as is (not copied) for the duration of the call, so a caller running one program over many
 * elements can reuse one map.
 */
export function runProgram(program: Program, bindings: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown> = {}, options: RunOptions = {}): unknown {
  return new Interpreter(program, options).run(bindings instanceof Map ? bindings : new Map(Object.entries(bindings)));
}

/** `compileExpression` then `runProgram`. Throws `DtError`. */
export function evaluateExpression(source: string, bindings: Readonly<Record<string, unknown>> = {}, options: RunOptions = {}): unknown {
  return runProgram(compileExpression(source), bindings, options);
}
