import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors.js';
import { parseQuery } from '../core/query/index.js';
import { postgresDialect, sqliteDialect, type Dialect } from './dialect.js';
import { compileIncidentQuery, type CompiledWhere } from './incident-query.js';

const NOW = new Date('2026-03-15T12:00:00Z');
const HOUR = 3_600_000;
const ms = (iso: string): number => Date.parse(iso);

const db = new Database(':memory:');
db.exec(`
  CREATE TABLE incidents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL DEFAULT '', severity INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'pending', owner TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, modified INTEGER NOT NULL, occurred INTEGER NOT NULL, closed INTEGER, close_reason TEXT NOT NULL DEFAULT '', close_notes TEXT NOT NULL DEFAULT '', labels TEXT NOT NULL DEFAULT '[]', details TEXT NOT NULL DEFAULT '', custom_fields TEXT NOT NULL DEFAULT '{}');
  CREATE VIRTUAL TABLE incidents_fts USING fts5(name, details, content='incidents', content_rowid='id');
`);
after(() => db.close());

/** One seeded incident; dates are ISO text here and epoch ms in the table. */
type Row = { id: number; name: string; type: string; severity: number; status: string; owner: string; created: string };
type Extra = { closed: string | null; closeReason: string; labels: { type: string; value: string }[]; details: string; custom: Record<string, unknown> };

// Raw JSON for id 1 so that `ratio` is stored as the real 5.0, not the integer 5.
const ROWS: (Row & Extra & { customJson?: string })[] = [
  { id: 1, name: 'Phishing email from CEO', type: 'Phishing', severity: 3, status: 'active', owner: 'alice', created: '2026-01-01T10:00:00Z', closed: null, closeReason: '', labels: [{ type: 'Email', value: 'ceo@corp.com' }], details: 'User reported a suspicious link', custom: {}, customJson: '{"score":80,"region":"EMEA","ratio":5.0}' },
  { id: 2, name: 'Malware on host WS-12', type: 'Malware', severity: 4, status: 'done', owner: 'bob', created: '2026-01-01T23:59:59.999Z', closed: '2026-01-05T00:00:00Z', closeReason: 'Resolved', labels: [{ type: 'Host', value: 'WS-12' }], details: 'EDR alert on endpoint', custom: { score: 95, region: 'APAC', flag: true } },
  { id: 3, name: 'Login 100% failed_attempts', type: 'Access', severity: 1, status: 'pending', owner: '', created: '2026-01-02T00:00:00Z', closed: null, closeReason: '', labels: [], details: 'brute force from 10.0.0.1 C:\\temp', custom: { score: '80' } },
  { id: 4, name: 'phishing-campaign wave 2', type: 'Phishing', severity: 2, status: 'archive', owner: 'Alice', created: '2026-03-10T12:00:00Z', closed: '2026-03-12T00:00:00Z', closeReason: 'Duplicate', labels: [{ type: 'Email', value: 'x@y.z' }, { type: 'Campaign', value: 'Wave2' }], details: 'second wave', custom: { region: 'emea', notes: '' } },
  { id: 5, name: 'Ünïcode Москва incident', type: '', severity: 0, status: 'active', owner: 'carol', created: '2026-03-15T11:30:00Z', closed: null, closeReason: '', labels: [], details: 'Les données', custom: {} },
  { id: 6, name: 'Name with "quotes" and under_score', type: 'Other', severity: 2, status: 'pending', owner: 'dave', created: '2025-12-31T23:59:59Z', closed: null, closeReason: '', labels: [], details: '', custom: { a_b: 'x%y', score: 79.5 } },
];

