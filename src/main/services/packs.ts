import { AppError } from '../../core/errors.js';
import { readArchive, type ArchiveLimits } from '../../core/packs/archive.js';
import { compareVersions, parsePackMetadata } from '../../core/packs/metadata.js';
import { packIdFromFileName, parsePack, type ParsedPack } from '../../core/packs/pack.js';
import { dependentsOf, resolveInstall, type PackRef } from '../../core/packs/resolve.js';
import { writeZip } from '../../core/packs/zip-write.js';
import { contentFile } from '../../core/content/write.js';
import type { Kind } from '../../core/content/index.js';
import type { ContentItemRow, ContentRepository } from '../../store/content-repo.js';
import type { MarketplaceFolder } from '../../store/marketplace-folder.js';
import type { PackRepository, PackRow } from '../../store/pack-repo.js';
import type { ContentService, Prepared } from './content.js';
import { installPlan, type PackOutcome } from './pack-plan.js';

export interface InstallOptions {
  labels?: string[];
  /** Replace items edited on main since the pack installed them (their edits stay in history). */
  overwriteEdited?: boolean;
}

export interface InstallResult {
  packs: PackOutcome[];
  skipped: { pack: string; path: string; reason: string }[];
  optionalMissing: { id: string; neededBy: string }[];
}

interface Offer {
  source: string;
  pack?: ParsedPack;
  error?: string;
}

/**
 * Content packs on main: install from an uploaded archive or the local marketplace folder,
 * with their mandatory dependencies; upgrade; uninstall; export. A pack's items are ordinary
 * library items (versioned, validated) that carry the pack's id; tenants get them by sync.
 */
export class PackService {
  private offers = new Map<string, { stamp: string; offer: Offer }>();

