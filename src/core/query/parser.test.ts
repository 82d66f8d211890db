import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.js';
import { parseQuery, resolveDate, type QueryNode } from './index.js';

/** A compact rendering of the tree, so expectations read like the query. */
function show(node: QueryNode | null): string {
  if (node === null) return 'null';
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.children.map(show).join(` ${node.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${show(node.child)}`;
    case 'text':
      return `text[${node.words.join(',')}${node.prefix ? '*' : ''}]`;
    case 'field': {
      const op = { eq: ':', gt: ':>', gte: ':>=', lt: ':<', lte: ':<=' }[node.op];
      return `${node.field}${op}${node.quoted ? JSON.stringify(node.value) : node.value}${node.wildcard ? '~' : ''}`;
    }
  }
}

function parsed(text: string): string {
  return show(parseQuery(text));
}

function rejects(text: string, message: string | RegExp): void {
  assert.throws(
    () => parseQuery(text),
    (err: unknown) => {
      assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
      assert.equal(err.code, 'invalid_query');
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    },
  );
}

void describe('parseQuery', () => {
  void it('returns null for empty or blank text', () => {
    assert.equal(parseQuery(''), null);
    assert.equal(parseQuery('  \t\n '), null);
  });

  void it('reads field terms, operators and quoted values', () => {
    assert.equal(parsed('severity:high'), 'severity:high');
    assert.equal(parsed('name:"two words"'), 'name:"two words"');
    assert.equal(parsed('owner:""'), 'owner:""');
    assert.equal(parsed('id:>=5 id:>6 id:<7 id:<=8'), '(id:>=5 AND id:>6 AND id:<7 AND id:<=8)');
    assert.equal(parsed('created:>="7 days ago"'), 'created:>="7 days ago"');
    assert.equal(parsed('name:"say \\"hi\\" \\\\ there"'), 'name:"say \\"hi\\" \\\\ there"');
  });

  void it('keeps colons and dashes inside unquoted values (dates need no quotes)', () => {
    assert.equal(parsed('created:>=2026-01-01T10:00:00+02:00'), 'created:>=2026-01-01T10:00:00+02:00');
    assert.equal(parsed('customFields.url:http://x'), 'customFields.url:http://x');
  });

  void it('marks unquoted values with * as wildcards, but not quoted ones', () => {
    assert.equal(parsed('name:*phish*'), 'name:*phish*~');
    assert.equal(parsed('name:"*phish*"'), 'name:"*phish*"');
    assert.equal(parsed('closed:*'), 'closed:*~');
  });

  void it('reads free text: bare words, prefixes, phrases', () => {
    assert.equal(parsed('phishing'), 'text[phishing]');
    assert.equal(parsed('phish*'), 'text[phish*]');
    assert.equal(parsed('"credential harvest"'), 'text[credential,harvest]');
    assert.equal(parsed('"phish*"'), 'text[phish]', 'a quoted phrase is never a prefix');
    assert.equal(parsed('foo-bar.baz'), 'text[foo,bar,baz]');
    assert.equal(parsed('Ünïcode Москва 東京'), '(text[Ünïcode] AND text[Москва] AND text[東京])');
  });

  void it('applies NOT > AND > OR with implicit AND', () => {
    assert.equal(parsed('a b or c'), '((text[a] AND text[b]) OR text[c])');
    assert.equal(parsed('a or b c'), '(text[a] OR (text[b] AND text[c]))');
    assert.equal(parsed('a AND b OR c AND d'), '((text[a] AND text[b]) OR (text[c] AND text[d]))');
    assert.equal(parsed('not a b'), '(NOT text[a] AND text[b])');
    assert.equal(parsed('-a or b'), '(NOT text[a] OR text[b])');
    assert.equal(parsed('NOT not a'), 'NOT NOT text[a]');
    assert.equal(parsed('-severity:low -(a OR b)'), '(NOT severity:low AND NOT (text[a] OR text[b]))');
    assert.equal(parsed('a AnD b'), '(text[a] AND text[b])', 'keywords are case-insensitive');
    assert.equal(parsed('"and" "OR"'), '(text[and] AND text[OR])', 'quoted keywords are words');
  });

  void it('handles nested parentheses and flattens same-kind groups', () => {
    assert.equal(parsed('((a and (b c)) or (d or e))'), '((text[a] AND text[b] AND text[c]) OR text[d] OR text[e])');
    assert.equal(parsed('(((a)))'), 'text[a]');
    assert.equal(parsed('(a)(b)'), '(text[a] AND text[b])');
  });

  void it('reports syntax errors with the 1-based position and the token', () => {
    rejects('severity:high )', 'unexpected ")" at position 15');
    rejects('(a or b', 'missing ")" for "(" at position 1');
    rejects('owner:"abc', 'unterminated quoted value at position 7');
    rejects('"abc', 'unterminated quoted value at position 1');
    rejects('severity: high', 'expected a value after "severity:" at position 10');
    rejects('id:>=', 'expected a value after "id:>=" at position 6');
    rejects('a and', 'expected a term after "and" at position 6');
    rejects('a or or b', 'unexpected "or" at position 6');
    rejects('and a', 'unexpected "and" at position 1');
    rejects('And oR', 'unexpected "And" at position 1');
    rejects('not', 'expected a term after "not" at position 4');
    rejects('()', 'unexpected ")" at position 2');
    rejects(':x', /^unexpected ":" at position 1/);
    rejects('a -', 'search term "-" has no words at position 3');
    rejects('*', 'search term "*" has no words at position 1');
    rejects('"  "', 'search term "\\"  \\"" has no words at position 1');
    rejects('name:(a)', 'expected a value after "name:" at position 6');
  });

  void it('enforces the length, depth and term limits', () => {
    assert.ok(parseQuery(`name:"${'x'.repeat(3990)}"`));
    rejects('x'.repeat(4001), 'query is longer than 4000 characters (4001)');
    assert.ok(parseQuery(`${'('.repeat(32)}a${')'.repeat(32)}`));
    rejects(`${'('.repeat(33)}a${')'.repeat(33)}`, 'query nests deeper than 32 levels at position 33');
    rejects(`${'-'.repeat(40)}a`, /^query nests deeper than 32 levels/);
    assert.ok(parseQuery(Array.from({ length: 200 }, (_, n) => `w${n}`).join(' ')));
    rejects(Array.from({ length: 201 }, () => 'w').join(' '), 'query has more than 200 terms: "w" at position 401');
  });

  void it('throws nothing but AppError on random input', () => {
    const alphabet = ['a', 'b', 'X', ' ', ' ', ':', '"', '\\', '(', ')', '-', '*', '>', '<', '=', '.', 'or', 'AND', 'not', 'é', '0', '7'];
    let seed = 12345;
    const random = (n: number): number => {
      // A small LCG: deterministic, so a failure can be reproduced.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 5000; run++) {
      let text = '';
      const length = random(30);
      for (let n = 0; n < length; n++) text += alphabet[random(alphabet.length)] ?? '';
      try {
        parseQuery(text);
      } catch (err) {
        assert.ok(err instanceof AppError && err.code === 'invalid_query', `${JSON.stringify(text)} threw ${String(err)}`);
      }
    }
  });
});

