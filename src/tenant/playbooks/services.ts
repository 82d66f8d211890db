/**
 * What built-ins may read and write in the tenant: the reads they make while running
 * (`BuiltinServices`) and the writes the engine performs on the commit transaction
 * (`TenantWriter`). Outbound HTTP goes only to URLs the tenant's allow-list admits.
 */
import { toText } from '../../core/playbook/dt/index.js';
import { isRecord } from '../../core/content/content-error.js';
import { AppError } from '../../core/errors.js';
import type { IncidentInput } from '../../core/incident.js';
import type { Database } from '../../store/database.js';
import type { Dialect } from '../../store/dialect.js';
import { IncidentRepository } from '../../store/incident-repo.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';
import type { WarRoomRepository } from '../../store/war-room-repo.js';
import { IncidentService } from '../incidents/service.js';
import type { BuiltinServices, TenantWriter } from './builtins/types.js';
import type { HttpAllowList } from './http-allow-list.js';

const MAX_HTTP_BODY = 8 * 1024 * 1024;
/** Indicator fields XSOAR keeps as lists, whatever form a playbook passes them in. */
const LIST_FIELDS = new Set(['tags', 'feedrelatedindicators', 'associatedfilenames']);

export interface ServiceDeps {
  readonly incidents: IncidentService;
  readonly warRoom: WarRoomRepository;
  readonly content: TenantContentRepository;
  readonly allowList: HttpAllowList;
  /** Creates an incident outside any task transaction and starts its type's playbook. */
  readonly createIncident: (input: IncidentInput) => Promise<number>;
}

/** The data of a list: the tenant's runtime copy, else a list item of its content. */
export async function readList(deps: Pick<ServiceDeps, 'warRoom' | 'content'>, name: string): Promise<string | undefined> {
  const own = await deps.warRoom.list(name);
  if (own) return own.data;
  const item = await deps.content.find('lists', name);
  if (!item) return undefined;
  const doc = JSON.parse(item.body) as unknown;
  const data = isRecord(doc) ? doc['data'] : undefined;
  return typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
}

export function builtinServices(deps: ServiceDeps): BuiltinServices {
  return {
    getList: (name) => readList(deps, name),
    listNames: async () => {
      const own = (await deps.warRoom.listNames()).map((l) => l.name);
      const content = (await deps.content.list('lists')).map((l) => l.name);
      return [...new Set([...own, ...content])].sort();
    },
    analysts: () => deps.warRoom.analysts(),
    searchIndicators: async (query, limit) =>
      (await deps.warRoom.searchIndicators(query, limit)).map((r) => ({ ...r.fields, value: r.value, indicator_type: r.type, score: r.score })),
    searchIncidents: async (query, size) => (await deps.incidents.search({ query, size, total: false })).items,
    getIncident: (id) => deps.incidents.get(id).catch(() => undefined),
    getIndicator: async (value) => {
      const row = await deps.warRoom.indicator(value);
      return row && { ...row };
    },
    createIncident: deps.createIncident,
    // Bound per call by the command runner, which knows the calling task.
    executeCommand: () => Promise.reject(new Error('executeCommand is bound by the command runner')),
    http: async (req) => {
      const url = deps.allowList.check(req.url);
      const res = await fetch(url, {
        method: req.method.toUpperCase(),
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
      const buf = Buffer.from(await res.arrayBuffer());
      if (buf.length > MAX_HTTP_BODY) throw new AppError('payload_too_large', `response body exceeds ${MAX_HTTP_BODY} bytes`);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { status: res.status, headers, body: buf.toString('utf8') };
    },
  };
}

/** Writes on the commit transaction, for one run's incident. */
export function tenantWriter(tx: Database, dialect: Dialect, warRoom: WarRoomRepository, incidentId: number, now: () => number): TenantWriter {
  const incidents = new IncidentService(new IncidentRepository(tx), dialect, now);
  return {
    patchIncident: async (id, patch, customFields) => {
      const current = await incidents.get(id);
      const merged = customFields ? { customFields: { ...current.customFields, ...(patch.customFields ?? {}), ...customFields } } : {};
      return incidents.patch(id, { ...patch, ...merged });
    },
    closeIncident: async (id, reason, notes) => {
      const current = await incidents.get(id);
      if (current.status !== 'done') await incidents.close(id, reason, notes);
    },
    linkIncidents: async (id, others, unlink) => {
      for (const other of others) if (other !== id) await warRoom.link(tx, id, other, unlink);
    },
    setList: async (name, data, mode) => {
      const current = await warRoom.list(name, tx);
      const next = mode === 'append' && current && current.data !== '' ? `${current.data}${data}` : data;
      await warRoom.putList(tx, { name, data: next, updated: now(), updatedBy: 'playbook' });
    },
    upsertIndicator: async (value, type, fields, mode) => {
      const current = await warRoom.indicator(value, tx);
      const at = now();
      const base = current ?? { value, type: type || 'Unknown', score: 0, fields: {}, created: at, modified: at };
      const next = { ...base.fields };
      for (const [k, v] of Object.entries(fields)) {
        if (k === 'score' || k === 'type') continue;
        if (mode === 'append') next[k] = [...new Set([...toArray(next[k]), ...toArray(v)].map(String))];
        else if (mode === 'remove') {
          const drop = new Set(toArray(v).map(String));
          next[k] = toArray(next[k]).filter((x) => !drop.has(String(x)));
        } else next[k] = LIST_FIELDS.has(k) ? toArray(v).map(String) : v;
      }
      const score = Number(fields['score']);
      await warRoom.putIndicator(tx, {
        ...base,
        type: type || base.type,
        score: Number.isInteger(score) && score >= 0 && score <= 3 ? score : base.score,
        fields: next,
        modified: at,
      });
    },
    markEvidence: (description, tags) => warRoom.addEvidence(tx, incidentId, description, tags, now()),
  };
}

function toArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : toText(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}
