import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SORT_FIELDS, sortValue, type Incident, type Severity, type SortField, type Status } from '../../src/core/incident.js';
import { parseQuery } from '../../src/core/query/index.js';
import { sampleIncidents } from '../../src/core/sample-incidents.js';
import type { Database } from '../../src/store/database.js';
import { compileIncidentQuery } from '../../src/store/incident-query.js';
import { IncidentRepository, type IncidentRecord } from '../../src/store/incident-repo.js';
import { migrate } from '../../src/store/migrate.js';
import { tenantMigrations } from '../../src/store/migrations/tenant.js';
import { withDb, type OpenStore } from './contract-core.js';

/** The fixed "now" of every fixture and query, so relative dates resolve the same everywhere. */
export const NOW = Date.parse('2026-03-15T12:00:00Z');
const ALL = { sql: '1=1', params: [] };

/** A stored record together with the id the engine gave it. */
export type Stored = IncidentRecord & { id: number };

const ms = (iso: string | undefined): number => {
  const t = Date.parse(iso ?? '');
  if (Number.isNaN(t)) throw new Error(`not a date: ${iso}`);
  return t;
};

/**
 * The sample incidents as records. `modified` and `closed` are spread differently from
 * `created`, so that every date sort is an order of its own, not a copy of another.
 */
export function sampleRecords(count: number): IncidentRecord[] {
  return sampleIncidents('acme', count, NOW).map((input, n): IncidentRecord => {
    const created = ms(input.created);
    const status = input.status ?? 'pending';
    const closed = status === 'done' || status === 'archive';
    return {
      name: input.name,
      type: input.type ?? '',
      severity: input.severity ?? 0,
      status,
      owner: input.owner ?? '',
      created,
      modified: created + ((n * 7_919_113) % 86_400_000),
      occurred: ms(input.occurred),
      closed: closed ? created + ((n * 104_729) % 3_600_000) + 60_000 : null,
      closeReason: closed ? (n % 2 ? 'Resolved' : 'False Positive') : '',
      closeNotes: closed ? `closed in run ${n}` : '',
      labels: input.labels ?? [],
      details: input.details ?? '',
      customFields: input.customFields ?? {},
    };
  });
}

/** Migrates a fresh database and stores `records`; the engine's ids come back with them. */
export async function seed(db: Database, records: readonly IncidentRecord[]): Promise<{ repo: IncidentRepository; stored: Stored[] }> {
  await migrate(db, tenantMigrations);
  const repo = new IncidentRepository(db);
  const ids = await repo.insert(records);
  assert.equal(ids.length, records.length);
  return { repo, stored: records.map((r, n) => ({ ...r, id: ids[n] ?? NaN })) };
}

function toIncident(r: Stored): Incident {
  const iso = (t: number) => new Date(t).toISOString();
  const { created, modified, occurred, closed, ...rest } = r;
  return { ...rest, created: iso(created), modified: iso(modified), occurred: iso(occurred), closed: closed === null ? null : iso(closed) };
}

/** Byte order of the UTF-8 text: what both engines sort by (JavaScript's `<` compares UTF-16 units). */
export const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The order a search must return, computed in plain TypeScript. */
function oracleOrder(stored: readonly Stored[], field: SortField, order: 'asc' | 'desc'): number[] {
  const dir = order === 'asc' ? 1 : -1;
  const value = (r: Stored): number | string => (field === 'name' ? r.name : r[field]);
  return [...stored]
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === 'string' && typeof vb === 'string' ? byteCompare(va, vb) : Number(va) - Number(vb);
      return dir * (c || a.id - b.id);
    })
    .map((r) => r.id);
}

const SORTS = SORT_FIELDS.flatMap((field) => (['asc', 'desc'] as const).map((order) => ({ field, order })));

/** Names that differ only in case, in bytes beyond ASCII, and beyond the BMP, plus a duplicate. */
const NAMES = ['alpha', 'Alpha', 'ALPHA', 'alpha ', 'Zulu', 'zulu', 'Ärger', 'ärger', 'éclair', 'Ωmega', '東京', '😀 smile', 'ｚ fullwidth', '_under', '~tilde', '10', '9', 'alpha'];
const NAMES_IN_BYTE_ORDER = ['10', '9', 'ALPHA', 'Alpha', 'Zulu', '_under', 'alpha', 'alpha', 'alpha ', 'zulu', '~tilde', 'Ärger', 'ärger', 'éclair', 'Ωmega', '東京', 'ｚ fullwidth', '😀 smile'];