  constructor(
    private readonly packs: PackRepository,
    private readonly content: ContentService,
    private readonly library: ContentRepository,
    private readonly folder: MarketplaceFolder,
    private readonly limits: ArchiveLimits,
    private readonly changed: (why: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Promise<PackRow[]> {
    return this.packs.list();
  }

  async get(id: string) {
    const pack = await this.packs.get(id);
    if (!pack) throw new AppError('not_found', `pack ${id} is not installed`);
    const [installed, items] = await Promise.all([this.packs.items(id), this.library.ofPack(id)]);
    const asInstalled = new Map(installed.map((i) => [`${i.kind}/${i.id}`, i.hash]));
    return {
      ...pack,
      items: items.map((i) => ({ kind: i.kind, id: i.id, name: i.name, version: i.version, editedSinceInstall: asInstalled.get(`${i.kind}/${i.id}`) !== i.hash })),
      dependents: dependentsOf(id, (await this.packs.list()).map(refOfRow)),
    };
  }

  /** Every pack the marketplace folder offers, by id, with the version installed (if any). */
  async marketplace() {
    const [offers, installed] = await Promise.all([this.scan(), this.packs.list()]);
    const byId = new Map<string, ParsedPack[]>();
    for (const o of offers) if (o.pack) byId.set(o.pack.metadata.id, [...(byId.get(o.pack.metadata.id) ?? []), o.pack]);
    const have = new Map(installed.map((p) => [p.id, p.version]));
    const ids = [...new Set([...byId.keys(), ...have.keys()])].sort();
    return {
      folder: this.folder.dir,
      packs: ids.map((id) => {
        const versions = (byId.get(id) ?? []).sort((a, b) => compareVersions(b.metadata.version, a.metadata.version));
        const newest = versions[0]?.metadata;
        const current = have.get(id) ?? null;
        return {
          id,
          name: newest?.name ?? installed.find((p) => p.id === id)?.name ?? id,
          description: newest?.description ?? '',
          author: newest?.author ?? '',
          available: versions.map((v) => v.metadata.version),
          latest: newest?.version ?? null,
          installed: current,
          upgradable: current !== null && newest !== undefined && compareVersions(newest.version, current) > 0,
          dependencies: newest?.dependencies ?? {},
          items: versions[0]?.items.length ?? 0,
        };
      }),
      unreadable: offers.filter((o) => o.error !== undefined).map((o) => ({ source: o.source, error: o.error })),
    };
  }

  async installFromMarketplace(id: string, version: string | undefined, o: InstallOptions, by: string): Promise<InstallResult> {
    const scanned = await this.scan();
    const offers = scanned.flatMap((x) => (x.pack && x.pack.metadata.id === id ? [x.pack] : []));
    if (offers.length === 0) throw new AppError('not_found', `the marketplace has no pack ${id}`);
    const pack = version === undefined ? newestOf(offers) : offers.find((p) => p.metadata.version === version);
    if (!pack) throw new AppError('not_found', `the marketplace has no version ${version ?? ''} of pack ${id} (it has ${offers.map((p) => p.metadata.version).join(', ')})`);
    return this.install(pack, 'marketplace', o, by, scanned);
  }

  /** An uploaded archive (zip, tar.gz, tar): read whole and checked before anything is written. */
  async upload(data: Buffer, fileName: string | undefined, o: InstallOptions, by: string): Promise<InstallResult> {
    const entries = readArchive(data, this.limits);
    return this.install(parsePack(entries, fileName === undefined ? undefined : packIdFromFileName(fileName)), 'upload', o, by);
  }

  async uninstall(id: string): Promise<{ id: string; removed: number }> {
    const packs = await this.packs.list();
    if (!packs.some((p) => p.id === id)) throw new AppError('not_found', `pack ${id} is not installed`);
    const dependents = dependentsOf(id, packs.map(refOfRow));
    if (dependents.length > 0) throw new AppError('conflict', `pack ${id} is a mandatory dependency of ${dependents.join(', ')}: uninstall ${dependents.length > 1 ? 'those' : 'that'} first`);
    const items = await this.library.ofPack(id);
    await this.content.saveParsed([], 'pack uninstall', { remove: items.map(({ kind, id: itemId }) => ({ kind, id: itemId })), also: (tx) => this.packs.remove(tx, id) });
    return { id, removed: items.length };
  }

  async setLabels(id: string, labels: string[]): Promise<PackRow> {
    if (!(await this.packs.setLabels(id, labels, this.now()))) throw new AppError('not_found', `pack ${id} is not installed`);
    this.changed('pack labels changed');
    return (await this.packs.get(id))!;
  }

  /** The pack as installed now (with edits made on main since), in XSOAR's layout, zipped. */
  async export(id: string): Promise<{ fileName: string; data: Buffer }> {
    const pack = await this.packs.get(id);
    if (!pack) throw new AppError('not_found', `pack ${id} is not installed`);
    const files = [{ path: `Packs/${id}/pack_metadata.json`, data: Buffer.from(`${JSON.stringify(pack.metadata, null, 2)}\n`) }];
    const taken = new Set<string>();
    for (const item of await this.library.ofPack(id)) {
      const body = await this.library.body(item.kind, item.id);
      if (!body) continue;
      const f = contentFile(item.kind as Kind, item.id, JSON.parse(body.body));
      // Two ids may make one file name ("a b", "a/b"): the second gets a number.
      let path = `Packs/${id}/${f.path}`;
      for (let n = 2; taken.has(path.toLowerCase()); n++) path = `Packs/${id}/${f.path.replace(/(\.[a-z]+)$/, `-${n}$1`)}`;
      taken.add(path.toLowerCase());
      files.push({ path, data: Buffer.from(f.text) });
    }
    return { fileName: `${id}-${pack.version}.zip`, data: writeZip(files) };
  }

  /** `scanned`: the marketplace as the caller already read it (read here otherwise). */
  private async install(target: ParsedPack, source: PackRow['source'], o: InstallOptions, by: string, scanned?: Offer[]): Promise<InstallResult> {
    const installed = await this.packs.list();
    const current = installed.find((p) => p.id === target.metadata.id);
    if (current && compareVersions(target.metadata.version, current.version) < 0) {
      throw new AppError('conflict', `pack ${current.id} ${current.version} is installed; ${target.metadata.version} is older (uninstall it first to go back)`);
    }
    const offers = scanned ?? (await this.scan());
    const resolution = resolveInstall(refOf(target), new Map(installed.map((p) => [p.id, p.version])), (id) => {
      const newest = newestOf(offers.flatMap((x) => (x.pack && x.pack.metadata.id === id ? [x.pack] : [])));
      return newest && refOf(newest);
    });
    const chosen = resolution.steps.map((step) => {
      if (step.role === 'target') return { pack: target, source };
      const offer = offers.find((x) => x.pack?.metadata.id === step.id && x.pack.metadata.version === step.version)?.pack;
      if (!offer) throw new AppError('conflict', `dependency ${step.id} ${step.version} vanished from the marketplace`);
      return { pack: offer, source: 'marketplace' as const };
    });
    const plan = await installPlan(chosen, {
      library: new Map((await this.library.list()).map((r): [string, ContentItemRow] => [`${r.kind}/${r.id}`, r])),
      installedItems: async (id) => this.packs.items(id),
      packs: new Map(installed.map((p) => [p.id, p])),
      overwriteEdited: o.overwriteEdited === true,
      targetLabels: o.labels,
      by,
      now: this.now(),
    });
    const prepared: Prepared[] = plan.saves;
    await this.content.saveParsed(prepared, by, {
      note: `pack ${target.metadata.id} ${target.metadata.version}`,
      remove: plan.remove,
      also: async (tx) => {
        for (const p of plan.rows) await this.packs.put(tx, p.row, p.items);
        await this.library.release(tx, plan.release);
      },
    });
    return {
      packs: plan.outcomes,
      skipped: chosen.flatMap(({ pack }) => pack.skipped.map((s) => ({ pack: pack.metadata.id, ...s }))),
      optionalMissing: [...resolution.optionalMissing],
    };
  }

  /** The marketplace folder's packs, each source read again only when it changed. */
  private async scan(): Promise<Offer[]> {
    const out: Offer[] = [];
    const seen = new Set<string>();
    for (const src of await this.folder.sources()) {
      seen.add(src.name);
      const cached = this.offers.get(src.name);
      if (cached && cached.stamp === src.stamp) {
        out.push(cached.offer);
        continue;
      }
      let offer: Offer;
      try {
        offer = { source: src.name, pack: parsePack(await src.load(), src.fallbackId) };
      } catch (err) {
        offer = { source: src.name, error: err instanceof Error ? err.message : String(err) };
      }
      this.offers.set(src.name, { stamp: src.stamp, offer });
      out.push(offer);
    }
    for (const name of this.offers.keys()) if (!seen.has(name)) this.offers.delete(name);
    return out;
  }
}

const refOf = (p: ParsedPack): PackRef => ({ id: p.metadata.id, version: p.metadata.version, dependencies: p.metadata.dependencies });

/** An installed pack's dependencies, read from its stored metadata as at install (minVersion included). */
function refOfRow(p: PackRow): PackRef {
  return { id: p.id, version: p.version, dependencies: parsePackMetadata(p.id, 'pack_metadata.json', JSON.stringify(p.metadata)).dependencies };
}

function newestOf(packs: readonly ParsedPack[]): ParsedPack | undefined {
  return [...packs].sort((a, b) => compareVersions(b.metadata.version, a.metadata.version))[0];
}
