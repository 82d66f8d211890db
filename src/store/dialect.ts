/**
 * Everything that differs between SQLite and PostgreSQL SQL, behind one adapter, so that
 * repositories and the query compiler write their SQL once with `?` placeholders.
 * PostgreSQL's database object rewrites `?` to `$n` before sending.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /**
   * A boolean SQL expression true for incidents (alias `i`) whose name or details match the
   * full-text query bound to the next `?`. The bound value comes from `fullTextQuery`.
   */
  fullTextMatch(): string;
  /** The value to bind for `fullTextMatch`: all words must match; `prefix` makes the last a prefix. */
  fullTextQuery(words: string[], prefix: boolean): string;
  /**
   * SQL text of a custom field, or NULL. It holds TWO `?`, both bound to `jsonKey(key)`.
   */
  jsonText(column: string): string;
  /** SQL number of a custom field whose JSON value is a number, else NULL (TWO `?`, as above). */
  jsonNumber(column: string): string;
  /** The value to bind for the key of `jsonText`/`jsonNumber`. */
  jsonKey(key: string): string;
  /**
   * A boolean SQL expression true when the JSON array of `{type, value}` labels in `column`
   * has an element whose value equals (case-insensitively) the next bound `?`; when `withType`
   * is set, the first bound `?` is the label type (case-insensitive) and the second the value.
   */
  labelMatch(column: string, withType: boolean): string;
  /**
   * SQL that indexes for full text the incidents whose ids lie between the two bound `?`,
   * run after each insert batch (one statement per batch beats a per-row trigger); null
   * where the index maintains itself (PostgreSQL's generated tsvector column).
   */
  fullTextIndexRange(): string | null;
  /**
   * SQL that refreshes the planner's statistics after bulk writes, or null where the
   * server does it by itself (PostgreSQL's autovacuum). Without them SQLite may choose a
   * selective-looking index and sort, where walking the date index would stop after 50 rows.
   */
  refreshStatistics(): string | null;
  /** Case-insensitive LIKE (the pattern uses % and _ and `\` as escape). */
  ilike(expr: string): string;
  /** Text comparison in byte order, so sort order matches JavaScript's merge. */
  binaryText(expr: string): string;
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  fullTextMatch: () => 'i.id IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)',
  fullTextQuery: (words, prefix) =>
    words
      .map((w, n) => `"${w.replace(/"/g, '""')}"${prefix && n === words.length - 1 ? '*' : ''}`)
      .join(' '),
  jsonText: (column) =>
    `(CASE WHEN json_type(${column}, ?1) IN ('text','integer','real','true','false') THEN CAST(json_extract(${column}, ?1) AS TEXT) END)`.replace(
      /\?1/g,
      '?',
    ),
  jsonNumber: (column) => `(CASE WHEN json_type(${column}, ?) IN ('integer','real') THEN json_extract(${column}, ?) END)`,
  jsonKey: (key) => `$."${key.replace(/"/g, '""')}"`,
  labelMatch: (column, withType) =>
    withType
      ? `EXISTS (SELECT 1 FROM json_each(${column}) l WHERE lower(json_extract(l.value, '$.type')) = lower(?) AND lower(json_extract(l.value, '$.value')) = lower(?))`
      : `EXISTS (SELECT 1 FROM json_each(${column}) l WHERE lower(json_extract(l.value, '$.value')) = lower(?))`,
  fullTextIndexRange: () => 'INSERT INTO incidents_fts(rowid, name, details) SELECT id, name, details FROM incidents WHERE id BETWEEN ? AND ?',
  // Bounded by the analysis_limit set at open, so it stays cheap on large tables.
  refreshStatistics: () => 'PRAGMA optimize',
  ilike: (expr) => `lower(${expr}) LIKE lower(?) ESCAPE '\\'`,
  binaryText: (expr) => expr,
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  fullTextMatch: () => "i.search @@ to_tsquery('simple', ?)",
  fullTextQuery: (words, prefix) =>
    words
      .map((w, n) => {
        // Quote each word as a tsquery lexeme so no user character acts as an operator.
        const lexeme = `'${w.toLowerCase().replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
        return prefix && n === words.length - 1 ? `${lexeme}:*` : lexeme;
      })
      .join(' & '),
  jsonText: (column) => `(CASE WHEN jsonb_typeof(${column} -> ?) IN ('string','number','boolean') THEN ${column} ->> ? END)`,
  jsonNumber: (column) => `(CASE WHEN jsonb_typeof(${column} -> ?) = 'number' THEN (${column} ->> ?)::numeric END)`,
  jsonKey: (key) => key,
  labelMatch: (column, withType) =>
    withType
      ? `EXISTS (SELECT 1 FROM jsonb_array_elements(${column}) l WHERE lower(l ->> 'type') = lower(?) AND lower(l ->> 'value') = lower(?))`
      : `EXISTS (SELECT 1 FROM jsonb_array_elements(${column}) l WHERE lower(l ->> 'value') = lower(?))`,
  fullTextIndexRange: () => null,
  refreshStatistics: () => null,
  ilike: (expr) => `${expr} ILIKE ? ESCAPE '\\'`,
  binaryText: (expr) => `(${expr} COLLATE "C")`,
};
