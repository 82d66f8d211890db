/**
 * The XSOAR context and its DT language: paths (`dq`), `${…}` templates, and merging command
 * results into a context. See each module's header for the rules chosen where XSOAR is silent.
 */
export { Budget, DtError, type DtErrorKind, LIMITS } from './dt-error.js';
export { type DqOptions, dq, evalDtPath } from './dt.js';
export { type DtPath, type DtStep, parseContextKey, parseDtPath } from './path.js';
export { type Placeholder, findPlaceholders, hasPlaceholders, interpolate, interpolateText, toText } from './template.js';
export { type Context, MERGE_STEPS, type MergeOptions, deleteContext, mergeContextKey, mergeEntryContext, setContext } from './merge.js';
export { canonical, deepEqual, deepMerge, toList } from './context-values.js';
export { type Program, type RunOptions, compileExpression, evaluateExpression, runProgram } from './expr/index.js';
