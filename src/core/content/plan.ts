import { dependenciesOf, type Dependency } from './dependencies.js';
import type { Kind } from './kinds.js';

/** An item of main's library as planning needs it. */
export interface LibraryItem {
  kind: Kind;
  id: string;
  name: string;
  labels: readonly string[];
  version: number;
  hash: string;
  doc: unknown;
}

/** What a tenant reports holding. */
export interface HeldItem {
  kind: string;
  id: string;
  owner: 'main' | 'tenant';
  version: number;
  hash: string;
  detached: boolean;
}

export interface ItemRef {
  kind: string;
  id: string;
  version?: number;
}

/** The difference between what a tenant holds and what it should hold. */
export interface TenantPlan {
  add: ItemRef[];
  update: ItemRef[];
  remove: ItemRef[];
  /** Items main would push that the tenant holds as its own (created there, or detached). */
  conflicts: (ItemRef & { reason: string })[];
}

const key = (kind: string, id: string): string => `${kind}\u0000${id}`;

/** An item reaches a tenant when one of its labels is `all` or one of the tenant's labels. */
export function reaches(itemLabels: readonly string[], tenantLabels: readonly string[]): boolean {
  return itemLabels.includes('all') || itemLabels.some((l) => tenantLabels.includes(l));
}

/**
 * The items a tenant should hold: those whose labels reach it, and everything they depend on
 * (a playbook's sub-playbooks and scripts), however deep, whatever those items' own labels.
 */
export function desiredFor(
  library: readonly LibraryItem[],
  tenantLabels: readonly string[],
  depsOf: (item: LibraryItem) => readonly Dependency[] = dependenciesOf,
): LibraryItem[] {
  const byRef = new Map<string, LibraryItem>();
  // Ids first: a reference resolves by id, then by name.
  for (const i of library) if (!byRef.has(key(i.kind, i.name))) byRef.set(key(i.kind, i.name), i);
  for (const i of library) byRef.set(key(i.kind, i.id), i);
  const chosen = new Map<string, LibraryItem>();
  const stack = library.filter((i) => reaches(i.labels, tenantLabels));
  while (stack.length) {
    const item = stack.pop()!;
    const k = key(item.kind, item.id);
    if (chosen.has(k)) continue;
    chosen.set(k, item);
    for (const dep of depsOf(item)) {
      const found = byRef.get(key(dep.kind, dep.ref)) ?? (dep.alt === undefined ? undefined : byRef.get(key(dep.kind, dep.alt)));
      if (found && !chosen.has(key(found.kind, found.id))) stack.push(found);
    }
  }
  // Code-unit order, not the locale's: the same on every machine.
  return [...chosen.values()].sort((a, b) => (key(a.kind, a.id) < key(b.kind, b.id) ? -1 : key(a.kind, a.id) > key(b.kind, b.id) ? 1 : 0));
}

/** Add / update / remove (and conflicts) to bring `held` to `desired`; empty when in sync. */
export function planFor(desired: readonly LibraryItem[], held: readonly HeldItem[]): TenantPlan {
  const have = new Map(held.map((h) => [key(h.kind, h.id), h]));
  const plan: TenantPlan = { add: [], update: [], remove: [], conflicts: [] };
  const wanted = new Set<string>();
  for (const d of desired) {
    const k = key(d.kind, d.id);
    wanted.add(k);
    const h = have.get(k);
    if (!h) plan.add.push({ kind: d.kind, id: d.id, version: d.version });
    else if (h.owner === 'tenant') plan.conflicts.push({ kind: d.kind, id: d.id, reason: h.detached ? 'detached by the tenant' : "the tenant's own item has this id" });
    else if (h.hash !== d.hash) plan.update.push({ kind: d.kind, id: d.id, version: d.version });
  }
  for (const h of held) if (h.owner === 'main' && !wanted.has(key(h.kind, h.id))) plan.remove.push({ kind: h.kind, id: h.id });
  return plan;
}

export const planIsEmpty = (p: TenantPlan): boolean => p.add.length + p.update.length + p.remove.length === 0;
