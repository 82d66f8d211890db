/**
 * What a playbook's value objects mean in a run: the resolver of `{simple}` / `{complex}`
 * values, operands, task arguments and condition labels over a context view; native versions
 * of the script transformers content relies on; and the for-each loop's iterations. Pure code:
 * no I/O, no clock; all DT work is bounded by a `Budget`, and every failure the content or the
 * data causes is a `ValueError` for the engine to turn into a task error entry.
 */
export { ValueError, isValueFailure } from './value-error.js';
export { MAX_NESTING, type ResolveScope, type ScriptTransformer, conditionLabel, resolveArguments, resolveOperand, resolveValue } from './resolve.js';
export {
  MAX_IP_COMPARISONS, NATIVE_SCRIPT_TRANSFORMERS, type ScriptTransformerOptions,
  argToList, isNativeScriptTransformer, nativeScriptTransformer, perItem,
} from './script-transformers.js';
export { type IpAddress, type IpRange, inRange, parseIp, parseRange } from './ip-ranges.js';
export { forEachIterations } from './loop.js';
