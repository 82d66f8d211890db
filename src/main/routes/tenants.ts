import { accessOf, type RouteModule } from './context.js';
import { tenantIdParams } from './schemas.js';

const labelsSchema = { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$' } } as const;

/** Tenant lifecycle on main. */
export const tenantRoutes: RouteModule = (app, s) => {
  app.post<{ Body: { name: string; id?: string; host?: string; labels?: string[] } }>(
    '/api/v1/tenants',
    {
      schema: {
        summary: 'Create a tenant on a host (the least loaded online host unless one is named)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' },
            id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
            host: { type: 'string', maxLength: 64 },
            labels: labelsSchema,
          },
        },
      },
    },
    async (req, reply) => {
      accessOf(req).requireFlag('accountManagement');
      const created = await s.tenants.create(req.body);
      // A new tenant receives its content as soon as it runs.
      s.sync.soon([created.id]);
      return reply.status(201).send(created);
    },
  );

  app.patch<{ Params: { id: string }; Body: { labels: string[] } }>(
    '/api/v1/tenants/:id',
    {
      schema: {
        summary: "Set a tenant's propagation labels (content whose labels reach it follows at the next sync)",
        params: tenantIdParams,
        body: { type: 'object', additionalProperties: false, required: ['labels'], properties: { labels: labelsSchema } },
      },
    },
    async (req) => {
      accessOf(req).requireFlag('accountManagement');
      const view = await s.tenants.setLabels(req.params.id, req.body.labels);
      s.sync.soon([req.params.id]);
      return view;
    },
  );

  app.get('/api/v1/tenants', { schema: { summary: 'List the tenants the caller may see, with their last reported process status' } }, async (req) => {
    const ctx = accessOf(req);
    return { items: (await s.tenants.list()).filter((t) => ctx.sees(t)) };
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/tenants/:id',
    { schema: { summary: 'One tenant: state, host, pid, memory, uptime', params: tenantIdParams } },
    async (req) => {
      const ctx = accessOf(req);
      return s.tenants.get(req.params.id, (t) => ctx.sees(t));
    },
  );

  for (const [verb, paused, summary] of [
    ['pause', true, 'Stop the tenant process; its API answers 409 until resumed'],
    ['resume', false, 'Start a paused tenant again'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/api/v1/tenants/:id/${verb}`, { schema: { summary, params: tenantIdParams } }, async (req) => {
      accessOf(req).requireFlag('accountManagement');
      const view = await s.tenants.setPaused(req.params.id, paused);
      // A resumed tenant catches up with the content it missed at once, not at the next retry.
      if (!paused) s.sync.soon([req.params.id]);
      return view;
    });
  }

  app.delete<{ Params: { id: string }; Querystring: { confirm?: string } }>(
    '/api/v1/tenants/:id',
    {
      schema: {
        summary: 'Delete a tenant and all its data; confirm must repeat its name',
        params: tenantIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: { confirm: { type: 'string', maxLength: 100 } } },
      },
    },
    async (req, reply) => {
      accessOf(req).requireFlag('accountManagement');
      await s.tenants.delete(req.params.id, req.query.confirm);
      // What existed only for this tenant goes with it: a later tenant of the same id starts clean.
      await s.users.deleteTenantUsers(req.params.id);
      await s.access.forgetTenant(req.params.id);
      await s.apiKeys.revokeTenant(req.params.id, Date.now());
      await s.sync.forget(req.params.id);
      return reply.status(204).send();
    },
  );
};