void describe('resolveDate', () => {
  const now = new Date('2026-03-15T12:34:56.789Z');
  const ms = (iso: string): number => Date.parse(iso);

  void it('reads ISO dates as whole UTC days', () => {
    assert.deepEqual(resolveDate('2026-01-01', now), { start: ms('2026-01-01T00:00:00Z'), end: ms('2026-01-02T00:00:00Z') });
    assert.deepEqual(resolveDate('2024-02-29', now), { start: ms('2024-02-29T00:00:00Z'), end: ms('2024-03-01T00:00:00Z') });
  });

  void it('reads ISO date-times as instants, UTC when no zone is given', () => {
    assert.deepEqual(resolveDate('2026-01-01T10:20:30', now), { start: ms('2026-01-01T10:20:30Z'), end: null });
    assert.deepEqual(resolveDate('2026-01-01T10:20:30Z', now), { start: ms('2026-01-01T10:20:30Z'), end: null });
    assert.deepEqual(resolveDate('2026-01-01t10:20', now), { start: ms('2026-01-01T10:20:00Z'), end: null });
    assert.deepEqual(resolveDate('2026-01-01T10:20:30.5+02:00', now), { start: ms('2026-01-01T08:20:30.500Z'), end: null });
    assert.deepEqual(resolveDate('2026-01-01 10:20:30-0530', now), { start: ms('2026-01-01T15:50:30Z'), end: null });
  });

  void it('reads relative forms against the given now', () => {
    const at = (delta: number) => ({ start: now.getTime() - delta, end: null });
    assert.deepEqual(resolveDate('now', now), at(0));
    assert.deepEqual(resolveDate('30 minutes ago', now), at(30 * 60_000));
    assert.deepEqual(resolveDate('1 minute ago', now), at(60_000));
    assert.deepEqual(resolveDate('3 hours ago', now), at(3 * 3_600_000));
    assert.deepEqual(resolveDate('7 Days Ago', now), at(7 * 86_400_000));
    assert.deepEqual(resolveDate('2 weeks ago', now), at(14 * 86_400_000));
    assert.deepEqual(resolveDate('1 month ago', now), at(30 * 86_400_000));
    assert.deepEqual(resolveDate('today', now), { start: ms('2026-03-15T00:00:00Z'), end: ms('2026-03-16T00:00:00Z') });
    assert.deepEqual(resolveDate('yesterday', now), { start: ms('2026-03-14T00:00:00Z'), end: ms('2026-03-15T00:00:00Z') });
  });

  void it('returns null for anything else', () => {
    for (const bad of ['', 'soon', '2026-02-30', '2026-13-01', '2026-1-1', '2026-01-01T24:00', '2026-01-01T10:00+25:00', '7 fortnights ago', 'days ago', '-1 days ago', '999999999 years ago', '2026-01-01T10:00:00ZZ']) {
      assert.equal(resolveDate(bad, now), null, bad);
    }
    assert.equal(resolveDate('now', new Date(Number.NaN)), null);
  });
});
