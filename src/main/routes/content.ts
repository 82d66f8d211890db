import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { KINDS, type Kind } from '../../core/content/index.js';
import { archiveFormatOf, DEFAULT_ARCHIVE_LIMITS, readArchive } from '../../core/packs/archive.js';
import { packIdFromFileName, parseContentArchive } from '../../core/packs/pack.js';
import { compileValidator } from '../../net/http-app.js';
import { ARCHIVE_TYPES, UPLOAD_LIMIT } from './packs.js';
import { contentFile } from '../../core/content/write.js';
import { contentItemBody, contentLabels, contentLabelsQuery } from '../../core/schemas/content.js';
import type { ContentInput } from '../services/content.js';
import { accessOf, callerOf, type MainServices, type RouteModule } from './context.js';

const kindParams = { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...KINDS] } } } as const;
const itemParams = {
  type: 'object',
  required: ['kind', 'id'],
  properties: { kind: { type: 'string', enum: [...KINDS] }, id: { type: 'string', minLength: 1, maxLength: 300 } },
} as const;
const version = { type: 'integer', minimum: 1 } as const;

type KindParams = { kind: Kind };
type ItemParams = { kind: Kind; id: string };

/**
 * Main's content library: items by kind in XSOAR's formats, each save a new version (author,
 * time, content hash), with history, diff, revert, and import of many files at once.
 */
export const contentRoutes: RouteModule = (app, s) => {
  app.get<{ Params: KindParams }>('/api/v1/content/:kind', { schema: { summary: `Items of one kind (${KINDS.join(', ')})`, params: kindParams } }, async (req) => {
    accessOf(req).requireMain('content', 'read');
    return { items: await s.content.list(req.params.kind) };
  });

  app.post<{ Params: KindParams; Body: ContentInput }>(
    '/api/v1/content/:kind',
    { schema: { summary: 'Create an item: {doc} or {text, fileName} in XSOAR format, with propagation labels', params: kindParams, body: contentItemBody } },
    async (req, reply) => {
      accessOf(req).requireMain('content', 'write');
      const [saved] = await s.content.save([req.body], callerOf(req).username, { expect: { kind: req.params.kind } });
      return reply.status(201).send(saved);
    },
  );

  void app.register((scope: FastifyInstance, _opts, done) => {
    importRoute(scope, s);
    done();
  });

  app.get<{ Params: ItemParams; Querystring: { version?: number } }>(
    '/api/v1/content/:kind/:id',
    { schema: { summary: 'One item with its document (the current version, or ?version=N)', params: itemParams, querystring: { type: 'object', additionalProperties: false, properties: { version } } } },
    async (req) => {
      accessOf(req).requireMain('content', 'read');
      return s.content.get(req.params.kind, req.params.id, req.query.version);
    },
  );

  app.put<{ Params: ItemParams; Body: ContentInput }>(
    '/api/v1/content/:kind/:id',
    { schema: { summary: 'Save a new version of an item (or create it under this id)', params: itemParams, body: contentItemBody } },
    async (req) => {
      accessOf(req).requireMain('content', 'write');
      const [saved] = await s.content.save([req.body], callerOf(req).username, { expect: { kind: req.params.kind, id: req.params.id } });
      return saved;
    },
  );

  app.patch<{ Params: ItemParams; Body: { labels: string[] } }>(
    '/api/v1/content/:kind/:id',
    { schema: { summary: "Set an item's propagation labels (`all` reaches every tenant; none, only as a dependency)", params: itemParams, body: { type: 'object', additionalProperties: false, required: ['labels'], properties: { labels: contentLabels } } } },
    async (req) => {
      accessOf(req).requireMain('content', 'write');
      return s.content.setLabels(req.params.kind, req.params.id, req.body.labels, callerOf(req).username);
    },
  );

  app.delete<{ Params: ItemParams }>('/api/v1/content/:kind/:id', { schema: { summary: 'Delete an item (its history stays; tenants drop it at the next sync)', params: itemParams } }, async (req, reply) => {
    accessOf(req).requireMain('content', 'admin');
    await s.content.remove(req.params.kind, req.params.id);
    return reply.status(204).send();
  });

  app.get<{ Params: ItemParams; Querystring: { version?: number } }>(
    '/api/v1/content/:kind/:id/export',
    { schema: { summary: 'An item as its XSOAR file (YAML or JSON), the current version or ?version=N', params: itemParams, querystring: { type: 'object', additionalProperties: false, properties: { version } } } },
    async (req, reply) => {
      accessOf(req).requireMain('content', 'read');
      const item = await s.content.get(req.params.kind, req.params.id, req.query.version);
      const file = contentFile(req.params.kind, item.id, item.doc);
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      return reply
        .header('content-type', name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file.text);
    },
  );

  app.get<{ Params: ItemParams }>('/api/v1/content/:kind/:id/versions', { schema: { summary: "An item's versions, newest first: author, time, content hash", params: itemParams } }, async (req) => {
    accessOf(req).requireMain('content', 'read');
    return { items: (await s.content.versions(req.params.kind, req.params.id)).map((v) => ({ ...v, at: new Date(v.at).toISOString() })) };
  });

  app.get<{ Params: ItemParams; Querystring: { from: number; to: number } }>(
    '/api/v1/content/:kind/:id/diff',
    { schema: { summary: 'What changed between two versions, by path', params: itemParams, querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: version, to: version } } } },
    async (req) => {
      accessOf(req).requireMain('content', 'read');
      return s.content.diff(req.params.kind, req.params.id, req.query.from, req.query.to);
    },
  );

  app.post<{ Params: ItemParams; Body: { version: number } }>(
    '/api/v1/content/:kind/:id/revert',
    { schema: { summary: 'Save an earlier version again as the newest', params: itemParams, body: { type: 'object', additionalProperties: false, required: ['version'], properties: { version } } } },
    async (req) => {
      accessOf(req).requireMain('content', 'write');
      return s.content.revert(req.params.kind, req.params.id, req.body.version, callerOf(req).username);
    },
  );
};

