/**
 * The server's built-in transformers (XSOAR-FORMATS §1.13) with the argument names content
 * writes (`args: {delimiter: {value: {simple: ","}}}` → `{delimiter: ","}` once resolved).
 * Namespaced names (`general.join`, `string.replaceMatch`) are read through
 * `normaliseOperator`; any other name is a transformer script (`UnknownOperatorError`), which
 * the engine runs per item, or on the whole list when the script is tagged `entirelist`.
 *
 * Per item or whole list, as XSOAR does: list transformers (`LIST_TRANSFORMERS`) see the whole
 * list; the others apply to each item of a list, the results of an item that gives a list
 * (`split`) are flattened into the result, and items that give nothing are dropped. A missing
 * value stays missing through per-item transformers and is an empty list for list ones.
 */
import { ITEM_TRANSFORMERS, type ItemTransformer } from './item-transformers.js';
import { LIST_TRANSFORMERS } from './list-transformers.js';
import { OperatorError, plainOperator, UnknownOperatorError } from './operator-error.js';
import { TransformerArgs } from './transformer-args.js';
import { isMissing, itemsOf } from './values.js';

/** Every built-in transformer and the argument names it reads. */
export const TRANSFORMER_ARGS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...Object.entries(ITEM_TRANSFORMERS), ...Object.entries(LIST_TRANSFORMERS)].map(([name, def]) => [name, def.args]),
);

/** Whether `name` (plain or namespaced) is a built-in transformer, as opposed to a script. */
export function isTransformer(name: string): boolean {
  const plain = plainOperator(name);
  return Object.hasOwn(ITEM_TRANSFORMERS, plain) || Object.hasOwn(LIST_TRANSFORMERS, plain);
}

/** Whether the built-in transformer works on the whole list rather than on each item. */
export function isListTransformer(name: string): boolean {
  return Object.hasOwn(LIST_TRANSFORMERS, plainOperator(name));
}

/**
 * Applies one built-in transformer. `args` are the transformer's arguments resolved to plain
 * values (unset ones absent or undefined; unknown names ignored). Throws `UnknownOperatorError`
 * for a name that is not a built-in and `OperatorError` for a bad argument or a failed cast.
 */
export function applyTransformer(name: string, value: unknown, args: Readonly<Record<string, unknown>> = {}): unknown {
  const plain = plainOperator(name);
  const reader = new TransformerArgs(name, args);
  const list = Object.hasOwn(LIST_TRANSFORMERS, plain) ? LIST_TRANSFORMERS[plain] : undefined;
  if (list !== undefined) return list.apply(itemsOf(value), reader, value);
  const each = Object.hasOwn(ITEM_TRANSFORMERS, plain) ? ITEM_TRANSFORMERS[plain] : undefined;
  if (each === undefined) throw new UnknownOperatorError(name, 'transformer');
  return perItem(value, each.apply, reader, 0);
}

function perItem(value: unknown, apply: ItemTransformer, args: TransformerArgs, depth: number): unknown {
  if (isMissing(value)) return value;
  if (!Array.isArray(value)) return apply(value, args);
  if (depth > 64) throw new OperatorError(args.operator, 'lists nested too deeply');
  const out: unknown[] = [];
  for (const item of value) {
    const result = perItem(item, apply, args, depth + 1);
    if (Array.isArray(result)) out.push(...(result as unknown[]));
    else if (!isMissing(result)) out.push(result);
  }
  return out;
}
