/**
 * XSOAR content as Palisade understands it: parsing, kinds, validation, hashing, dependencies
 * and propagation planning. Pure code: no I/O, shared by main (the library) and tenants.
 */
export { ContentError, describeIssue, throwIfIssues, throwIfIssues as throwFirstIssue, type ContentIssue } from './content-error.js';
export { KINDS, KIND_SPECS, isKind, idOf, nameOf, referenceNamesOf, type Kind, type ContentFormat } from './kinds.js';
export { parseContent, attachCode, needsCode, formatOfFileName, languageOfFileName, type ParsedItem } from './parse.js';
export { validateItem, assertValid, type Library } from './validate.js';
export { contentHash, canonicalJson } from './hash.js';
export { dependenciesOf, type Dependency } from './dependencies.js';
export { BUILTIN_FILTERS, BUILTIN_TRANSFORMERS, isBuiltinFilter, isBuiltinTransformer, normaliseOperator } from './operators.js';
