/**
 * The syntax tree of an incident query. The parser only records what the user wrote; what a
 * field means (its column, how its values are read) is decided by the SQL compiler, so this tree
 * stays independent of storage and can be inspected or rewritten by other code.
 *
 * Positions are 1-based character offsets (UTF-16 code units) into the query text, kept so
 * that the compiler's semantic errors can point at the term the user must fix.
 */

/** `field:value` is `eq`; `field:>=value` is `gte`, and so on. */
export type Comparison = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

/** `field:value`, `field:"quoted value"`, `field:>=value`, `field:*pattern*`. */
export interface FieldTerm {
  kind: 'field';
  /** The field name as written (case preserved: custom-field keys are case-sensitive). */
  field: string;
  op: Comparison;
  /** The value with quotes and escapes removed. */
  value: string;
  /** Quoted values are literal: `*` in them is not a wildcard. */
  quoted: boolean;
  /** True when the value is unquoted and holds at least one `*`. */
  wildcard: boolean;
  /** Where the field name starts. */
  position: number;
  /** Where the value (or its opening quote) starts. */
  valuePosition: number;
}

/** A bare word or a quoted phrase: a full-text search over name and details. */
export interface TextTerm {
  kind: 'text';
  /** The words every match must contain (letters and digits only, never empty). */
  words: string[];
  /** A bare word ending in `*`: the last word is matched as a prefix. */
  prefix: boolean;
  /** The term as written, for messages. */
  raw: string;
  position: number;
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

/** Always at least two children; the parser flattens nested ANDs. */
export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

/** Always at least two children; the parser flattens nested ORs. */
export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export type QueryNode = FieldTerm | TextTerm | NotNode | AndNode | OrNode;

/** Limits that keep one query from costing the database (or the parser's stack) too much. */
export const QUERY_LIMITS = {
  /** Characters in the query text. */
  maxLength: 4000,
  /** Nested parentheses and negations, counted together. */
  maxDepth: 32,
  /** Field terms plus free-text terms. */
  maxTerms: 200,
} as const;
