/**
 * Tree-walking evaluator of a parsed `Program`. Each node costs one budget step and one level
 * of depth, so loops made of recursion or callbacks end on the budget, and deep nesting ends on
 * the depth limit before V8's stack does. Property reads only ever see own data properties.
 */
import { Budget, DtError, LIMITS, asDtError, checkedLength } from '../dt-error.js';
import type { Node, Program } from './ast.js';
import { GLOBALS } from './builtins.js';
import { callMethod, getProperty } from './methods.js';
import { Builtin, type CallSite, Internal, Namespace, add, arithmetic, checkKey, compare, defineOwn, getOwn, isRecord, looseEquals, propertyKey, toNum, truthy, typeOf } from './values.js';

export interface Scope {
  readonly vars: ReadonlyMap<string, unknown>;
  readonly parent: Scope | undefined;
}

/** An arrow function or a declared `function`, with the scope it closes over. */
export class Closure extends Internal {
  readonly callable = true;
  constructor(
    readonly name: string,
    readonly params: readonly string[],
    readonly body: Node,
    readonly scope: Scope | undefined,
  ) {
    super();
  }
  describe(): string {
    return `function ${this.name}() { [code] }`;
  }
}

export interface RunOptions {
  budget?: Budget;
  /** Reads a `val1---path` binding; `val` is the current element, for paths starting with `.`. */
  resolveBound?: (path: string, val: unknown) => unknown;
}

/** Thrown inside an optional chain when `?.` meets null/undefined; the chain's top turns it into `undefined`. */
const SHORT_CIRCUIT: unique symbol = Symbol('short-circuit');

export class Interpreter {
  readonly #program: Program;
  readonly #budget: Budget;
  readonly #resolveBound: RunOptions['resolveBound'];
  #depth = 0;
  /** Set once a function or namespace value exists, so only then results are checked for them. */
  #internals = false;

  constructor(program: Program, options: RunOptions = {}) {
    this.#program = program;
    this.#budget = options.budget ?? new Budget();
    this.#resolveBound = options.resolveBound;
  }

  /** Runs the program with the given names bound; returns the last expression's value. */
  run(bindings: ReadonlyMap<string, unknown>): unknown {
    let root: Scope = { vars: bindings, parent: undefined };
    if (this.#program.functions.size) {
      // Declarations are hoisted into a scope of their own, so they see each other and the bindings.
      const vars = new Map<string, unknown>();
      root = { vars, parent: root };
      for (const [name, decl] of this.#program.functions) vars.set(name, new Closure(name, decl.params, decl.body, root));
      this.#internals = true;
    }
    try {
      let result: unknown;
      for (const node of this.#program.body) result = this.eval(node, root);
      if (this.#internals) this.#checkResult(result);
      return result;
    } catch (e) {
      throw asDtError(e);
    }
  }

  #error(message: string, pos: number): DtError {
    return new DtError('runtime', message, pos, this.#program.origin);
  }

  /**
   * A function or namespace cannot leave the sandbox: it means nothing as context data. Each
   * container is walked once, so a result holding the same big value many times stays cheap.
   */
  #checkResult(value: unknown): void {
    const seen = new Set<object>();
    const stack: unknown[] = [value];
    for (let n = stack.length; n > 0; n = stack.length) {
      const v = stack.pop();
      if (v instanceof Internal) {
        const what = typeOf(v) === 'function' ? 'a function' : v.describe();
        throw this.#error(`${what} cannot be the result`, this.#program.body[0]?.pos ?? 0);
      }
      if (v === null || typeof v !== 'object' || seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) for (const x of v as unknown[]) stack.push(x);
      else if (isRecord(v)) for (const key of Object.keys(v)) stack.push(getOwn(v, key));
    }
  }

  eval(node: Node, scope: Scope): unknown {
    this.#budget.charge();
    if (++this.#depth > LIMITS.evalDepth) throw new DtError('limit', `evaluation nested deeper than ${LIMITS.evalDepth}`, node.pos, this.#program.origin);
    try {
      return this.#evaluate(node, scope);
    } finally {
      this.#depth--;
    }
  }

  #lookup(name: string, scope: Scope, pos: number): unknown {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    if (GLOBALS.has(name)) {
      this.#internals = true;
      return GLOBALS.get(name);
    }
    throw this.#error(`${name} is not defined`, pos);
  }

  #isBound(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return true;
    return GLOBALS.has(name);
  }

  /** A computed key (`[expr]`), checked like a written one; errors point at `pos`, the bracket. */
  #key(node: Node, scope: Scope, pos: number): string {
    const key = propertyKey(this.eval(node, scope));
    try {
      checkKey(key);
    } catch (e) {
      throw e instanceof DtError ? e.locate(pos, this.#program.origin) : e;
    }
    return key;
  }

