/**
 * Compiles an incident query tree (src/core/query) into a parameterised WHERE fragment for
 * the `incidents` table under alias `i`. All SQL differences go through the `Dialect`; every
 * user value is bound, never spliced, so the only text taken from the query is whitelisted
 * column SQL. Placeholders are `?` in the order of `params`.
 *
 * Semantics chosen here (the parser only records syntax):
 * - Text equality is case-insensitive; `>`/`<` on text compare in byte order (`binaryText`).
 * - `field:*` means "has a value": non-empty text, a closed incident for `closed`, a present
 *   non-empty custom field; always true for other integer columns.
 * - Missing values (NULL `closed`, absent custom fields) never match a term, and a negated
 *   term matches them: NOT compiles to `IS NOT TRUE`, so `-customFields.x:a` includes
 *   incidents without `x`, as in Lucene.
 * - Date-only values cover the whole UTC day: `created:2026-01-01` is that day, `>` means
 *   after it, `<=` means up to its end. Values with a time (and relative ones) are exact ms.
 */
import { AppError } from '../core/errors.js';
import { SEVERITIES, STATUSES } from '../core/incident.js';
import type { Comparison, FieldTerm, QueryNode } from '../core/query/index.js';
import { resolveDate } from '../core/query/index.js';
import type { Dialect } from './dialect.js';

export interface CompiledWhere {
  sql: string;
  params: (string | number | null)[];
}

type Param = string | number | null;
type Kind = 'integer' | 'severity' | 'status' | 'text' | 'date';
interface Column {
  sql: string;
  kind: Kind;
  /** Only `closed` may be NULL. */
  nullable?: boolean;
}

/** Keyed by lower-case field name: field names are case-insensitive. */
const COLUMNS: ReadonlyMap<string, Column> = new Map([
  ['id', { sql: 'i.id', kind: 'integer' }],
  ['name', { sql: 'i.name', kind: 'text' }],
  ['type', { sql: 'i.type', kind: 'text' }],
  ['severity', { sql: 'i.severity', kind: 'severity' }],
  ['status', { sql: 'i.status', kind: 'status' }],
  ['owner', { sql: 'i.owner', kind: 'text' }],
  ['details', { sql: 'i.details', kind: 'text' }],
  ['closereason', { sql: 'i.close_reason', kind: 'text' }],
  ['created', { sql: 'i.created', kind: 'date' }],
  ['modified', { sql: 'i.modified', kind: 'date' }],
  ['occurred', { sql: 'i.occurred', kind: 'date' }],
  ['closed', { sql: 'i.closed', kind: 'date', nullable: true }],
] satisfies [string, Column][]);

const SQL_OP: Record<Comparison, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

const SAFE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^[+-]?\d{1,15}$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ONLY_STARS = /^\*+$/;
const TRUE_SQL = '1=1';

/** XSOAR's 0.5 "informational" has no place in an integer column: it reads as 0 (unknown). */
const SEVERITY_NAMES: ReadonlyMap<string, number> = new Map([
  ...SEVERITIES.map((name, n): [string, number] => [name, n]),
  ['informational', 0],
]);

/** XSOAR numbers its statuses 0..3 and calls `done` "closed"; both spellings are accepted. */
const STATUS_NAMES: ReadonlyMap<string, string> = new Map([
  ...STATUSES.map((name): [string, string] => [name, name]),
  ...STATUSES.map((name, n): [string, string] => [String(n), name]),
  ['closed', 'done'],
]);

function fail(term: FieldTerm, problem: string): AppError {
  const value = term.value.length > 40 ? `${term.value.slice(0, 40)}…` : term.value;
  // JSON quoting keeps quotes and control characters in the user's text unambiguous.
  return new AppError(
    'invalid_query',
    `${problem} for field ${JSON.stringify(term.field)}, value ${JSON.stringify(value)} at position ${term.valuePosition}`,
  );
}

