/**
 * The playbook API of a tenant (through main: `/api/v1/tenants/{id}/…`): run, stop, the work
 * plan, answers and retries, the context, war room entries, lists, indicators and the HTTP
 * allow-list.
 */
import { AppError } from '../../core/errors.js';
import type { IncidentService } from '../incidents/service.js';
import { intParam, type Router } from '../http/router.js';
import { listPutBody, playbookRunBody, playbookSettingsBody, taskCompleteBody, warRoomCommandBody } from '../http/validators.js';
import type { PlaybookRunRepository } from '../../store/playbook-run-repo.js';
import type { WarRoomRepository } from '../../store/war-room-repo.js';
import type { TaskAnswer } from './answers.js';
import { ALLOW_LIST_KEY, HttpAllowList } from './http-allow-list.js';
import type { PlaybookHost } from './host.js';
import { readList } from './services.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';

const RUN = ['playbooks', 'execute'] as const;
const READ_PLAN = ['playbooks', 'read'] as const;
const READ_INCIDENT = ['incidents', 'read'] as const;
const READ_WARROOM = ['warroom', 'read'] as const;
const WAR_ROOM_RUN = ['warroom', 'execute'] as const;
const READ_LISTS = ['lists', 'read'] as const;
const WRITE_LISTS = ['lists', 'write'] as const;
const READ_INDICATORS = ['indicators', 'read'] as const;
const READ_SETTINGS = ['settings', 'read'] as const;
const WRITE_SETTINGS = ['settings', 'write'] as const;

const TASK_PATH = /^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,15}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a list name may not hold
const LIST_NAME = /^[^\u0000-\u001f/\\]{1,128}$/;

export interface PlaybookRouteDeps {
  /** The engine, loaded on first use (see host.ts); lists, entries and settings need none of it. */
  readonly host: PlaybookHost;
  readonly incidents: IncidentService;
  readonly runs: PlaybookRunRepository;
  readonly warRoom: WarRoomRepository;
  readonly content: TenantContentRepository;
  readonly allowList: HttpAllowList;
}

function taskPath(params: Record<string, string>): string {
  const v = params['taskId'] ?? '';
  if (!TASK_PATH.test(v)) throw new AppError('invalid_request', 'taskId must be a task id, or a dotted path into sub-playbooks (7.3)');
  return v;
}

function listName(params: Record<string, string>): string {
  const v = params['name'] ?? '';
  if (!LIST_NAME.test(v)) throw new AppError('invalid_request', 'list name must be 1–128 characters without control characters or slashes');
  return v;
}

function entriesQuery(q: URLSearchParams): { after: number; limit: number } {
  for (const key of q.keys()) if (key !== 'after' && key !== 'limit') throw new AppError('invalid_request', `unknown query parameter "${key}" (after, limit)`);
  const after = Number(q.get('after') ?? '0');
  const limit = Number(q.get('limit') ?? '100');
  if (!Number.isInteger(after) || after < 0) throw new AppError('invalid_request', 'after must be an entry id (a whole number ≥ 0)');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('invalid_request', 'limit must be 1–1000');
  return { after, limit };
}

