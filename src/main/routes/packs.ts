import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { contentLabels, contentLabelsQuery } from '../../core/schemas/content.js';
import { accessOf, callerOf, type MainServices, type RouteModule } from './context.js';

const packId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' } as const;
const packParams = { type: 'object', required: ['id'], properties: { id: packId } } as const;
export const ARCHIVE_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/gzip', 'application/x-gzip', 'application/x-tar', 'application/octet-stream'];
/** Compressed size; what it may inflate to is the archive reader's limit. */
export const UPLOAD_LIMIT = 64 * 1024 * 1024;

type InstallQuery = { labels?: string; overwriteEdited?: boolean; fileName?: string };
const installQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    labels: contentLabelsQuery,
    overwriteEdited: { type: 'boolean' },
    fileName: { type: 'string', maxLength: 300 },
  },
} as const;
const installBody = {
  type: 'object',
  additionalProperties: false,
  properties: { version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' }, labels: contentLabels, overwriteEdited: { type: 'boolean' } },
} as const;

const view = <T extends { installed: number; updated: number }>(p: T) => ({ ...p, installed: new Date(p.installed).toISOString(), updated: new Date(p.updated).toISOString() });

/**
 * Content packs: the marketplace folder, installs (from it or an uploaded archive) with their
 * dependencies, upgrades, uninstalls, labels and export. Installing and removing need
 * content:admin on main; the pack's items then reach tenants by sync like any item.
 */
export const packRoutes: RouteModule = (app, s) => {
  app.get('/api/v1/marketplace', { schema: { summary: 'Packs the marketplace folder offers (versions) and which are installed' } }, async (req) => {
    accessOf(req).requireMain('content', 'read');
    return s.packs.marketplace();
  });

  app.post<{ Params: { id: string }; Body: { version?: string; labels?: string[]; overwriteEdited?: boolean } }>(
    '/api/v1/marketplace/:id/install',
    {
      schema: { summary: 'Install or upgrade a pack from the marketplace folder (newest version unless one is named), with its mandatory dependencies', params: packParams, body: installBody },
      // No body at all means the defaults, as `{}` does.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req) => {
      accessOf(req).requireMain('content', 'admin');
      const { version, ...o } = req.body ?? {};
      return s.packs.installFromMarketplace(req.params.id, version, o, callerOf(req).username);
    },
  );

  app.get('/api/v1/packs', { schema: { summary: 'Installed packs with their versions and labels' } }, async (req) => {
    accessOf(req).requireMain('content', 'read');
    return { items: (await s.packs.list()).map(view) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/packs/:id', { schema: { summary: 'One installed pack: metadata, items (edited on main since install?), dependents', params: packParams } }, async (req) => {
    accessOf(req).requireMain('content', 'read');
    return view(await s.packs.get(req.params.id));
  });

  app.patch<{ Params: { id: string }; Body: { labels: string[] } }>(
    '/api/v1/packs/:id',
    { schema: { summary: "Set a pack's propagation labels (its items without labels of their own follow them)", params: packParams, body: { type: 'object', additionalProperties: false, required: ['labels'], properties: { labels: contentLabels } } } },
    async (req) => {
      accessOf(req).requireMain('content', 'write');
      return view(await s.packs.setLabels(req.params.id, req.body.labels));
    },
  );

  app.delete<{ Params: { id: string } }>('/api/v1/packs/:id', { schema: { summary: 'Uninstall a pack: its items leave main, and tenants at the next sync', params: packParams } }, async (req) => {
    accessOf(req).requireMain('content', 'admin');
    return s.packs.uninstall(req.params.id);
  });

  app.get<{ Params: { id: string } }>('/api/v1/packs/:id/export', { schema: { summary: 'The pack as installed now, in XSOAR layout, as a zip', params: packParams } }, async (req, reply) => {
    accessOf(req).requireMain('content', 'read');
    const out = await s.packs.export(req.params.id);
    return reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${out.fileName}"`).send(out.data);
  });

  void app.register((scope: FastifyInstance, _opts, done) => {
    uploadRoute(scope, s);
    done();
  });
};

/** Its own scope: only this route takes a binary body (an archive), as it arrives. */
function uploadRoute(app: FastifyInstance, s: MainServices): void {
  app.addContentTypeParser(ARCHIVE_TYPES, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  app.post<{ Querystring: InstallQuery }>(
    '/api/v1/packs/upload',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: { summary: 'Install or upgrade a pack from an archive (zip, tar.gz, tar) sent as the body; ?labels=a,b&overwriteEdited=true&fileName=', querystring: installQuery },
    },
    async (req, reply) => {
      accessOf(req).requireMain('content', 'admin');
      if (!Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', `send the archive as the body with content-type ${ARCHIVE_TYPES.slice(0, 3).join(', ')} or application/octet-stream`);
      const q = req.query;
      const result = await s.packs.upload(req.body, q.fileName, { ...(q.labels ? { labels: q.labels.split(',') } : {}), ...(q.overwriteEdited ? { overwriteEdited: true } : {}) }, callerOf(req).username);
      return reply.status(201).send(result);
    },
  );
}