  #site(pos: number): CallSite {
    return {
      pos,
      charge: (steps) => this.#budget.charge(steps),
      call: (fn, args) => this.call(fn, args, pos),
    };
  }

  call(fn: unknown, args: readonly unknown[], pos: number): unknown {
    if (fn instanceof Builtin) return this.#relocate(() => fn.run(args, this.#site(pos)), pos);
    if (fn instanceof Closure) {
      const vars = new Map<string, unknown>();
      fn.params.forEach((p, k) => vars.set(p, args[k]));
      return this.eval(fn.body, { vars, parent: fn.scope });
    }
    throw this.#error(`${typeOf(fn) === 'undefined' ? 'undefined' : 'value'} is not a function`, pos);
  }

  /** Errors raised by built-ins know no position; they get the call's. */
  #relocate<T>(f: () => T, pos: number): T {
    try {
      return f();
    } catch (e) {
      throw e instanceof DtError ? e.locate(pos, this.#program.origin) : e;
    }
  }

  #evaluate(node: Node, scope: Scope): unknown {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'regex':
        return node.regex;
      case 'ident':
        return this.#lookup(node.name, scope, node.pos);
      case 'bound': {
        if (!this.#resolveBound) throw this.#error(`"${node.path}" bindings are not available here`, node.pos);
        const val = node.path.startsWith('.') && this.#isBound('val', scope) ? this.#lookup('val', scope, node.pos) : undefined;
        return this.#resolveBound(node.path, val);
      }
      case 'array': {
        const out = node.items.map((item) => this.eval(item, scope));
        checkedLength(out.length, 'array');
        return out;
      }
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const prop of node.props) {
          const key = typeof prop.key === 'string' ? prop.key : this.#key(prop.key, scope, prop.key.pos);
          defineOwn(out, key, this.eval(prop.value, scope));
        }
        return out;
      }
      case 'member': {
        const object = this.eval(node.object, scope);
        if (node.optional && (object === null || object === undefined)) throw SHORT_CIRCUIT;
        const key = typeof node.key === 'string' ? node.key : this.#key(node.key, scope, node.pos);
        let value: unknown;
        try {
          value = getProperty(object, key);
        } catch (e) {
          throw e instanceof DtError ? e.locate(node.pos, this.#program.origin) : e;
        }
        if (value instanceof Internal) this.#internals = true;
        return value;
      }
      case 'call':
        return this.#call(node, scope);
      case 'unary': {
        if (node.op === 'typeof') return node.arg.type === 'ident' && !this.#isBound(node.arg.name, scope) ? 'undefined' : typeOf(this.eval(node.arg, scope));
        const v = this.eval(node.arg, scope);
        return node.op === '!' ? !truthy(v) : node.op === '-' ? -toNum(v) : node.op === '+' ? toNum(v) : undefined;
      }
      case 'binary':
        return this.#binary(node.op, this.eval(node.left, scope), this.eval(node.right, scope), node.pos);
      case 'logical': {
        const left = this.eval(node.left, scope);
        if (node.op === '&&') return truthy(left) ? this.eval(node.right, scope) : left;
        if (node.op === '||') return truthy(left) ? left : this.eval(node.right, scope);
        return left === null || left === undefined ? this.eval(node.right, scope) : left;
      }
      case 'conditional':
        return truthy(this.eval(node.test, scope)) ? this.eval(node.then, scope) : this.eval(node.else, scope);
      case 'sequence': {
        let last: unknown;
        for (const item of node.items) last = this.eval(item, scope);
        return last;
      }
      case 'arrow':
        this.#internals = true;
        return new Closure('anonymous', node.params, node.body, scope);
      case 'chain':
        try {
          return this.eval(node.expr, scope);
        } catch (e) {
          if (e === SHORT_CIRCUIT) return undefined;
          throw e;
        }
    }
  }

  #call(node: Extract<Node, { type: 'call' }>, scope: Scope): unknown {
    const callee = node.callee;
    const args = (): unknown[] => node.args.map((a) => this.eval(a, scope));
    if (callee.type === 'member') {
      const receiver = this.eval(callee.object, scope);
      if (callee.optional && (receiver === null || receiver === undefined)) throw SHORT_CIRCUIT;
      const name = typeof callee.key === 'string' ? callee.key : this.#key(callee.key, scope, callee.pos);
      const values = args();
      const result = this.#relocate(() => callMethod(receiver, name, values, this.#site(node.pos)), node.pos);
      if (result instanceof Internal) this.#internals = true;
      return result;
    }
    const fn = this.eval(callee, scope);
    if (node.optional && (fn === null || fn === undefined)) throw SHORT_CIRCUIT;
    return this.call(fn, args(), node.pos);
  }

  #binary(op: string, left: unknown, right: unknown, pos: number): unknown {
    switch (op) {
      case '+':
        return this.#relocate(() => add(left, right), pos);
      case '==':
        return looseEquals(left, right);
      case '!=':
        return !looseEquals(left, right);
      case '===':
        return left === right;
      case '!==':
        return left !== right;
      case '<':
      case '>':
      case '<=':
      case '>=':
        return compare(left, right, op);
      case 'in': {
        if (typeof right !== 'object' || right === null) throw this.#error(`cannot use "in" to search for a key in ${typeOf(right)}`, pos);
        const key = propertyKey(left);
        if (right instanceof Namespace) return right.members.has(key);
        if (Array.isArray(right)) return key === 'length' || (/^\d+$/.test(key) && Number(key) < right.length);
        return isRecord(right) ? Object.hasOwn(right, key) : false;
      }
      default:
        return arithmetic(op, left, right);
    }
  }
}
