import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident, Sort } from '../../core/incident.js';
import { afterFor, compareMerged } from './merge.js';

type Row = Incident & { tenant: string };

function row(tenant: string, id: number, severity: number, created: string): Row {
  return {
    tenant, id, name: `${tenant}-${id}`, type: '', severity: severity as Incident['severity'], status: 'pending', owner: '',
    created, modified: created, occurred: created, closed: null, closeReason: '', closeNotes: '', labels: [], details: '', customFields: {},
  };
}

/** Simulates tenants answering keyset queries the way the repository does. */
function pageFrom(rows: Row[], sort: Sort, after: { value: number | string; id: number } | undefined, size: number): Row[] {
  const asc = sort.order === 'asc';
  const val = (r: Row): number => (sort.field === 'severity' ? r.severity : sort.field === 'id' ? r.id : Date.parse(r.created));
  return rows
    .filter((r) => {
      if (!after) return true;
      if (sort.field === 'id') return asc ? r.id > after.id : r.id < after.id;
      const v = val(r);
      const av = Number(after.value);
      return asc ? v > av || (v === av && r.id > after.id) : v < av || (v === av && r.id < after.id);
    })
    .sort((a, b) => (asc ? 1 : -1) * (val(a) - val(b) || a.id - b.id))
    .slice(0, size);
}

void describe('cross-tenant merge and cursors', () => {
  const tenants: Record<string, Row[]> = {};
  for (const t of ['a', 'b', 'c']) {
    tenants[t] = Array.from({ length: 40 }, (_, i) => row(t, i + 1, (i * 7 + t.charCodeAt(0)) % 5, `2026-01-0${1 + (i % 3)}T00:00:00.000Z`));
  }
  const all = Object.values(tenants).flat();

  for (const sort of [
    { field: 'severity', order: 'desc' },
    { field: 'severity', order: 'asc' },
    { field: 'created', order: 'desc' },
    { field: 'id', order: 'asc' },
    { field: 'id', order: 'desc' },
  ] as Sort[]) {
    void it(`pages through every row once, in order, by ${sort.field} ${sort.order} with many ties`, () => {
      const expected = [...all].sort((x, y) => compareMerged(sort, x, y));
      const got: Row[] = [];
      let cursor: { v: number | string; t: string; id: number } | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const merged = Object.entries(tenants)
          .flatMap(([t, rows]) => pageFrom(rows, sort, cursor ? afterFor(sort, cursor, t) : undefined, 7))
          .sort((x, y) => compareMerged(sort, x, y))
          .slice(0, 7);
        if (merged.length === 0) break;
        got.push(...merged);
        const last = merged[merged.length - 1]!;
        const v = sort.field === 'severity' ? last.severity : sort.field === 'id' ? last.id : Date.parse(last.created);
        cursor = { v, t: last.tenant, id: last.id };
      }
      assert.deepEqual(got.map((r) => r.name), expected.map((r) => r.name));
    });
  }
});
