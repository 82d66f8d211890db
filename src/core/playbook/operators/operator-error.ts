/**
 * Operator names and the errors of filter and transformer operators. A playbook engine turns an `OperatorError` into
 * an error on the task that evaluated the value (XSOAR fails a task when a cast or an argument
 * fails), and an `UnknownOperatorError` into a call of the automation script of that name:
 * every operator that is not a server built-in is a script tagged `filter` or `transformer`
 * (XSOAR-FORMATS §1.6.1, §1.13), a dependency of the content that uses it.
 */
import { normaliseOperator } from '../../content/operators.js';

export type OperatorRole = 'filter' | 'transformer';

/**
 * The plain name of an operator (`string.isEqual` → `isEqualString`). `normaliseOperator`
 * looks renamed spellings up in a plain object, so a name such as `toString` or
 * `constructor` finds an inherited function there; such names have no namespace and stay.
 */
export function plainOperator(name: string): string {
  const plain: unknown = normaliseOperator(name);
  return typeof plain === 'string' ? plain : name;
}

export class OperatorError extends Error {
  /** The operator as the content wrote it (`string.isEqual`, `replaceMatch`, …). */
  readonly operator: string;

  constructor(operator: string, message: string) {
    super(`${operator}: ${message}`);
    this.name = 'OperatorError';
    this.operator = operator;
  }
}

/**
 * Not a built-in: the engine must run the script named `operator` (by name, or by id when it
 * is a UUID) with `left`/`right` (filters) or `value` and the arguments (transformers).
 */
export class UnknownOperatorError extends OperatorError {
  readonly role: OperatorRole;

  constructor(operator: string, role: OperatorRole) {
    super(operator, `not a built-in ${role}; a script-based ${role} is needed`);
    this.name = 'UnknownOperatorError';
    this.role = role;
  }
}

export function isUnknownOperator(error: unknown): error is UnknownOperatorError {
  return error instanceof UnknownOperatorError;
}
