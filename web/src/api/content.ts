/**
 * The content area's calls to main: the library (items, versions, diff, revert, labels, import,
 * export), sync (preview, jobs, drift), packs and the marketplace, and a tenant's own view of
 * its content. Files (an item's XSOAR text, a pack's zip) come back as they are, not as JSON.
 */
import { download, enc, http, request, unwrap } from './http';
import type {
  ContentDiff,
  ContentItem,
  ContentItemDoc,
  ContentVersion,
  ImportFile,
  ImportResult,
  InstallOptions,
  InstallResult,
  Job,
  Kind,
  Marketplace,
  Pack,
  PackDetail,
  SavedItem,
  SyncPreview,
  TenantDrift,
  TenantItem,
  TenantItemDoc,
} from './content-types';

const itemPath = (kind: Kind, id: string): string => `/api/v1/content/${enc(kind)}/${enc(id)}`;

export const contentApi = {
  list: async (kind: Kind): Promise<ContentItem[]> => (await unwrap<{ items: ContentItem[] }>(http.GET('/api/v1/content/{kind}', { params: { path: { kind } } }))).items,

  item: (kind: Kind, id: string, version?: number): Promise<ContentItemDoc> =>
    unwrap<ContentItemDoc>(http.GET('/api/v1/content/{kind}/{id}', { params: { path: { kind, id }, query: version === undefined ? {} : { version } } })),

  /** The item as its XSOAR file (YAML or JSON text) and that file's name. */
  async text(kind: Kind, id: string, version?: number): Promise<{ text: string; fileName: string }> {
    const { blob, fileName } = await download(`${itemPath(kind, id)}/export${version === undefined ? '' : `?version=${version}`}`);
    return { text: await blob.text(), fileName: fileName ?? `${id}.${kind === 'playbooks' || kind === 'scripts' || kind === 'integrations' ? 'yml' : 'json'}` };
  },

  exportFile: (kind: Kind, id: string): Promise<{ blob: Blob; fileName: string | undefined }> => download(`${itemPath(kind, id)}/export`),

  /** A new version from the item's text; the file name says its format. */
  save: (kind: Kind, id: string, text: string, fileName: string): Promise<SavedItem> =>
    unwrap<SavedItem>(http.PUT('/api/v1/content/{kind}/{id}', { params: { path: { kind, id } }, body: { text, fileName } })),

  setLabels: (kind: Kind, id: string, labels: string[]): Promise<SavedItem> =>
    unwrap<SavedItem>(http.PATCH('/api/v1/content/{kind}/{id}', { params: { path: { kind, id } }, body: { labels } })),

  remove: (kind: Kind, id: string): Promise<void> => unwrap<void>(http.DELETE('/api/v1/content/{kind}/{id}', { params: { path: { kind, id } } })),

  versions: async (kind: Kind, id: string): Promise<ContentVersion[]> =>
    (await unwrap<{ items: ContentVersion[] }>(http.GET('/api/v1/content/{kind}/{id}/versions', { params: { path: { kind, id } } }))).items,

  diff: (kind: Kind, id: string, from: number, to: number): Promise<ContentDiff> =>
    unwrap<ContentDiff>(http.GET('/api/v1/content/{kind}/{id}/diff', { params: { path: { kind, id }, query: { from, to } } })),

  revert: (kind: Kind, id: string, version: number): Promise<SavedItem> =>
    unwrap<SavedItem>(http.POST('/api/v1/content/{kind}/{id}/revert', { params: { path: { kind, id } }, body: { version } })),

  /** Several files at once, all or none; labels (if any) go to every item. */
  importFiles: (files: ImportFile[], labels?: string[]): Promise<ImportResult> =>
    unwrap<ImportResult>(http.POST('/api/v1/content/import', { body: { files, ...(labels !== undefined && labels.length > 0 ? { labels } : {}) } })),

  /** An archive (zip, tar.gz, tar) of content files as the body. */
  importArchive: (file: Blob, fileName: string, labels?: string[]): Promise<ImportResult> => {
    const q = new URLSearchParams({ fileName, ...(labels !== undefined && labels.length > 0 ? { labels: labels.join(',') } : {}) });
    return request<ImportResult>('POST', `/api/v1/content/import?${q.toString()}`, file, { contentType: archiveType(fileName, file.type) });
  },

  preview: async (tenants?: string[]): Promise<SyncPreview[]> =>
    (await unwrap<{ tenants: SyncPreview[] }>(http.POST('/api/v1/content/sync/preview', { body: tenants === undefined ? {} : { tenants } }))).tenants,

  startSync: async (tenants?: string[]): Promise<string> =>
    (await unwrap<{ jobId: string }>(http.POST('/api/v1/content/sync', { body: tenants === undefined ? {} : { tenants } }))).jobId,

  job: (id: string): Promise<Job> => unwrap<Job>(http.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),

  drift: async (): Promise<TenantDrift[]> => (await unwrap<{ tenants: TenantDrift[] }>(http.GET('/api/v1/content/drift'))).tenants,
};

