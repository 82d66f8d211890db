import { AppError } from '../../core/errors.js';
import { KINDS, contentHash, parseContent, throwFirstIssue, validateItem, type Kind } from '../../core/content/index.js';
import type { PushedItem, TenantContentRepository, TenantContentRow } from '../../store/tenant-content-repo.js';
import type { Router, TenantRequest } from '../http/router.js';
import { contentItemBody, contentSyncBody } from '../http/validators.js';

const READ = ['content', 'read'] as const;
const WRITE = ['content', 'write'] as const;
const ADMIN = ['content', 'admin'] as const;

function kindOf(params: Record<string, string>): Kind {
  const k = params['kind'] ?? '';
  if (!(KINDS as readonly string[]).includes(k)) throw new AppError('not_found', `unknown content kind "${k.slice(0, 40)}" (kinds: ${KINDS.join(', ')})`);
  return k as Kind;
}

/** `?owner=main|tenant`: only main's pushed copies, or only the tenant's own items. */
function parseOwnerQuery(q: URLSearchParams): { owner?: string } {
  for (const key of q.keys()) if (key !== 'owner') throw new AppError('invalid_request', `unknown query parameter "${key.slice(0, 40)}" (only owner)`);
  const owner = q.get('owner');
  if (owner === null) return {};
  if (owner !== 'main' && owner !== 'tenant') throw new AppError('invalid_request', 'owner must be main or tenant');
  return { owner };
}

const view = (r: TenantContentRow) => ({ ...r, detached: r.detached !== null, detachedAt: r.detached === null ? null : new Date(r.detached).toISOString(), updated: new Date(r.updated).toISOString() });

const locked = (kind: string, id: string): AppError =>
  new AppError('forbidden', `${kind}/${id} is locked: it was pushed from main and only main changes it; detach it to make it this tenant's own`);

/** A document from the request (object or YAML/JSON text), parsed and validated as the URL's kind. */
function itemFrom(kind: Kind, body: { doc?: unknown; text?: string; fileName?: string }) {
  const text = body.text ?? JSON.stringify(body.doc ?? null);
  const item = parseContent(body.fileName ?? `${kind}.json`, text, kind);
  throwFirstIssue(validateItem(item));
  return { ...item, hash: contentHash(item.doc), body: JSON.stringify(item.doc) };
}

/**
 * The tenant's content: main's pushed copies (read-only here, for everyone, administrators
 * included) beside the tenant's own items, which its users create, edit and delete. Main
 * brings its copies to the desired state through `/content/sync`, which only main may call.
 */
export function contentRoutes(router: Router, repo: TenantContentRepository, now: () => number = Date.now): void {
  const who = (req: TenantRequest): string => req.caller?.name ?? 'unknown';
  router
    .add('GET', '/api/v1/content/state', { need: READ }, async () => ({
      body: { items: (await repo.list()).map((r) => ({ kind: r.kind, id: r.id, owner: r.owner, version: r.version, hash: r.hash, detached: r.detached !== null })) },
    }))
    .add('POST', '/api/v1/content/sync', { need: ADMIN, body: contentSyncBody }, async (req) => {
      // Only main itself pushes: a tenant administrator holds content:admin too, but is not main.
      if (req.caller?.subject !== 'main') throw new AppError('forbidden', 'only main pushes content');
      const b = req.body as { put: PushedItem[]; remove: { kind: string; id: string }[] };
      return { body: await repo.applyPush(b.put, b.remove, now()) };
    })
    .add('GET', '/api/v1/content/:kind', { need: READ, query: parseOwnerQuery }, async (req) => {
      const owner = (req.query as { owner?: string }).owner;
      const items = (await repo.list(kindOf(req.params))).filter((r) => owner === undefined || r.owner === owner);
      return { body: { items: items.map(view) } };
    })
    .add('POST', '/api/v1/content/:kind', { need: WRITE, body: contentItemBody }, async (req) => {
      const item = itemFrom(kindOf(req.params), req.body as { doc?: unknown; text?: string; fileName?: string });
      const existing = await repo.get(item.kind, item.id);
      if (existing) throw existing.owner === 'main' ? locked(item.kind, item.id) : new AppError('conflict', `${item.kind}/${item.id} exists already: PUT it to change it`);
      await repo.saveOwn(item, who(req), now());
      return { status: 201, body: view((await repo.get(item.kind, item.id))!), target: `${item.kind}/${item.id}` };
    })
    .add('GET', '/api/v1/content/:kind/:itemId', { need: READ }, async (req) => {
      const kind = kindOf(req.params);
      const found = await repo.get(kind, req.params['itemId'] ?? '');
      if (!found) throw new AppError('not_found', `${kind}/${req.params['itemId'] ?? ''} not found`);
      const { body, ...meta } = found;
      return { body: { ...view(meta), doc: JSON.parse(body) as unknown } };
    })
    .add('PUT', '/api/v1/content/:kind/:itemId', { need: WRITE, body: contentItemBody }, async (req) => {
      const kind = kindOf(req.params);
      const id = req.params['itemId'] ?? '';
      const item = itemFrom(kind, req.body as { doc?: unknown; text?: string; fileName?: string });
      if (item.id !== id) throw new AppError('invalid_request', `the document's id "${item.id}" is not ${id}`);
      if ((await repo.saveOwn(item, who(req), now())) === 'locked') throw locked(kind, id);
      return { body: view((await repo.get(kind, id))!) };
    })
    .add('DELETE', '/api/v1/content/:kind/:itemId', { need: WRITE }, async (req) => {
      const kind = kindOf(req.params);
      const id = req.params['itemId'] ?? '';
      const found = await repo.get(kind, id);
      if (!found) throw new AppError('not_found', `${kind}/${id} not found`);
      if (found.owner === 'main') throw locked(kind, id);
      await repo.deleteOwn(kind, id);
      return { status: 204 };
    })
    .add('POST', '/api/v1/content/:kind/:itemId/detach', { need: ADMIN }, async (req) => {
      const kind = kindOf(req.params);
      const id = req.params['itemId'] ?? '';
      const found = await repo.get(kind, id);
      if (!found) throw new AppError('not_found', `${kind}/${id} not found`);
      if (found.owner === 'tenant') throw new AppError('conflict', `${kind}/${id} is this tenant's own already`);
      await repo.detach(kind, id, who(req), now());
      return { body: view((await repo.get(kind, id))!) };
    });
}
