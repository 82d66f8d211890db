/**
 * XSOAR's built-in filter and transformer operators as pure functions of resolved values: the
 * playbook engine resolves operands and arguments (context, DT, inputs) and calls these; names
 * that are not built-ins raise `UnknownOperatorError` so the engine can run the script instead.
 * Pure code: no I/O. Content regexes run on the linear-time engine of the DT sandbox (see
 * `safe-regex.ts`), bounded in steps.
 */
export { OperatorError, UnknownOperatorError, isUnknownOperator, type OperatorRole } from './operator-error.js';
export { evaluateFilter, isFilter, FILTER_NAMES, type FilterOptions } from './filters.js';
export {
  parseGroups, evaluateGroups, filterList, contextPath, relativePath, itemField,
  type FilterSpec, type FilterGroups, type ItemScope, type OperandResolver,
} from './condition-groups.js';
export { applyTransformer, isTransformer, isListTransformer, TRANSFORMER_ARGS } from './transformers.js';
export { compileRegex, replaceAllMatches, ContentRegex, MATCH_STEPS, MAX_PATTERN_LENGTH, type ContentMatch, type RegexOptions } from './safe-regex.js';
export { parseDate } from './dates.js';
export { formatGoLayout, parseGoLayout } from './go-time-layout.js';