const insert = db.prepare(
  `INSERT INTO incidents (id, name, type, severity, status, owner, created, modified, occurred, closed, close_reason, labels, details, custom_fields)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertFts = db.prepare('INSERT INTO incidents_fts(rowid, name, details) VALUES (?, ?, ?)');
for (const r of ROWS) {
  const created = ms(r.created);
  // modified an hour after creation and occurred an hour before, for every row.
  insert.run(r.id, r.name, r.type, r.severity, r.status, r.owner, created, created + HOUR, created - HOUR, r.closed === null ? null : ms(r.closed), r.closeReason, JSON.stringify(r.labels), r.details, r.customJson ?? JSON.stringify(r.custom));
  insertFts.run(r.id, r.name, r.details);
}

const ALL = ROWS.map((r) => r.id);

function placeholders(where: CompiledWhere): number {
  return where.sql.match(/\?/g)?.length ?? 0;
}

function compile(query: string, dialect: Dialect = sqliteDialect): CompiledWhere {
  return compileIncidentQuery(parseQuery(query), dialect, NOW);
}

function run(where: CompiledWhere): number[] {
  const rows = db.prepare(`SELECT i.id FROM incidents i WHERE ${where.sql} ORDER BY i.id`).all(...where.params) as { id: number }[];
  return rows.map((row) => row.id);
}

function ids(query: string): number[] {
  return run(compile(query));
}

/** Query → the ids it must return from the seeded rows. */
const CASES: [string, number[]][] = [
  ['', ALL],
  ['   ', ALL],
  // severity: numbers, names, comparisons
  ['severity:high', [1]],
  ['severity:3', [1]],
  ['Severity:>=High', [1, 2]],
  ['severity:<medium', [3, 5]],
  ['severity:unknown', [5]],
  ['severity:informational', [5]],
  ['severity:>2 or severity:0', [1, 2, 5]],
  // status: names, XSOAR numbers, the "closed" alias
  ['status:active', [1, 5]],
  ['status:1', [1, 5]],
  ['status:closed', [2]],
  ['status:2', [2]],
  ['STATUS:Archive', [4]],
  ['status:*', ALL],
  // text columns: case-insensitive equality, empty value, wildcards with escaping, byte order
  ['owner:alice', [1, 4]],
  ['owner:""', [3]],
  ['-owner:""', [1, 2, 4, 5, 6]],
  ['owner:*', [1, 2, 4, 5, 6]],
  ['name:*phish*', [1, 4]],
  ['NAME:PHISH*', [1, 4]],
  ['name:*wave*', [4]],
  ['name:*100%*', [3]],
  ['name:*0%*', [3]],
  ['name:*_*', [3, 6]],
  ['name:*%', []],
  ['details:*\\temp', [3]],
  ['details:*\\\\temp', []],
  ['name:"Name with \\"quotes\\" and under_score"', [6]],
  ['name:"*phish*"', []],
  ['name:"Ünïcode Москва incident"', [5]],
  ['name:>m', [4, 5]],
  ['name:<=M', [3]],
  ['type:phishing', [1, 4]],
  ['type:""', [5]],
  ['closeReason:resolved', [2]],
  ['closereason:*', [2, 4]],
  // id
  ['id:3', [3]],
  ['id:>=4', [4, 5, 6]],
  ['id:<2 or id:>5', [1, 6]],
  ['id:*', ALL],
  // free text (FTS5 over name and details)
  ['phishing', [1, 4]],
  ['PHISH*', [1, 4]],
  ['campaign', [4]],
  ['москва', [5]],
  ['données', [5]],
  ['"suspicious link"', [1]],
  ['link suspicious', [1]],
  ['edr endpoint', [2]],
  ['ws-12', [2]],
  ['"ws 12"', [2]],
  ['nothinglikethis', []],
  // boolean structure and precedence
  ['phishing -name:*wave*', [1]],
  ['not phishing', [2, 3, 5, 6]],
  ['NOT (phishing OR malware)', [3, 5, 6]],
  ['phishing or malware', [1, 2, 4]],
  ['phishing and severity:>=3 or status:pending', [1, 3, 6]],
  ['phishing and (severity:>=3 or status:archive)', [1, 4]],
  ['((type:phishing) (owner:alice)) or (id:5 -status:done)', [1, 4, 5]],
  ['not -owner:bob', [2]],
  ['-(-owner:bob)', [2]],
  // dates: whole UTC days, instants, relative values, open incidents
  ['created:2026-01-01', [1, 2]],
  ['created:>2026-01-01', [3, 4, 5]],
  ['created:>=2026-01-01', [1, 2, 3, 4, 5]],
  ['created:<2026-01-01', [6]],
  ['created:<=2026-01-01', [1, 2, 6]],
  ['created:2026-01-02T00:00:00Z', [3]],
  ['created:2026-01-02T01:00:00+01:00', [3]],
  ['created:"2026-01-01 23:59:59.999"', [2]],
  ['created:>2026-01-01T23:59:59.999', [3, 4, 5]],
  ['created:>"7 days ago"', [4, 5]],
  ['created:>="30 minutes ago"', [5]],
  ['created:>"30 minutes ago"', []],
  ['created:today', [5]],
  ['created:<today', [1, 2, 3, 4, 6]],
  ['created:<=now', ALL],
  ['modified:>=2026-03-15T12:00:00Z', [5]],
  ['occurred:<2026-01-01', [6]],
  ['closed:*', [2, 4]],
  ['-closed:*', [1, 3, 5, 6]],
  ['closed:""', [1, 3, 5, 6]],
  ['closed:>=2026-03-01', [4]],
  ['-closed:>=2026-03-01', [1, 2, 3, 5, 6]],
  ['closed:2026-01-05', [2]],
  // labels
  ['label:ceo@corp.com', [1]],
  ['labels:WAVE2', [4]],
  ['label.email:x@y.z', [4]],
  ['Label.Host:ws-12', [2]],
  ['label.email:ws-12', []],
  ['-label:wave2', [1, 2, 3, 5, 6]],
  // custom fields: text (case-insensitive), numbers, presence, negation of absent fields
  ['customFields.region:emea', [1, 4]],
  ['region:EMEA', [1, 4]],
  ['-region:emea', [2, 3, 5, 6]],
  ['region:*', [1, 2, 4]],
  ['-region:*', [3, 5, 6]],
  ['region:""', [3, 5, 6]],
  ['notes:""', ALL],
  ['region:*me*', [1, 4]],
  ['region:>b', [4]],
  ['score:>=80', [1, 2]],
  ['score:80', [1, 3]],
  ['score:<80', [6]],
  ['score:79.5', [6]],
  ['ratio:5', [1]],
  ['a_b:*%*', [6]],
  ['a_b:x%y', [6]],
  ['customFields.missing:x', []],
  ['-customFields.missing:x', ALL],
  // hostile values are bound, never spliced
  [`name:"x' OR '1'='1"`, []],
  ['"\'; DROP TABLE incidents; --"', []],
  ['name:"\\") OR 1=1 --"', []],
];

void describe('compileIncidentQuery on SQLite', () => {
  for (const [query, expected] of CASES) {
    void it(`${JSON.stringify(query)} → [${expected.join(', ')}]`, () => {
      assert.deepEqual(ids(query), expected);
    });
  }

  void it('still has its table after the hostile queries', () => {
    assert.deepEqual(ids('id:>0'), ALL);
  });

  void it('compiles a null tree to 1=1 with no parameters', () => {
    assert.deepEqual(compileIncidentQuery(null, sqliteDialect, NOW), { sql: '1=1', params: [] });
  });

  void it('binds values and never puts them into the SQL text', () => {
    const where = compile('name:"secret-value" label.kind:other customFields.key_1:zzz');
    assert.ok(!where.sql.includes('secret-value'));
    assert.ok(!where.sql.includes('other'));
    assert.ok(!where.sql.includes('zzz'));
    assert.ok(where.params.includes('secret-value'));
  });
});

void describe('compileIncidentQuery placeholders', () => {
  void it('has as many ? as parameters in both dialects', () => {
    for (const [query] of CASES) {
      for (const dialect of [sqliteDialect, postgresDialect]) {
        const where = compile(query, dialect);
        assert.equal(placeholders(where), where.params.length, `${dialect.name}: ${query}`);
      }
    }
  });

  void it('binds the same parameter kinds in both dialects', () => {
    const query = 'severity:>=high region:emea score:>1 label.email:a phish* created:>="7 days ago"';
    const sqlite = compile(query, sqliteDialect);
    const postgres = compile(query, postgresDialect);
    assert.equal(sqlite.params.length, postgres.params.length);
    assert.deepEqual(
      sqlite.params.map((p) => typeof p),
      postgres.params.map((p) => typeof p),
    );
  });
});

void describe('compileIncidentQuery semantic errors', () => {
  const ERRORS: [string, RegExp][] = [
    ['severity:extreme', /^invalid severity .* for field "severity", value "extreme" at position 10$/],
    ['severity:5', /field "severity", value "5"/],
    ['severity:1.5', /field "severity", value "1.5"/],
    ['id:abc', /^invalid integer for field "id", value "abc" at position 4$/],
    ['id:1.5', /field "id", value "1.5"/],
    ['status:>active', /^comparisons are not supported on status for field "status", value "active"/],
    ['status:open', /^invalid status .* value "open"/],
    ['created:soon', /^invalid date .* for field "created", value "soon"/],
    ['created:""', /field "created", value ""/],
    ['closed:>""', /field "closed", value ""/],
    ['created:2026-02-30', /value "2026-02-30"/],
    ['a-b:x', /^invalid field name .* for field "a-b", value "x"/],
    ['customFields.a.b:x', /field "customFields.a.b"/],
    ['customFields.:x', /field "customFields."/],
    ['1abc:x', /field "1abc"/],
    ['label:>x', /^comparisons are not supported on labels/],
    ['label:*', /^wildcards are not supported on labels/],
    ['name:>ab*', /^wildcards cannot be combined with a comparison/],
    ['id:1*', /^patterns are only supported on text fields/],
    ['closed:2026*', /^patterns are only supported on text fields/],
  ];
  for (const [query, message] of ERRORS) {
    void it(`rejects ${JSON.stringify(query)}`, () => {
      assert.throws(
        () => compile(query),
        (err: unknown) => err instanceof AppError && err.code === 'invalid_query' && message.test(err.message),
      );
    });
  }
});

void describe('random queries', () => {
  void it('either run on SQLite or throw AppError, and never break placeholder counts', () => {
    const alphabet = ['a', 'phish', 'name', 'severity', 'high', 'closed', 'created', 'label', 'label.x', 'customFields.k', 'status', 'id', '2026-01-01', '7 days ago', '5', ' ', ' ', ':', ':>=', ':<', '"', '\\', '(', ')', '-', '*', '%', '_', "'", '.', 'or', 'AND', 'not', 'é'];
    let seed = 987654321;
    const random = (n: number): number => {
      // A small LCG: deterministic, so a failure can be reproduced.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let compiled = 0;
    for (let runs = 0; runs < 3000; runs++) {
      let text = '';
      const length = 1 + random(14);
      for (let n = 0; n < length; n++) text += alphabet[random(alphabet.length)] ?? '';
      let where: CompiledWhere;
      try {
        where = compile(text);
        const postgres = compile(text, postgresDialect);
        assert.equal(placeholders(postgres), postgres.params.length, text);
      } catch (err) {
        assert.ok(err instanceof AppError && err.code === 'invalid_query', `${JSON.stringify(text)} threw ${String(err)}`);
        continue;
      }
      assert.equal(placeholders(where), where.params.length, text);
      assert.doesNotThrow(() => run(where), `${JSON.stringify(text)} → ${where.sql}`);
      compiled++;
    }
    // The alphabet is meant to produce valid queries too, or the SQL side is not exercised.
    assert.ok(compiled > 300, `only ${compiled} random queries compiled`);
  });
});
