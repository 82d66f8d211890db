/**
 * The one error the value resolver throws. Resolving a task's values fails for reasons that
 * belong to the content or the data, not to Palisade: a DT path that does not parse or runs out
 * of budget (`DtError`), a cast an operator cannot make or a bad transformer argument
 * (`OperatorError`), an operator that is neither a built-in nor a script the engine can run
 * (`UnknownOperatorError`), a value object of the wrong shape. XSOAR turns each of these into
 * an error entry on the task, so the engine needs one type to catch and a message that says
 * where in the task it happened: each level of the resolver prefixes its part, giving messages
 * such as `argument "value": transformer "split": split: argument delimiter must be text`.
 * The original error stays in `cause` (`isUnknownOperator(error.cause)` tells the engine that a
 * script is missing rather than failing).
 */
import { DtError } from '../dt/index.js';
import { OperatorError } from '../operators/index.js';

export class ValueError extends Error {
  /** The message without the location prefixes, as the failing part reported it. */
  readonly detail: string;

  constructor(message: string, options: { cause?: unknown; detail?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ValueError';
    this.detail = options.detail ?? message;
  }

  /** The error that started it all: an `OperatorError`, a `DtError`, … or this error itself. */
  get root(): unknown {
    return this.cause ?? this;
  }
}

/**
 * Whether `error` is a failure of the content or data being resolved (and so a task error),
 * as opposed to a bug. A RangeError can only come from hostile nesting that a depth limit did
 * not catch, so it counts as the data's fault too rather than crashing the engine.
 */
export function isValueFailure(error: unknown): error is Error {
  return error instanceof ValueError || error instanceof OperatorError || error instanceof DtError || error instanceof RangeError;
}

/**
 * `error` located at `where` (`argument "ids"`, `transformer "split"`): a ValueError whose
 * message starts with `where`, keeping the original cause. Errors that are not value failures
 * are returned unchanged so that bugs surface as themselves.
 */
export function locate(where: string, error: unknown): unknown {
  if (!isValueFailure(error)) return error;
  if (error instanceof ValueError) return new ValueError(`${where}: ${error.message}`, { cause: error.root, detail: error.detail });
  const detail = error instanceof RangeError ? `too deeply nested (${error.message})` : error.message;
  return new ValueError(`${where}: ${detail}`, { cause: error, detail });
}

/** Runs `fn`, locating any value failure it throws at `where`. */
export function at<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw locate(where, error);
  }
}

/** A short, quoted form of content text for messages. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
