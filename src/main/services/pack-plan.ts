import { AppError } from '../../core/errors.js';
import { contentHash } from '../../core/content/index.js';
import { KIND_SPECS } from '../../core/content/kinds.js';
import type { ParsedPack } from '../../core/packs/pack.js';
import type { ContentItemRow } from '../../store/content-repo.js';
import type { PackItemRow, PackRow } from '../../store/pack-repo.js';
import type { Prepared } from './content.js';

type Ref = { kind: string; id: string };

/** What installing (or upgrading) one pack did. */
export interface PackOutcome {
  id: string;
  version: string;
  previous: string | null;
  role: 'target' | 'dependency';
  added: Ref[];
  updated: Ref[];
  unchanged: number;
  removed: Ref[];
  /** Items edited on main since the pack installed them, kept as edited (not overwritten). */
  keptEdited: Ref[];
  /** Items edited on main since install and replaced by the pack's version (history keeps the edit). */
  overwritten: Ref[];
  /** Items the new version no longer has but that were edited on main: kept, no longer of the pack. */
  released: Ref[];
}

export interface PlanInput {
  /** Main's library now, by `kind/id`. */
  library: ReadonlyMap<string, ContentItemRow>;
  installedItems: (pack: string) => Promise<PackItemRow[]>;
  packs: ReadonlyMap<string, PackRow>;
  overwriteEdited: boolean;
  targetLabels: string[] | undefined;
  by: string;
  now: number;
}

export interface InstallPlan {
  saves: Prepared[];
  remove: Ref[];
  /** Items that stay in the library but no longer belong to their pack. */
  release: Ref[];
  rows: { row: PackRow; items: PackItemRow[] }[];
  outcomes: PackOutcome[];
}

const ref = (kind: string, id: string): Ref => ({ kind, id });

/**
 * What to write for packs installed together (dependencies first): each item is added,
 * updated or left alone; an item another pack owns refuses the whole install; an item edited
 * on main since its pack installed it is kept unless `overwriteEdited`; items a new version
 * dropped are removed, or released from the pack when edited on main.
 */
export async function installPlan(chosen: readonly { pack: ParsedPack; source: PackRow['source'] }[], input: PlanInput): Promise<InstallPlan> {
  const plan: InstallPlan = { saves: [], remove: [], release: [], rows: [], outcomes: [] };
  const claimed = new Map<string, string>();
  for (const [i, { pack, source }] of chosen.entries()) {
    const id = pack.metadata.id;
    const before = new Map((await input.installedItems(id)).map((r) => [`${r.kind}/${r.id}`, r.hash]));
    const existing = input.packs.get(id);
    const role = i === chosen.length - 1 ? 'target' : 'dependency';
    const out: PackOutcome = { id, version: pack.metadata.version, previous: existing?.version ?? null, role, added: [], updated: [], unchanged: 0, removed: [], keptEdited: [], overwritten: [], released: [] };
    const items: PackItemRow[] = [];
    for (const item of pack.items) {
      const key = `${item.kind}/${item.id}`;
      const owner = claimed.get(key);
      if (owner !== undefined) throw new AppError('conflict', `${key} is in pack ${owner} and in pack ${id}`);
      claimed.set(key, id);
      const cur = input.library.get(key);
      if (cur?.pack && cur.pack !== id) throw new AppError('conflict', `${key} (${item.file}) belongs to pack ${cur.pack}; pack ${id} cannot take it over`);
      const hash = contentHash(item.doc);
      items.push({ kind: item.kind, id: item.id, hash });
      const installedHash = before.get(key);
      const edited = cur !== undefined && installedHash !== undefined && cur.hash !== installedHash;
      if (edited && cur.hash !== hash && !input.overwriteEdited) {
        out.keptEdited.push(ref(item.kind, item.id));
        continue;
      }
      if (edited && cur.hash !== hash) out.overwritten.push(ref(item.kind, item.id));
      else if (!cur) out.added.push(ref(item.kind, item.id));
      else if (cur.hash !== hash) out.updated.push(ref(item.kind, item.id));
      else out.unchanged++;
      plan.saves.push({ parsed: item, format: KIND_SPECS[item.kind].format, pack: id });
    }
    const kept = new Set(pack.items.map((it) => `${it.kind}/${it.id}`));
    for (const [key, installedHash] of before) {
      if (kept.has(key)) continue;
      const cur = input.library.get(key);
      if (!cur || cur.pack !== id) continue;
      const [kind, ...rest] = key.split('/');
      const r = ref(kind ?? '', rest.join('/'));
      if (cur.hash !== installedHash) {
        out.released.push(r);
        plan.release.push(r);
      } else {
        out.removed.push(r);
        plan.remove.push(r);
      }
    }
    plan.rows.push({
      row: {
        id,
        name: pack.metadata.name,
        version: pack.metadata.version,
        metadata: pack.metadata.raw,
        labels: role === 'target' && input.targetLabels ? input.targetLabels : (existing?.labels ?? []),
        source,
        installed: existing?.installed ?? input.now,
        installedBy: existing?.installedBy ?? input.by,
        updated: input.now,
      },
      items,
    });
    plan.outcomes.push(out);
  }
  return plan;
}
