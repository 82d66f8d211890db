/**
 * Syntax tree of the expression subset. Positions are 0-based offsets into the text the
 * expression was parsed from (the whole DT path, so errors point into what the author wrote).
 */
import type { SafeRegex } from './safe-regex.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '**' | '==' | '!=' | '===' | '!==' | '<' | '>' | '<=' | '>=' | 'in';
export type LogicalOp = '&&' | '||' | '??';
export type UnaryOp = '!' | '-' | '+' | 'typeof' | 'void';

export type Node =
  | { type: 'literal'; pos: number; value: string | number | boolean | null | undefined }
  | { type: 'regex'; pos: number; regex: SafeRegex }
  | { type: 'ident'; pos: number; name: string }
  /** `val1---Some.Path`: a DT path read from the top context (or from `val` when it starts with `.`). */
  | { type: 'bound'; pos: number; path: string }
  | { type: 'array'; pos: number; items: Node[] }
  | { type: 'object'; pos: number; props: { key: string | Node; value: Node }[] }
  /** `key` is a name for `.x`, a node for `[x]`. */
  | { type: 'member'; pos: number; object: Node; key: string | Node; optional: boolean }
  | { type: 'call'; pos: number; callee: Node; args: Node[]; optional: boolean }
  | { type: 'unary'; pos: number; op: UnaryOp; arg: Node }
  | { type: 'binary'; pos: number; op: BinaryOp; left: Node; right: Node }
  | { type: 'logical'; pos: number; op: LogicalOp; left: Node; right: Node }
  | { type: 'conditional'; pos: number; test: Node; then: Node; else: Node }
  | { type: 'sequence'; pos: number; items: Node[] }
  | { type: 'arrow'; pos: number; params: string[]; body: Node }
  /** The top of an optional chain (`a?.b.c`): where a short-circuit lands as `undefined`. */
  | { type: 'chain'; pos: number; expr: Node };

export interface FunctionDecl {
  name: string;
  params: string[];
  body: Node;
  pos: number;
}

/**
 * What a selector or mutator is: expression statements (the value is the last one's, as with
 * `eval`) plus hoisted `function name(a) { return …; }` declarations, as in the documented
 * mutator `foo(val);function foo(aa) { return aa + "Z"; }`.
 */
export interface Program {
  /** The program's own text. */
  readonly source: string;
  /** The whole text it was parsed from (a DT path), which positions index into. */
  readonly origin: string;
  readonly body: readonly Node[];
  readonly functions: ReadonlyMap<string, FunctionDecl>;
}