export const packsApi = {
  list: async (): Promise<Pack[]> => (await unwrap<{ items: Pack[] }>(http.GET('/api/v1/packs'))).items,

  get: (id: string): Promise<PackDetail> => unwrap<PackDetail>(http.GET('/api/v1/packs/{id}', { params: { path: { id } } })),

  setLabels: (id: string, labels: string[]): Promise<Pack> => unwrap<Pack>(http.PATCH('/api/v1/packs/{id}', { params: { path: { id } }, body: { labels } })),

  uninstall: (id: string): Promise<{ id: string; removed: number }> => unwrap<{ id: string; removed: number }>(http.DELETE('/api/v1/packs/{id}', { params: { path: { id } } })),

  exportZip: (id: string): Promise<{ blob: Blob; fileName: string | undefined }> => download(`/api/v1/packs/${enc(id)}/export`),

  upload: (file: Blob, fileName: string, o: InstallOptions): Promise<InstallResult> => {
    const q = new URLSearchParams({ fileName });
    if (o.labels !== undefined && o.labels.length > 0) q.set('labels', o.labels.join(','));
    if (o.overwriteEdited === true) q.set('overwriteEdited', 'true');
    return request<InstallResult>('POST', `/api/v1/packs/upload?${q.toString()}`, file, { contentType: archiveType(fileName, file.type) });
  },

  marketplace: (): Promise<Marketplace> => unwrap<Marketplace>(http.GET('/api/v1/marketplace')),

  install: (id: string, version: string | undefined, o: InstallOptions): Promise<InstallResult> =>
    unwrap<InstallResult>(http.POST('/api/v1/marketplace/{id}/install', { params: { path: { id } }, body: { ...(version === undefined ? {} : { version }), ...o } })),
};

export const tenantContentApi = {
  list: async (tenant: string, kind: Kind, owner?: 'main' | 'tenant'): Promise<TenantItem[]> =>
    (await unwrap<{ items: TenantItem[] }>(http.GET('/api/v1/tenants/{id}/content/{kind}', { params: { path: { id: tenant, kind }, query: owner === undefined ? {} : { owner } } }))).items,

  item: (tenant: string, kind: Kind, id: string): Promise<TenantItemDoc> =>
    unwrap<TenantItemDoc>(http.GET('/api/v1/tenants/{id}/content/{kind}/{itemId}', { params: { path: { id: tenant, kind, itemId: id } } })),

  detach: (tenant: string, kind: Kind, id: string): Promise<TenantItem> =>
    unwrap<TenantItem>(http.POST('/api/v1/tenants/{id}/content/{kind}/{itemId}/detach', { params: { path: { id: tenant, kind, itemId: id } } })),
};

/** The content type main's upload routes take for an archive: by the name, else the browser's guess. */
function archiveType(fileName: string, browserType: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.zip')) return 'application/zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'application/gzip';
  if (lower.endsWith('.tar')) return 'application/x-tar';
  if (/\.ya?ml$/.test(lower)) return 'application/yaml';
  return browserType === '' ? 'application/octet-stream' : browserType;
}