const importBody = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: {
    files: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fileName', 'text'],
        properties: { fileName: { type: 'string', minLength: 1, maxLength: 300 }, text: { type: 'string', minLength: 1, maxLength: 20_000_000 } },
      },
    },
    labels: contentLabels,
  },
} as const;
const importQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fileName: { type: 'string', minLength: 1, maxLength: 300 },
    labels: contentLabelsQuery,
  },
} as const;
const FILE_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/**
 * Import in its own scope: besides the JSON form, it takes an archive (zip, tar.gz, tar) or one
 * YAML/JSON file as the body. The JSON schema checks the JSON form only; bytes are checked by
 * the archive reader and the content parser, with the same all-or-nothing save.
 */
function importRoute(app: FastifyInstance, s: MainServices): void {
  app.addContentTypeParser([...ARCHIVE_TYPES, ...FILE_TYPES], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  app.post<{ Body: { files: { fileName: string; text: string }[]; labels?: string[] } | Buffer; Querystring: { fileName?: string; labels?: string } }>(
    '/api/v1/content/import',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        summary: 'Import XSOAR content, all or none: {files: [{fileName, text}], labels?} as JSON, or an archive (zip, tar.gz, tar; a pack\'s items, or every YAML/JSON file in it) or one YAML file as the body (?fileName=&labels=a,b)',
        body: importBody,
        querystring: importQuery,
      },
      // Bytes are not the JSON form: they skip the schema (see above).
      validatorCompiler: ({ schema, httpPart }) => {
        const check = compileValidator({ schema, httpPart });
        const validate = (data: unknown): boolean => {
          if (httpPart === 'body' && Buffer.isBuffer(data)) return true;
          const ok = check(data);
          validate.errors = check.errors;
          return ok;
        };
        validate.errors = null as typeof check.errors;
        return validate;
      },
    },
    async (req, reply) => {
      accessOf(req).requireMain('content', 'write');
      const body = req.body;
      let inputs: ContentInput[];
      let skipped: readonly { path: string; reason: string }[] = [];
      const labels = Buffer.isBuffer(body) ? req.query.labels?.split(',') : body.labels;
      if (!Buffer.isBuffer(body)) inputs = body.files;
      else if (archiveFormatOf(body)) {
        const read = parseContentArchive(readArchive(body, DEFAULT_ARCHIVE_LIMITS), req.query.fileName === undefined ? undefined : packIdFromFileName(req.query.fileName));
        inputs = read.items.map((i) => ({ fileName: i.file, doc: i.doc }));
        skipped = read.skipped;
        if (inputs.length === 0) throw new AppError('invalid_request', 'the archive holds no content files');
      } else {
        if (!req.query.fileName) throw new AppError('invalid_request', 'name the file with ?fileName= (e.g. playbook-X.yml) when sending one file as the body');
        inputs = [{ fileName: req.query.fileName, text: body.toString('utf8') }];
      }
      const saved = await s.content.save(inputs.map((f) => ({ ...f, ...(labels ? { labels } : {}) })), callerOf(req).username);
      return reply.status(201).send({ items: saved, ...(skipped.length ? { skipped } : {}) });
    },
  );
}
