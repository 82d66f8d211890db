/**
 * Errors and resource limits shared by the DT path language and its expression interpreter.
 * DT strings come from playbooks and, through `${…}` interpolation, partly from command output,
 * so everything here assumes hostile input: limits are checked before work is done, and every
 * failure is a `DtError` (never a RangeError or a hang).
 */

/**
 * - `syntax`: the text does not parse.
 * - `forbidden`: the text asks for something the sandbox refuses (`constructor`, `new`, assignment).
 * - `limit`: a step, depth or size limit was reached.
 * - `runtime`: what JavaScript would throw (a TypeError or ReferenceError); selectors treat it as
 *   "no match" for that element, other callers see it.
 */
export type DtErrorKind = 'syntax' | 'forbidden' | 'limit' | 'runtime';

const SHOWN_SOURCE = 120;

export class DtError extends Error {
  readonly kind: DtErrorKind;
  /** The message without the position suffix. */
  readonly detail: string;
  /** 0-based offset in `source`, when known. */
  readonly pos: number | undefined;
  readonly source: string | undefined;

  constructor(kind: DtErrorKind, detail: string, pos?: number, source?: string) {
    const shown = source === undefined ? '' : ` in ${JSON.stringify(source.length > SHOWN_SOURCE ? `${source.slice(0, SHOWN_SOURCE)}…` : source)}`;
    super(pos === undefined ? `${detail}${shown}` : `${detail} at position ${pos + 1}${shown}`);
    this.name = 'DtError';
    this.kind = kind;
    this.detail = detail;
    this.pos = pos;
    this.source = source;
  }

  /** The same error located in `source`, for errors raised before the position was known. */
  locate(pos: number, source: string): DtError {
    return this.pos === undefined ? new DtError(this.kind, this.detail, pos, source) : this;
  }
}

export const LIMITS = {
  /** Evaluation steps per top-level call (one `dq`, one merge); about 10–50 ms of work. */
  steps: 100_000,
  /** Characters in one DT path or expression. */
  sourceLength: 64 * 1024,
  /** Syntactic nesting (parentheses, brackets, unary chains, regex groups). */
  parseDepth: 200,
  /** Evaluation depth, function calls included; kept well under V8's stack. */
  evalDepth: 1000,
  /** Length of any string the interpreter builds. */
  stringLength: 1_000_000,
  /** Length of any array the interpreter builds. */
  arrayLength: 100_000,
  /** Nesting walked by deep comparison, merging and text conversion of context values. */
  valueDepth: 200,
  /** Nested `${…}` inside `${…}`. */
  templateDepth: 8,
} as const;

/** Counts work so that hostile input runs out of steps instead of hanging the event loop. */
export class Budget {
  #left: number;
  readonly limit: number;

  constructor(limit: number = LIMITS.steps) {
    this.limit = limit;
    this.#left = limit;
  }

  get used(): number {
    return this.limit - this.#left;
  }

  charge(steps = 1): void {
    this.#left -= steps;
    if (this.#left < 0) throw new DtError('limit', `evaluation exceeded ${this.limit} steps`);
  }
}

/** A `limit` error when a string or array about to be built would be longer than allowed. */
export function checkedLength(length: number, what: 'string' | 'array' = 'string'): void {
  const max = what === 'string' ? LIMITS.stringLength : LIMITS.arrayLength;
  if (length > max) throw new DtError('limit', `${what} longer than ${max}`);
}

/**
 * V8 reports a blown stack as a RangeError; inside the DT code that can only come from hostile
 * nesting the explicit limits did not catch, so it becomes a `limit` error like the others.
 */
export function asDtError(e: unknown): unknown {
  if (e instanceof RangeError) return new DtError('limit', `too deeply nested (${e.message})`);
  return e;
}
