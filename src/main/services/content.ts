import { AppError } from '../../core/errors.js';
import { contentHash, parseContent, throwFirstIssue, validateItem, type Kind, type ParsedItem } from '../../core/content/index.js';
import { diffDocs } from '../../core/content/diff.js';
import type { ContentItemRow, ContentRepository } from '../../store/content-repo.js';
import type { Database } from '../../store/database.js';

/** A file or document as the API takes it. */
export interface ContentInput {
  fileName?: string;
  text?: string;
  doc?: unknown;
  labels?: string[];
}

/** An item parsed and ready to save: labels and pack stay as they are unless given. */
export interface Prepared {
  parsed: ParsedItem;
  format: 'yaml' | 'json';
  labels?: string[];
  pack?: string | null;
}

export interface SaveOptions {
  note?: string;
  remove?: readonly { kind: string; id: string }[];
  also?: (tx: Database) => Promise<void>;
}

export interface SavedItem {
  kind: string;
  id: string;
  name: string;
  version: number;
  changed: boolean;
}

/**
 * Main's content library: items in XSOAR's formats, validated (a playbook's next tasks and
 * sub-playbooks must exist, in the library or in the same import), versioned on every save,
 * with history, diff and revert. Every change tells the sync that tenants may be behind.
 */
export class ContentService {
  constructor(
    private readonly repo: ContentRepository,
    private readonly changed: (why: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  list(kind?: Kind): Promise<ContentItemRow[]> {
    return this.repo.list(kind);
  }

  async get(kind: Kind, id: string, version?: number): Promise<ContentItemRow & { doc: unknown; format: string; shownVersion: number }> {
    const item = await this.repo.get(kind, id);
    if (!item) throw new AppError('not_found', `${kind}/${id} not found`);
    const body = await this.repo.body(kind, id, version);
    if (!body) throw new AppError('not_found', `${kind}/${id} has no version ${version ?? ''}`);
    return { ...item, doc: JSON.parse(body.body) as unknown, format: body.format, shownVersion: body.version };
  }

  async versions(kind: Kind, id: string) {
    if (!(await this.repo.get(kind, id)) && (await this.repo.versions(kind, id)).length === 0) throw new AppError('not_found', `${kind}/${id} not found`);
    return this.repo.versions(kind, id);
  }

  async diff(kind: Kind, id: string, from: number, to: number) {
    const [a, b] = await Promise.all([this.repo.body(kind, id, from), this.repo.body(kind, id, to)]);
    if (!a || !b) throw new AppError('not_found', `${kind}/${id} has no version ${!a ? from : to}`);
    return { kind, id, from, to, ...diffDocs(JSON.parse(a.body), JSON.parse(b.body)) };
  }

  /**
   * Parses, validates and saves several items at once, all or none: an import of a pack's
   * playbooks may refer to each other. `expect` pins the kind (and id) a route is about.
   */
  async save(inputs: readonly ContentInput[], author: string, o: { expect?: { kind: Kind; id?: string }; pack?: string | null; note?: string } = {}): Promise<SavedItem[]> {
    const items = inputs.map((input, i): Prepared => {
      const text = input.text ?? (input.doc === undefined ? undefined : JSON.stringify(input.doc));
      if (text === undefined) throw new AppError('invalid_request', `item ${i}: give doc or text`);
      const parsed = parseContent(input.fileName ?? (o.expect ? `${o.expect.kind}.json` : `item-${i}.yml`), text, o.expect?.kind);
      if (o.expect?.id !== undefined && parsed.id !== o.expect.id) throw new AppError('invalid_request', `the document's id "${parsed.id}" is not ${o.expect.id}`);
      return {
        parsed,
        format: /\.json$/i.test(input.fileName ?? '') || input.doc !== undefined ? 'json' : 'yaml',
        ...(input.labels ? { labels: input.labels } : {}),
        ...(o.pack !== undefined ? { pack: o.pack } : {}),
      };
    });
    return this.saveParsed(items, author, o.note === undefined ? {} : { note: o.note });
  }

  /**
   * Validates parsed items together (references resolve among them and the library) and
   * saves them in one transaction with whatever else `o` adds to it: removals, and `also`
   * (a pack's own rows). An item keeps its labels and pack unless it says new ones.
   */
  async saveParsed(items: readonly Prepared[], author: string, o: SaveOptions = {}): Promise<SavedItem[]> {
    const seen = new Set<string>();
    for (const { parsed } of items) {
      const key = `${parsed.kind}/${parsed.id}`;
      if (seen.has(key)) throw new AppError('invalid_request', `${key} appears twice in one import`);
      seen.add(key);
    }
    const current = await this.repo.list();
    const library = resolver([...current, ...items.map((i) => i.parsed)]);
    for (const { parsed } of items) throwFirstIssue(validateItem(parsed, library));
    const existing = new Map(current.map((r) => [`${r.kind}/${r.id}`, r]));
    const saved = await this.repo.save(
      items.map(({ parsed, labels, format, pack }) => {
        const cur = existing.get(`${parsed.kind}/${parsed.id}`);
        return {
          kind: parsed.kind,
          id: parsed.id,
          name: parsed.name,
          labels: labels ?? cur?.labels ?? [],
          hash: contentHash(parsed.doc),
          format,
          body: JSON.stringify(parsed.doc),
          pack: pack !== undefined ? pack : (cur?.pack ?? null),
          author,
          ...(o.note ? { note: o.note } : {}),
        };
      }),
      this.now(),
      { ...(o.remove ? { remove: o.remove } : {}), ...(o.also ? { also: o.also } : {}) },
    );
    if (saved.some((s) => s.changed) || (o.remove?.length ?? 0) > 0) this.changed('content changed');
    return saved.map((s, i) => ({ ...s, name: items[i]!.parsed.name }));
  }

  /** Sets an item's propagation labels (not a new version of its document). */
  async setLabels(kind: Kind, id: string, labels: string[], author: string): Promise<SavedItem> {
    const cur = await this.get(kind, id);
    const [saved] = await this.repo.save([{ kind, id, name: cur.name, labels, hash: cur.hash, format: cur.format === 'json' ? 'json' : 'yaml', body: JSON.stringify(cur.doc), pack: cur.pack, author }], this.now());
    if (saved?.changed) this.changed('labels changed');
    return { ...saved!, name: cur.name };
  }

  async revert(kind: Kind, id: string, version: number, author: string): Promise<SavedItem> {
    const old = await this.repo.body(kind, id, version);
    if (!old) throw new AppError('not_found', `${kind}/${id} has no version ${version}`);
    const cur = await this.repo.get(kind, id);
    const [saved] = await this.save([{ doc: JSON.parse(old.body), ...(cur ? { labels: cur.labels } : {}) }], author, { expect: { kind, id }, note: `revert to version ${version}` });
    return saved!;
  }

  async remove(kind: Kind, id: string): Promise<void> {
    if ((await this.repo.remove([{ kind, id }], this.now())) === 0) throw new AppError('not_found', `${kind}/${id} not found`);
    this.changed('content removed');
  }
}

/** Whether a reference (id, then name) resolves among these items (the library and the items being saved). */
function resolver(items: readonly { kind: string; id: string; name: string }[]): (kind: Kind, ref: string) => boolean {
  const known = new Set<string>();
  for (const r of items) {
    known.add(`${r.kind}\u0000${r.id}`);
    known.add(`${r.kind}\u0000${r.name}`);
  }
  return (kind, ref) => known.has(`${kind}\u0000${ref}`);
}