export function defineIncidentContract(open: OpenStore): void {
  void describe('IncidentRepository', () => {
    void it('gets back every field of inserted incidents', () =>
      withDb(open, async (db) => {
        const special: IncidentRecord = {
          ...(sampleRecords(1)[0] as IncidentRecord),
          name: 'Ünïcode Москва "quoted" ? incident',
          status: 'done',
          closed: NOW - 1000,
          closeReason: 'Résolu',
          closeNotes: 'line 1\nline 2 ? $1',
          labels: [{ type: 'Émail', value: 'ceo@corp.example' }, { type: 'Host', value: '東京-01' }],
          customFields: { nested: { a: [1, 'two', null, true] }, ratio: 0.25, flag: false, empty: '', text: 'Grüße 😀' },
        };
        const { repo, stored } = await seed(db, [...sampleRecords(60), special]);
        assert.ok(stored.every((r, n) => n === 0 || r.id > (stored[n - 1]?.id ?? Infinity)), 'ids ascend in input order');
        for (const r of stored) assert.deepEqual(await repo.get(r.id), toIncident(r));
        assert.ok(stored.some((r) => r.closed === null) && stored.some((r) => r.closed !== null), 'fixture has open and closed');
        assert.equal(await repo.get(Math.max(...stored.map((r) => r.id)) + 1), undefined);
        assert.deepEqual(await repo.insert([]), []);
      }));

    void it('replaces an incident, its full-text index included', () =>
      withDb(open, async (db) => {
        const { repo, stored } = await seed(db, sampleRecords(3));
        const [a, b, c] = stored as [Stored, Stored, Stored];
        const text = (q: string) => repo.count(compileIncidentQuery(parseQuery(q), db.dialect, new Date(NOW)));
        // The old name carries the unique tag [ACME-00002]; the new name and details are new words.
        assert.deepEqual([await text('00002'), await text('zanzibar'), await text('quokka')], [1, 0, 0]);
        const next: IncidentRecord = { ...b, name: 'Renamed zanzibar', details: 'quokka', severity: 4, status: 'archive', closed: NOW, labels: [], customFields: { k: 1 } };
        assert.equal(await repo.replace(b.id, next), true);
        assert.deepEqual(await repo.get(b.id), toIncident({ ...next, id: b.id }));
        assert.deepEqual(await repo.get(a.id), toIncident(a));
        assert.deepEqual(await repo.get(c.id), toIncident(c));
        assert.equal(await repo.replace(c.id + 1000, next), false);
        assert.deepEqual([await text('00002'), await text('zanzibar'), await text('quokka')], [0, 1, 1]);
      }));

    void it('counts and summarises exactly what was inserted', () =>
      withDb(open, async (db) => {
        const { repo, stored } = await seed(db, sampleRecords(200));
        assert.equal(await repo.count(ALL), 200);
        const done = compileIncidentQuery(parseQuery('status:done'), db.dialect, new Date(NOW));
        assert.equal(await repo.count(done), stored.filter((r) => r.status === 'done').length);
        const expected = new Map<string, { status: Status; severity: Severity; count: number }>();
        for (const r of stored) {
          const key = `${r.status}/${r.severity}`;
          const e = expected.get(key) ?? { status: r.status, severity: r.severity, count: 0 };
          e.count++;
          expected.set(key, e);
        }
        const sorted = [...expected.values()].sort((x, y) => byteCompare(x.status, y.status) || x.severity - y.severity);
        const stats = await repo.stats();
        assert.deepEqual(stats, sorted);
        assert.equal(stats.reduce((sum, s) => sum + s.count, 0), 200);
      }));

    void it('sorts by every field in both orders, ties broken by id', () =>
      withDb(open, async (db) => {
        const base = sampleRecords(150);
        const named = NAMES.map((name, n): IncidentRecord => ({ ...(base[n] as IncidentRecord), name }));
        const { repo, stored } = await seed(db, [...base, ...named]);
        for (const sort of SORTS) {
          const found = await repo.search({ where: ALL, sort, limit: 10_000 });
          assert.deepEqual(found.map((i) => i.id), oracleOrder(stored, sort.field, sort.order), `${sort.field} ${sort.order}`);
        }
      }));

    void it('pages with `after` through all rows, 37 at a time, as one big query does', () =>
      withDb(open, async (db) => {
        const { repo, stored } = await seed(db, sampleRecords(250));
        for (const sort of SORTS) {
          const whole = (await repo.search({ where: ALL, sort, limit: 10_000 })).map((i) => i.id);
          const paged: number[] = [];
          let after: { value: number | string; id: number } | undefined;
          for (let page = 0; page < 100; page++) {
            const items = await repo.search({ where: ALL, sort, limit: 37, after });
            assert.ok(items.length <= 37);
            paged.push(...items.map((i) => i.id));
            const last = items[items.length - 1];
            if (items.length < 37 || !last) break;
            after = { value: sortValue(last, sort.field), id: last.id };
          }
          const label = `${sort.field} ${sort.order}`;
          assert.deepEqual(paged, whole, label);
          assert.equal(new Set(paged).size, stored.length, label);
        }
      }));

    void it('orders names by UTF-8 bytes: case, accents and characters beyond the BMP', () =>
      withDb(open, async (db) => {
        const base = sampleRecords(NAMES.length);
        const { repo, stored } = await seed(db, NAMES.map((name, n): IncidentRecord => ({ ...(base[n] as IncidentRecord), name })));
        const asc = await repo.search({ where: ALL, sort: { field: 'name', order: 'asc' }, limit: 100 });
        assert.deepEqual(asc.map((i) => i.name), NAMES_IN_BYTE_ORDER);
        assert.deepEqual(asc.map((i) => i.id), oracleOrder(stored, 'name', 'asc'));
        const desc = await repo.search({ where: ALL, sort: { field: 'name', order: 'desc' }, limit: 100 });
        assert.deepEqual(desc.map((i) => i.name), [...NAMES_IN_BYTE_ORDER].reverse());
        // Keyset paging on a name resumes at the right place across the duplicate 'alpha'.
        const [first, second] = asc.slice(6, 8) as [Incident, Incident];
        assert.equal(first.name, 'alpha');
        const rest = await repo.search({ where: ALL, sort: { field: 'name', order: 'asc' }, limit: 100, after: { value: first.name, id: first.id } });
        assert.deepEqual(rest.map((i) => i.id), asc.slice(7).map((i) => i.id));
        assert.equal(rest[0]?.id, second.id);
      }));
  });
}
