/**
 * A tenant's playbook API, relayed: main validates, checks the caller's permission on that
 * tenant and passes the request on; runs, work plans, contexts, entries and lists stay in the
 * tenant.
 */
import { listPutBody, playbookRunBody, playbookSettingsBody, taskCompleteBody, warRoomCommandBody } from '../../core/schemas/playbook.js';
import type { RouteModule } from './context.js';
import { relay } from './relay.js';
import { tenantIdParams } from './schemas.js';

const incidentParams = {
  type: 'object',
  required: ['id', 'incidentId'],
  properties: { ...tenantIdParams.properties, incidentId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

const taskParams = {
  type: 'object',
  required: ['id', 'incidentId', 'taskId'],
  properties: { ...incidentParams.properties, taskId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,15}$' } },
} as const;

const listParams = {
  type: 'object',
  required: ['id', 'name'],
  properties: { ...tenantIdParams.properties, name: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f/\\\\]+$' } },
} as const;

const indicatorParams = {
  type: 'object',
  required: ['id', 'value'],
  properties: { ...tenantIdParams.properties, value: { type: 'string', minLength: 1, maxLength: 2048 } },
} as const;

const entriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { after: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
} as const;

type Incident = { Params: { id: string; incidentId: number } };
type Task = { Params: { id: string; incidentId: number; taskId: string } };
type List = { Params: { id: string; name: string } };

const enc = encodeURIComponent;

export const tenantPlaybookRoutes: RouteModule = (app, s) => {
  const base = (p: { incidentId: number }): string => `/api/v1/incidents/${p.incidentId}`;
  app.post<Incident>('/api/v1/tenants/:id/incidents/:incidentId/playbook/run', { schema: { summary: 'Run a playbook on an incident (stops the one running)', params: incidentParams, body: playbookRunBody } },
    async (req, reply) => relay(s, req, reply, { need: ['playbooks', 'execute'], path: `${base(req.params)}/playbook/run` }));
  app.post<Incident>('/api/v1/tenants/:id/incidents/:incidentId/playbook/stop', { schema: { summary: "Stop an incident's playbook runs", params: incidentParams } },
    async (req, reply) => relay(s, req, reply, { need: ['playbooks', 'execute'], path: `${base(req.params)}/playbook/stop` }));
  app.get<Incident>('/api/v1/tenants/:id/incidents/:incidentId/workplan', { schema: { summary: 'The work plan: every task with state, inputs, outputs, timing; the edges', params: incidentParams } },
    async (req, reply) => relay(s, req, reply, { need: ['playbooks', 'read'], path: `${base(req.params)}/workplan` }));
  app.post<Task>('/api/v1/tenants/:id/incidents/:incidentId/workplan/tasks/:taskId/complete', { schema: { summary: 'Complete a manual task, answer a condition or a form', params: taskParams, body: taskCompleteBody } },
    async (req, reply) => relay(s, req, reply, { need: ['playbooks', 'execute'], path: `${base(req.params)}/workplan/tasks/${enc(req.params.taskId)}/complete` }));
  app.post<Task>('/api/v1/tenants/:id/incidents/:incidentId/workplan/tasks/:taskId/retry', { schema: { summary: 'Run a failed task again', params: taskParams } },
    async (req, reply) => relay(s, req, reply, { need: ['playbooks', 'execute'], path: `${base(req.params)}/workplan/tasks/${enc(req.params.taskId)}/retry` }));
  app.get<Incident>('/api/v1/tenants/:id/incidents/:incidentId/context', { schema: { summary: "The incident's context", params: incidentParams } },
    async (req, reply) => relay(s, req, reply, { need: ['incidents', 'read'], path: `${base(req.params)}/context` }));
  app.get<Incident & { Querystring: { after?: number; limit?: number } }>('/api/v1/tenants/:id/incidents/:incidentId/entries', { schema: { summary: 'War room entries, oldest first', params: incidentParams, querystring: entriesQuery } },
    async (req, reply) => relay(s, req, reply, { need: ['warroom', 'read'], path: `${base(req.params)}/entries`, query: { after: req.query.after, limit: req.query.limit } }));
  app.post<Incident>('/api/v1/tenants/:id/incidents/:incidentId/war-room/command', { schema: { summary: 'Run a war room command line (!Name arg=value) on the incident', params: incidentParams, body: warRoomCommandBody } },
    async (req, reply) => relay(s, req, reply, { need: ['warroom', 'execute'], path: `${base(req.params)}/war-room/command` }));
  app.get<{ Params: { id: string } }>('/api/v1/tenants/:id/war-room/commands', { schema: { summary: 'Commands a war room line may name: built-ins and the tenant\'s scripts', params: tenantIdParams } },
    async (req, reply) => relay(s, req, reply, { need: ['warroom', 'read'], path: '/api/v1/war-room/commands' }));
  app.get<Incident>('/api/v1/tenants/:id/incidents/:incidentId/links', { schema: { summary: 'Linked incidents and evidence', params: incidentParams } },
    async (req, reply) => relay(s, req, reply, { need: ['incidents', 'read'], path: `${base(req.params)}/links` }));
  app.get<{ Params: { id: string } }>('/api/v1/tenants/:id/lists', { schema: { summary: "The tenant's lists", params: tenantIdParams } },
    async (req, reply) => relay(s, req, reply, { need: ['lists', 'read'], path: '/api/v1/lists' }));
  app.get<List>('/api/v1/tenants/:id/lists/:name', { schema: { summary: 'A list', params: listParams } },
    async (req, reply) => relay(s, req, reply, { need: ['lists', 'read'], path: `/api/v1/lists/${enc(req.params.name)}` }));
  app.put<List>('/api/v1/tenants/:id/lists/:name', { schema: { summary: 'Create or replace a list', params: listParams, body: listPutBody } },
    async (req, reply) => relay(s, req, reply, { need: ['lists', 'write'], path: `/api/v1/lists/${enc(req.params.name)}` }));
  app.delete<List>('/api/v1/tenants/:id/lists/:name', { schema: { summary: 'Delete a list', params: listParams } },
    async (req, reply) => relay(s, req, reply, { need: ['lists', 'write'], path: `/api/v1/lists/${enc(req.params.name)}` }));
  app.get<{ Params: { id: string; value: string } }>('/api/v1/tenants/:id/indicators/:value', { schema: { summary: 'An indicator', params: indicatorParams } },
    async (req, reply) => relay(s, req, reply, { need: ['indicators', 'read'], path: `/api/v1/indicators/${enc(req.params.value)}` }));
  app.get<{ Params: { id: string } }>('/api/v1/tenants/:id/playbook-settings', { schema: { summary: "The tenant's HTTP allow-list for playbooks and scripts", params: tenantIdParams } },
    async (req, reply) => relay(s, req, reply, { need: ['settings', 'read'], path: '/api/v1/playbook-settings' }));
  app.put<{ Params: { id: string } }>('/api/v1/tenants/:id/playbook-settings', { schema: { summary: 'Set the HTTP allow-list (URL prefixes or host patterns)', params: tenantIdParams, body: playbookSettingsBody } },
    async (req, reply) => relay(s, req, reply, { need: ['settings', 'write'], path: '/api/v1/playbook-settings' }));
};