/** Turns a user pattern into LIKE syntax: their `%`, `_` and `\` are literal, `*` is any run. */
function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`).replace(/\*/g, '%');
}

/** Compiles into `params` as it goes, so placeholders and values stay in the same order. */
class Compiler {
  readonly params: Param[] = [];
  constructor(
    private readonly dialect: Dialect,
    private readonly now: Date,
  ) {}

  node(node: QueryNode): string {
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${node.children.map((child) => this.node(child)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        // `IS NOT TRUE` (not `NOT`) so a NULL inside, e.g. an absent custom field, negates to true.
        return `((${this.node(node.child)}) IS NOT TRUE)`;
      case 'text':
        this.params.push(this.dialect.fullTextQuery(node.words, node.prefix));
        return this.dialect.fullTextMatch();
      case 'field':
        return this.field(node);
    }
  }

  private bind(sql: string, ...values: Param[]): string {
    this.params.push(...values);
    return sql;
  }

  private field(term: FieldTerm): string {
    if (term.wildcard && term.op !== 'eq') throw fail(term, 'wildcards cannot be combined with a comparison');
    const name = term.field.toLowerCase();
    const column = COLUMNS.get(name);
    if (column) return this.column(term, column);
    if (name === 'label' || name === 'labels') return this.label(term, null);
    const dot = name.indexOf('.');
    const prefix = dot < 0 ? name : name.slice(0, dot);
    const rest = term.field.slice(dot + 1);
    if (dot >= 0 && (prefix === 'label' || prefix === 'labels') && rest !== '') return this.label(term, rest);
    const key = dot >= 0 && prefix === 'customfields' ? rest : term.field;
    if (!SAFE_IDENTIFIER.test(key)) {
      throw fail(term, 'invalid field name (use letters, digits and _, starting with a letter or _)');
    }
    return this.custom(term, key);
  }

  private column(term: FieldTerm, column: Column): string {
    const { sql } = column;
    if (term.wildcard) {
      if (!ONLY_STARS.test(term.value)) {
        if (column.kind === 'text' || column.kind === 'status') {
          return this.bind(this.dialect.ilike(sql), likePattern(term.value));
        }
        throw fail(term, 'patterns are only supported on text fields');
      }
      if (column.kind === 'text' || column.kind === 'status') return `${sql} <> ''`;
      return column.nullable ? `${sql} IS NOT NULL` : TRUE_SQL;
    }
    const op = SQL_OP[term.op];
    switch (column.kind) {
      case 'text':
        return term.op === 'eq'
          ? this.bind(`lower(${sql}) = lower(?)`, term.value)
          : this.bind(`${this.dialect.binaryText(sql)} ${op} ?`, term.value);
      case 'status': {
        if (term.op !== 'eq') throw fail(term, 'comparisons are not supported on status');
        const status = STATUS_NAMES.get(term.value.trim().toLowerCase());
        if (status === undefined) throw fail(term, `invalid status (use ${STATUSES.join(', ')} or 0-3)`);
        return this.bind(`${sql} = ?`, status);
      }
      case 'integer':
        if (!INTEGER.test(term.value.trim())) throw fail(term, 'invalid integer');
        return this.bind(`${sql} ${op} ?`, Number(term.value));
      case 'severity': {
        const text = term.value.trim().toLowerCase();
        const severity = /^[+-]?\d+$/.test(text) ? Number(text) : SEVERITY_NAMES.get(text);
        if (severity === undefined || !Number.isInteger(severity) || severity < 0 || severity > 4) {
          throw fail(term, `invalid severity (use 0-4 or ${[...SEVERITY_NAMES.keys()].join(', ')})`);
        }
        return this.bind(`${sql} ${op} ?`, severity);
      }
      case 'date':
        return this.date(term, column);
    }
  }

  private date(term: FieldTerm, column: Column): string {
    const { sql } = column;
    // `closed:""` is the natural spelling of "still open" (the same as `-closed:*`).
    if (term.value.trim() === '' && column.nullable && term.op === 'eq') return `${sql} IS NULL`;
    const date = resolveDate(term.value, this.now);
    if (!date) throw fail(term, 'invalid date (use 2026-01-31, 2026-01-31T10:00:00Z, "7 days ago", now or today)');
    const { start, end } = date;
    switch (term.op) {
      case 'eq':
        return end === null ? this.bind(`${sql} = ?`, start) : this.bind(`(${sql} >= ? AND ${sql} < ?)`, start, end);
      case 'gt':
        return end === null ? this.bind(`${sql} > ?`, start) : this.bind(`${sql} >= ?`, end);
      case 'gte':
        return this.bind(`${sql} >= ?`, start);
      case 'lt':
        return this.bind(`${sql} < ?`, start);
      case 'lte':
        return end === null ? this.bind(`${sql} <= ?`, start) : this.bind(`${sql} < ?`, end);
    }
  }

  private label(term: FieldTerm, type: string | null): string {
    if (term.op !== 'eq') throw fail(term, 'comparisons are not supported on labels');
    // The dialect can only test a label for equality, so "has any label" or patterns are refused.
    if (term.wildcard) throw fail(term, 'wildcards are not supported on labels');
    const sql = this.dialect.labelMatch('i.labels', type !== null);
    return type === null ? this.bind(sql, term.value) : this.bind(sql, type, term.value);
  }

  /** Each `jsonText`/`jsonNumber` holds two `?`, both bound to the key. */
  private custom(term: FieldTerm, key: string): string {
    const k = this.dialect.jsonKey(key);
    const text = this.dialect.jsonText('i.custom_fields');
    const number = this.dialect.jsonNumber('i.custom_fields');
    const value = term.value;
    if (term.wildcard) {
      return ONLY_STARS.test(value)
        ? this.bind(`COALESCE(${text}, '') <> ''`, k, k)
        : this.bind(this.dialect.ilike(text), k, k, likePattern(value));
    }
    const numeric = NUMBER.test(value.trim()) && Number.isFinite(Number(value));
    if (term.op !== 'eq') {
      return numeric
        ? this.bind(`${number} ${SQL_OP[term.op]} ?`, k, k, Number(value))
        : this.bind(`${this.dialect.binaryText(text)} ${SQL_OP[term.op]} ?`, k, k, value);
    }
    // An absent field reads as empty, so `x:""` is the same as `-x:*`.
    if (value === '') return this.bind(`COALESCE(${text}, '') = ''`, k, k);
    // A number matches 5 and 5.0 alike (their texts differ), and still the string "5".
    if (numeric) return this.bind(`(${number} = ? OR lower(${text}) = lower(?))`, k, k, Number(value), k, k, value);
    return this.bind(`lower(${text}) = lower(?)`, k, k, value);
  }
}

/**
 * Compiles a parsed query to a WHERE fragment; `'1=1'` for a null (empty) query. `now`
 * anchors relative dates. Semantic errors (bad severity, date, integer, field name, a
 * comparison on status or labels) throw `AppError('invalid_query')` naming field and value.
 */
export function compileIncidentQuery(ast: QueryNode | null, dialect: Dialect, now: Date): CompiledWhere {
  if (ast === null) return { sql: TRUE_SQL, params: [] };
  const compiler = new Compiler(dialect, now);
  const sql = compiler.node(ast);
  return { sql, params: compiler.params };
}