export function playbookRoutes(router: Router, deps: PlaybookRouteDeps): void {
  const { host, incidents, runs, warRoom } = deps;
  const engine = async () => (await host.get()).engine;
  const incident = async (params: Record<string, string>): Promise<number> => (await incidents.get(intParam(params, 'incidentId'))).id;
  router
    .add('POST', '/api/v1/incidents/:incidentId/playbook/run', { need: RUN, body: playbookRunBody }, async (req) => {
      const b = req.body as { playbookId: string; inputs?: Record<string, unknown> };
      return { status: 201, body: await (await engine()).start(await incident(req.params), b.playbookId, b.inputs ?? {}) };
    })
    .add('POST', '/api/v1/incidents/:incidentId/playbook/stop', { need: RUN }, async (req) => {
      const id = await incident(req.params);
      return { body: { stopped: await (await engine()).stop(id, `stopped by ${req.caller?.name ?? 'an API key'}`) } };
    })
    .add('GET', '/api/v1/incidents/:incidentId/workplan', { need: READ_PLAN }, async (req) => ({
      body: await (await host.get()).workplan(await incident(req.params)),
    }))
    .add('POST', '/api/v1/incidents/:incidentId/workplan/tasks/:taskId/complete', { need: RUN, body: taskCompleteBody }, async (req) => {
      const id = await incident(req.params);
      await (await engine()).complete(id, taskPath(req.params), req.body as TaskAnswer, req.caller?.name ?? 'an API key');
      return { body: await (await host.get()).workplan(id) };
    })
    .add('POST', '/api/v1/incidents/:incidentId/workplan/tasks/:taskId/retry', { need: RUN }, async (req) => {
      const id = await incident(req.params);
      await (await engine()).retry(id, taskPath(req.params));
      return { body: await (await host.get()).workplan(id) };
    })
    .add('GET', '/api/v1/incidents/:incidentId/context', { need: READ_INCIDENT }, async (req) => {
      const id = await incident(req.params);
      // Without the engine loaded nothing runs here, so the stored context is the current one.
      const loaded = host.loaded();
      return { body: { context: loaded ? await loaded.engine.context(id) : await runs.context(id, '') } };
    })
    .add('POST', '/api/v1/incidents/:incidentId/war-room/command', { need: WAR_ROOM_RUN, body: warRoomCommandBody }, async (req) => {
      const id = await incident(req.params);
      const entries = await (await engine()).runCommand(id, (req.body as { command: string }).command, req.caller?.name ?? 'an API key');
      return { status: 201, body: { entries } };
    })
    .add('GET', '/api/v1/war-room/commands', { need: READ_WARROOM }, async () => ({ body: { commands: await (await engine()).commandNames() } }))
    .add('GET', '/api/v1/incidents/:incidentId/entries', { need: READ_WARROOM, query: entriesQuery }, async (req) => {
      const { after, limit } = req.query as { after: number; limit: number };
      const items = await warRoom.entries(await incident(req.params), after, limit);
      return { body: { entries: items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null } };
    })
    .add('GET', '/api/v1/incidents/:incidentId/links', { need: READ_INCIDENT }, async (req) => {
      const id = await incident(req.params);
      return { body: { linked: await warRoom.links(id), evidence: await warRoom.evidence(id) } };
    })
    .add('GET', '/api/v1/lists', { need: READ_LISTS }, async () => ({ body: { lists: await warRoom.listNames() } }))
    .add('GET', '/api/v1/lists/:name', { need: READ_LISTS }, async (req) => {
      const name = listName(req.params);
      const data = await readList(deps, name);
      if (data === undefined) throw new AppError('not_found', `list "${name}" not found`);
      return { body: { name, data } };
    })
    .add('PUT', '/api/v1/lists/:name', { need: WRITE_LISTS, body: listPutBody }, async (req) => {
      const name = listName(req.params);
      const data = (req.body as { data: string }).data;
      await warRoom.saveList({ name, data, updated: Date.now(), updatedBy: req.caller?.name ?? '' });
      return { body: { name, data } };
    })
    .add('DELETE', '/api/v1/lists/:name', { need: WRITE_LISTS }, async (req) => {
      const name = listName(req.params);
      if (!(await warRoom.deleteList(name))) throw new AppError('not_found', `list "${name}" not found`);
      return { status: 204 };
    })
    .add('GET', '/api/v1/indicators/:value', { need: READ_INDICATORS }, async (req) => {
      const value = req.params['value'] ?? '';
      const found = await warRoom.indicator(value);
      if (!found) throw new AppError('not_found', `indicator "${value.slice(0, 200)}" not found`);
      return { body: found };
    })
    .add('GET', '/api/v1/playbook-settings', { need: READ_SETTINGS }, async () => ({ body: { httpAllowList: deps.allowList.list() } }))
    .add('PUT', '/api/v1/playbook-settings', { need: WRITE_SETTINGS, body: playbookSettingsBody }, async (req) => {
      const list = (req.body as { httpAllowList: string[] }).httpAllowList;
      const next = new HttpAllowList();
      next.set(list);
      await warRoom.putSetting(ALLOW_LIST_KEY, next.list());
      deps.allowList.set(next.list());
      return { body: { httpAllowList: deps.allowList.list() } };
    });
}
