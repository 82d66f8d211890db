import { sortValue, type Incident, type Sort } from '../../core/incident.js';

/** Position in the merged order: sort value, then tenant id (ascending), then incident id. */
export interface MergeCursor {
  v: number | string;
  t: string;
  id: number;
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareMerged(sort: Sort, a: Incident & { tenant: string }, b: Incident & { tenant: string }): number {
  const dir = sort.order === 'asc' ? 1 : -1;
  return dir * cmp(sortValue(a, sort.field), sortValue(b, sort.field)) || cmp(a.tenant, b.tenant) || dir * (a.id - b.id);
}

/**
 * The keyset position a tenant resumes from. The cursor's tenant resumes after the cursor's
 * incident; a tenant ordered after it still owes the rows that tie on the sort value; a tenant
 * ordered before it owes none of them.
 */
export function afterFor(sort: Sort, c: MergeCursor, tenant: string): { value: number | string; id: number } {
  const asc = sort.order === 'asc';
  const t = cmp(tenant, c.t);
  if (sort.field === 'id') {
    // Sorting by id, the id is the value: ties across tenants share the same id.
    const v = Number(c.v);
    if (t > 0) return { value: v, id: asc ? v - 1 : v + 1 };
    return { value: v, id: v };
  }
  if (t === 0) return { value: c.v, id: c.id };
  const includeTies = t > 0;
  return { value: c.v, id: includeTies === asc ? 0 : Number.MAX_SAFE_INTEGER };
}
