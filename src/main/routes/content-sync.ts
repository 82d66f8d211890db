import { AppError } from '../../core/errors.js';
import { accessOf, callerOf, type RouteModule } from './context.js';

const tenantsBody = {
  type: 'object',
  additionalProperties: false,
  properties: { tenants: { type: 'array', minItems: 1, maxItems: 10_000, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } } },
} as const;

/** Pushing content to tenants: preview, apply (as a job), drift, and following jobs. */
export const contentSyncRoutes: RouteModule = (app, s) => {
  app.post<{ Body: { tenants?: string[] } }>(
    '/api/v1/content/sync/preview',
    { config: { readOnly: true }, schema: { summary: 'What a sync would add, update and remove in each tenant (and its conflicts), without doing it', body: tenantsBody } },
    async (req) => {
      accessOf(req).requireFlag('contentSync');
      return { tenants: await s.sync.preview(req.body.tenants) };
    },
  );

  app.post<{ Body: { tenants?: string[] } }>(
    '/api/v1/content/sync',
    { schema: { summary: 'Bring every tenant (or the listed ones) to the content it should hold; → {jobId} to follow at /api/v1/jobs/{id}', body: tenantsBody } },
    async (req, reply) => {
      accessOf(req).requireFlag('contentSync');
      return reply.status(202).send({ jobId: await s.sync.startJob(req.body.tenants, callerOf(req).username) });
    },
  );

  app.get('/api/v1/content/drift', { schema: { summary: "Each tenant's copy against what it should hold: missing, changed, extra, conflicting and detached items, and its sync status" } }, async (req) => {
    accessOf(req).requireFlag('contentSync');
    return { tenants: await s.sync.drift() };
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/jobs/:id',
    { schema: { summary: 'A background job (a content sync): status and per-tenant progress', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } } },
    async (req) => {
      const job = await s.jobs.get(req.params.id);
      // Only whoever started it, or someone who may sync content, sees a job.
      if (!job || (job.createdBy !== callerOf(req).username && !accessOf(req).mainAllows('content', 'admin'))) throw new AppError('not_found', `job ${req.params.id} not found`);
      return { ...job, created: new Date(job.created).toISOString(), finished: job.finished === null ? null : new Date(job.finished).toISOString() };
    },
  );
};
