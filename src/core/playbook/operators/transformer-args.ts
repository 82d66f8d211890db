/**
 * Reading a transformer's arguments, already resolved to plain values by the engine. Content
 * writes unset arguments as `{}`, which resolve to nothing: every reader treats `undefined`
 * and `null` as unset and falls back to the transformer's default. A list of one item stands
 * for that item (a context path that found one value); a longer list, an object or text that
 * does not cast is an `OperatorError` naming the transformer and the argument.
 */
import { OperatorError } from './operator-error.js';
import { describe, isMissing, scalarText, toBoolean, toNumber } from './values.js';

export class TransformerArgs {
  constructor(
    readonly operator: string,
    private readonly values: Readonly<Record<string, unknown>>,
  ) {}

  /** The argument as given (lists kept), or undefined when unset. */
  raw(name: string): unknown {
    const value = Object.hasOwn(this.values, name) ? this.values[name] : undefined;
    return isMissing(value) ? undefined : value;
  }

  private single(name: string): unknown {
    const value = this.raw(name);
    if (!Array.isArray(value)) return value;
    const present = value.filter((v) => !isMissing(v));
    if (present.length > 1) throw this.error(name, 'must be one value, not a list');
    return present[0];
  }

  text(name: string): string | undefined;
  text(name: string, fallback: string): string;
  text(name: string, fallback?: string): string | undefined {
    const value = this.single(name);
    if (value === undefined) return fallback;
    const text = scalarText(value);
    if (text === undefined) throw this.error(name, `must be text, not ${describe(value)}`);
    return text;
  }

  requiredText(name: string): string {
    const text = this.text(name);
    if (text === undefined || text === '') throw this.error(name, 'is required');
    return text;
  }

  number(name: string): number | undefined {
    const value = this.single(name);
    try {
      return toNumber(this.operator, value);
    } catch {
      throw this.error(name, `must be a number, not ${describe(value)}`);
    }
  }

  requiredNumber(name: string): number {
    const n = this.number(name);
    if (n === undefined) throw this.error(name, 'is required');
    return n;
  }

  /** A whole number of 0 or more (an index, a count, a number of digits). */
  index(name: string): number | undefined;
  index(name: string, fallback: number): number;
  index(name: string, fallback?: number): number | undefined {
    const n = this.number(name);
    if (n === undefined) return fallback;
    if (!Number.isInteger(n) || n < 0) throw this.error(name, `must be a whole number of 0 or more, not ${n}`);
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.single(name);
    if (value === undefined || value === '') return fallback;
    const b = toBoolean(value);
    if (b === undefined) throw this.error(name, `must be true or false, not ${describe(value)}`);
    return b;
  }

  error(name: string, message: string): OperatorError {
    return new OperatorError(this.operator, `argument ${name} ${message}`);
  }
}
