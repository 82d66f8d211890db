import { dependenciesOf, type Dependency, type Kind } from '../../core/content/index.js';
import { desiredFor, type LibraryItem, type TenantPlan } from '../../core/content/plan.js';
import type { ContentRepository } from '../../store/content-repo.js';

const NON_ASCII = /[\u0080-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

type Row = Awaited<ReturnType<ContentRepository['currentBodies']>>[number];

/**
 * Main's library as one sync run sees it, with everything that is the same for many tenants
 * computed once: the desired set per label set (most tenants share labels), each item's
 * request text, and whole request bodies for identical plans. Without this, planning and
 * serialising dominated a sync of 100 tenants (bench/RESULTS.md).
 */
export class LibrarySnapshot {
  private readonly desiredByLabels = new Map<string, LibraryItem[]>();
  private readonly itemJson = new Map<string, string>();
  private readonly bodies = new Map<string, Buffer>();
  private readonly byKey: ReadonlyMap<string, LibraryItem & { body: string }>;

  constructor(
    readonly items: readonly (LibraryItem & { body: string })[],
    private readonly depsOf: (item: LibraryItem) => readonly Dependency[],
  ) {
    this.byKey = new Map(items.map((i) => [`${i.kind}/${i.id}`, i]));
  }

  /** What a tenant with these labels should hold. */
  desired(labels: readonly string[]): LibraryItem[] {
    const key = [...new Set(labels)].sort().join('\u0000');
    let found = this.desiredByLabels.get(key);
    if (!found) {
      found = desiredFor(this.items, labels, this.depsOf);
      this.desiredByLabels.set(key, found);
    }
    return found;
  }

  /** The body of `POST /api/v1/content/sync` for a plan, built once per distinct plan. */
  pushBody(plan: TenantPlan): Buffer {
    const puts = [...plan.add, ...plan.update].map((r) => `${r.kind}/${r.id}`);
    const remove = JSON.stringify(plan.remove.map(({ kind, id }) => ({ kind, id })));
    const signature = `${puts.join('\u0000')}\u0001${remove}`;
    let body = this.bodies.get(signature);
    if (!body) {
      body = Buffer.from(`{"put":[${puts.map((k) => this.json(k)).join(',')}],"remove":${remove}}`);
      this.bodies.set(signature, body);
    }
    return body;
  }

  private json(key: string): string {
    let text = this.itemJson.get(key);
    if (text === undefined) {
      const i = this.byKey.get(key);
      if (!i) throw new Error(`${key} is not in the library`);
      // ASCII only (anything else as a \u escape: the same JSON value). A tenant decodes a body
      // holding even one character above U+00FF (the bench's playbooks have 36 “ and ”) into a
      // two-byte string: twice the memory, ~3.4 MiB for 100 playbooks, and on this VM fresh
      // memory is most of what a push costs a tenant (~17 µs a page fault).
      text = JSON.stringify({ kind: i.kind, id: i.id, name: i.name, version: i.version, hash: i.hash, body: i.body }).replace(NON_ASCII, escapeChar);
      this.itemJson.set(key, text);
    }
    return text;
  }
}

/** Builds snapshots, parsing each document and finding its dependencies once per version. */
export class LibraryCache {
  private parsed = new Map<string, { hash: string; doc: unknown; deps?: readonly Dependency[] }>();

  constructor(private readonly content: ContentRepository) {}

  async snapshot(): Promise<LibrarySnapshot> {
    const rows = await this.content.currentBodies();
    const next = new Map<string, { hash: string; doc: unknown; deps?: readonly Dependency[] }>();
    const items = rows.map((r: Row) => {
      const k = `${r.kind}/${r.id}`;
      const cached = this.parsed.get(k);
      const entry = cached && cached.hash === r.hash ? cached : { hash: r.hash, doc: JSON.parse(r.body) as unknown };
      next.set(k, entry);
      // An item of a pack without labels of its own goes where its pack goes.
      const labels = r.labels.length === 0 && r.packLabels ? r.packLabels : r.labels;
      return { kind: r.kind as Kind, id: r.id, name: r.name, labels, version: r.version, hash: r.hash, doc: entry.doc, body: r.body };
    });
    this.parsed = next;
    return new LibrarySnapshot(items, (item) => {
      const entry = this.parsed.get(`${item.kind}/${item.id}`);
      if (!entry || entry.hash !== item.hash) return dependenciesOf(item);
      entry.deps ??= dependenciesOf(item);
      return entry.deps;
    });
  }
}
